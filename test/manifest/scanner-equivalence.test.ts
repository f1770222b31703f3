import fc from 'fast-check';
import { parseFully, parseManifests } from '../../src/manifest/parse';
import { comparable, oracle } from '../support/manifest-oracle';

/**
 * The fast readers (src/manifest/block-scanner.ts, json-reader.ts) against the full YAML reader, on
 * generated texts ({@link oracle} splits a stream as kubectl does before the full reader reads it).
 */

type Tree = { readonly scalar: string } | { readonly map: ReadonlyArray<readonly [string, Tree]> } | { readonly seq: readonly Tree[] };

const KEYS = [
  'a', 'name', 'labels', 'selector', 'matchLabels', 'annotations', 'ports', 'items', 'kind', 'apiVersion', 'metadata', 'spec',
  'yes', 'on', 'n', '80', '0x1F', '1.5', '-1', '"quoted key"', "'single'", '"a:b"', 'with space', 'http://x', '__proto__',
  'example.com/k', 'a.b', 'x#y', '"esc\\tkey"', "'it''s'", '~', '<<', '? q', '&k key', '!!str k', '[k]', '-k', ':k',
];

const SCALARS = [
  'x', 'web', 'yes', 'No', 'off', '~', 'null', 'Null', '0755', '08', '0o17', '0b101', '0x1F', '1e3', '1_000', '.5', '-.5', '.inf', '-.Inf', '.nan',
  '1.0', '-0', '+12', '9223372036854775808', '18446744073709551616', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '80:8080', 'http://a/b#c',
  'a #comment', 'x#y', 'a b  ', '-1', '-x', '?x', ':x', 'a,b', 'a[0]', 'a]', 'a}', '<<', '=', '"dq"', '"dq \\n \\u00e9 \\x41 \\" \\\\ \\/"',
  '"bad \\q escape"', '"\\ud800"', "'it''s'", "''", '""', '"unterminated', "'open", '[]', '{}', '[ ]', '{ }', '[a, b]', '{a: 1}', '&anchor x',
  '*alias', '!!str 1', '!!int x', '|', '>-', 'a: b', 'a:b', '- x', '@x', '`x', '%x', '"a" trailing', '"q" # c', 'é', '日本', '😀',
];

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS).map((scalar) => ({ scalar })),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('tree')), { maxLength: 5 }).map((map) => ({ map })),
    fc.array(tie('tree'), { maxLength: 4 }).map((seq) => ({ seq })),
  ),
})).tree;

const rootMap = fc.array(fc.tuple(fc.constantFrom(...KEYS), tree), { minLength: 1, maxLength: 6 }).map((map): Tree => ({ map }));

