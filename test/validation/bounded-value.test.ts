import { boundedValue, CUT, MAX_VALUE_CHARS, MAX_VALUE_DEPTH, MAX_VALUE_ITEMS, withCutValuesShared } from '../../src/validation/bounded-value';
import { invalid, renderValue } from '../../src/validation/field-error';

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe('boundedValue', () => {
  test('keeps scalars and values within the limits as they are (same object)', () => {
    const small = { a: [1, 2, { b: 'c' }], d: null };
    expect(boundedValue(small)).toBe(small);
    expect(boundedValue(nested(MAX_VALUE_DEPTH - 1))).toEqual(nested(MAX_VALUE_DEPTH - 1));
    const long = 'x'.repeat(MAX_VALUE_CHARS * 10);
    expect(boundedValue(long)).toBe(long);
    expect(boundedValue(7)).toBe(7);
  });

  test('cuts a list nested deeper than the limit', () => {
    for (const depth of [MAX_VALUE_DEPTH + 1, 5_000, 100_000]) {
      let v = boundedValue(nested(depth));
      let levels = 0;
      while (Array.isArray(v)) {
        expect(v).toHaveLength(1);
        v = v[0];
        levels++;
      }
      expect(levels).toBe(MAX_VALUE_DEPTH);
      expect(v).toBe(CUT);
    }
  });

  test('cuts a long list after the item limit, and a long object with a "…" entry', () => {
    const list = Array.from({ length: 10_000 }, (_, i) => i);
    expect(boundedValue(list)).toEqual([...list.slice(0, MAX_VALUE_ITEMS), CUT]);
    const obj: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) obj[`k${i}`] = i;
    const cut = boundedValue(obj) as Record<string, unknown>;
    expect(Object.keys(cut)).toHaveLength(MAX_VALUE_ITEMS + 1);
    expect(cut[CUT]).toBe(CUT);
    expect(cut['k0']).toBe(0);
  });

  test('cuts the strings of a large value at the character limit', () => {
    const cut = boundedValue(['a'.repeat(MAX_VALUE_CHARS - 1), 'bbb', 'c']) as unknown[];
    expect(cut).toEqual(['a'.repeat(MAX_VALUE_CHARS - 1), `b${CUT}`, CUT]);
  });

  test('cuts a cyclic value instead of looping', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(JSON.stringify(boundedValue(a))).toBe(`${'['.repeat(MAX_VALUE_DEPTH)}"${CUT}"${']'.repeat(MAX_VALUE_DEPTH)}`);
  });

  test('in one run, a value repeated in many findings is cut once and rendered from the same copy', () => {
    const list = Array.from({ length: 1000 }, (_, i) => ({ name: `n${i}` }));
    const [a, b] = withCutValuesShared(() => [invalid('x', list, 'd'), invalid('y', list, 'd')]);
    expect(a?.value).toBe(b?.value);
    expect(a?.value).not.toBe(list);
    // Outside a run, every finding gets its own copy (input may have changed in between).
    expect(invalid('x', list, 'd').value).not.toBe(a?.value);
  });
});

describe('renderValue', () => {
  test('renders values too deep for JSON.stringify without throwing', () => {
    expect(renderValue(nested(100_000))).toBe(`${'['.repeat(MAX_VALUE_DEPTH)}"${CUT}"${']'.repeat(MAX_VALUE_DEPTH)}`);
  });

  test('renders ordinary values as before', () => {
    expect(renderValue({ protocol: 'TCP', port: 80 })).toBe('{"protocol":"TCP","port":80}');
    expect(renderValue(['a', 'b'])).toBe('["a","b"]');
    expect(renderValue('x"y')).toBe('"x\\"y"');
  });
});
