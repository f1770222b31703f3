import * as fc from 'fast-check';
import { parse } from 'yaml';
import { applyEdit, findEntry } from '../../src/spec/edit';
import { loadSpecText } from '../../src/spec/load';
import type { ServiceEntry } from '../../src/spec/model';

const FILE = `# Shop services.
name: shop
namespace: production    # default namespace

services:
  # The public API.
  - name: api
    ports: ["80:8080/TCP"]   # http
    selector:
      app: api   # the api pods

  - name: db
    headless: true
    ports:
      - "5432"
    selector: {app: db}

# end of file
`;

describe('applyEdit', () => {
  test('updating a field changes only that field', () => {
    const out = applyEdit(FILE, { op: 'upsert', index: 0, entry: { name: 'api', ports: ['80:8080/TCP'], selector: { app: 'api', tier: 'web' } } });
    expect(out).toBe(FILE.replace('    selector:\n      app: api   # the api pods\n', '    selector:\n      app: api\n      tier: web\n'));
  });

  test('a new field goes in canonical order; untouched lines keep their bytes', () => {
    const out = applyEdit(FILE, { op: 'upsert', index: 1, entry: { name: 'db', type: 'ClusterIP', headless: true, ports: ['5432'], selector: { app: 'db' }, clusters: ['eu-1'] } });
    expect(out).toBe(FILE.replace('  - name: db\n', '  - name: db\n    type: ClusterIP\n').replace('    selector: {app: db}\n', '    selector: {app: db}\n    clusters: [eu-1]\n'));
  });

  test('a removed field loses its lines', () => {
    const out = applyEdit(FILE, { op: 'upsert', index: 1, entry: { name: 'db', ports: ['5432'], selector: { app: 'db' } } });
    expect(out).toBe(FILE.replace('    headless: true\n', ''));
  });

  test('equal values spelled differently are kept as written', () => {
    const out = applyEdit(FILE, { op: 'upsert', index: 0, entry: { name: 'api', ports: [{ port: 80, targetPort: 8080 }], selector: { app: 'api' } } });
    expect(out).toBe(FILE);
  });

  test('a new entry is appended after the last one, separated as the others are', () => {
    const out = applyEdit(FILE, { op: 'upsert', index: undefined, entry: { name: 'web', namespace: 'edge', ports: ['443:https'], annotations: { 'a/b': 'x: y' } } });
    expect(out).toBe(FILE.replace('    selector: {app: db}\n', '    selector: {app: db}\n\n  - name: web\n    namespace: edge\n    ports: ["443:https"]\n    annotations:\n      a/b: "x: y"\n'));
  });

  test('deleting an entry removes its lines and the comment above it', () => {
    expect(applyEdit(FILE, { op: 'delete', index: 0 })).toBe(FILE.replace('  # The public API.\n  - name: api\n    ports: ["80:8080/TCP"]   # http\n    selector:\n      app: api   # the api pods\n\n', ''));
    expect(applyEdit(FILE, { op: 'delete', index: 1 })).toBe(FILE.replace('\n  - name: db\n    headless: true\n    ports:\n      - "5432"\n    selector: {app: db}\n', ''));
  });

  test('deleting the last entry leaves an empty list', () => {
    const one = 'services:\n  - name: api\n# tail\n';
    expect(applyEdit(one, { op: 'delete', index: 0 })).toBe('services: []\n# tail\n');
  });

  test('a new file gets the header, the id and the entry', () => {
    const start = { header: '# one\n# two', id: 'appsvc-0a1b2c3d' };
    expect(applyEdit('', { op: 'upsert', index: undefined, entry: { name: 'api', ports: ['80'] } }, start)).toBe('# one\n# two\nid: appsvc-0a1b2c3d\nservices:\n  - name: api\n    ports: ["80"]\n');
    // A file of only comments or `---` keeps them instead of the header.
    expect(applyEdit('---\n', { op: 'upsert', index: undefined, entry: { name: 'api' } }, start)).toBe('---\nid: appsvc-0a1b2c3d\nservices:\n  - name: api\n');
  });

  test('`services: []` and a missing services key are filled in place', () => {
    expect(applyEdit('name: x # keep\nservices: [] # list\n', { op: 'upsert', index: undefined, entry: { name: 'api' } })).toBe('name: x # keep\nservices:\n  - name: api # list\n');
    expect(applyEdit('# only a name\nname: x\n', { op: 'upsert', index: undefined, entry: { name: 'api' } })).toBe('# only a name\nname: x\nservices:\n  - name: api\n');
  });

  test('flow-style lists are edited through the document, keeping the content right', () => {
    const flow = 'services: [{name: api, ports: ["80"]}]  # all\n';
    const out = applyEdit(flow, { op: 'upsert', index: undefined, entry: { name: 'web' } });
    expect(parse(out)).toEqual({ services: [{ name: 'api', ports: ['80'] }, { name: 'web' }] });
    expect(out).toContain('# all');
  });

  test('values that YAML would read as something else are quoted', () => {
    const out = applyEdit('services: []\n', { op: 'upsert', index: undefined, entry: { name: 'api', ports: ['80:8080'], selector: { enabled: 'true', n: '010', v: '1.0' } } });
    expect(loadSpecText('a.yaml', out).spec.services).toEqual([{ name: 'api', ports: ['80:8080'], selector: { enabled: 'true', n: '010', v: '1.0' } }]);
  });
});

