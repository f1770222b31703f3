/**
 * Format checks of `k8s.io/apimachinery/pkg/util/validation` (v0.28). Each returns the list of
 * problems as bare messages, worded exactly as the API server words them; an empty list means valid.
 * Rules attach path, type and value.
 */
import { parseIPSloppy } from './ip';

const NONE: readonly string[] = Object.freeze([]);

/** The length of `s` in UTF-8 bytes, as Go's `len` counts it (lone surrogates count as U+FFFD). */
export function byteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/**
 * Whether `s` is longer than `max` UTF-8 bytes. A UTF-16 code unit takes at most three bytes, so
 * short strings are answered without counting.
 */
export function exceedsBytes(s: string, max: number): boolean {
  return s.length > max || (s.length * 3 > max && byteLength(s) > max);
}

/** Go's `strings.ToLower` (simple case mapping: `İ` becomes `i`, unlike JavaScript's full mapping). */
export function goToLower(s: string): string {
  return s.indexOf('\u0130') >= 0 ? s.replace(/\u0130/g, 'i').toLowerCase() : s.toLowerCase();
}

/** Go's `unicode.IsSpace` set: JavaScript's `\s` without U+FEFF, plus U+0085. */
const GO_SPACE_CLASS = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_SPACE_EDGES = new RegExp(`^${GO_SPACE_CLASS}+|${GO_SPACE_CLASS}+$`, 'g');

/** Go's `strings.TrimSpace`. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE_EDGES, '');
}

/** `validation.MaxLenError`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** `validation.EmptyError`. */
export function emptyError(): string {
  return 'must be non-empty';
}

