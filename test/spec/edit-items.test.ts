import * as fc from 'fast-check';
import { applyEdit } from '../../src/spec/edit';
import { deleteServiceItem, upsertServiceItem } from '../../src/spec/edit-items';
import { findEntry } from '../../src/spec/find';
import { loadSimpleSpecText, loadSpecText } from '../../src/spec/load';
import type { ServiceEntry } from '../../src/spec/model';
import { readSimpleYaml } from '../../src/spec/simple-yaml';

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
    namespace: fc.constantFrom('production', 'staging'),
  },
  { requiredKeys: ['name'] },
);

/** How the entries of a generated spec file are written. */
interface Layout {
  /** Column of the `-` of the entries. */
  readonly column: number;
  /** Spaces after each `-`. */
  readonly dashGap: number;
  /** What comes between two entries (blank lines, comments at any column). */
  readonly between: readonly string[];
  readonly flowSelector: boolean;
  readonly blockPorts: boolean;
  /** Top-level keys after the list (at column 0). */
  readonly tail: string;
  readonly finalBreak: boolean;
}

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  column: fc.constantFrom(0, 2, 4),
  dashGap: fc.constantFrom(1, 3),
  between: fc.array(fc.constantFrom('', '# note', '  # indented note', '      # deep note', '   '), { maxLength: 2 }),
  flowSelector: fc.boolean(),
  blockPorts: fc.boolean(),
  tail: fc.constantFrom('', 'namespace: production\n', '# end\n', 'name: shop\n# end\n'),
  finalBreak: fc.boolean(),
});

/** A spec file of `names.length` entries written in `layout`. */
function layoutFile(layout: Layout, names: readonly string[]): string {
  const pad = ' '.repeat(layout.column);
  const inner = ' '.repeat(layout.column + 1 + layout.dashGap);
  const lines = ['# services', 'services:'];
  names.forEach((name, i) => {
    if (i > 0) lines.push(...layout.between);
    lines.push(`${pad}-${' '.repeat(layout.dashGap)}name: ${name}   # entry ${i}`);
    if (layout.blockPorts) lines.push(`${inner}ports:`, `${inner}  - "80:8080"`, `${inner}  - { port: 9090, name: metrics }`);
    else lines.push(`${inner}ports: [80, "443:https"]`);
    if (layout.flowSelector) lines.push(`${inner}selector: { app: ${name} }`);
    else lines.push(`${inner}selector:`, `${inner}  app: ${name}`);
  });
  const text = `${lines.join('\n')}\n${layout.tail}`;
  return layout.finalBreak || !text.endsWith('\n') ? text : text.slice(0, -1);
}

describe('upsertServiceItem: editing one entry gives the bytes of editing the whole document', () => {
  /**
   * Upserts `entry` both ways and checks the item-level edit against the whole-document edit: the
   * same bytes, and the spec it returns without reading the new file is the one a full read of the
   * new file gives (by the quick reader and by the yaml library). True when the item-level edit was made.
   */
  function upsertBothWays(text: string, entry: ServiceEntry): { whole: string; quick: boolean } {
    const loaded = loadSpecText('a.yaml', text);
    const found = findEntry(loaded.spec, entry.name, entry.namespace ?? loaded.spec.namespace ?? 'default');
    const index = found.kind === 'found' ? found.index : undefined;
    const whole = applyEdit(text, { op: 'upsert', entry, index });
    // Text outside plain block YAML (escaped strings, say) is edited as a whole document.
    const simple = loadSimpleSpecText('a.yaml', text);
    const item = simple === undefined ? undefined : upsertServiceItem(simple, entry, index);
    if (item === undefined) return { whole, quick: false };
    expect(item.text).toBe(whole);
    expect(item.after.text).toBe(whole);
    const reread = loadSimpleSpecText('a.yaml', whole);
    expect(reread).toBeDefined();
    expect(item.after.spec).toStrictEqual(reread?.spec);
    expect(item.after.spec).toEqual(loadSpecText('a.yaml', whole).spec);
    expect(item.after.specName).toBe(reread?.specName);
    expect(item.after.specId).toBe(reread?.specId);
    // Where the entries are, so that a further edit of the same text takes the item-level way too.
    expect(item.after.serviceItems).toStrictEqual(reread?.serviceItems);
    return { whole, quick: true };
  }

  test('property: updates and appends, in every layout', () => {
    let quick = 0;
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(entryArb, { minLength: 1, maxLength: 4 }), (file, entries) => {
        let text = file;
        for (const entry of entries) {
          const r = upsertBothWays(text, entry);
          if (r.quick) quick++;
          text = r.whole;
        }
      }),
      { numRuns: 150 },
    );
    // The item-level edit is the one taken, not a rare case.
    expect(quick).toBeGreaterThan(100);
  });

  test('property: generated layouts (list column, dash spacing, comments and blank lines between entries, keys after the list)', () => {
    let quick = 0;
    fc.assert(
      fc.property(layoutArb, fc.uniqueArray(fc.constantFrom('api', 'db', 'web', 'cache', 'queue'), { minLength: 1, maxLength: 4 }), fc.array(entryArb, { minLength: 1, maxLength: 3 }), (layout, names, entries) => {
        let text = layoutFile(layout, names);
        for (const entry of entries) {
          const r = upsertBothWays(text, entry);
          if (r.quick) quick++;
          text = r.whole;
        }
      }),
      { numRuns: 200 },
    );
    expect(quick).toBeGreaterThan(150);
  });

  test('an edit that would repeat a name in a namespace is left to the whole-document edit', () => {
    const file = 'namespace: production\nservices:\n  - name: api\n  - name: db\n    namespace: staging\n';
    const simple = loadSimpleSpecText('a.yaml', file);
    expect(simple).toBeDefined();
    // Moving db into the spec's namespace would not repeat a name; renaming it to api would.
    expect(upsertServiceItem(simple!, { name: 'db' }, 1)?.after.spec.services).toEqual([{ name: 'api' }, { name: 'db' }]);
    expect(upsertServiceItem(simple!, { name: 'api' }, 1)).toBeUndefined();
    expect(upsertServiceItem(simple!, { name: 'api', namespace: 'production' }, undefined)).toBeUndefined();
  });

  test('a comment indented under an entry after its last line is edited as the yaml library sees it', () => {
    const file = 'services:\n- name: api\n  ports: [80]\n  selector:\n    app: api\n      # about api\n- name: db\n';
    const whole = applyEdit(file, { op: 'upsert', entry: { name: 'api' }, index: 0 });
    expect(upsertServiceItem(loadSimpleSpecText('a.yaml', file)!, { name: 'api' }, 0)?.text ?? whole).toBe(whole);
  });

  test('the quick reader reads the edited entries where the whole file puts them', () => {
    const file = FILES[0] as string;
    const simple = loadSimpleSpecText('a.yaml', file);
    const out = upsertServiceItem(simple!, { name: 'web', type: 'NodePort', ports: ['81'], labels: { team: 'shop' } }, 2);
    expect(out).toBeDefined();
    const ranges = readSimpleYaml(out!.text)?.services ?? [];
    expect(ranges.map((r) => out!.text.slice(r.start, r.end).split('\n')[0])).toEqual(['  - name: api', '  - name: db', '  - name: web']);
  });

  test('keeps the comments and blank lines around the entry and between the others', () => {
    const file = FILES[0] as string;
    const simple = loadSimpleSpecText('a.yaml', file);
    const out = upsertServiceItem(simple!, { name: 'db', headless: true, ports: ['5433'], selector: { app: 'db' } }, 1);
    expect(out?.text).toBe(file.replace('    ports:\n      - "5432"\n', '    ports: ["5433"]\n'));
    const added = upsertServiceItem(simple!, { name: 'cache', ports: ['6379'] }, undefined);
    expect(added?.text).toBe(file.replace('    labels: { team: shop }\n', '    labels: { team: shop }\n\n  - name: cache\n    ports: ["6379"]\n'));
  });
});