/** A small deterministic random source for the writing style. */
function styleSource(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function write(root: Tree, seed: number): string[] {
  const rnd = styleSource(seed);
  const chance = (p: number): boolean => rnd() < p;
  const step = (): number => 1 + Math.floor(rnd() * 3);
  const out: string[] = [];
  const sp = (n: number): string => ' '.repeat(n);
  const extras = (indent: number): void => {
    if (chance(0.08)) out.push('');
    if (chance(0.08)) out.push(`${sp(Math.floor(rnd() * (indent + 3)))}# a comment`);
  };
  const inline = (t: Tree): string | undefined => {
    if ('scalar' in t) return t.scalar + (chance(0.1) ? ' # note' : '') + (chance(0.05) ? '  ' : '');
    if ('map' in t && t.map.length === 0) return '{}';
    if ('seq' in t && t.seq.length === 0) return '[]';
    return undefined;
  };
  const mapEntries = (entries: ReadonlyArray<readonly [string, Tree]>, indent: number, firstPrefix?: string): void => {
    entries.forEach(([key, value], i) => {
      const prefix = i === 0 && firstPrefix !== undefined ? firstPrefix : sp(indent);
      const text = inline(value);
      if (text !== undefined) {
        out.push(`${prefix}${key}:${text === '' ? '' : ` ${text}`}`);
      } else {
        out.push(`${prefix}${key}:${chance(0.1) ? ' # c' : ''}`);
        extras(indent);
        if ('seq' in value) sequence(value.seq, chance(0.5) ? indent : indent + step());
        else if ('map' in value) mapEntries(value.map, indent + step());
      }
      extras(indent);
    });
  };
  const sequence = (items: readonly Tree[], indent: number): void => {
    for (const item of items) {
      const text = inline(item);
      const gap = chance(0.8) ? 1 : 2;
      if (text !== undefined) out.push(`${sp(indent)}-${sp(gap)}${text}`);
      else if ('map' in item && chance(0.7)) mapEntries(item.map, indent + 1 + gap, `${sp(indent)}-${sp(gap)}`);
      else {
        out.push(`${sp(indent)}-`);
        if ('map' in item) mapEntries(item.map, indent + step());
        else if ('seq' in item) sequence(item.seq, indent + step());
      }
      extras(indent);
    }
  };
  if ('map' in root) mapEntries(root.map, chance(0.1) ? 2 : 0);
  return out;
}

const documentText = fc.tuple(rootMap, fc.nat()).map(([root, seed]) => write(root, seed).join('\n'));

const SEPARATORS = ['---', '--- # next', '---  ', '...\n---', '---\n# nothing\n---', '---\n---'];

const stream = fc
  .tuple(fc.array(documentText, { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom(...SEPARATORS), { minLength: 3, maxLength: 3 }), fc.boolean(), fc.constantFrom('', '\t', '\r', 'crlf'))
  .map(([docs, seps, leading, oddity]) => {
    let text = (leading ? '---\n' : '') + docs.map((d, i) => (i === 0 ? d : `${seps[i] ?? '---'}\n${d}`)).join('\n') + '\n';
    if (oddity === 'crlf') text = text.replace(/\n/g, '\r\n');
    else if (oddity !== '') {
      const at = text.indexOf('\n', Math.floor(text.length / 2));
      if (at !== -1) text = `${text.slice(0, at)}${oddity === '\t' ? ' \tx' : '\r'}${text.slice(at)}`;
    }
    return text;
  });

describe('the fast reader gives what the full reader gives', () => {
  it('on generated manifests in many styles', () => {
    fc.assert(
      fc.property(stream, (text) => {
        expect(comparable(parseManifests(text))).toStrictEqual(comparable(oracle(text)));
      }),
      { numRuns: Number(process.env.APPSVC_EQUIVALENCE_RUNS ?? 3000) },
    );
  });

  it.each([
    ['a List with items', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: a\n-\n  kind: ConfigMap\n  metadata: {}\n- x\n'],
    ['a ServiceList without kinds', 'apiVersion: v1\nkind: ServiceList\nitems:\n  - metadata:\n      name: a\n  - metadata:\n      name: b\n'],
    ['duplicate keys in a List', 'kind: List\nkind: List\nitems:\n- kind: A\n  kind: B\n'],
    ['a list document', '- a\n- b\n'],
    ['a scalar document', 'just text\n'],
    ['a document after ...', 'a: 1\n...\nb: 2\n'],
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['content on the marker line', '--- a: 1\n'],
    ['a null item', 'kind: A\nx:\n-\n- b\n'],
    ['a root indented', '  kind: A\n  b: c\n'],
    ['less indented after the root', '  kind: A\nb: c\n'],
    ['a multi-line plain scalar', 'kind: A\nb: c\n  d\n'],
    ['a sequence at the key column closed by a key', 'kind: A\nb:\n- 1\n- 2\nc: 3\n'],
    ['nested compact mappings', 'kind: A\nb:\n- c: 1\n  d:\n  - e: 2\n    f: 3\n  g: 4\n'],
    ['empty documents only', '---\n# c\n---\n...\n'],
  ])('on %s', (_name, text) => {
    expect(comparable(parseManifests(text))).toStrictEqual(comparable(oracle(text)));
  });
});

/** JSON values with the numbers, strings and keys where JSON.parse and YAML might part ways. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, 1, -1, 1.5, 1e21, 123456789012345680000, 0.1, 'yes', 'on', '~', '0755', '80:8080', 'a"b', 'x\\/y', 'é😀', '\u2028', ''),
    fc.string({ maxLength: 6 }),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'items', 'kind', 'apiVersion', 'metadata', '80', '__proto__', 'é', 'a:b'), tie('v'), { maxKeys: 4 }),
  ),
})).v;

const jsonText = fc
  .tuple(
    fc.dictionary(fc.constantFrom('apiVersion', 'kind', 'metadata', 'spec', 'items', 'data'), jsonValue, { maxKeys: 5 }),
    fc.constantFrom(0, 2, '\t'),
    fc.constantFrom('', 'list', 'dup', 'minus-zero', 'raw-number', 'deep', 'leading'),
  )
  .map(([object, indent, twist]) => {
    const value: Record<string, unknown> = twist === 'list' ? { apiVersion: 'v1', kind: 'List', items: [object, { kind: 'A', spec: object }] } : object;
    let text = JSON.stringify(value, null, indent);
    if (twist === 'dup') text = text.replace(/^\{/, '{"kind": "X", "kind": "Y",');
    if (twist === 'minus-zero') text = text.replace(/^\{/, '{"n": -0, "m": -0.0,');
    if (twist === 'raw-number') text = text.replace(/^\{/, '{"big": 18446744073709551616, "e": 1E400, "f": 1.0e2,');
    if (twist === 'deep') text = text.replace(/^\{/, `{"deep": ${'['.repeat(300)}${']'.repeat(300)},`);
    if (twist === 'leading') text = `\n  ${text}\n`;
    return text.replace(/,\}$/, '}').replace(/,(\s*)\}$/, '$1}');
  });

describe('the JSON fast path gives what the full reader gives', () => {
  it.each([
    ['values that start with a colon', '{"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": ":x", "b": " : ", "c": "\\\\", "d": "\\":"}}'],
    ['a repeated key after such a value', '{"kind": ":x", "kind": "A"}'],
    ['keys ending in a backslash', '{"kind": "A", "a\\\\": 1, "b": {"c\\\\" : 2}}'],
  ])('on %s', (_name, text) => {
    expect(comparable(parseManifests(text))).toStrictEqual(comparable(parseFully(text)));
  });

  it('on generated JSON objects and Lists', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(comparable(parseManifests(text))).toStrictEqual(comparable(parseFully(text)));
      }),
      { numRuns: Number(process.env.APPSVC_EQUIVALENCE_RUNS ?? 1000) },
    );
  });
});