/** `validation.InclusiveRangeError`. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** `validation.RegexError`: the message, examples and the regex used. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += ' or ';
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_LABEL_ERR = regexError(
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
  DNS1123_LABEL_FMT,
  'my-name',
  '123-abc',
);
/** Maximum length of a DNS-1123 label. */
export const DNS1123_LABEL_MAX_LENGTH = 63;

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_ERR = regexError(
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
  DNS1123_SUBDOMAIN_FMT,
  'example.com',
);
/** Maximum length of a DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const DNS1035_LABEL_ERR = regexError(
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
  DNS1035_LABEL_FMT,
  'my-name',
  'abc-123',
);
/** Maximum length of a DNS-1035 label. */
export const DNS1035_LABEL_MAX_LENGTH = 63;

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`);
const QNAME_ERR_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QNAME_NAME_ERR = `name part ${regexError(QNAME_ERR_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`;
const QNAME_SLASHES_ERR = `a qualified name ${regexError(QNAME_ERR_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
/** Maximum length of the name part of a qualified name. */
export const QUALIFIED_NAME_MAX_LENGTH = 63;

const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_ERR = regexError(
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
  LABEL_VALUE_FMT,
  'MyValue',
  'my_value',
  '12345',
);
/** Maximum length of a label value. */
export const LABEL_VALUE_MAX_LENGTH = 63;

const PORT_NAME_CHARSET_RE = /^[-a-z0-9]+$/;
const PORT_NAME_LETTER_RE = /[a-z]/;
/** Maximum length of an IANA service name (a named port). */
export const PORT_NAME_MAX_LENGTH = 15;

/** `IsDNS1123Label`: lowercase alphanumerics and `-`, alphanumeric at both ends, at most 63 bytes. */
export function isDNS1123Label(value: string): readonly string[] {
  const long = exceedsBytes(value, DNS1123_LABEL_MAX_LENGTH);
  if (!long && DNS1123_LABEL_RE.test(value)) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL_RE.test(value)) {
    errs.push(DNS1123_SUBDOMAIN_RE.test(value) ? 'must not contain dots' : DNS1123_LABEL_ERR);
  }
  return errs;
}

/** `IsDNS1123Subdomain`: dot-separated DNS-1123 labels, at most 253 bytes in all. */
export function isDNS1123Subdomain(value: string): readonly string[] {
  const long = exceedsBytes(value, DNS1123_SUBDOMAIN_MAX_LENGTH);
  const bad = !DNS1123_SUBDOMAIN_RE.test(value);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (bad) errs.push(DNS1123_SUBDOMAIN_ERR);
  return errs;
}

/** `IsDNS1035Label`: like a DNS-1123 label, but starting with a letter. */
export function isDNS1035Label(value: string): readonly string[] {
  const long = exceedsBytes(value, DNS1035_LABEL_MAX_LENGTH);
  const bad = !DNS1035_LABEL_RE.test(value);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (bad) errs.push(DNS1035_LABEL_ERR);
  return errs;
}

/** `IsQualifiedName`: `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 bytes. */
export function isQualifiedName(value: string): readonly string[] {
  const slash = value.indexOf('/');
  if (slash < 0) {
    if (QNAME_RE.test(value) && !exceedsBytes(value, QUALIFIED_NAME_MAX_LENGTH)) return NONE;
    return nameErrors(value, []);
  }
  if (value.indexOf('/', slash + 1) >= 0) return [QNAME_SLASHES_ERR];
  const prefix = value.slice(0, slash);
  const errs: string[] = [];
  if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
  else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  return nameErrors(value.slice(slash + 1), errs);
}

function nameErrors(name: string, errs: string[]): readonly string[] {
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (exceedsBytes(name, QUALIFIED_NAME_MAX_LENGTH)) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!QNAME_RE.test(name)) errs.push(QNAME_NAME_ERR);
  return errs.length === 0 ? NONE : errs;
}

/** `IsValidLabelValue`: empty, or a qualified-name-like value of at most 63 bytes. */
export function isValidLabelValue(value: string): readonly string[] {
  const long = exceedsBytes(value, LABEL_VALUE_MAX_LENGTH);
  const bad = !LABEL_VALUE_RE.test(value);
  if (!long && !bad) return NONE;
  const errs: string[] = [];
  if (long) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (bad) errs.push(LABEL_VALUE_ERR);
  return errs;
}

/** `IsValidPortName`: an IANA_SVC_NAME (at most 15 chars, `[-a-z0-9]`, a letter, no `--`, no `-` at either end). */
export function isValidPortName(port: string): readonly string[] {
  const errs: string[] = [];
  if (exceedsBytes(port, PORT_NAME_MAX_LENGTH)) errs.push(maxLenError(PORT_NAME_MAX_LENGTH));
  if (!PORT_NAME_CHARSET_RE.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!PORT_NAME_LETTER_RE.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.indexOf('--') >= 0) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port[0] === '-' || port[port.length - 1] === '-')) errs.push('must not begin or end with a hyphen');
  return errs.length === 0 ? NONE : errs;
}

/** `IsValidPortNum`: 1 to 65535. */
export function isValidPortNum(port: number): readonly string[] {
  return port >= 1 && port <= 65535 ? NONE : [inclusiveRangeError(1, 65535)];
}

/** `IsValidIP`: parses with `netutils.ParseIPSloppy`. */
export function isValidIP(value: string): readonly string[] {
  return parseIPSloppy(value) !== null ? NONE : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

/**
 * `maskTrailingDash` of `NameIsDNS1035Label(prefix=true)`: a `generateName` ending in `-` is checked
 * with its last two characters replaced by one `a`.
 */
export function maskTrailingDash(name: string): string {
  if (name.length < 2 || !name.endsWith('-')) return name;
  // Go cuts bytes: when a multi-byte character precedes the dash, a broken (still invalid) byte
  // sequence remains; dropping only the dash keeps the value invalid and the byte count equal.
  return NON_ASCII.test(name) ? name.slice(0, -1) : `${name.slice(0, -2)}a`;
}

const NON_ASCII = /[^\x00-\x7f]/;
