import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parseSpecText } from '../../src/spec/parse';
import { readSimpleYaml } from '../../src/spec/simple-yaml';
import { readSimpleYamlByLines } from '../support/simple-yaml-by-lines';

/** What the yaml library reads, with the spec file's options: the value, or undefined when it reports a problem. */
function libraryRead(text: string): { value: unknown } | undefined {
  const parsed = parseSpecText(text);
  if (parsed.problems.length > 0 || parsed.empty) return undefined;
  return { value: parsed.doc.toJS() as unknown };
}

/** The property every text must have: the quick reader reads nothing, or what the library reads. */
function expectSameAsLibrary(text: string): void {
  const quick = readSimpleYaml(text);
  if (quick === undefined) return;
  const lib = libraryRead(text);
  expect(lib).toBeDefined();
  expect(quick.value).toStrictEqual(lib?.value);
}

const SPEC = `# yaml-language-server: $schema=./schema.json
name: shop
namespace: production   # the default namespace

services:
  # The public API.
  - name: api
    ports: ["80:8080/TCP", '443:https', 9090]
    selector:
      app: api
      app.kubernetes.io/part-of: shop
    labels: { team: checkout, tier: "1" }

  - name: web
    type: LoadBalancer
    ports:
      - name: http
        port: 80
        targetPort: http
      - { name: metrics, port: 9090, targetPort: 9090 }
    externalTrafficPolicy: Local
    loadBalancerSourceRanges: [203.0.113.0/24]
    annotations:
      service.beta.kubernetes.io/aws-load-balancer-type: nlb
      note: it's a 'quoted' # comment
    publishNotReadyAddresses: false
    headless: true
    clusters: []
    sessionAffinity:
`;

