import { MERGE_KEY, NON_STRING_SCALAR_SOURCE } from './yaml11-schema';

/**
 * Scalar rendering for the block-style YAML that cdk8s writes: yaml@2's `stringify` with
 * `{ keepUndefined: true, lineWidth: 0, version: '1.1' }`, except for three kinds of string that
 * cdk8s writes in a form readers do not read back as the same string, which are quoted here:
 * numbers to a YAML 1.2 reader or to kubectl (`0o17`, `0O17`, `0X1F`, `-_6`, `1e_1`), the merge
 * key `<<` as a mapping key, and text of blanks and line breaks that starts with a space (`" \n"`).
 *
 * Each function mirrors the decision yaml@2 makes for a plain JavaScript value in block context
 * (no comments, tags, anchors or flow collections, and no line folding since `lineWidth` is 0).
 * Inputs outside that domain are the caller's to reject; these functions assume `indent` is the
 * indentation of a node nested at least one level below the document root (never `''`).
 */

/** One indentation step, as yaml@2 uses by default. */
export const INDENT_STEP = '  ';

/**
 * Characters that force double quotes, where each is written as an escape: C0 controls other than
 * tab and newline, DEL, C1 controls (NEL among them), the YAML 1.1 line breaks U+2028 and U+2029,
 * U+FEFF (a byte order mark to some readers) and the noncharacters U+FFFE and U+FFFF. Written raw,
 * kubectl's go-yaml rejects the controls ("control characters are not allowed") and breaks lines
 * at NEL, U+2028 and U+2029 ("could not find expected ':'"); PyYAML does the same. Lone surrogates
 * are matched too, to be refused (see {@link LoneSurrogateError}).
 */
const FORCE_DOUBLE_QUOTES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\u{D800}-\u{DFFF}]/u;

/** The characters of {@link FORCE_DOUBLE_QUOTES} that `JSON.stringify` leaves as they are. */
const RAW_IN_JSON = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** YAML 1.1's value key, a tag of its own to PyYAML (which has no constructor for it). */
const VALUE_KEY = '=';

/** A UTF-16 surrogate without its other half. */
const LONE_SURROGATE = /[\u{D800}-\u{DFFF}]/u;

/**
 * Thrown for a string holding a lone surrogate: UTF-8 cannot encode it (a file would hold U+FFFD
 * in its place), and the escape `\ud800` that YAML 1.2 readers accept is an error to kubectl's
 * go-yaml ("found invalid Unicode character escape code"). No reader can get the string back.
 */
export class LoneSurrogateError extends Error {
  public constructor(public readonly value: string) {
    super('a string holds a lone UTF-16 surrogate, which UTF-8 cannot encode');
    this.name = 'LoneSurrogateError';
  }
}

/** Where {@link LONE_SURROGATE} finds one in `value`: its code unit, as `U+D800`. */
export function loneSurrogateIn(value: string): string | undefined {
  const m = LONE_SURROGATE.exec(value);
  return m === null ? undefined : `U+${m[0].charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * Strings that cannot be written as plain scalars: a leading indicator, a lone `-`/`?` or one
 * followed by a blank, `: ` or ` #` anywhere, blanks around a newline, a trailing blank or `:`.
 */
const PLAIN_FORBIDDEN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** A line that a YAML 1.1 reader would take as a document marker or directive. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/** Blanks around a newline, which a single-quoted scalar cannot carry. */
const BLANK_AROUND_NEWLINE = /[ \t]\n|\n[ \t]/;

/** A trailing line made only of blanks, which a block scalar cannot carry. */
const TRAILING_BLANK_LINE = /\n[\t ]+$/;

/** Runs of newlines inside the trailing part of a block scalar that need indenting. */
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/**
 * Strings a YAML 1.2 reader takes for an octal integer (`0o17`). The YAML 1.1 schema cdk8s writes
 * with does not, so cdk8s writes them plain; they are quoted here.
 */
const YAML12_OCTAL = /^0o[0-7]+$/;

/** Integers as Go's `strconv.ParseInt(s, 0, 64)` (or `ParseUint`) reads them: sign, prefix, digits. */
const GO_INTEGER = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([1-9][0-9]*|0))$/;

/** go-yaml's `yamlStyleFloat`. */
const GO_YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Whether kubectl's reader (go-yaml v2) takes the plain scalar `value` for a number: it starts with
 * a sign or digit and, with every `_` removed, Go reads it as a 64-bit integer (`0O17`, `0B101`,
 * `0X1F`, `-_6`) or go-yaml as a float (`7E2_2`, `1e_1`). The YAML 1.1 schema cdk8s writes with
 * quotes most of these but not all; the rest are quoted here.
 */
