import * as fc from 'fast-check';
import { Yaml } from 'cdk8s';
import { emitYaml } from '../../src/synth/emit';
import { renderDocument } from '../../src/synth/emit/document';
import { TextSink } from '../../src/synth/emit/text-sink';

/** What cdk8s writes for the same documents. */
function cdk8sYaml(docs: readonly unknown[]): string {
  return Yaml.stringify(...docs);
}

/**
 * The stream written one document at a time, each by a writer that has seen no document before:
 * what the stream must be when the writer reuses what it remembers from the documents before.
 */
function oneByOne(docs: readonly unknown[]): string {
  return docs.map((doc) => emitYaml([doc])).join('---\n');
}

/**
 * Values that come back at the same place from one document to the next, or nearly: equal strings
 * that are distinct objects, numbers that compare equal but are written differently (0 and -0),
 * values that never compare equal (NaN), text written as block scalars, and strings that are
 * quoted, some only here and not by cdk8s (`0o17`, `<<`, U+2028).
 */
const REPEATED_VALUES: readonly unknown[] = [
  'v1', 'Service', 'backend', 'ClusterIP', 'svc-0001', 'svc-0002', ['svc', '0001'].join('-'), 'http',
  'yes', 'on', '~', '', '0755', '0o17', '<<', ' leading', 'a: b', 'é', '\u{1F600}', 'line\u2028sep',
  'a\nb', 'a\nb\n', ' \n', '\n', 'a long first line that is well over forty characters\nsecond line',
  0, -0, 1, 80, 8080, 1.5, NaN, Infinity, -Infinity, 1e21, true, false, null, undefined,
];

/** Keys that come back at the same place, or nearly. */
const REPEATED_KEYS: readonly string[] = ['apiVersion', 'kind', 'name', 'app', 'port', 'a', 'b', '80', '1', '<<', 'yes', '', 'a\nb', 'é'];

const repeatedValue = fc.constantFrom(...REPEATED_VALUES);
const repeatedKey = fc.constantFrom(...REPEATED_KEYS);

const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: repeatedValue, weight: 4 },
    { arbitrary: fc.array(tie('tree'), { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.dictionary(repeatedKey, tie('tree'), { maxKeys: 4 }), weight: 1 },
  ),
}));

/** Documents of few keys and values, so that keys and values meet again at the same places. */
const similarDocuments = fc.array(
  fc.oneof(
    { arbitrary: fc.dictionary(repeatedKey, tree, { maxKeys: 5 }), weight: 8 },
    { arbitrary: fc.array(tree, { maxLength: 3 }), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  ),
  { minLength: 2, maxLength: 8 },
);

/** Variations of one document: each of its scalars kept or replaced, keys kept or renamed. */
function variation(doc: unknown, pick: () => number): unknown {
  if (Array.isArray(doc)) return doc.map((item) => variation(item, pick));
  if (typeof doc === 'object' && doc !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(doc)) {
      const renamed = pick() % 5 === 0 ? REPEATED_KEYS[pick() % REPEATED_KEYS.length] ?? key : key;
      out[renamed] = variation(value, pick);
    }
    return out;
  }
  return pick() % 3 === 0 ? REPEATED_VALUES[pick() % REPEATED_VALUES.length] : doc;
}

const variedDocuments = fc
  .tuple(fc.dictionary(repeatedKey, tree, { minKeys: 1, maxKeys: 5 }), fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), fc.integer({ min: 2, max: 6 }))
  .map(([doc, numbers, count]) => {
    let next = 0;
    const pick = (): number => numbers[next++ % numbers.length] ?? 0;
    return Array.from({ length: count }, (_, i) => (i === 0 ? doc : variation(doc, pick)));
  });