describe('readSimpleYaml: what spec files hold', () => {
  test('reads a spec written by hand the way the yaml library does', () => {
    const quick = readSimpleYaml(SPEC);
    expect(quick).toBeDefined();
    expect(quick?.value).toStrictEqual(libraryRead(SPEC)?.value);
  });

  test('the ranges of the services items cover each item from its dash to its last line', () => {
    const quick = readSimpleYaml(SPEC);
    const items = (quick?.services ?? []).map((r) => SPEC.slice(r.start, r.end));
    expect(items).toHaveLength(2);
    expect(items[0]).toBe(`  - name: api
    ports: ["80:8080/TCP", '443:https', 9090]
    selector:
      app: api
      app.kubernetes.io/part-of: shop
    labels: { team: checkout, tier: "1" }
`);
    expect(items[1]?.startsWith('  - name: web\n')).toBe(true);
    expect(items[1]?.endsWith('    sessionAffinity:\n')).toBe(true);
  });

  test('a list at its key\'s column, and a file without a final line break', () => {
    const text = 'services:\n- name: a\n  ports: [80]\n- name: b\nnamespace: x';
    expect(readSimpleYaml(text)?.value).toStrictEqual({ services: [{ name: 'a', ports: [80] }, { name: 'b' }], namespace: 'x' });
    expect(readSimpleYaml(text)?.services?.map((r) => text.slice(r.start, r.end))).toEqual(['- name: a\n  ports: [80]\n', '- name: b\n']);
    expectSameAsLibrary(text);
  });

  test('the example spec and the fixture spec files read as the library reads them', () => {
    const root = path.join(__dirname, '..', '..');
    const files = [path.join(root, 'examples', 'appsvc.yaml')];
    let read = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expectSameAsLibrary(text);
      if (readSimpleYaml(text) !== undefined) read++;
    }
    expect(read).toBe(files.length);
  });

  test.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['an escape', 'a: "x\\ty"\n'],
    ['a document marker', '---\na: 1\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\t1\n'],
    ['a carriage return', 'a: 1\r\n'],
    ['a key the core schema reads as a number', '80: http\n'],
    ['an octal integer', 'a: 0o17\n'],
    ['a hexadecimal integer', 'a: 0x1F\n'],
    ['a float', 'a: 1.5\n'],
    ['an exponent', 'a: 1e3\n'],
    ['an integer with a sign', 'a: +1\n'],
    ['an integer with a leading zero', 'a: 007\n'],
    ['an integer too large for a number', 'a: 12345678901234567890\n'],
    ['infinity', 'a: .inf\n'],
    ['nested flow collections', 'a: [[1]]\n'],
    ['a trailing comma', 'a: [1, 2,]\n'],
    ['a flow collection over two lines', 'a: [1,\n  2]\n'],
    ['a top-level list', '- a\n'],
    ['a top-level scalar', 'a\n'],
    ['only comments', '# nothing\n'],
    ['an empty text', ''],
    ['a quoted key', '"a": 1\n'],
    ['a plain scalar with ": "', 'a: b: c\n'],
    ['a key without a space after the colon', 'a:b\n'],
    ['a value starting with an indicator', 'a: @x\n'],
    ['a nested list on the dash line', 'a:\n  - - 1\n'],
    ['an empty list item', 'a:\n  -\n'],
    ['a deeper line after a value', 'a: 1\n  b: 2\n'],
    ['a __proto__ key', '__proto__: 1\n'],
    ['a byte order mark', '\uFEFFa: 1\n'],
    ['a no-break space after a quoted value', 'a: "x"\u00A0\n'],
    ['a no-break space before a quoted flow item', 'a: [\u00A0"x"]\n'],
  ])('leaves %s to the library', (_what, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  test.each([
    ['null words and an empty value', 'a: ~\nb: null\nc: Null\nd: NULL\ne:\n', { a: null, b: null, c: null, d: null, e: null }],
    ['booleans of the core schema only', 'a: true\nb: False\nc: yes\nd: on\n', { a: true, b: false, c: 'yes', d: 'on' }],
    ['strings that YAML 1.1 would read otherwise', 'a: 80:8080\nb: 2001-12-14\nc: 0755x\nd: 1_000\n', { a: '80:8080', b: '2001-12-14', c: '0755x', d: '1_000' }],
    ['quotes', `a: "x: #y"\nb: 'it''s'\nc: ""\n`, { a: 'x: #y', b: "it's", c: '' }],
    ['comments and hashes', 'a: x#y # comment\nb: [1, 2] # c\n', { a: 'x#y', b: [1, 2] }],
    ['empty flow collections', 'a: []\nb: {}\nc: [ ]\n', { a: [], b: {}, c: [] }],
    ['white space other than spaces, kept in values', 'a: [x\u00A0]\nb: { c: d\u3000 }\ne: f\u00A0\n', { a: ['x\u00A0'], b: { c: 'd\u3000' }, e: 'f\u00A0' }],
  ])('reads %s as the library does', (_what, text, want) => {
    expect(readSimpleYaml(text)?.value).toStrictEqual(want);
    expectSameAsLibrary(text);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential properties against the yaml library

/** Scalars that need care: core-schema words and numbers, indicators, quotes, comments. */
const TRICKY = [
  'yes', 'no', 'on', 'true', 'True', 'TRUE', 'false', 'null', 'Null', '~', '', ' ', '0', '-0', '+1', '-1', '007', '0o17', '0x1F', '1e3', '.5', '1.', '.inf', '-.Inf', '.nan',
  '1_000', '9007199254740993', '123456789012345', '80:8080', '2001-12-14', '12:30', 'a: b', 'a #b', 'a#b', '#x', "it's", '"q"', 'x"', ' lead', 'trail ', '-x', '- x', '[x]', '{x}',
  'x,y', 'x]', '@x', '`x', '%x', '!x', '&x', '*x', '|', '>', '? x', ':x', 'x:', 'http://x', 'a\\b', 'a\\"b', 'key: value', '<<', '=', 'é', '日本',
];

const scalarText = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 70000 }).map(String), weight: 2 },
  { arbitrary: fc.constantFrom(...TRICKY), weight: 2 },
  { arbitrary: fc.stringMatching(/^[a-z0-9 :#'"\-.,[\]{}~]{0,8}$/), weight: 1 },
);

/** A scalar written plain, double-quoted or single-quoted (when that spelling exists). */
const scalarSource = fc.tuple(scalarText, fc.constantFrom('plain', 'double', 'single')).map(([s, style]) => {
  if (style === 'double') return `"${s}"`;
  if (style === 'single') return `'${s.replace(/'/g, "''")}'`;
  return s;
});

const keyText = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9.\-/]{0,6}$/), weight: 4 },
  { arbitrary: fc.constantFrom('name', 'ports', 'app', 'app.kubernetes.io/name', 'a b', 'true', '80', 'x-y', '_k', '$k', 'null', 'a:b', '-k', '.k'), weight: 1 },
);

/** A YAML value rendered as block text (lines, without the key), at `indent`. */
type Rendered = { inline: string } | { block: string[] };

