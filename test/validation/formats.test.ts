import * as fc from 'fast-check';
import {
  byteLength,
  exceedsBytes,
  goToLower,
  goTrimSpace,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  maskTrailingDash,
} from '../../src/validation/formats';

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QNAME_NAME =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test.each<[string, readonly string[]]>([
  ['web', []],
  ['a', []],
  ['web-1', []],
  ['1web', [DNS1035]],
  ['web-', [DNS1035]],
  ['Web', [DNS1035]],
  ['a'.repeat(63), []],
  ['a'.repeat(64), ['must be no more than 63 characters']],
  ['-'.repeat(64), ['must be no more than 63 characters', DNS1035]],
  ['', [DNS1035]],
])('isDNS1035Label(%j)', (v, expected) => {
  expect(isDNS1035Label(v)).toEqual(expected);
});

test.each<[string, readonly string[]]>([
  ['8080', []],
  ['a--b', []],
  ['http.2', ['must not contain dots']],
  ['Http', [DNS1123_LABEL]],
  ['é', [DNS1123_LABEL]],
  ['é'.repeat(32), ['must be no more than 63 characters', DNS1123_LABEL]],
])('isDNS1123Label(%j)', (v, expected) => {
  expect(isDNS1123Label(v)).toEqual(expected);
});

test.each<[string, readonly string[]]>([
  ['db.example.com', []],
  ['db', []],
  ['192.0.2.1', []],
  ['db..example.com', [DNS1123_SUBDOMAIN]],
  [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, []],
  [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, ['must be no more than 253 characters']],
  ['a'.repeat(100), []],
])('isDNS1123Subdomain(%j)', (v, expected) => {
  expect(isDNS1123Subdomain(v)).toEqual(expected);
});

test.each<[string, readonly string[]]>([
  ['app', []],
  ['App.Name_1', []],
  ['example.com/App', []],
  ['', ['name part must be non-empty', QNAME_NAME]],
  ['-app', [QNAME_NAME]],
  ['k'.repeat(64), ['name part must be no more than 63 characters']],
  ['/app', ['prefix part must be non-empty']],
  ['example.com/', ['name part must be non-empty', QNAME_NAME]],
  ['Example.com/app', [`prefix part ${DNS1123_SUBDOMAIN}`]],
  [
    'a/b/c',
    [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ],
])('isQualifiedName(%j)', (v, expected) => {
  expect(isQualifiedName(v)).toEqual(expected);
});

test.each<[string, readonly string[]]>([
  ['', []],
  ['Web_1.x', []],
  ['front end', [LABEL_VALUE]],
  ['v'.repeat(64), ['must be no more than 63 characters']],
])('isValidLabelValue(%j)', (v, expected) => {
  expect(isValidLabelValue(v)).toEqual(expected);
});

test.each<[string, readonly string[]]>([
  ['http', []],
  ['h2c', []],
  ['http-metrics-on', []],
  ['http-metrics-one', ['must be no more than 15 characters']],
  ['8080', ['must contain at least one letter (a-z)']],
  ['http_web', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
  ['a--b', ['must not contain consecutive hyphens']],
  ['-http', ['must not begin or end with a hyphen']],
  ['', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
])('isValidPortName(%j)', (v, expected) => {
  expect(isValidPortName(v)).toEqual(expected);
});

test.each<[number, readonly string[]]>([
  [1, []],
  [65535, []],
  [0, ['must be between 1 and 65535, inclusive']],
  [65536, ['must be between 1 and 65535, inclusive']],
  [-1, ['must be between 1 and 65535, inclusive']],
])('isValidPortNum(%d)', (v, expected) => {
  expect(isValidPortNum(v)).toEqual(expected);
});

test('isValidIP message', () => {
  expect(isValidIP('10.0.0.1')).toEqual([]);
  expect(isValidIP('10.0.0.1/8')).toEqual(['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
});

test.each<[string, string]>([
  ['web-', 'wea'],
  [`${'a'.repeat(63)}-`, 'a'.repeat(62) + 'a'],
  ['-', '-'],
  ['web', 'web'],
])('maskTrailingDash(%j)', (v, expected) => {
  expect(maskTrailingDash(v)).toBe(expected);
});

test.each<[string, number]>([
  ['abc', 3],
  ['é', 2],
  ['€', 3],
  ['😀', 4],
  ['\ud800', 3],
])('byteLength(%j)', (v, n) => {
  expect(byteLength(v)).toBe(n);
  if (v !== '\ud800') expect(byteLength(v)).toBe(Buffer.byteLength(v));
});

test('goToLower maps dotted capital I to i, as Go does', () => {
  expect(goToLower('İSTANBUL')).toBe('istanbul');
  expect(goToLower('ABC')).toBe('abc');
});

test('goTrimSpace trims what Go trims (NEL yes, BOM no)', () => {
  expect(goTrimSpace(' \t10.0.0.0/8\u0085\n')).toBe('10.0.0.0/8');
  expect(goTrimSpace('\ufeff10.0.0.0/8')).toBe('\ufeff10.0.0.0/8');
});

describe('exceedsBytes', () => {
  test.each([
    ['', 0, false],
    ['a', 0, true],
    ['abc', 3, false],
    ['abcd', 3, true],
    ['\u00e9', 1, true], // two bytes
    ['\u00e9', 2, false],
    ['\u20ac', 2, true], // three bytes
    ['\u{1F600}', 3, true], // a surrogate pair: four bytes
    ['\u{1F600}', 4, false],
    ['\ud800', 2, true], // a lone surrogate counts as U+FFFD: three bytes
    ['\ud800', 3, false],
  ])('%j over %d bytes: %s', (s, max, expected) => {
    expect(exceedsBytes(s, max)).toBe(expected);
  });

  test('agrees with byteLength', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer({ min: 0, max: 130 }), (s, max) => {
        expect(exceedsBytes(s, max)).toBe(byteLength(s) > max);
      }),
      { numRuns: 300 },
    );
  });
});
