import { tempSuffix } from '../../src/synth/temp-suffix';

describe('tempSuffix', () => {
  test('eight lower-case hexadecimal digits, zero-padded', () => {
    const spy = jest.spyOn(Math, 'random');
    try {
      for (const [random, expected] of [
        [0, '00000000'],
        [0.5, '80000000'],
        [1 / 0x100000000, '00000001'],
        [0.999999999999, 'ffffffff'],
      ] as const) {
        spy.mockReturnValueOnce(random);
        expect(tempSuffix()).toBe(expected);
      }
    } finally {
      spy.mockRestore();
    }
  });

  test('a thousand suffixes in a row are well-formed and almost all different', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const s = tempSuffix();
      expect(s).toMatch(/^[0-9a-f]{8}$/);
      seen.add(s);
    }
    // 1,000 draws from 2^32 values: a repeat has a chance of about 1 in 8,600.
    expect(seen.size).toBeGreaterThanOrEqual(998);
  });
});
