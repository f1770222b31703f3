import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { AppService } from '../../src/constructs/app-service';
import { synthToFiles } from '../../src/synth/synthesize';
import { compileEntry, compileSpec, entryProps, SpecCompileError } from '../../src/spec/compile';
import { specLabels } from '../../src/spec/labels';
import { loadSpecText } from '../../src/spec/load';
import { SERVICE_FIELDS } from '../../src/spec/model';

const SPEC = `name: shop
namespace: production
services:
  - name: api
    ports: ["80:8080/TCP", {name: admin, port: 9000, targetPort: admin, appProtocol: http}]
    selector: {app: api}
    labels: {team: checkout}
    annotations: {note: "a: b"}
  - name: web
    type: LoadBalancer
    ports: [443]
    selector: {app: web}
    externalTrafficPolicy: Local
    loadBalancerSourceRanges: [10.0.0.0/8]
    allocateLoadBalancerNodePorts: false
  - name: db
    namespace: data
    headless: true
    publishNotReadyAddresses: true
    clusters: [eu-1, us-1]
  - name: queue
    externalName: mq.example.com
    clusters: [us-1]
`;

describe('compileSpec', () => {
  test('the same services give the same bytes as the TypeScript API', () => {
    const compiled = compileSpec(loadSpecText('appsvc.yaml', SPEC));

    const ts = (build: (chart: Chart) => void): string => {
      const app = new App({ outdir: '.' });
      const chart = new Chart(app, 'shop', { labels: specLabels('shop') });
      build(chart);
      const files = synthToFiles(app);
      expect([...files.keys()]).toEqual(['shop.k8s.yaml']);
      return files.get('shop.k8s.yaml') ?? '';
    };
    const common = ts((chart) => {
      new AppService(chart, 'api', {
        name: 'api',
        namespace: 'production',
        ports: ['80:8080/TCP', { name: 'admin', port: 9000, targetPort: 'admin', appProtocol: 'http' }],
        selector: { app: 'api' },
        labels: { team: 'checkout' },
        annotations: { note: 'a: b' },
      });
      new AppService(chart, 'web', {
        name: 'web',
        namespace: 'production',
        type: 'LoadBalancer',
        ports: ['443'],
        selector: { app: 'web' },
        externalTrafficPolicy: 'Local',
        loadBalancerSourceRanges: ['10.0.0.0/8'],
        allocateLoadBalancerNodePorts: false,
      });
    });
    const db = (chart: Chart): void => {
      new AppService(chart, 'db', { name: 'db', namespace: 'data', headless: true, publishNotReadyAddresses: true });
    };
    const eu = ts(db);
    const us = ts((chart) => {
      db(chart);
      new AppService(chart, 'queue', { name: 'queue', namespace: 'production', externalName: 'mq.example.com' });
    });

    expect([...compiled.files.keys()]).toEqual(['shop.k8s.yaml', 'eu-1/shop.k8s.yaml', 'us-1/shop.k8s.yaml']);
    expect(compiled.files.get('shop.k8s.yaml')).toBe(common);
    expect(compiled.files.get('eu-1/shop.k8s.yaml')).toBe(eu);
    expect(compiled.files.get('us-1/shop.k8s.yaml')).toBe(us);
    expect(compiled.clusters).toEqual(['eu-1', 'us-1']);
    expect(compiled.services.map((s) => [s.index, s.cluster])).toEqual([
      [0, undefined],
      [1, undefined],
      [2, 'eu-1'],
      [2, 'us-1'],
      [3, 'us-1'],
    ]);
  });

  test('every error is reported, located at its entry, and nothing is returned', () => {
    const text = 'services:\n  - name: a\n    ports: ["0"]\n  - name: b\n    type: ExternalName\n    externalName: "bad_name"\n';
    let caught: unknown;
    try {
      compileSpec(loadSpecText('s.yaml', text));
    } catch (err: unknown) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SpecCompileError);
    expect((caught as SpecCompileError).problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '3:13 service "a": spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      `6:19 service "b": spec.externalName: Invalid value: "bad_name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  test('an empty spec compiles to no files', () => {
    expect(compileSpec(loadSpecText('s.yaml', 'services: []\n')).files).toEqual(new Map());
  });
});

describe('entryProps', () => {
  test('every spec field but clusters maps to the AppService prop of the same name; the namespace is explicit', () => {
    const entry = Object.fromEntries(SERVICE_FIELDS.map((f) => [f.key, `value-of-${f.key}`]));
    const props = entryProps({ namespace: 'ns' }, { ...entry, ports: [80, '81'], namespace: undefined } as never) as Record<string, unknown>;
    const expected = Object.fromEntries(SERVICE_FIELDS.filter((f) => f.key !== 'clusters').map((f) => [f.key, `value-of-${f.key}`]));
    expect(props).toEqual({ ...expected, namespace: 'ns', ports: ['80', '81'] });
  });
});

describe('compileEntry', () => {
  test('returns the manifest of one entry, without a position when the entry is not in the file', () => {
    const loaded = loadSpecText('appsvc.yaml', SPEC);
    expect(compileEntry(loaded, { name: 'x', ports: ['53:53/UDP'] }, undefined)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: specLabels('shop'), name: 'x', namespace: 'production' },
      spec: { ports: [{ port: 53, protocol: 'UDP', targetPort: 53 }], type: 'ClusterIP' },
    });
    expect(() => compileEntry({ file: 'appsvc.yaml', spec: loaded.spec, specName: 'shop' }, { name: 'x', ports: ['70000'] }, undefined)).toThrow(
      'appsvc.yaml: service "x": spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
  });
});

describe('the example spec', () => {
  test('examples/appsvc.yaml compiles', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'appsvc.yaml'), 'utf8');
    const compiled = compileSpec(loadSpecText('examples/appsvc.yaml', text));
    expect([...compiled.files.keys()]).toEqual(['shop.k8s.yaml', 'eu-1/shop.k8s.yaml', 'eu-2/shop.k8s.yaml']);
  });
});