describe('findEntry', () => {
  const spec = { namespace: 'prod', services: [{ name: 'api' }, { name: 'api', namespace: 'dev' }, { name: 'db' }] };
  test.each([
    ['db', undefined, { kind: 'found', index: 2, entry: { name: 'db' } }],
    ['api', 'dev', { kind: 'found', index: 1, entry: { name: 'api', namespace: 'dev' } }],
    ['api', 'prod', { kind: 'found', index: 0, entry: { name: 'api' } }],
    ['api', undefined, { kind: 'ambiguous', namespaces: ['prod', 'dev'] }],
    ['nope', undefined, { kind: 'missing' }],
  ])('%s in %s', (name, ns, want) => {
    expect(findEntry(spec, name, ns)).toEqual(want);
  });
});

// Property: for any sequence of upserts and deletes, every edit reads back exactly as intended,
// repeating an upsert changes no byte, and the text outside the edited entry keeps its bytes.
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const entryArb: fc.Arbitrary<ServiceEntry> = fc.record(
  {
    name: fc.constantFrom('api', 'db', 'web', 'cache', 'queue'),
    namespace: fc.constantFrom('prod', 'dev'),
    type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const),
    headless: fc.boolean(),
    ports: fc.array(fc.oneof(fc.integer({ min: 1, max: 65535 }).map((p) => `${p}:${p + 1}/UDP`), fc.record({ port: fc.integer({ min: 1, max: 65535 }), name: label })), { maxLength: 3 }),
    selector: fc.dictionary(label, label, { maxKeys: 3 }),
    annotations: fc.dictionary(label, fc.string({ maxLength: 12 }), { maxKeys: 2 }),
    clusters: fc.uniqueArray(label, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['name'] },
);

test('property: upserts read back as intended and are idempotent; other entries keep their bytes', () => {
  fc.assert(
    fc.property(fc.array(entryArb, { minLength: 1, maxLength: 6 }), (entries) => {
      let text = FILE;
      for (const entry of entries) {
        const spec = loadSpecText('a.yaml', text).spec;
        const found = findEntry(spec, entry.name, entry.namespace ?? 'production');
        const index = found.kind === 'found' ? found.index : undefined;
        const next = applyEdit(text, { op: 'upsert', entry, index });
        const after = loadSpecText('a.yaml', next).spec;
        const at = index ?? after.services.length - 1;
        expect(after.services.length).toBe(spec.services.length + (index === undefined ? 1 : 0));
        expect(after.services.filter((_, i) => i !== at)).toEqual(spec.services.filter((_, i) => i !== at));
        expect(applyEdit(next, { op: 'upsert', entry: after.services[at] ?? entry, index: at })).toBe(next);
        expect(next.startsWith('# Shop services.\nname: shop\nnamespace: production    # default namespace\n')).toBe(true);
        text = next;
      }
      // Deleting every added entry gives back the original bytes, when no edit touched the originals.
      const touchedOriginal = entries.some((e) => e.namespace === undefined && (e.name === 'api' || e.name === 'db'));
      let spec = loadSpecText('a.yaml', text).spec;
      while (spec.services.length > 2) {
        text = applyEdit(text, { op: 'delete', index: spec.services.length - 1 });
        spec = loadSpecText('a.yaml', text).spec;
      }
      if (!touchedOriginal) expect(text).toBe(FILE);
    }),
    { numRuns: 150 },
  );
});