describe('deleteServiceItem: deleting one entry gives the bytes of editing the whole document', () => {
  /** Deletes entry `index` both ways; true when the item-level delete was made (and gave the same bytes). */
  function deleteBothWays(text: string, index: number): { whole: string; quick: boolean } {
    const whole = applyEdit(text, { op: 'delete', index });
    const simple = loadSimpleSpecText('a.yaml', text);
    const item = simple === undefined ? undefined : deleteServiceItem(simple, index);
    if (item === undefined) return { whole, quick: false };
    expect(item).toBe(whole);
    // The new file reads as the old one without the entry, by the quick reader and by the yaml library.
    const left = simple!.spec.services.filter((_, i) => i !== index);
    expect(loadSimpleSpecText('a.yaml', whole)?.spec.services).toStrictEqual(left);
    expect(loadSpecText('a.yaml', whole).spec.services).toEqual(left);
    return { whole, quick: true };
  }

  test('property: every entry of the example files, one after the other', () => {
    let quick = 0;
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (file, picks) => {
        let text = file;
        for (const pick of picks) {
          const n = loadSpecText('a.yaml', text).spec.services.length;
          if (n === 0) break;
          const r = deleteBothWays(text, pick % n);
          if (r.quick) quick++;
          text = r.whole;
        }
      }),
      { numRuns: 150 },
    );
    // The item-level delete is taken whenever two entries or more are left (about 180 times in a run).
    expect(quick).toBeGreaterThan(100);
  });

  test('property: generated layouts (list column, dash spacing, comments and blank lines between entries, keys after the list)', () => {
    let quick = 0;
    fc.assert(
      fc.property(layoutArb, fc.uniqueArray(fc.constantFrom('api', 'db', 'web', 'cache', 'queue'), { minLength: 2, maxLength: 5 }), fc.nat(), (layout, names, pick) => {
        if (deleteBothWays(layoutFile(layout, names), pick % names.length).quick) quick++;
      }),
      { numRuns: 300 },
    );
    // About 250 (an entry followed by a comment indented under it is left to the whole-document edit).
    expect(quick).toBeGreaterThan(200);
  });

  test('the comment lines right above the entry go with it; one blank line is left between the others', () => {
    const file = FILES[0] as string;
    const simple = loadSimpleSpecText('a.yaml', file);
    expect(deleteServiceItem(simple!, 0)).toBe(file.replace('  # The public API.\n  - name: api\n    ports: ["80:8080/TCP"]   # http\n    selector:\n      app: api   # the api pods\n\n', ''));
    expect(deleteServiceItem(simple!, 1)).toBe(file.replace('  - name: db\n    headless: true\n    ports:\n      - "5432"\n    selector: {app: db}\n\n', ''));
  });

  test('the only entry, and an entry followed by a comment indented under it, are left to the whole-document edit', () => {
    expect(deleteServiceItem(loadSimpleSpecText('a.yaml', 'services:\n  - name: api\n')!, 0)).toBeUndefined();
    const file = 'services:\n- name: api\n  ports: [80]\n    # about api\n- name: db\n';
    expect(deleteServiceItem(loadSimpleSpecText('a.yaml', file)!, 0)).toBeUndefined();
  });
});
