import * as fc from 'fast-check';
import { applyEdit } from '../../src/spec/edit';
import { upsertServiceItem } from '../../src/spec/edit-items';
import { findEntry } from '../../src/spec/find';
import { loadSimpleSpecText, loadSpecText } from '../../src/spec/load';
import type { ServiceEntry } from '../../src/spec/model';

/** Spec files in the layouts people write: blank lines or none, comments, compact lists, flow maps. */
const FILES = [
  `# Shop services.
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

  - name: web
    type: NodePort
    ports: ["80"]
    labels: { team: shop }

# end of file
`,
  `name: shop
services:
- name: api
  ports: ["80:8080"]
  selector:
    app: api
- name: db
  ports: [5432]
namespace: production
`,
  `services:
    -   name: api
        ports:
          - { name: http, port: 80, targetPort: 8080 }
    -   name: db
        selector: { app: db }`,
];

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const entryArb: fc.Arbitrary<ServiceEntry> = fc.record(
  {
    name: fc.constantFrom('api', 'db', 'web', 'cache'),
    type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const),
    headless: fc.boolean(),
    ports: fc.array(fc.oneof(fc.integer({ min: 1, max: 65535 }).map((p) => `${p}:${p + 1}/UDP`), fc.record({ port: fc.integer({ min: 1, max: 65535 }), name: label })), { maxLength: 3 }),
    selector: fc.dictionary(label, label, { maxKeys: 3 }),
    annotations: fc.dictionary(label, fc.string({ maxLength: 12 }), { maxKeys: 2 }),
    clusters: fc.uniqueArray(label, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['name'] },
);

describe('upsertServiceItem: editing one entry gives the bytes of editing the whole document', () => {
  test('property: updates and appends, in every layout', () => {
    let quick = 0;
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(entryArb, { minLength: 1, maxLength: 4 }), (file, entries) => {
        let text = file;
        for (const entry of entries) {
          const loaded = loadSpecText('a.yaml', text);
          const found = findEntry(loaded.spec, entry.name, entry.namespace ?? loaded.spec.namespace ?? 'default');
          const index = found.kind === 'found' ? found.index : undefined;
          const whole = applyEdit(text, { op: 'upsert', entry, index });
          // Text outside plain block YAML (escaped strings, say) is edited as a whole document.
          const simple = loadSimpleSpecText('a.yaml', text);
          const item = simple?.serviceItems === undefined ? undefined : upsertServiceItem('a.yaml', text, simple.serviceItems, entry, index);
          if (item !== undefined) {
            quick++;
            expect(item.text).toBe(whole);
            expect(item.after.spec).toEqual(loadSpecText('a.yaml', whole).spec);
          }
          text = whole;
        }
      }),
      { numRuns: 150 },
    );
    // The item-level edit is the one taken, not a rare case.
    expect(quick).toBeGreaterThan(100);
  });

  test('keeps the comments and blank lines around the entry and between the others', () => {
    const file = FILES[0] as string;
    const simple = loadSimpleSpecText('a.yaml', file);
    const out = upsertServiceItem('a.yaml', file, simple?.serviceItems ?? [], { name: 'db', headless: true, ports: ['5433'], selector: { app: 'db' } }, 1);
    expect(out?.text).toBe(file.replace('    ports:\n      - "5432"\n', '    ports: ["5433"]\n'));
    const added = upsertServiceItem('a.yaml', file, simple?.serviceItems ?? [], { name: 'cache', ports: ['6379'] }, undefined);
    expect(added?.text).toBe(file.replace('    labels: { team: shop }\n', '    labels: { team: shop }\n\n  - name: cache\n    ports: ["6379"]\n'));
  });
});
