/**
 * Scalar resolution as kubectl reads manifests: go-yaml v2 (YAML 1.1 flavoured, as vendored by
 * sigs.k8s.io/yaml) decoding into `interface{}`, then conversion to JSON.
 *
 * - `y`, `yes`, `on`, `true` (and their `Y`/`Yes`/`YES`… spellings) are `true`; `n`, `no`, `off`,
 *   `false` are `false`; ``, `~`, `null`, `Null`, `NULL` are null.
 * - Integers as Go's `strconv.ParseInt(s, 0, 64)` reads them once underscores are removed:
 *   `0755` is octal (493), `0x1F` hex, `0o17` octal, `0b101` binary; `08` is not octal, so it is
 *   read as the float 8.
 * - Floats: `1.5`, `.5`, `1e3`, `.inf`, `-.Inf`, `.nan`.
 * - No sexagesimal numbers (`80:8080` is a string) and timestamps stay strings (`2001-12-14`).
 */

/** A resolved scalar. */
export type ScalarValue = null | boolean | number | string;

/** The core tags a scalar can resolve to. */
export const CORE_TAGS = ['null', 'bool', 'int', 'float', 'str', 'timestamp'] as const;
/** One of {@link CORE_TAGS}. */
export type CoreTag = (typeof CORE_TAGS)[number];

/** A scalar's resolved tag and value. */
export interface ResolvedScalar {
  readonly tag: CoreTag;
  readonly value: ScalarValue;
}

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';

const WORDS: ReadonlyMap<string, ResolvedScalar> = new Map<string, ResolvedScalar>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w): [string, ResolvedScalar] => [w, { tag: 'bool', value: true }]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w): [string, ResolvedScalar] => [w, { tag: 'bool', value: false }]),
  ...['', '~', 'null', 'Null', 'NULL'].map((w): [string, ResolvedScalar] => [w, { tag: 'null', value: null }]),
  ...['.nan', '.NaN', '.NAN'].map((w): [string, ResolvedScalar] => [w, { tag: 'float', value: Number.NaN }]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((w): [string, ResolvedScalar] => [w, { tag: 'float', value: Number.POSITIVE_INFINITY }]),
  ...['-.inf', '-.Inf', '-.INF'].map((w): [string, ResolvedScalar] => [w, { tag: 'float', value: Number.NEGATIVE_INFINITY }]),
]);

/** First characters go-yaml looks up in its table of words (`M`), as a float (`.`) or as a number (`D`). */
function hint(text: string): 'M' | '.' | 'D' | undefined {
  if (text === '') return 'M';
  const c = text.charAt(0);
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) return 'D';
  return undefined;
}

/** go-yaml's `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's `strconv.ParseFloat` on the forms that can reach it: a finite decimal, else undefined. */
function parseDecimalFloat(text: string): number | undefined {
  if (!YAML_STYLE_FLOAT.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined; // Go reports overflow as an error
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Go's `strconv.ParseInt(text, 0, 64)`, falling back to `ParseUint(text, 0, 64)`: an optional sign
 * (ParseInt only), then `0x`/`0o`/`0b` or a leading `0` (octal) or decimal digits.
 */
function parseGoInt(text: string): number | undefined {
  let rest = text;
  let negative = false;
  let signed = false;
  if (rest.startsWith('+') || rest.startsWith('-')) {
    negative = rest.startsWith('-');
    signed = true;
    rest = rest.slice(1);
  }
  let digits: RegExp;
  let prefix: string;
  const lower = rest.slice(0, 2).toLowerCase();
  if (lower === '0x') {
    digits = /^[0-9a-fA-F]+$/;
    prefix = '0x';
    rest = rest.slice(2);
  } else if (lower === '0o') {
    digits = /^[0-7]+$/;
    prefix = '0o';
    rest = rest.slice(2);
  } else if (lower === '0b') {
    digits = /^[01]+$/;
    prefix = '0b';
    rest = rest.slice(2);
  } else if (rest.length > 1 && rest.startsWith('0')) {
    digits = /^[0-7]+$/;
    prefix = '0o';
    rest = rest.slice(1);
  } else {
    digits = /^[0-9]+$/;
    prefix = '';
  }
  if (!digits.test(rest)) return undefined;
  let n = BigInt(`${prefix}${rest}`);
  if (negative) n = -n;
  if (n >= INT64_MIN && n <= INT64_MAX) return Number(n);
  if (!signed && n >= 0n && n <= UINT64_MAX) return Number(n); // ParseUint takes no sign
  return undefined;
}

/** go-yaml's quick timestamp check (the value stays a string; only `!!timestamp` cares). */
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?(?:Z|[-+][0-9]{2}:[0-9]{2}))|(?: [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]{1,9})?))?$/;