export function readAsNumberByKubectl(value: string): boolean {
  const first = value.charCodeAt(0);
  if (!((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d)) return false;
  const plain = value.includes('_') ? value.replace(/_/g, '') : value;
  const int = GO_INTEGER.exec(plain);
  if (int !== null) {
    const [, sign, hex, oct, bin, leadingZeroOct, dec] = int;
    const n = hex !== undefined ? BigInt(`0x${hex}`) : oct !== undefined ? BigInt(`0o${oct}`) : bin !== undefined ? BigInt(`0b${bin}`) : leadingZeroOct !== undefined ? BigInt(`0o${leadingZeroOct}`) : BigInt(dec ?? '0');
    const signed = sign === '-' ? -n : n;
    if (signed >= INT64_MIN && signed <= INT64_MAX) return true;
    if (sign === '' && n <= UINT64_MAX) return true;
  }
  return GO_YAML_FLOAT.test(plain) && Number.isFinite(Number(plain));
}

/**
 * Text made only of blanks and line breaks whose first blank is a space (`" \n"`): as a block
 * scalar (which cdk8s writes for it), readers take its blanks for indentation and drop them; it
 * is quoted here.
 */
const BLANK_TEXT_LEADING_SPACE = /^\n* [ \t\n]*$/;

/** Longer double-quoted strings have their `\n` escapes written as line breaks. */
const DOUBLE_QUOTED_MIN_MULTILINE_LENGTH = 40;

/**
 * Whether a plain scalar would be read back as something other than a string (bool, null, int,
 * float, timestamp, ...) under the schema cdk8s writes with.
 */
const NON_STRING_SCALAR = new RegExp(NON_STRING_SCALAR_SOURCE);

/**
 * Strings written plain for sure: six or more characters from `[A-Za-z0-9_./-]`, starting with a
 * letter other than `e`/`E` (six is more than every YAML 1.1 bool/null word). No indicator, blank,
 * `:` or `#`, no document marker, and no scalar of another type in {@link NON_STRING_SCALAR} looks
 * like that: those start with a digit, sign, `.`, `~` or `<`, or with `e`/`E` (`e5`), or are words
 * of at most five letters. (One test of a compiled expression costs less than a loop over the
 * characters until the loop is optimized, and most strings are tested early in a run.)
 */
const PLAIN_WORD = /^[A-DF-Za-df-z][\w./-]{5,}$/;

/**
 * Whether `value` is a word {@link renderString} writes as it is without looking further (see
 * {@link PLAIN_WORD}); {@link renderStringFully} writes it as it is too.
 */
export function isPlainWord(value: string): boolean {
  return PLAIN_WORD.test(value);
}

/**
 * Renderings of short strings that start with a letter and hold no newline: for those, the
 * rendering is the same as key and as value at any depth. Bounded, since names are often unique.
 */
const shortWordCache = new Map<string, string>();
const SHORT_WORD_CACHE_LIMIT = 4096;
const SHORT_WORD_MAX_LENGTH = 12;

/**
 * Renders a string scalar.
 *
 * @param value the string
 * @param indent the indentation of the node's context (the enclosing collection's items)
 * @param implicitKey whether the string is a mapping key
 */
export function renderString(value: string, indent: string, implicitKey: boolean): string {
  if (PLAIN_WORD.test(value)) return value;
  const first = value.charCodeAt(0) | 0x20;
  const cacheable = value.length <= SHORT_WORD_MAX_LENGTH && first >= 0x61 && first <= 0x7a && !value.includes('\n');
  if (cacheable) {
    const cached = shortWordCache.get(value);
    if (cached !== undefined) return cached;
  }
  const rendered = renderStringFully(value, indent, implicitKey);
  if (cacheable && shortWordCache.size < SHORT_WORD_CACHE_LIMIT) shortWordCache.set(value, rendered);
  return rendered;
}

/**
 * {@link renderString} without its shortcuts (plain words, remembered short words): the whole
 * decision, for every string.
 */
export function renderStringFully(value: string, indent: string, implicitKey: boolean): string {
  // yaml@2 writes the merge key through the schema's merge tag, plain. As a key, a YAML 1.1 reader
  // (kubectl's too) takes it for a merge key; as a value, PyYAML takes it for one too and fails
  // ("could not determine a constructor for the tag 'tag:yaml.org,2002:merge'"). It is quoted, and
  // so is `=`, which PyYAML reads as YAML 1.1's value key (`tag:yaml.org,2002:value`) and fails on.
  if (value === MERGE_KEY || value === VALUE_KEY) return quoted(value, indent, implicitKey);
  if (FORCE_DOUBLE_QUOTES.test(value)) {
    if (LONE_SURROGATE.test(value)) throw new LoneSurrogateError(value);
    return doubleQuoted(value, indent, implicitKey);
  }
  return plainOrQuoted(value, indent, implicitKey);
}

/** Renders a number as yaml@2 does for the YAML 1.1 schema's int and float tags. */
export function renderNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
  if (Object.is(value, -0)) return '-0';
  // What JSON.stringify writes for a finite number (its ToString), through V8's number-string cache.
  return String(value);
}

