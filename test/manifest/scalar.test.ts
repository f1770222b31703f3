import { parseManifests } from '../../src/manifest/parse';
import type { JsonObject } from '../../src/manifest/types';

/** Decodes `v: <scalar>` and returns the value of `v`. */
function decodeValue(scalar: string): unknown {
  const entries = parseManifests(`apiVersion: v1\nkind: ConfigMap\nv: ${scalar}\n`);
  const entry = entries[0];
  if (entries.length !== 1 || entry === undefined || entry.outcome !== 'object') throw new Error(`not one object: ${JSON.stringify(entries)}`);
  return entry.object['v'];
}

/** Decodes `<key>: x` and returns the object's keys besides apiVersion and kind. */
function decodeKey(key: string): string[] {
  const entry = parseManifests(`apiVersion: v1\nkind: ConfigMap\n${key}: x\n`)[0];
  if (entry === undefined || entry.outcome !== 'object') throw new Error(`not an object: ${JSON.stringify(entry)}`);
  return Object.keys(entry.object).filter((k) => k !== 'apiVersion' && k !== 'kind');
}

describe('YAML 1.1 scalars, as go-yaml v2 resolves them', () => {
  const cases: ReadonlyArray<[string, unknown]> = [
    // booleans: every YAML 1.1 spelling go-yaml knows, and near misses that stay strings
    ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((s): [string, unknown] => [s, true]),
    ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((s): [string, unknown] => [s, false]),
    ['yES', 'yES'],
    ['oN', 'oN'],
    ['tRUE', 'tRUE'],
    ['yes please', 'yes please'],
    // null
    ['~', null],
    ['null', null],
    ['Null', null],
    ['NULL', null],
    ['', null],
    ['nULL', 'nULL'],
    // integers, as strconv.ParseInt(s, 0, 64) without underscores
    ['0', 0],
    ['00', 0],
    ['-0', 0],
    ['42', 42],
    ['+12', 12],
    ['-12', -12],
    ['0755', 493],
    ['-0755', -493],
    ['0x1F', 31],
    ['0X1f', 31],
    ['-0x1F', -31],
    ['0o17', 15],
    ['0b101', 5],
    ['-0b11', -3],
    ['1_000', 1000],
    ['1_000_000', 1000000],
    ['0x_1F', 31],
    ['1_', 1],
    ['65535', 65535],
    ['9223372036854775807', 9223372036854775807],
    ['18446744073709551615', 18446744073709551615], // ParseUint
    // not octal: read as a float
    ['08', 8],
    ['09', 9],
    ['0778', 778],
    ['09.5', 9.5],
    // floats
    ['1.5', 1.5],
    ['-1.5', -1.5],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['+.5', 0.5],
    ['1.', 1],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1.e3', 1000],
    ['6.8523015e+5', 685230.15],
    ['1_000.5', 1000.5],
    ['1e-7', 1e-7],
    ['99999999999999999999', 1e20],
    // strings: no sexagesimal numbers, no timestamps, no overflowing floats
    ['80:8080', '80:8080'],
    ['1:20', '1:20'],
    ['190:20:30', '190:20:30'],
    ['2001-12-14', '2001-12-14'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['2001-12-14 21:59:43.10', '2001-12-14 21:59:43.10'],
    ['1e400', '1e400'],
    ['0x', '0x'],
    ['0xG', '0xG'],
    ['_1', '_1'],
    ['+', '+'],
    ['.5_0', '.5_0'],
    ['1.2.3', '1.2.3'],
    ['0x1.8p1', '0x1.8p1'],
    ['<<', '<<'],
    ['=', '='],
    ['v1', 'v1'],
    // quoting always gives a string
    ["'12'", '12'],
    ['"yes"', 'yes'],
    ["'~'", '~'],
    ['""', ''],
    ['"0755"', '0755'],
    ['"\\/x\\u00e9"', '/xé'],
    // explicit core tags
    ['!!str 12', '12'],
    ['!!str yes', 'yes'],
    ['!!str', ''],
    ['!!int "12"', 12],
    ['!!int 0x10', 16],
    ['!!float 1', 1],
    ['!!float "1.5"', 1.5],
    ['!!bool yes', true],
    ['!!bool "off"', false],
    ['!!null ""', null],
    ['!!timestamp 2001-12-14', '2001-12-14'],
    ['!!binary aGVsbG8=', 'hello'],
    ['!<tag:yaml.org,2002:int> "7"', 7],
    // unknown and non-specific tags: the text, as a string, never constructed or run
    ['!foo 12', '12'],
    ['! 12', '12'],
    ["!!js/function 'function () { return 1 }'", 'function () { return 1 }'],
    ['!!python/object:os.system ls', 'ls'],
    ['!!set', ''],
  ];

  it.each(cases)('%s', (scalar, expected) => {
    const value = decodeValue(scalar);
    expect(value).toStrictEqual(expected);
    expect(typeof value).toBe(typeof expected);
  });

  it('keeps block scalars as strings', () => {
    expect(decodeValue('|\n  yes\n  0755\n')).toBe('yes\n0755\n');
    expect(decodeValue('>-\n  on\n  off\n')).toBe('on off');
  });

  it('reads tagged collections as plain mappings and sequences', () => {
    expect(decodeValue('!!set {a, b}')).toStrictEqual({ a: null, b: null });
    expect(decodeValue('!!omap [{a: 1}, {a: 2}]')).toStrictEqual([{ a: 1 }, { a: 2 }]);
    expect(decodeValue('!foo {x: yes}')).toStrictEqual({ x: true });
  });
});

describe('mapping keys, as sigs.k8s.io/yaml converts them to JSON', () => {
  const cases: ReadonlyArray<[string, string]> = [
    ['plain', 'plain'],
    ['yes', 'true'],
    ['y', 'true'],
    ['n', 'false'],
    ['on', 'true'],
    ['off', 'false'],
    ['"on"', 'on'],
    ['12', '12'],
    ['0x10', '16'],
    ['0755', '493'],
    ['08', '8'],
    ['1.5', '1.5'],
    ['1e6', '1e+06'],
    ['123456.5', '123456.5'],
    ['0.1', '0.1'],
    ['0.00001', '1e-05'],
    ['.inf', '.inf'],
    ['-.inf', '-.inf'],
    ['.nan', '.nan'],
    ['2001-12-14', '2001-12-14'],
    ['80:8080', '80:8080'],
    ['__proto__', '__proto__'],
  ];
  it.each(cases)('%s', (key, expected) => {
    expect(decodeKey(key)).toStrictEqual([expected]);
  });

  it('keeps a __proto__ key as data', () => {
    const entry = parseManifests('apiVersion: v1\nkind: ConfigMap\n__proto__: {polluted: true}\n')[0];
    expect(entry?.outcome).toBe('object');
    const object = (entry as { object: JsonObject }).object;
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(object, '__proto__')?.value).toStrictEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
