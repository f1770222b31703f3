import * as fc from 'fast-check';
import { roundTripDifferences, withoutFields } from '../../src/import/round-trip';
import { serviceToEntry } from '../../src/import/service-entry';
import { compileEntry } from '../../src/spec/compile';
import { validateManifest } from '../../src/validation/manifest';

const BASE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' }, spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] } };

describe('roundTripDifferences', () => {
  test('equal after defaulting: explicit defaults against omitted ones', () => {
    const explicit = { ...BASE, spec: { ...BASE.spec, type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } };
    expect(roundTripDifferences(explicit, BASE)).toEqual([]);
  });

  test('names each field that differs, with both values', () => {
    const output = { ...BASE, metadata: { ...BASE.metadata, labels: { tier: 'web' } }, spec: { ...BASE.spec, type: 'NodePort' } };
    expect(roundTripDifferences(BASE, output)).toEqual([
      { field: 'metadata.labels', input: '[]', output: '[["tier","web"]]' },
      { field: 'spec.type', input: '"ClusterIP"', output: '"NodePort"' },
      { field: 'spec.externalTrafficPolicy', input: '""', output: '"Cluster"' },
    ]);
  });

  test('trafficDistribution is compared as given', () => {
    const output = { ...BASE, spec: { ...BASE.spec, trafficDistribution: 'PreferClose' } };
    expect(roundTripDifferences(BASE, output)).toEqual([{ field: 'spec.trafficDistribution', input: 'null', output: '"PreferClose"' }]);
    expect(roundTripDifferences(output, output)).toEqual([]);
  });

  test('the spec labels and dropped fields are not compared; a missing namespace is the default one', () => {
    const input = { ...BASE, metadata: { name: 'api' }, spec: { ...BASE.spec, clusterIP: '10.96.0.9' } };
    const output = { ...BASE, metadata: { name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'appsvc', 'appsvc.dev/spec': 'x' } } };
    expect(roundTripDifferences(input, output, { dropped: ['spec.clusterIP'], defaultNamespace: 'shop' })).toEqual([]);
    expect(roundTripDifferences(input, output, { defaultNamespace: 'shop' }).map((d) => d.field)).toEqual(['spec.clusterIP', 'spec.clusterIPs']);
  });

  test('withoutFields removes list items and quoted map keys, and leaves its input alone', () => {
    const obj = { metadata: { labels: { 'a.b/c': 'x', d: 'y' } }, spec: { ports: [{ port: 1, nodePort: 30001 }] } };
    expect(withoutFields(obj, ['metadata.labels["a.b/c"]', 'spec.ports[0].nodePort'])).toEqual({ metadata: { labels: { d: 'y' } }, spec: { ports: [{ port: 1 }] } });
    expect(obj.spec.ports[0]).toEqual({ port: 1, nodePort: 30001 });
  });
});

describe('import, compile, compare: a property over valid Services', () => {
  const name = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
  const portName = fc.stringMatching(/^[a-z]{1,8}$/);
  const port = fc.record(
    {
      port: fc.integer({ min: 1, max: 65535 }),
      targetPort: fc.oneof(fc.integer({ min: 1, max: 65535 }), portName),
      protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
      appProtocol: fc.constantFrom('http', 'https', 'kubernetes.io/h2c'),
    },
    { requiredKeys: ['port'] },
  );
  const service = fc
    .record({
      name,
      namespace: fc.option(name, { nil: undefined }),
      type: fc.constantFrom(undefined, 'ClusterIP', 'NodePort', 'LoadBalancer'),
      headless: fc.boolean(),
      ports: fc.uniqueArray(port, { minLength: 1, maxLength: 3, selector: (p) => `${p.port}/${p.protocol ?? 'TCP'}` }),
      selector: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/), { maxKeys: 3 }),
      labels: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/), { maxKeys: 3 }),
      affinity: fc.constantFrom(undefined, 'None', 'ClientIP'),
      publishNotReadyAddresses: fc.boolean(),
    })
    .map((s) => {
      const headless = s.headless && (s.type === undefined || s.type === 'ClusterIP');
      const ports = s.ports.map((p, i) => ({ ...p, ...(s.ports.length > 1 ? { name: `p${i}` } : {}) }));
      return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: s.name, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}), ...(Object.keys(s.labels).length > 0 ? { labels: s.labels } : {}) },
        spec: {
          ...(s.type !== undefined ? { type: s.type } : {}),
          ...(headless ? { clusterIP: 'None' } : {}),
          ports,
          ...(Object.keys(s.selector).length > 0 ? { selector: s.selector } : {}),
          ...(s.affinity !== undefined ? { sessionAffinity: s.affinity } : {}),
          ...(s.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
        },
      };
    })
    .filter((svc) => !validateManifest(svc).some((f) => f.severity === 'error'));

  test('the compiled entry equals the input after defaulting', () => {
    fc.assert(
      fc.property(service, (svc) => {
        const imported = serviceToEntry(svc);
        expect(imported.inexpressible).toEqual([]);
        const manifest = compileEntry({ file: 'appsvc.yaml', spec: { services: [] }, specName: 'prop' }, imported.entry, undefined);
        expect(roundTripDifferences(svc, manifest, { dropped: imported.dropped.map((d) => d.field) })).toEqual([]);
      }),
      { numRuns: 60 },
    );
  }, 60000);
});
