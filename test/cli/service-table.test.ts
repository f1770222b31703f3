import * as fc from 'fast-check';
import { renderTable } from '../../src/cli/service-command';
import { formatPortShorthand } from '../../src/constructs/port-spec';
import { serviceRows } from '../../src/spec/operations';
import type { ServiceEntry, Spec } from '../../src/spec/model';

type Row = Parameters<typeof renderTable>[0][number];

/** The table as a padded grid: every cell but the last padded to its column's width plus 3, each line's end trimmed. */
function grid(rows: readonly Row[], wide: boolean): string {
  const withClusters = wide || rows.some((r) => r.clusters.length > 0);
  const header = ['NAME', 'NAMESPACE', 'TYPE', 'PORTS', 'SELECTOR', 'ADDRESS', ...(withClusters ? ['CLUSTERS'] : []), ...(wide ? ['DNS'] : [])];
  const cells = rows.map((r) => [
    r.name,
    r.namespace,
    r.type,
    r.ports.length > 0 ? r.ports.join(',') : '<none>',
    Object.keys(r.selector).length > 0 ? Object.entries(r.selector).map(([k, v]) => `${k}=${v}`).join(',') : '<none>',
    r.addresses.join(','),
    ...(withClusters ? [r.clusters.length > 0 ? r.clusters.join(',') : '<all>'] : []),
    ...(wide ? [r.dns] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c
      .map((v, i) => (i === c.length - 1 ? v : v.padEnd((widths[i] ?? 0) + 3)))
      .join('')
      .trimEnd();
  return `${[header, ...cells].map(line).join('\n')}\n`;
}

const word = fc.stringMatching(/^[a-z0-9. \u00A0-]{0,9}$/);
const rowArb: fc.Arbitrary<Row> = fc.record({
  name: word,
  namespace: word,
  type: fc.constantFrom('ClusterIP', 'NodePort', 'ExternalName'),
  ports: fc.array(word, { maxLength: 3 }),
  selector: fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), word, { maxKeys: 3 }),
  addresses: fc.array(word, { minLength: 1, maxLength: 3 }),
  clusters: fc.array(word, { maxLength: 2 }),
  dns: word,
});

describe('service list table', () => {
  test('property: columns padded to the widest cell plus three spaces, line ends trimmed', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 6 }), fc.boolean(), (rows, wide) => {
        expect(renderTable(rows, wide)).toBe(grid(rows, wide));
      }),
      { numRuns: 500 },
    );
  });

  test('a table of two services', () => {
    const rows = serviceRows({ namespace: 'shop', services: [{ name: 'api', ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'api' } }, { name: 'db', clusters: ['eu'] }] });
    expect(renderTable(rows)).toBe(
      [
        'NAME   NAMESPACE   TYPE        PORTS         SELECTOR   ADDRESS                         CLUSTERS',
        'api    shop        ClusterIP   80:8080/TCP   app=api    api.shop.svc.cluster.local:80   <all>',
        'db     shop        ClusterIP   <none>        <none>     db.shop.svc.cluster.local       eu',
        '',
      ].join('\n'),
    );
  });
});

describe('serviceRows', () => {
  const port = fc.oneof(
    fc.constantFrom('80', '80:8080', '53/UDP', '443:https/TCP', 'bad port'),
    fc.integer({ min: 1, max: 65535 }),
    fc.record({ port: fc.integer({ min: 1, max: 65535 }), targetPort: fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom('http')), protocol: fc.constantFrom('TCP' as const, 'UDP' as const) }, { requiredKeys: ['port'] }),
  );
  const entry: fc.Arbitrary<ServiceEntry> = fc.record(
    { name: fc.constantFrom('api', 'db'), namespace: fc.constantFrom('a', 'b'), ports: fc.array(port, { maxLength: 3 }), externalName: fc.constantFrom('x.example.com'), type: fc.constantFrom('NodePort' as const) },
    { requiredKeys: ['name'] },
  ) as fc.Arbitrary<ServiceEntry>;

  test('property: ports as PORT:TARGETPORT/PROTOCOL (as formatPortShorthand writes them), one address per port', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), fc.option(fc.constantFrom('shop'), { nil: undefined }), (services, namespace) => {
        const spec: Spec = namespace === undefined ? { services } : { namespace, services };
        serviceRows(spec, 'example.org').forEach((row, i) => {
          const e = services[i] as ServiceEntry;
          const ns = e.namespace ?? namespace ?? 'default';
          const dns = `${e.name}.${ns}.svc.example.org`;
          expect(row.dns).toBe(dns);
          expect(row.type).toBe(e.type ?? (e.externalName !== undefined ? 'ExternalName' : 'ClusterIP'));
          const ports = (e.ports ?? []).map((p) => {
            if (typeof p === 'object') return { text: formatPortShorthand({ ...p, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' }), address: `${dns}:${p.port}` };
            const m = /^(\d+)(?::(\w+))?(?:\/(\w+))?$/.exec(String(p));
            if (m === null) return { text: String(p), address: dns };
            return { text: `${m[1]}:${m[2] ?? m[1]}/${m[3] ?? 'TCP'}`, address: `${dns}:${m[1]}` };
          });
          expect(row.ports).toEqual(ports.map((p) => p.text));
          expect(row.addresses).toEqual(ports.length === 0 ? [dns] : ports.map((p) => p.address));
        });
      }),
      { numRuns: 300 },
    );
  });
});