/**
 * Resolves `text` the way go-yaml's `resolve` does for a plain (unquoted, untagged) scalar, or for
 * a scalar with an explicit core tag when `explicit` is that tag (only `timestamp` matters there:
 * an untagged scalar is checked for a timestamp, as go-yaml does, so that `!!int 2001-12-14` fails).
 */
export function resolvePlainScalar(text: string, explicit?: CoreTag): ResolvedScalar {
  const h = hint(text);
  if (h === undefined) return { tag: 'str', value: text };
  const word = WORDS.get(text);
  if (word !== undefined) return word;
  if (h === '.') {
    const f = /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : Number.NaN;
    return Number.isFinite(f) ? { tag: 'float', value: f } : { tag: 'str', value: text };
  }
  if (h === 'D') {
    if ((explicit === undefined || explicit === 'timestamp') && TIMESTAMP.test(text)) return { tag: 'timestamp', value: text };
    const plain = text.replace(/_/g, '');
    const i = parseGoInt(plain);
    if (i !== undefined) return { tag: 'int', value: i };
    const f = parseDecimalFloat(plain);
    if (f !== undefined) return { tag: 'float', value: f };
  }
  return { tag: 'str', value: text };
}

/** The outcome of resolving a tagged scalar. */
export type TaggedScalar = ({ readonly ok: true } & ResolvedScalar) | { readonly ok: false; readonly message: string };

/**
 * Resolves a scalar carrying an explicit tag (`tag` in long form, e.g. `tag:yaml.org,2002:int`),
 * as go-yaml does when decoding into `interface{}`:
 * - `!!str` and any tag go-yaml does not know (`!foo`, `!!js/function`, `!`) give the text as a
 *   string: nothing is ever constructed or run from a tag;
 * - `!!null`, `!!bool`, `!!int`, `!!float`, `!!timestamp` resolve the text and fail when it does not
 *   match (`!!int abc`); an int is accepted as a float; a timestamp stays a string;
 * - `!!binary` decodes base64 into text (invalid UTF-8 bytes become U+FFFD, as JSON encoding does).
 */
export function resolveTaggedScalar(text: string, tag: string): TaggedScalar {
  if (!tag.startsWith(YAML_TAG_PREFIX)) return { ok: true, tag: 'str', value: text };
  const name = tag.slice(YAML_TAG_PREFIX.length);
  if (name === 'binary') return decodeBinary(text);
  if (name !== 'null' && name !== 'bool' && name !== 'int' && name !== 'float' && name !== 'timestamp') return { ok: true, tag: 'str', value: text };
  const resolved = resolvePlainScalar(text, name);
  if (resolved.tag === name) return { ok: true, tag: resolved.tag, value: resolved.value };
  if (name === 'float' && resolved.tag === 'int') return { ok: true, tag: 'float', value: resolved.value };
  return { ok: false, message: `cannot decode !!${resolved.tag} \`${text}\` as a !!${name}` };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBinary(text: string): TaggedScalar {
  const compact = text.replace(/[\r\n]/g, ''); // Go's base64 decoder skips line breaks
  if (!BASE64.test(compact)) return { ok: false, message: '!!binary value contains invalid base64 data' };
  return { ok: true, tag: 'str', value: new TextDecoder('utf-8').decode(Buffer.from(compact, 'base64')) };
}

/**
 * The JSON object key for a resolved mapping key, as sigs.k8s.io/yaml converts it: strings as
 * they are, booleans as `true`/`false`, integers in decimal, floats as Go's
 * `strconv.FormatFloat(f, 'g', -1, 32)` (`.inf`, `-.inf`, `.nan` for the special values).
 * A null key has no JSON form: undefined.
 */
export function jsonKey(key: ResolvedScalar): string | undefined {
  const { value } = key;
  if (value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Number.isNaN(value)) return '.nan';
  if (value === Number.POSITIVE_INFINITY) return '.inf';
  if (value === Number.NEGATIVE_INFINITY) return '-.inf';
  if (key.tag === 'int') return BigInt(value).toString();
  return formatFloat32(value);
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)` for a finite number: shortest float32 digits. */
export function formatFloat32(f: number): string {
  const target = Math.fround(f);
  if (target === 0) return Object.is(target, -0) ? '-0' : '0';
  const sign = target < 0 ? '-' : '';
  const abs = Math.abs(target);
  let digits = '';
  let exponent = 0;
  for (let precision = 1; precision <= 9; precision++) {
    const s = abs.toExponential(precision - 1);
    if (Math.fround(Number(s)) === abs) {
      const [mantissa = '', exp = '0'] = s.split('e');
      digits = mantissa.replace('.', '');
      exponent = Number(exp);
      break;
    }
  }
  // With the shortest precision, Go's %g switches to %e when the exponent is < -4 or >= 6.
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length > 1 ? `${digits.charAt(0)}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${e < 10 ? `0${e}` : String(e)}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}
