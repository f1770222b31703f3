import * as fc from 'fast-check';
import { JsonDocumentSplitter } from '../../src/status/json-stream';

describe('JsonDocumentSplitter', () => {
  test('splits indented documents as kubectl prints them, across chunks', () => {
    const a = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a}"{' } } }, null, 4);
    const b = JSON.stringify({ type: 'DELETED', object: { list: [1, { x: '\\"' }] } }, null, 4);
    const s = new JsonDocumentSplitter();
    const text = `${a}\n${b}\n`;
    expect(s.push(text.slice(0, 10))).toEqual([]);
    expect(s.pending).toBe(true);
    expect(s.push(text.slice(10, a.length + 5))).toEqual([a]);
    expect(s.push(text.slice(a.length + 5))).toEqual([b]);
    expect(s.pending).toBe(false);
  });

  test('compact documents on one line', () => {
    expect(new JsonDocumentSplitter().push('{"a":1}{"b":[2]}\n{"c":"}"}')).toEqual(['{"a":1}', '{"b":[2]}', '{"c":"}"}']);
  });

  test('any split of a stream gives the same documents', () => {
    const value = fc.jsonValue().map((v) => ({ type: 'MODIFIED', object: v }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (docs, cuts, pretty) => {
        const texts = docs.map((d) => JSON.stringify(d, null, pretty ? 4 : undefined));
        const stream = texts.join('\n');
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((x, y) => x - y);
        const s = new JsonDocumentSplitter();
        const out: string[] = [];
        let last = 0;
        for (const p of [...points, stream.length]) {
          out.push(...s.push(stream.slice(last, p)));
          last = p;
        }
        expect(out.map((t) => JSON.parse(t) as unknown)).toEqual(docs.map((d) => JSON.parse(JSON.stringify(d)) as unknown));
      }),
    );
  });
});