/** A Service manifest as the benchmark programs build it. */
function serviceManifest(i: number): Record<string, unknown> {
  const name = `svc-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: { app: name, tier: 'backend' }, name },
    spec: {
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'metrics', port: 9090, targetPort: 9090 },
      ],
      selector: { app: name },
      type: 'ClusterIP',
    },
  };
}

describe('emitYaml over documents of one kind', () => {
  test('writes each document as it writes it alone, whatever came before', () => {
    fc.assert(
      fc.property(fc.oneof(similarDocuments, variedDocuments), (docs) => {
        expect(emitYaml(docs)).toBe(oneByOne(docs));
      }),
      { numRuns: 300 },
    );
  });

  test('writes what cdk8s writes for documents of one kind', () => {
    // No strings quoted here only: cdk8s's bytes are the reference for the whole stream.
    const values = REPEATED_VALUES.filter((v) => v !== '0o17' && v !== ' \n' && v !== '<<' && v !== 'line\u2028sep');
    const keys = REPEATED_KEYS.filter((k) => k !== '<<');
    const doc = fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.constantFrom(...values), fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 })), { maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 2, maxLength: 6 }), (docs) => {
        expect(emitYaml(docs)).toBe(cdk8sYaml(docs));
      }),
      { numRuns: 200 },
    );
  });

  test.each([
    ['0 after -0 and -0 after 0', [{ a: -0 }, { a: 0 }, { a: -0 }, { a: [0, -0] }, { a: [-0, 0] }], 'a: -0\n---\na: 0\n---\na: -0\n---\na:\n  - 0\n  - -0\n---\na:\n  - -0\n  - 0\n'],
    ['NaN twice', [{ a: NaN }, { a: NaN }], 'a: .nan\n---\na: .nan\n'],
    ['a string after the number it spells', [{ a: 80 }, { a: '80' }, { a: 80 }], 'a: 80\n---\na: "80"\n---\na: 80\n'],
    ['null after undefined', [{ a: undefined }, { a: null }, { a: 'null' }], 'a: null\n---\na: null\n---\na: "null"\n'],
    ['the same value under another key', [{ a: 'x', b: 'z' }, { b: 'x', a: 'z' }], 'a: x\nb: z\n---\nb: x\na: z\n'],
    ['the same value one level deeper', [{ a: 'x' }, { b: { a: 'x' } }, { a: 'x' }], 'a: x\n---\nb:\n  a: x\n---\na: x\n'],
    ['a block scalar coming back', [{ a: 'x\ny' }, { a: 'x\ny' }], 'a: |-\n  x\n  y\n---\na: |-\n  x\n  y\n'],
    ['a collection where a scalar was', [{ a: 'x' }, { a: ['x'] }, { a: { a: 'x' } }, { a: {} }, { a: [] }, { a: 'x' }], 'a: x\n---\na:\n  - x\n---\na:\n  a: x\n---\na: {}\n---\na: []\n---\na: x\n'],
    ['fewer and more entries', [{ a: 1, b: 2 }, { a: 1 }, { a: 1, b: 2, c: 3 }], 'a: 1\nb: 2\n---\na: 1\n---\na: 1\nb: 2\nc: 3\n'],
    ['items of different kinds', [{ a: [{ b: 1 }, 'x'] }, { a: ['x', { b: 1 }] }, { a: [[{ b: 1 }]] }], 'a:\n  - b: 1\n  - x\n---\na:\n  - x\n  - b: 1\n---\na:\n  - - b: 1\n'],
  ])('writes %s as cdk8s does', (_name, docs, expected) => {
    expect(emitYaml(docs)).toBe(expected);
    expect(emitYaml(docs)).toBe(cdk8sYaml(docs));
  });

  test('writes many Services as cdk8s does, across chunk boundaries', () => {
    const docs = Array.from({ length: 1500 }, (_, i) => serviceManifest(i));
    expect(emitYaml(docs)).toBe(cdk8sYaml(docs));
  });

  test('leaves documents yaml@2 must write to it, anywhere in a long stream, with the same result as cdk8s', () => {
    const shared = { app: 'api' };
    const docs: unknown[] = [];
    for (let i = 0; i < 900; i++) {
      docs.push(serviceManifest(i));
      // Outside the direct writer's domain only deep inside, after many pieces were written.
      if (i % 97 === 5) docs.push({ ...serviceManifest(i), spec: { ...serviceManifest(i)['spec'] as object, selector: shared, extra: shared } });
      if (i % 101 === 7) docs.push({ ...serviceManifest(i), status: { when: new Date(Date.UTC(2024, 0, 2)) } });
      if (i % 89 === 3) docs.push(undefined);
    }
    expect(emitYaml(docs)).toBe(cdk8sYaml(docs));
  });

  test('writes a key too long for an implicit key through yaml@2 each time it comes back at a known place', () => {
    const long = 'k'.repeat(1030);
    const docs = [{ a: 1, b: 2 }, { a: 1, [long]: 2 }, { a: 1, [long]: 2 }, { [long]: 1 }, { [long]: 1 }, { a: 1, b: 2 }];
    expect(emitYaml(docs)).toBe(cdk8sYaml(docs));
  });

  test('lists keys as Object.keys does, integer-like keys first', () => {
    const doc = { b: 1, '2': 2, a: 3, '1': 4 };
    expect(emitYaml([doc, doc])).toBe('"1": 4\n"2": 2\nb: 1\na: 3\n---\n"1": 4\n"2": 2\nb: 1\na: 3\n');
    expect(emitYaml([doc])).toBe(cdk8sYaml([doc]));
  });

  test('writes objects without a prototype as plain objects', () => {
    const doc = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: Object.assign(Object.create(null) as object, { c: 'x' }) });
    expect(renderDocument(doc)).toBe('a: 1\nb:\n  c: x\n');
    expect(emitYaml([doc])).toBe(cdk8sYaml([doc]));
  });

  test('leaves every document to yaml@2 while Object.prototype has enumerable properties', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto['inherited'] = 'x';
    try {
      expect(renderDocument({ a: 1 })).toBeUndefined();
      expect(emitYaml([{ a: 1 }, { a: 1 }])).toBe(cdk8sYaml([{ a: 1 }, { a: 1 }]));
    } finally {
      delete proto['inherited'];
    }
    expect(renderDocument({ a: 1 })).toBe('a: 1\n');
  });
});

describe('TextSink', () => {
  /** Pieces of a document: fixed or not, from a few values (so that runs come back), some long. */
  const piece = fc.record({
    fixed: fc.boolean(),
    text: fc.oneof(fc.constantFrom('a', 'b: ', '\n  c: ', 'é', '\u{1F600}', 'x'.repeat(300), 'y'.repeat(600)), fc.string({ maxLength: 4 })),
  });
  const document = fc.record({ pieces: fc.array(piece, { maxLength: 40 }), kept: fc.boolean(), repeats: fc.integer({ min: 1, max: 120 }) });

  test('joins pieces in order, across runs of fixed pieces, chunks and rolled-back documents', () => {
    fc.assert(
      fc.property(fc.array(document, { maxLength: 6 }), (docs) => {
        const sink = new TextSink();
        let expected = '';
        for (const { pieces, kept, repeats } of docs) {
          for (let r = 0; r < repeats; r++) {
            const mark = sink.mark();
            for (const { fixed, text } of pieces) {
              if (fixed) sink.putFixed(text);
              else sink.put(text);
            }
            if (kept) expected += pieces.map((p) => p.text).join('');
            else sink.rollBack(mark);
            sink.endDocument();
          }
        }
        expect(sink.text()).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  test('keeps a run of fixed pieces across a rolled-back document', () => {
    const sink = new TextSink();
    sink.putFixed('a');
    const mark = sink.mark();
    sink.putFixed('b');
    sink.put('c');
    sink.rollBack(mark);
    sink.putFixed('d');
    sink.endDocument();
    expect(sink.text()).toBe('ad');
  });
});
