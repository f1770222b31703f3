import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as fc from 'fast-check';
import { Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { parseManifests, resolvePlainScalar } from '../../src/manifest';
import { emitYaml } from '../../src/synth/emit';
import { renderDocument } from '../../src/synth/emit/document';
import { MERGE_KEY, NON_STRING_SCALAR_SOURCE, schemaFacts } from '../../src/synth/emit/yaml11-schema';

/** What cdk8s writes for the same documents: the reference the emitter must match byte for byte. */
function cdk8sYaml(docs: readonly unknown[]): string {
  return Yaml.stringify(...docs);
}

/** The value a reader should get back: JSON-like data with `undefined` map values read as `null`. */
function expectedValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(expectedValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expectedValue(v)]));
  }
  return value;
}

function parseBack(text: string, version: '1.1' | '1.2'): unknown[] {
  return YAML.parseAllDocuments(text, { version }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`YAML ${version} errors: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS();
  });
}

/**
 * The strings cdk8s writes so that a reader does not get the same string back, which appsvc
 * quotes instead (everything else is written byte for byte as cdk8s writes it):
 * - numbers to YAML 1.2 or kubectl that cdk8s writes plain: `0o17` (an integer to YAML 1.2 and to
 *   kubectl), `0O17`, `0X1F`, `-_6`, `1e_1` (numbers to kubectl's go-yaml, modelled by
 *   src/manifest/scalar.ts);
 * - the key `<<`, written plain: YAML 1.1 readers (kubectl's too) take it for a merge key;
 * - text of blanks and line breaks starting with a space (`" \n"`), written as a block scalar
 *   whose blanks readers take for indentation and drop.
 */
function isNumberDeviation(s: string): boolean {
  if (s.includes('\n')) return false;
  const { tag } = resolvePlainScalar(s);
  return (/^0o[0-7]+$/.test(s) || tag === 'int' || tag === 'float') && cdk8sYaml([[s]]) === `- ${s}\n`;
}

/**
 * Strings cdk8s writes so that kubectl's go-yaml or PyYAML fail or read something else, which
 * yaml@2 reads back (shown with the real readers in emit-readers.test.ts): DEL, C1 controls,
 * U+2028, U+2029, U+FEFF, U+FFFE and U+FFFF written raw (appsvc escapes them), a tab in a plain
 * scalar, `<<` as a value and `=` (appsvc quotes them).
 */
function isReaderDeviation(s: string): boolean {
  return s === '<<' || s === '=' || /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/.test(s) || (s.includes('\t') && !s.includes('\n') && cdk8sYaml([[s]]) === `- ${s}\n`);
}

function isDeviatingValue(s: string): boolean {
  return isNumberDeviation(s) || isReaderDeviation(s) || (/^\n* [ \t\n]*$/.test(s) && s.includes('\n') && !/\n[ \t]+$/.test(s));
}

function isDeviatingKey(s: string): boolean {
  return s === '<<' || isNumberDeviation(s) || isReaderDeviation(s);
}

/** Every deviating string of `value`, as `[string, isKey]`. */
function deviations(value: unknown, out: Array<[string, boolean]> = []): Array<[string, boolean]> {
  if (typeof value === 'string') {
    if (isDeviatingValue(value)) out.push([value, false]);
  } else if (Array.isArray(value)) {
    for (const v of value) deviations(v, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (isDeviatingKey(k)) out.push([k, true]);
      deviations(v, out);
    }
  }
  return out;
}

/** `value` with every deviating string and key replaced by a word both write alike. */
function withoutDeviations(value: unknown): unknown {
  if (typeof value === 'string') return isDeviatingValue(value) ? 'replaced-value' : value;
  if (Array.isArray(value)) return value.map(withoutDeviations);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v], i) => [isDeviatingKey(k) ? `replaced-key-${i}` : k, withoutDeviations(v)]));
  }
  return value;
}

/** Whether YAML 1.1, YAML 1.2 and kubectl's reader (src/manifest) all read `text` back as `doc`. */
function allReadBack(text: string, doc: Record<string, unknown>): boolean {
  const read = (version: '1.1' | '1.2'): unknown => {
    try {
      return parseBack(text, version);
    } catch (err: unknown) {
      return err;
    }
  };
  const kubectl = parseManifests(text).map((e) => (e.outcome === 'object' ? e.object : e.problem));
  return isDeepStrictEqual(read('1.1'), [doc]) && isDeepStrictEqual(read('1.2'), [doc]) && isDeepStrictEqual(kubectl, [doc]);
}

/**
 * Asserts that quoting `s` (as a key or a value) is needed and enough: cdk8s's bytes do not read
 * back under one of YAML 1.1, YAML 1.2 and kubectl's reader, appsvc's read back under all three.
 */
function assertDeviationNeeded(s: string, isKey: boolean): void {
  const doc: Record<string, unknown> = isKey ? { [s]: 'key' } : { value: s };
  if (isReaderDeviation(s) && !isNumberDeviation(s) && !(isKey && s === '<<')) {
    expect({ s, appsvc: allReadBack(emitYaml([doc]), doc) }).toEqual({ s, appsvc: true });
    return;
  }
  expect({ s, cdk8s: allReadBack(cdk8sYaml([doc]), doc), appsvc: allReadBack(emitYaml([doc]), doc) }).toEqual({ s, cdk8s: false, appsvc: true });
}

function containsLongKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsLongKey);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([k, v]) => k.length > 300 || containsLongKey(v));
  }
  return false;
}

/**
 * Asserts, for each document, a faithful read-back under YAML 1.1 and 1.2 and bytes identical to
 * cdk8s's; or, when the document holds deviating strings, that quoting each of them is needed (see
 * {@link assertDeviationNeeded}) and that the document without them is written as cdk8s writes it.
 */
function assertFaithful(docs: readonly unknown[]): void {
  const found = docs.map((doc) => deviations(doc));
  if (found.every((d) => d.length === 0)) expect(emitYaml(docs)).toBe(cdk8sYaml(docs));
  docs.forEach((doc, i) => {
    if (doc === undefined) {
      expect(emitYaml([doc])).toBe(cdk8sYaml([doc])); // cdk8s writes an empty document for it
      return;
    }
    // Generated data is JSON-like, so the direct renderer (not the yaml@2 fallback) must write it,
    // except for keys so long that yaml@2 writes them as explicit `? key` entries.
    const direct = typeof doc === 'object' && doc !== null && !containsLongKey(doc);
    if (direct) expect(typeof renderDocument(doc)).toBe('string');
    const text = emitYaml([doc]);
    const deviating = found[i] ?? [];
    if (direct || deviating.length === 0) {
      for (const version of ['1.1', '1.2'] as const) expect(parseBack(text, version)).toEqual([expectedValue(doc)]);
    }
    if (direct && deviating.length > 0) {
      for (const [s, isKey] of deviating) assertDeviationNeeded(s, isKey);
      const plain = withoutDeviations(doc);
      expect(emitYaml([plain])).toBe(cdk8sYaml([plain]));
    } else {
      expect(text).toBe(cdk8sYaml([doc]));
    }
  });
}

/** Strings that a careless emitter writes unquoted, misquoted or misindented. */
const TRICKY_STRINGS: readonly string[] = [
  // YAML 1.1 booleans and nulls
  'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N',
  'true', 'True', 'TRUE', 'false', 'False', 'null', 'Null', 'NULL', '~', '',
  // numbers in YAML 1.1 and 1.2 forms
  '0755', '08', '09', '0', '-0', '+1', '1e3', '1E3', 'e5', '1.', '.5', '-.5', '1_000', '0x1F', '0X1f', '0b101',
  '0o17', '0O17', '0B101', '-0o17', '-_6', '+_1', '7E2_2', '0e_0', '1e_1', '0x_1F', '0X1F_', `0X${'F'.repeat(17)}`, `0o${'7'.repeat(30)}`,
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '12:30:45', '190:20:30.15', '-1:30',
  '2002-12-14', '2001-12-14t21:59:43.10-05:00', 'e12345', 'E-1234', 'e_1', '1.2.3', '0755abc', '1_2:30',
  // name-like words, some close to YAML 1.1 scalars
  'enabled', 'nullable', 'Offset', 'trueish', 'no-op', 'on-call', 'y.yaml', 'svc-0001', 'a/b/c.d', 'ClusterIP', '2001-12-14 21:59:43.10 -5', '<<', '=',
  // indicators and structure
  ' leading', 'trailing ', ' both ', 'a: b', 'a:b', 'key:', 'a #b', 'a#b', '#comment', '-', '- x', '-x', '?', '? x',
  '?x', ':', ':x', '[', ']', '[a]', '{', '}', '{a: 1}', ',', 'a, b', '*', '*ref', '&', '&anchor', '!', '!tag',
  '|', '|-', '>', '>-', "'", '"', "'quoted'", '"quoted"', `it's`, 'say "hi"', `both ' and "`, '%', '%YAML 1.1',
  '@', '`', '---', '--- x', '...', '... x', 'a --- b',
  // whitespace, control characters, unicode
  '\t', 'tab\tinside', 'tab end\t', '\ttab start', '\r', 'crlf\r\n', '\x00', 'bell\x07', 'esc\x1b', 'del\x7f',
  'next\u0085line', 'nbsp\u00a0', 'line\u2028sep', 'para\u2029sep', 'bom\ufeff', 'nonchar\ufffe\uffff',
  'emoji \u{1F600}', 'unicode: 日本語 ✓', 'Ünïcödé', 'é',
  // multi-line text
  '\n', '\n\n', ' \n', '\n  \n', ' \t\n\n', '\t \n', 'a\n', 'a\n\n', 'a\nb', 'a\nb\n', 'a\n\nb', '\na', '\n\na', ' a\nb', '  indented\nblock\n',
  'a \nb', 'a\n b', 'a\n\t', 'trailing blank line\n  ', 'line\n---\nnext', 'line\n...\nnext', '%\nx',
  'short\ttext\n', 'a long first line that is well over forty characters\nsecond line',
  'a long line ending in a space before the break \nsecond line of text here',
  'a long line followed by\n an indented second line and more text',
  'long text with \x07 control and a break\nso it is double quoted throughout',
  'ends with several newlines and is long enough to matter\n\n\n',
  "single ' and double \" quotes\nover two lines",
  'a'.repeat(1100),
];

const trickyString = fc.constantFrom(...TRICKY_STRINGS);

/** Strings built from the characters that matter to quoting decisions. */
const quotingString = fc.string({
  unit: fc.constantFrom(
    'a', 'b', '0', '1', '7', '8', 'x', 'e', 'E', 'o', 'n', 'y', '.', '_', '+', '-', ':', ' ', '\t', '\n', '#',
    "'", '"', '[', ']', '{', '}', ',', '?', '|', '>', '!', '&', '*', '%', '@', '`', '~', '\\', '\r', '\x00',
    '\x1b', '\u0085', '\u00a0', '\u2028', 'é', '\u{1F600}', '\ud800',
  ),
  maxLength: 24,
});

/** Name-like strings (letters, digits, `-._/`), where the emitter takes its shortcut. */
const wordString = fc.string({
  unit: fc.constantFrom('a', 'e', 'E', 'n', 'N', 'o', 'O', 't', 'y', 'Y', 'f', 'z', 'Z', '0', '1', '7', '9', '-', '.', '_', '/'),
  minLength: 1,
  maxLength: 14,
});

/** Lone surrogates, which the emitter refuses (tested in emit-readers.test.ts). */
const LONE_SURROGATES = /[\u{D800}-\u{DFFF}]/gu;

const anyStringWithSurrogates = fc.oneof(
  { arbitrary: wordString, weight: 3 },
  { arbitrary: trickyString, weight: 4 },
  { arbitrary: quotingString, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
  { arbitrary: fc.string({ maxLength: 60 }), weight: 1 },
);

const anyString = anyStringWithSurrogates.map((str) => str.replace(LONE_SURROGATES, '\ufffd'));

const scalar = fc.oneof(
  { arbitrary: anyString, weight: 8 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 2 ** 53, -1e-7, 0.1), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constantFrom(null, undefined), weight: 1 },
);

const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalar, weight: 3 },
    { arbitrary: fc.array(tie('tree'), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.dictionary(anyString, tie('tree'), { maxKeys: 5 }), weight: 1 },
  ),
}));

