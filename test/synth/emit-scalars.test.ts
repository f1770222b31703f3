import * as fc from 'fast-check';
import { Yaml } from 'cdk8s';
import { INDENT_STEP, isPlainWord, renderString, renderStringFully } from '../../src/synth/emit/scalars';

/** What cdk8s writes for `value` as a value and as a key. */
function cdk8sWrites(value: string): { readonly asValue: string; readonly asKey: string } {
  return { asValue: Yaml.stringify({ k: value }), asKey: Yaml.stringify({ [value]: 1 }) };
}

/**
 * Strings next to the plain-word shortcut: YAML 1.1 booleans, nulls and numbers of every length,
 * words starting with `e`/`E` (exponents), indicators, blanks, `: ` and ` #`, unicode, empty and
 * multi-line text, and words of five and six characters.
 */
const NEAR_WORDS: readonly string[] = [
  'yes', 'Yes', 'YES', 'no', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N', 'true', 'True', 'TRUE',
  'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '~', '', '0755', '08', '0o17', '0O17', '1e3', '0x1F', '0X1F',
  '-_6', '+_1', '1e_1', '7E2_2', '.inf', '.NaN', '12:30:45', '2002-12-14', 'e12345', 'E12345', 'e_1234', 'e1234567',
  'E-1234', 'enabled', 'Example', 'ClusterIP', 'svc-0001', 'a/b/c.d', 'yes123', 'nullable', 'offset', 'trueish',
  'falsey', 'Falsey', 'abcde', 'abcdef', ' leading', 'trailing ', 'a: b', 'ab: cdef', 'abc #def', 'abcdef:',
  'abcdef#x', '-abcdef', '[abcdef', '{abcdef', '*abcdef', '&abcdef', '!abcdef', '|abcdef', '>abcdef', "'abcdef",
  '"abcdef', '%abcdef', '@abcdef', '`abcdef', '<<', 'abcdéf', 'é'.repeat(6), 'abc\u{1F600}de', 'abcdef\n',
  'abc\ndef', '\nabcdef', 'abcdef\t', 'abc def', 'a---bc', 'abc...', '...abc', '---abc', 'abcdef\u0085',
];

/** Word-like strings: letters that start YAML 1.1 words and exponents, digits, `-._/`, and a few others. */
const wordLike = fc.string({
  unit: fc.constantFrom('a', 'e', 'E', 'f', 'F', 'n', 'N', 'o', 'O', 't', 'T', 'y', 'Y', 'x', 'X', 'b', 'z', 'Z', '0', '1', '7', '8', '9', '-', '.', '_', '/', ':', '#', ' ', 'é'),
  maxLength: 12,
});

describe('the plain-word shortcut', () => {
  test.each(NEAR_WORDS.map((s) => [JSON.stringify(s), s] as const))('%s: shortcut and full decision agree, and match cdk8s', (_name, s) => {
    const indent = INDENT_STEP;
    for (const implicitKey of [false, true]) {
      expect(renderString(s, indent, implicitKey)).toBe(renderStringFully(s, indent, implicitKey));
    }
    if (isPlainWord(s)) {
      expect(cdk8sWrites(s)).toEqual({ asValue: `k: ${s}\n`, asKey: `${s}: 1\n` });
      expect(renderStringFully(s, indent, false)).toBe(s);
      expect(renderStringFully(s, indent, true)).toBe(s);
    }
  });

  test('takes the shortcut for names, and not for words that read as something else', () => {
    const taken = NEAR_WORDS.filter((s) => isPlainWord(s));
    expect(taken).toEqual(['ClusterIP', 'svc-0001', 'a/b/c.d', 'yes123', 'nullable', 'offset', 'trueish', 'falsey', 'Falsey', 'abcdef', 'a---bc', 'abc...']);
  });

  test('writes a word as it is only when the full decision does, as a key and as a value, at any depth', () => {
    fc.assert(
      fc.property(fc.oneof(wordLike, fc.constantFrom(...NEAR_WORDS), fc.string({ maxLength: 10 })), fc.integer({ min: 1, max: 4 }), (s, depth) => {
        const indent = INDENT_STEP.repeat(depth);
        if (isPlainWord(s)) {
          expect(renderStringFully(s, indent, false)).toBe(s);
          expect(renderStringFully(s, indent, true)).toBe(s);
        }
        expect(renderString(s, indent, false)).toBe(renderStringFully(s, indent, false));
        expect(renderString(s, indent, true)).toBe(renderStringFully(s, indent, true));
      }),
      { numRuns: 500 },
    );
  });

  test('writes every word it takes the shortcut for as cdk8s does', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'e', 'E', 'f', 'n', 'N', 'o', 'O', 't', 'y', 'Y', '0', '1', '7', '9', '-', '.', '_', '/'), minLength: 6, maxLength: 10 });
    fc.assert(
      fc.property(word, (s) => {
        if (isPlainWord(s)) expect(cdk8sWrites(s)).toEqual({ asValue: `k: ${s}\n`, asKey: `${s}: 1\n` });
      }),
      { numRuns: 200 },
    );
  });
});
