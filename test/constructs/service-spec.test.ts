import { App, Chart } from 'cdk8s';
import { AppService } from '../../src/constructs/app-service';
import * as portSpec from '../../src/constructs/port-spec';
import { compileSpec } from '../../src/spec/compile';
import { synthApp } from '../../src/synth/synthesize';

describe('ServiceSpecDefinition: ports are resolved once per Service', () => {
  afterEach(() => jest.restoreAllMocks());

  test('synthesis parses each shorthand once, though rendering, findings and their mapping all need the ports', () => {
    const parse = jest.spyOn(portSpec, 'parsePortShorthand');
    const app = new App({ outdir: '.' });
    const chart = new Chart(app, 'c');
    new AppService(chart, 'api', { ports: ['80:8080', '9090', '70000'], selector: { app: 'api' } });
    expect(() => synthApp(app)).toThrow(/70000/);
    expect(parse.mock.calls.map((c) => c[0])).toEqual(['80:8080', '9090', '70000']);
  });

  test('a port added after the ports were resolved is rendered', () => {
    const app = new App({ outdir: '.' });
    const chart = new Chart(app, 'c');
    const svc = new AppService(chart, 'api', { ports: ['80:8080'], selector: { app: 'api' } });
    expect(svc.ports.map((p) => p.port)).toEqual([80]);
    svc.addPort('9090');
    expect(svc.ports.map((p) => p.port)).toEqual([80, 9090]);
    const manifest = synthApp(app).objects[0]?.manifest as { spec: { ports: { port: number }[] } };
    expect(manifest.spec.ports.map((p) => p.port)).toEqual([80, 9090]);
  });

  test('a spec of many services parses each shorthand once', () => {
    const parse = jest.spyOn(portSpec, 'parsePortShorthand');
    const services = Array.from({ length: 50 }, (_, i) => ({ name: `svc-${i}`, ports: ['80:8080', '9090'], selector: { app: `svc-${i}` } }));
    compileSpec({ file: 'appsvc.yaml', spec: { services }, specName: 'shop' });
    expect(parse).toHaveBeenCalledTimes(100);
  });
});