function plainOrQuoted(value: string, indent: string, implicitKey: boolean): string {
  const multiLine = value.includes('\n');
  if (implicitKey && multiLine) return quoted(value, indent, implicitKey);
  if (PLAIN_FORBIDDEN.test(value)) {
    return implicitKey || !multiLine ? quoted(value, indent, implicitKey) : blockLiteral(value, indent);
  }
  if (!implicitKey && multiLine) return blockLiteral(value, indent);
  // From here on the value is a single line.
  if (DOCUMENT_MARKER.test(value) && implicitKey && indent === INDENT_STEP) return quoted(value, indent, implicitKey);
  if (NON_STRING_SCALAR.test(value) || YAML12_OCTAL.test(value) || readAsNumberByKubectl(value)) return quoted(value, indent, implicitKey);
  // PyYAML ends a plain scalar at a tab ("found character '\t' that cannot start any token").
  if (value.includes('\t')) return quoted(value, indent, implicitKey);
  return value;
}

function quoted(value: string, indent: string, implicitKey: boolean): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  return hasDouble && !hasSingle ? singleQuoted(value, indent, implicitKey) : doubleQuoted(value, indent, implicitKey);
}

function singleQuoted(value: string, indent: string, implicitKey: boolean): string {
  if ((implicitKey && value.includes('\n')) || BLANK_AROUND_NEWLINE.test(value)) {
    return doubleQuoted(value, indent, implicitKey);
  }
  const lineIndent = indent || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  return "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${lineIndent}`) + "'";
}

/** Escapes JSON writes as `\u00XX` that YAML has shorter forms for. */
function shortEscape(code: string): string {
  switch (code) {
    case '0000':
      return '\\0';
    case '0007':
      return '\\a';
    case '000b':
      return '\\v';
    case '001b':
      return '\\e';
    case '0085':
      return '\\N';
    case '00a0':
      return '\\_';
    case '2028':
      return '\\L';
    case '2029':
      return '\\P';
    default:
      return code.slice(0, 2) === '00' ? '\\x' + code.slice(2) : '\\u' + code;
  }
}

/** The YAML escape of one of the characters of {@link RAW_IN_JSON}. */
function rawEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x85) return '\\N';
  if (code === 0x2028) return '\\L';
  if (code === 0x2029) return '\\P';
  return code <= 0xff ? '\\x' + code.toString(16) : '\\u' + code.toString(16);
}

function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const stringified = JSON.stringify(value);
  RAW_IN_JSON.lastIndex = 0;
  const json = RAW_IN_JSON.test(stringified) ? stringified.replace(RAW_IN_JSON, rawEscape) : stringified;
  const lineIndent = indent || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  let out = '';
  let start = 0;
  for (let i = 0, ch = json.charAt(i); ch; ch = json.charAt(++i)) {
    if (ch === ' ' && json.charAt(i + 1) === '\\' && json.charAt(i + 2) === 'n') {
      // A space before a line break is escaped so that it survives folding.
      out += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    const next = json.charAt(i + 1);
    if (next === 'u') {
      out += json.slice(start, i) + shortEscape(json.slice(i + 2, i + 6));
      i += 5;
      start = i + 1;
    } else if (next === 'n') {
      if (implicitKey || json.charAt(i + 2) === '"' || json.length < DOUBLE_QUOTED_MIN_MULTILINE_LENGTH) {
        i += 1;
      } else {
        // A line break in a double-quoted scalar folds away the first of its newlines.
        out += json.slice(start, i) + '\n\n';
        while (json.charAt(i + 2) === '\\' && json.charAt(i + 3) === 'n' && json.charAt(i + 4) !== '"') {
          out += '\n';
          i += 2;
        }
        out += lineIndent;
        if (json.charAt(i + 2) === ' ') out += '\\';
        i += 1;
        start = i + 1;
      }
    } else {
      i += 1;
    }
  }
  return start ? out + json.slice(start) : json;
}

/** Renders a multi-line string as a literal block scalar (`|`, `|-`, `|+`, with an indentation indicator if needed). */
function blockLiteral(value: string, indent: string): string {
  if (TRAILING_BLANK_LINE.test(value) || BLANK_TEXT_LEADING_SPACE.test(value)) return quoted(value, indent, false);
  if (!value) return '|\n';
  // Chomping indicator from the whitespace at the end.
  let endStart = value.length;
  for (; endStart > 0; --endStart) {
    const ch = value.charAt(endStart - 1);
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  let chomp: string;
  if (endNlPos === -1) chomp = '-';
  else if (value === end || endNlPos !== end.length - 1) chomp = '+';
  else chomp = '';
  let body = value;
  if (end) {
    body = body.slice(0, -end.length);
    if (end.endsWith('\n')) end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  // Indentation indicator from the whitespace at the start.
  let startWithSpace = false;
  let startEnd = 0;
  let startNlPos = -1;
  for (; startEnd < body.length; ++startEnd) {
    const ch = body.charAt(startEnd);
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = body.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    body = body.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  body = body.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${body}${end}`;
}
