import fc from 'fast-check';
import { parseManifests } from '../../src/manifest/parse';

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e9, max: 1e9 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.string({ unit: 'grapheme' }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('decoding invariants', () => {
  it('reads any JSON object as JSON.parse does (JSON is YAML)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), jsonValue, { maxKeys: 6 }), (data) => {
        const object = { apiVersion: 'v1', kind: 'ConfigMap', data };
        for (const text of [JSON.stringify(object), JSON.stringify(object, null, 2)]) {
          const entries = parseManifests(text);
          expect(entries.length).toBe(1);
          const entry = entries[0];
          if (entry?.outcome !== 'object') throw new Error(`not an object: ${JSON.stringify(entry)}`);
          expect(entry.object).toStrictEqual(JSON.parse(text));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('finds the line of every key of a block mapping', () => {
    const key = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,10}$/).filter((k) => !['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null'].includes(k));
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 12 }), fc.array(fc.nat({ max: 2 }), { minLength: 12, maxLength: 12 }), (keys, gaps) => {
        let text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n';
        const expected = new Map<string, number>();
        let line = 4;
        keys.forEach((k, i) => {
          const gap = gaps[i] ?? 0;
          text += '\n'.repeat(gap);
          line += gap;
          text += `  ${k}: v\n`;
          expected.set(k, line);
          line++;
        });
        const entry = parseManifests(text)[0];
        if (entry?.outcome !== 'object') throw new Error('not an object');
        for (const [k, l] of expected) expect(entry.lines.lineOf(`data.${k}`)).toBe(l);
      }),
      { numRuns: 200 },
    );
  });
});