const rendered: fc.Memo<Rendered> = fc.memo((depth) => {
  const leaf = fc.oneof(
    scalarSource.map((s) => ({ inline: s })),
    fc.array(scalarSource, { maxLength: 3 }).map((items) => ({ inline: `[${items.join(', ')}]` })),
    fc.array(fc.tuple(keyText, scalarSource), { maxLength: 3 }).map((pairs) => ({ inline: `{ ${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')} }` })),
  );
  if (depth <= 1) return leaf;
  const child = rendered(depth - 1);
  return fc.oneof(
    leaf,
    fc.array(fc.tuple(keyText, child, fc.constantFrom('', ' # c')), { minLength: 1, maxLength: 3 }).map((pairs) => ({ block: pairs.flatMap(([k, v, c]) => pairLines(k, v, c)) })),
    fc.array(child, { minLength: 1, maxLength: 3 }).map((items) => ({ block: items.flatMap(itemLines) })),
  );
});

function pairLines(key: string, value: Rendered, comment: string): string[] {
  if ('inline' in value) return [`${key}: ${value.inline}${comment}`];
  return [`${key}:${comment}`, ...value.block.map((l) => `  ${l}`)];
}

function itemLines(value: Rendered): string[] {
  if ('inline' in value) return [`- ${value.inline}`];
  const [first, ...rest] = value.block;
  return [`- ${first ?? ''}`, ...rest.map((l) => `  ${l}`)];
}

const documentText = fc
  .tuple(fc.array(fc.tuple(keyText, rendered(3), fc.constantFrom('', ' # c')), { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean())
  .map(([pairs, blankLines, finalBreak]) => {
    const lines = pairs.flatMap(([k, v, c]) => pairLines(k, v, c));
    const text = lines.join(blankLines ? '\n\n' : '\n');
    return finalBreak ? `${text}\n` : text;
  });

describe('readSimpleYaml: differential properties against the yaml library', () => {
  test('generated block documents: it reads nothing, or exactly what the library reads', () => {
    fc.assert(fc.property(documentText, expectSameAsLibrary), { numRuns: 1500 });
  });

  test('many generated documents are read (the property above is not vacuous)', () => {
    let read = 0;
    fc.assert(
      fc.property(documentText, (text) => {
        if (readSimpleYaml(text) !== undefined) read++;
      }),
      { numRuns: 300, seed: 1 },
    );
    expect(read).toBeGreaterThan(30);
  });

  test('arbitrary text of YAML characters: never throws; reads nothing or what the library reads', () => {
    const text = fc.stringMatching(/^[a-c0-2 \-:#'"[\]{},\n&*!|>~.\u00A0\u3000]{0,40}$/);
    fc.assert(fc.property(text, expectSameAsLibrary), { numRuns: 3000 });
  });

  test('the same subset as the line-by-line reader: on ASCII text both read nothing, or the same value and item ranges', () => {
    const same = (text: string): void => {
      const quick = readSimpleYaml(text);
      const lines = readSimpleYamlByLines(text);
      expect(quick === undefined).toBe(lines === undefined);
      if (quick === undefined || lines === undefined) return;
      expect(quick.value).toStrictEqual(lines.value);
      expect(quick.services).toStrictEqual(lines.services);
    };
    fc.assert(fc.property(documentText, same), { numRuns: 1500 });
    fc.assert(fc.property(fc.stringMatching(/^[a-c0-2 \-:#'"[\]{},\n&*!|>~.%\\]{0,40}$/), same), { numRuns: 3000 });
    const services = fc.array(rendered(2), { minLength: 1, maxLength: 4 }).map((items) => `name: x\nservices:\n${items.flatMap(itemLines).map((l) => `  ${l}`).join('\n')}\n# end\n`);
    fc.assert(fc.property(services, same), { numRuns: 500 });
  });

  test('the services ranges, sliced out, are the items: reading them alone gives the items', () => {
    fc.assert(
      fc.property(fc.array(rendered(2), { minLength: 1, maxLength: 4 }), (items) => {
        const text = `name: x\nservices:\n${items.flatMap(itemLines).map((l) => `  ${l}`).join('\n')}\nnamespace: y\n`;
        const quick = readSimpleYaml(text);
        if (quick === undefined) return;
        const services = quick.value.services as unknown[];
        expect(quick.services).toHaveLength(services.length);
        (quick.services ?? []).forEach((r, i) => {
          const alone = readSimpleYaml(`services:\n${text.slice(r.start, r.end)}`);
          expect(alone?.value).toStrictEqual({ services: [services[i]] });
        });
      }),
      { numRuns: 500 },
    );
  });
});
