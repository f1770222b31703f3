import { Chart, Testing } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { AppService, AppTesting, SynthError, synthChart, synthServices } from '../src';

/** A user's chart, as they would write it. */
class ShopChart extends Chart {
  public constructor(scope: Construct, id: string, ports: string[] = ['80:http']) {
    super(scope, id, { namespace: 'shop' });
    const web = new Deployment(this, 'web', { containers: [{ image: 'example/shop:3.1', ports: [{ number: 8080, name: 'http' }] }] });
    new AppService(this, 'shop', { target: web, ports });
  }
}

describe('synthChart, as a user\'s snapshot test uses it', () => {
  test('returns the chart\'s manifests, typed', () => {
    const manifests = synthChart(new ShopChart(Testing.app(), 'shop'));
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([expect.stringMatching(/^Deployment\/shop-web-c8/), 'Service/shop']);
    expect(manifests).toMatchSnapshot();
  });

  test('synthServices returns only the Services, with typed specs', () => {
    const [svc] = synthServices(new ShopChart(Testing.app(), 'shop'));
    expect(svc?.spec.ports?.[0]?.targetPort).toBe('http');
    expect(svc?.metadata.namespace).toBe('shop');
  });

  test('AppTesting.synth is the same function', () => {
    expect(AppTesting.synth).toBe(synthChart);
  });

  test('only the given chart\'s manifests are returned, but the whole app is checked', () => {
    const app = Testing.app();
    const good = new ShopChart(app, 'good');
    new ShopChart(app, 'bad', ['80:abc:x']);
    expect(() => synthChart(good)).toThrow(SynthError);
  });

  test('an invalid Service throws the full report instead of being snapshotted', () => {
    const chart = new ShopChart(Testing.app(), 'shop', ['80:http', '8080:abc:x', 'x']);
    expect(() => synthChart(chart)).toThrow(
      [
        'synthesis failed with 2 errors:',
        '[shop/shop] spec.ports[1]: Invalid value: "8080:abc:x": has 2 ":" separators; expected PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"',
        '[shop/shop] spec.ports[2]: Invalid value: "x": port "x" must be a number; expected PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"',
      ].join('\n'),
    );
  });

  test('a value the API server would reject throws with its field path', () => {
    const chart = new Chart(Testing.app(), 'shop');
    new AppService(chart, 'shop', { ports: ['80:http', '8080:http_web'] });
    expect(() => synthChart(chart)).toThrow(
      'synthesis failed with 1 error:\n[shop/shop] spec.ports[1].targetPort: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
  });
});