const topLevel = fc.oneof(
  { arbitrary: fc.dictionary(anyString, tree, { maxKeys: 6 }), weight: 6 },
  { arbitrary: fc.array(tree, { maxLength: 4 }), weight: 1 },
);

/** A Service manifest shaped as AppService renders one, with generated names and values. */
const serviceManifest = fc
  .record({
    name: anyString,
    labels: fc.dictionary(anyString, anyString, { maxKeys: 3 }),
    annotations: fc.dictionary(anyString, anyString, { maxKeys: 3 }),
    ports: fc.array(fc.record({ name: anyString, port: fc.integer({ min: 1, max: 65535 }), targetPort: fc.oneof(anyString, fc.integer({ min: 1, max: 65535 })) }), { maxLength: 3 }),
    selector: fc.dictionary(anyString, anyString, { maxKeys: 3 }),
  })
  .map(({ name, labels, annotations, ports, selector }) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels, annotations },
    spec: { type: 'ClusterIP', ports: ports.map((p) => ({ ...p, protocol: 'TCP' })), selector },
  }));

describe('emitYaml', () => {
  describe('matches cdk8s for each tricky string', () => {
    test.each(TRICKY_STRINGS.map((s) => [JSON.stringify(s), s] as const))('%s as key, value, item and nested', (_name, s) => {
      assertFaithful([{ [s]: s }]);
      assertFaithful([{ metadata: { name: s, labels: { [s]: s } }, spec: { list: [s, [s], { [s]: [s] }] } }]);
      assertFaithful([[s], { a: { b: { c: { d: s } } } }]);
    });
  });

  test.each([
    ['the project\'s yaml@2', require.resolve('yaml')],
    ['the yaml@2 bundled in cdk8s', require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] })],
  ])('knows the YAML 1.1 schema of %s', (_name, modulePath) => {
    const facts = schemaFacts(require(modulePath) as typeof YAML);
    expect(facts).toEqual({ nonStringScalarSource: NON_STRING_SCALAR_SOURCE, mergeKeyPlain: true });
    expect(MERGE_KEY).toBe('<<');
  });

  test('writes the layout cdk8s writes for a Service', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', labels: { app: 'api' }, annotations: {} },
      spec: {
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
          { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
        ],
        selector: { app: 'api' },
        externalIPs: [],
        type: 'ClusterIP',
      },
    };
    const expected = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: api',
      '  labels:',
      '    app: api',
      '  annotations: {}',
      'spec:',
      '  ports:',
      '    - name: http',
      '      port: 80',
      '      targetPort: http',
      '      protocol: TCP',
      '    - name: metrics',
      '      port: 9090',
      '      targetPort: 9090',
      '      protocol: TCP',
      '  selector:',
      '    app: api',
      '  externalIPs: []',
      '  type: ClusterIP',
      '',
    ].join('\n');
    expect(emitYaml([service, service])).toBe(`${expected}---\n${expected}`);
    expect(emitYaml([service])).toBe(cdk8sYaml([service]));
  });

  test.each([
    ['quotes YAML 1.1 booleans and octals', { a: 'yes', b: '0755', c: 'on', d: '~' }, 'a: "yes"\nb: "0755"\nc: "on"\nd: "~"\n'],
    ['single-quotes a string holding only double quotes', { a: '"hi" there', b: "'hi' there" }, `a: '"hi" there'\nb: "'hi' there"\n`],
    ['writes multi-line text as a literal block', { a: 'x\ny', b: 'x\ny\n', c: ' x\ny' }, 'a: |-\n  x\n  y\nb: |\n  x\n  y\nc: |2-\n   x\n  y\n'],
    ['escapes control characters', { a: 'bell\x07', b: '\x00' }, 'a: "bell\\a"\nb: "\\0"\n'],
    ['writes special numbers', { a: NaN, b: -Infinity, c: -0, d: 1e21 }, 'a: .nan\nb: -.inf\nc: -0\nd: 1e+21\n'],
    ['writes undefined map values and array items as null', { a: undefined, b: [undefined] }, 'a: null\nb:\n  - null\n'],
    ['quotes keys that would not read back as strings', { '80': 1, 'true': 2, '': 3 }, '"80": 1\n"true": 2\n"": 3\n'],
    ['writes nested sequences and empty collections', { a: [[1, 2], [], {}] }, 'a:\n  - - 1\n    - 2\n  - []\n  - {}\n'],
  ])('%s', (_name, doc, expected) => {
    expect(emitYaml([doc])).toBe(expected);
    expect(emitYaml([doc])).toBe(cdk8sYaml([doc]));
  });

  test('writes undefined documents and empty streams as cdk8s does', () => {
    expect(emitYaml([])).toBe('');
    expect(emitYaml([undefined])).toBe('\n');
    expect(emitYaml([{ a: 1 }, undefined, { b: 2 }])).toBe('a: 1\n---\n\n---\nb: 2\n');
    expect(emitYaml([{ a: 1 }, undefined, { b: 2 }])).toBe(cdk8sYaml([{ a: 1 }, undefined, { b: 2 }]));
  });

  test('leaves values outside JSON-like data to yaml@2, with the same result as cdk8s', () => {
    const shared = { app: 'api' };
    const docs: unknown[] = [
      { labels: shared, selector: shared },
      { when: new Date(Date.UTC(2024, 0, 2)) },
      { byKey: new Map([['a', 1]]) },
      { big: BigInt(2) ** BigInt(70) },
      { wrapped: new String('yes') },
      { custom: { toJSON: () => 'replaced' } },
      { ['k'.repeat(1030)]: 1 },
      'a top-level string',
      42,
      null,
      { nested: [shared, shared] },
    ];
    for (const doc of docs) expect(emitYaml([doc])).toBe(cdk8sYaml([doc]));
    expect(emitYaml([{ labels: shared, selector: shared }])).toBe('labels: &a1\n  app: api\nselector: *a1\n');
  });

  test('quotes numbers to YAML 1.2 or kubectl as keys and values, and <<, where cdk8s writes them plain', () => {
    const doc = { mode: '0o17', '0o17': 'x', '<<': '<<', kubectl: ['0O17', '-_6', '1e_1'] };
    expect(emitYaml([doc])).toBe('mode: "0o17"\n"0o17": x\n"<<": "<<"\nkubectl:\n  - "0O17"\n  - "-_6"\n  - "1e_1"\n');
    expect(cdk8sYaml([doc])).toBe('mode: 0o17\n0o17: x\n<<: <<\nkubectl:\n  - 0O17\n  - -_6\n  - 1e_1\n');
    expect(parseManifests(cdk8sYaml([{ kubectl: ['0O17', '-_6', '1e_1'] }])).map((e) => (e.outcome === 'object' ? e.object : e.problem))).toEqual([{ kubectl: [15, -6, 10] }]);
    for (const version of ['1.1', '1.2'] as const) expect(parseBack(emitYaml([doc]), version)).toEqual([doc]);
    expect(parseBack(cdk8sYaml([{ mode: '0o17' }]), '1.2')).toEqual([{ mode: 15 }]);
    expect(() => parseBack(cdk8sYaml([{ '<<': 'x' }]), '1.1')).toThrow('Merge sources must be maps');
  });

  test('quotes text of blanks starting with a space, which cdk8s writes as a block scalar that loses them', () => {
    const doc = { a: ' \n', b: ['\n \t\n'] };
    expect(emitYaml([doc])).toBe('a: "\\ \\n"\nb:\n  - "\\n \\t\\n"\n');
    expect(cdk8sYaml([{ a: ' \n' }])).toBe('a: |+\n   \n');
    expect(parseBack(cdk8sYaml([{ a: ' \n' }]), '1.1')).toEqual([{ a: '\n' }]);
    for (const version of ['1.1', '1.2'] as const) expect(parseBack(emitYaml([doc]), version)).toEqual([doc]);
    // Starting with a tab, the block scalar reads back, and is written as cdk8s writes it.
    expect(emitYaml([{ a: '\t \n' }])).toBe(cdk8sYaml([{ a: '\t \n' }]));
  });

  test('matches cdk8s on generated documents and reads back under YAML 1.1 and 1.2', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ arbitrary: topLevel, weight: 9 }, { arbitrary: fc.constant(undefined), weight: 1 }), { minLength: 1, maxLength: 3 }), (docs) => {
        assertFaithful(docs);
      }),
      { numRuns: 500 },
    );
  });

  test('matches cdk8s on generated Service manifests', () => {
    fc.assert(
      fc.property(fc.array(serviceManifest, { minLength: 1, maxLength: 3 }), (docs) => {
        assertFaithful(docs);
      }),
      { numRuns: 300 },
    );
  });
});
