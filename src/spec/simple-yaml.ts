/**
 * A reader for the plain block YAML that spec files are written in (block mappings and lists,
 * one-line flow lists and mappings of scalars, plain and simply quoted scalars, comments), about
 * ten times faster than building the yaml library's document.
 *
 * It reads only what it is sure of: for any text outside that subset (anchors, aliases, tags,
 * block scalars, multi-line scalars, escapes, document markers, duplicate keys, tabs, values the
 * YAML 1.2 core schema reads as anything but a string, a simple integer, a boolean or null, ...)
 * it returns undefined and the caller reads the text with the yaml library ({@link parseSpecText}),
 * which also reports every problem. Where it returns a value, that value is the one the yaml
 * library reads with the spec file's options (`test/spec/simple-yaml.test.ts` holds it to that).
 *
 * It is one pass over the text by offsets: the line being read is a few numbers, and the only
 * strings it makes are the keys and values it returns.
 */

/** What {@link readSimpleYaml} read. */
export interface SimpleYaml {
  /** The document's value (a mapping at the top level). */
  readonly value: Record<string, unknown>;
  /**
   * Where each item of the top-level `services` block list is: the offset of the start of the line
   * of its `-`, and the offset just past the line break ending its last line of content. Undefined
   * when `services` is not a block list.
   */
  readonly services: readonly ItemRange[] | undefined;
}

/** The text of one block list item: from the start of its first line to past its last line of content. */
export interface ItemRange {
  readonly start: number;
  readonly end: number;
}

/** Deeper nesting than this is left to the yaml library (which bounds it). */
const MAX_DEPTH = 32;

/** Thrown inside the reader when the text is outside the subset; caught by {@link readSimpleYaml}. */
class OutsideSubset {}
const OUTSIDE = new OutsideSubset();

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;

/** Reads `text` when it is in the subset; undefined otherwise (read it with the yaml library). */
export function readSimpleYaml(text: string): SimpleYaml | undefined {
  // Tabs, carriage returns, byte order marks and other unusual characters are left to the library.
  if (/[\t\r\uFEFF\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/.test(text)) return undefined;
  try {
    const reader = new Reader(text);
    // The first line with content starts a mapping at column 0.
    if (!reader.has || reader.indent !== 0 || reader.isSeqItem()) return undefined;
    const value = reader.mapping(0, 0, -1);
    if (reader.has) return undefined;
    return { value, services: reader.servicesItems };
  } catch (err: unknown) {
    if (err === OUTSIDE) return undefined;
    throw err;
  }
}

/** Characters of a key: letters, digits, `_`, `$`, `.`, `/`, `-` (single spaces between words allowed). */
const KEY_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$./-') KEY_CHAR[c.charCodeAt(0)] = 1;

function isKeyChar(c: number): boolean {
  return c < 128 && KEY_CHAR[c] === 1;
}

/** Keys seen before, and whether the core schema reads them as strings. */
const stringKeys = new Map<string, boolean>();

/**
 * The reader: a cursor over the lines with content (not blank, not only a comment). The current
 * line is `lineStart` (its offset), `indent` (the column of its content), `content` (the offset of
 * its content) and `eol` (the offset of its line break, or the end of the text).
 */
class Reader {
  public servicesItems: ItemRange[] | undefined;
  /** Whether there is a current line (false past the last line with content). */
  public has = false;
  public lineStart = 0;
  public indent = 0;
  public content = 0;
  public eol = 0;
  /** Offset just past the current line's line break (or the end of the text). */
  private next = 0;
  /** {@link next} of the line read before the current one. */
  private lastNext = 0;
  /** The offset of a ` #` found last (the text's length for none), see {@link commentFrom}. */
  private comment = -1;
  private readonly n: number;

  public constructor(private readonly text: string) {
    this.n = text.length;
    this.advance();
  }

  /** Moves to the next line with content. */
  private advance(): void {
    const text = this.text;
    const n = this.n;
    this.lastNext = this.next;
    let start = this.next;
    while (start < n) {
      let eol = text.indexOf('\n', start);
      if (eol < 0) eol = n;
      let i = start;
      while (i < eol && text.charCodeAt(i) === SPACE) i++;
      if (i < eol && text.charCodeAt(i) !== HASH) {
        // Directives and document markers.
        if (i === start) {
          const c = text.charCodeAt(i);
          if (c === 37 /* % */ || (c === DASH && text.startsWith('---', i)) || (c === 46 /* . */ && text.startsWith('...', i))) throw OUTSIDE;
        }
        this.has = true;
        this.lineStart = start;
        this.indent = i - start;
        this.content = i;
        this.eol = eol;
        this.next = eol < n ? eol + 1 : n;
        return;
      }
      start = eol + 1;
    }
    this.has = false;
    this.next = n;
  }

  /**
   * The offset of the first ` #` at or after `from`, or the text's length when there is none.
   * Values are read in the order of the text, so one search serves every value up to the ` #` it
   * finds, and the text is searched once in all.
   */
  private commentFrom(from: number): number {
    if (this.comment < from) {
      // Search for the rare '#' (a search for ' #' would stop at every space), then look before it.
      const text = this.text;
      let hash = text.indexOf('#', from + 1);
      while (hash >= 0 && text.charCodeAt(hash - 1) !== SPACE) hash = text.indexOf('#', hash + 1);
      this.comment = hash < 0 ? this.n : hash - 1;
    }
    return this.comment;
  }

  /** True when the current line's content is a list item: `-` alone or followed by a space. */
  public isSeqItem(): boolean {
    const at = this.content;
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.eol || this.text.charCodeAt(at + 1) === SPACE);
  }

  /**
   * A block mapping whose keys are at column `indent`. `inline`, when not -1, is the offset of the
   * first entry when it starts on a list item's line (`- name: api`), at column `indent`.
   */
  public mapping(indent: number, depth: number, inline: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw OUTSIDE;
    const text = this.text;
    const out: Record<string, unknown> = {};
    let pending = inline;
    for (;;) {
      let at: number;
      if (pending >= 0) {
        at = pending;
        pending = -1;
      } else {
        if (!this.has || this.indent < indent) break;
        if (this.indent > indent || this.isSeqItem()) throw OUTSIDE;
        at = this.content;
      }
      const eol = this.eol;
      const colon = keyEnd(text, at, eol);
      if (colon < 0) throw OUTSIDE;
      const key = keyAt(text, at, colon);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw OUTSIDE;
      let rest = colon + 1;
      while (rest < eol && text.charCodeAt(rest) === SPACE) rest++;
      const end = stripComment(text, rest, eol, this.commentFrom(rest));
      this.advance();
      if (end > rest) {
        out[key] = inlineValue(text, rest, end);
        this.noDeeperLine(indent);
        continue;
      }
      if (this.has && this.indent > indent) {
        out[key] = this.block(this.indent, depth + 1, indent === 0 && key === 'services');
      } else if (this.has && this.indent === indent && this.isSeqItem()) {
        out[key] = this.sequence(indent, depth + 1, indent === 0 && key === 'services');
      } else {
        out[key] = null;
      }
    }
    return out;
  }

  /** A block list whose `-` are at column `indent`. */
  public sequence(indent: number, depth: number, record: boolean): unknown[] {
    if (depth > MAX_DEPTH) throw OUTSIDE;
    const text = this.text;
    const out: unknown[] = [];
    const ranges: ItemRange[] | undefined = record ? [] : undefined;
    for (;;) {
      if (!this.has || this.indent < indent) break;
      if (this.indent > indent) throw OUTSIDE;
      // A list at its parent key's column ends at the parent's next key.
      if (!this.isSeqItem()) break;
      const start = this.lineStart;
      const eol = this.eol;
      // `- ` then the item's content; nested lists on the same line and empty items are left out.
      let at = this.content + 1;
      while (at < eol && text.charCodeAt(at) === SPACE) at++;
      const c = text.charCodeAt(at);
      if (at === eol || c === HASH || c === DASH) throw OUTSIDE;
      if (keyEnd(text, at, eol) >= 0) {
        out.push(this.mapping(indent + (at - this.content), depth + 1, at));
      } else {
        const end = stripComment(text, at, eol, this.commentFrom(at));
        this.advance();
        out.push(inlineValue(text, at, end));
        this.noDeeperLine(indent);
      }
      if (ranges !== undefined) ranges.push({ start, end: this.lastNext });
    }
    if (ranges !== undefined) this.servicesItems = ranges;
    return exactSize(out);
  }

  private block(indent: number, depth: number, record: boolean): unknown {
    return this.isSeqItem() ? this.sequence(indent, depth, record) : this.mapping(indent, depth, -1);
  }

  /** A value on one line may not continue on deeper lines (multi-line scalars are left out). */
  private noDeeperLine(indent: number): void {
    if (this.has && this.indent > indent) throw OUTSIDE;
  }
}

/**
 * For `key: rest` or `key:` between `at` and `eol` with a plain key (no indicator first, no `: `
 * or ` #` inside): the offset of the colon; -1 when the text is not such an entry.
 */
function keyEnd(text: string, at: number, eol: number): number {
  const c0 = text.charCodeAt(at);
  if (!isKeyChar(c0) || c0 === 46 /* . */ || c0 === 47 /* / */ || c0 === DASH) return -1;
  let i = at + 1;
  for (; i < eol; i++) {
    const c = text.charCodeAt(i);
    if (isKeyChar(c)) continue;
    if (c === SPACE && i + 1 < eol && isKeyChar(text.charCodeAt(i + 1))) continue;
    break;
  }
  if (i >= eol || text.charCodeAt(i) !== COLON) return -1;
  if (i + 1 < eol && text.charCodeAt(i + 1) !== SPACE) return -1;
  return i;
}

/**
 * The end of the value between `from` and `to` without a trailing comment (` #...`) and trailing
 * spaces. Quotes are handled by the value readers (a value starting with one keeps its comment).
 * `comment` is the offset of a ` #` at or after `from` with none between `from` and it (or the
 * text's length when there is none).
 */
function stripComment(text: string, from: number, to: number, comment: number): number {
  let end = to;
  const c0 = text.charCodeAt(from);
  if (c0 !== DQUOTE && c0 !== SQUOTE && comment + 1 < to) end = comment;
  while (end > from && text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/** A value written on one line, between `from` and `to`: a quoted or plain scalar, or a flow list or mapping of scalars. */
function inlineValue(text: string, from: number, to: number): unknown {
  const c = text.charCodeAt(from);
  if (c === 91 /* [ */) return flowSequence(text, from, to);
  if (c === 123 /* { */) return flowMapping(text, from, to);
  if (c === DQUOTE || c === SQUOTE) {
    const value = quoted(text, from, to);
    endOfValue(text, quotedEnd, to);
    return value;
  }
  return plain(text, from, to, false);
}

/** Only spaces, or spaces and a comment, may follow a value that ends at `end` (before `to`). */
function endOfValue(text: string, end: number, to: number): void {
  if (end === to) return;
  let i = end;
  while (i < to && text.charCodeAt(i) === SPACE) i++;
  if (i === to) return;
  if (i > end && text.charCodeAt(i) === HASH) return;
  throw OUTSIDE;
}

/** The offset just past the quoted scalar {@link quoted} read last. */
let quotedEnd = 0;

/**
 * A quoted scalar starting at `at`, closed before `to`, without escapes: its value (the offset
 * past it is left in {@link quotedEnd}).
 */
function quoted(text: string, at: number, to: number): string {
  if (text.charCodeAt(at) === DQUOTE) {
    const close = text.indexOf('"', at + 1);
    if (close < 0 || close >= to) throw OUTSIDE;
    const backslash = text.indexOf('\\', at + 1);
    if (backslash >= 0 && backslash < close) throw OUTSIDE;
    quotedEnd = close + 1;
    return text.slice(at + 1, close);
  }
  let value = '';
  let i = at + 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close < 0 || close >= to) throw OUTSIDE;
    if (close + 1 < to && text.charCodeAt(close + 1) === SQUOTE) {
      value += text.slice(i, close + 1);
      i = close + 2;
      continue;
    }
    quotedEnd = close + 1;
    return value + text.slice(i, close);
  }
}

/** Characters a plain scalar may not start with (YAML indicators), and `-`, `?`, `:` (left out). */
const PLAIN_FIRST_EXCLUDED = new Uint8Array(128);
for (const c of "-?:,[]{}#&*!|>'\"%@`") PLAIN_FIRST_EXCLUDED[c.charCodeAt(0)] = 1;
/** The flow indicators, and `:`, which a plain scalar in a flow collection may not hold. */
const FLOW_EXCLUDED = new Uint8Array(128);
for (const c of ',[]{}:') FLOW_EXCLUDED[c.charCodeAt(0)] = 1;

/**
 * A plain scalar between `from` and `to` resolved by the YAML 1.2 core schema; `flow` adds the flow
 * indicators to what it may not hold.
 */
function plain(text: string, from: number, to: number, flow: boolean): unknown {
  if (from >= to) throw OUTSIDE;
  const c0 = text.charCodeAt(from);
  if (c0 < 128 && PLAIN_FIRST_EXCLUDED[c0] === 1) throw OUTSIDE;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) continue;
    if (c === COLON && (i + 1 === to || text.charCodeAt(i + 1) === SPACE)) throw OUTSIDE;
    if (c === SPACE && i + 1 < to && text.charCodeAt(i + 1) === HASH) throw OUTSIDE;
    if (flow && FLOW_EXCLUDED[c] === 1) throw OUTSIDE;
  }
  return resolvePlain(text.slice(from, to));
}

/**
 * Keys read before, by length: a spec repeats a few keys thousands of times, and comparing the
 * text with them is cheaper than cutting a new string and looking it up each time.
 */
const KEYS_BY_LENGTH: (string[] | undefined)[] = [];
const MAX_CACHED_KEY_LENGTH = 64;
const MAX_KEYS_PER_LENGTH = 8;

/**
 * The plain key between `from` and `to`, when the core schema reads it as a string (and it is not
 * `__proto__`); outside the subset otherwise.
 */
function keyAt(text: string, from: number, to: number): string {
  const length = to - from;
  const known = length <= MAX_CACHED_KEY_LENGTH ? KEYS_BY_LENGTH[length] : undefined;
  if (known !== undefined) {
    for (let i = 0; i < known.length; i++) {
      const key = known[i] as string;
      if (text.startsWith(key, from)) return key;
    }
  }
  const key = text.slice(from, to);
  if (!isStringKey(key) || key === '__proto__') throw OUTSIDE;
  if (length <= MAX_CACHED_KEY_LENGTH) {
    const list = (KEYS_BY_LENGTH[length] ??= []);
    if (list.length < MAX_KEYS_PER_LENGTH) list.push(key);
  }
  return key;
}

/** True for a key the core schema reads as a string (other keys are left to the library). */
function isStringKey(key: string): boolean {
  let known = stringKeys.get(key);
  if (known === undefined) {
    const c0 = key.charCodeAt(0);
    known = !(c0 < 128 && PLAIN_FIRST_EXCLUDED[c0] === 1) && typeof resolvePlainOrOutside(key) === 'string';
    if (stringKeys.size < 10000) stringKeys.set(key, known);
  }
  return known;
}

function resolvePlainOrOutside(text: string): unknown {
  try {
    return resolvePlain(text);
  } catch (err: unknown) {
    if (err === OUTSIDE) return undefined;
    throw err;
  }
}

// The YAML 1.2 core schema's tests, as the yaml library writes them.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OTHER_NUMBER = [/^0o[0-7]+$/, /^0x[0-9a-fA-F]+$/, /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/];
/** Integers read exactly as a JavaScript number, without sign or leading zeros. */
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;

/** First characters of the plain scalars that may read as something else than a string. */
const MAYBE_NOT_STRING = new Uint8Array(128);
for (const c of '~nNtTfF-+.0123456789') MAYBE_NOT_STRING[c.charCodeAt(0)] = 1;

function resolvePlain(text: string): unknown {
  const c0 = text.charCodeAt(0);
  if (!(c0 < 128 && MAYBE_NOT_STRING[c0] === 1) && text.length > 0) return text;
  const digits = simpleDigits(text);
  if (digits >= 0) return digits;
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (INT.test(text)) {
    if (!SIMPLE_INT.test(text)) throw OUTSIDE;
    return Number(text);
  }
  for (const re of OTHER_NUMBER) if (re.test(text)) throw OUTSIDE;
  return text;
}

/** The value of `text` when it matches {@link SIMPLE_INT}; -1 otherwise. */
function simpleDigits(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15 || (n > 1 && text.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The offsets of the items {@link flowItems} found last: item k is between `ITEM_BOUNDS[2k]` and
 * `ITEM_BOUNDS[2k + 1]` (reused from one collection to the next).
 */
const ITEM_BOUNDS: number[] = [];

/**
 * Finds the items of the one-line flow collection between `from` (its opening bracket) and `to`,
 * closed by `close`: puts each item's offsets, spaces around it left out, in {@link ITEM_BOUNDS}
 * and returns how many there are.
 */
function flowItems(text: string, from: number, to: number, close: number): number {
  let start = from + 1;
  let i = start;
  let count = 0;
  for (;;) {
    if (i >= to) throw OUTSIDE;
    const c = text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      // A quoted scalar: an item, or the value of a `key: ` in a flow mapping.
      const s = trimStart(text, start, i);
      const e = trimEnd(text, s, i);
      if (e > s && text.charCodeAt(e - 1) !== COLON) throw OUTSIDE;
      quoted(text, i, to);
      i = quotedEnd;
      continue;
    }
    if (c === 91 || c === 93 || c === 123 || c === 125) {
      if (c !== close) throw OUTSIDE;
      endOfValue(text, i + 1, to);
      const s = trimStart(text, start, i);
      const e = trimEnd(text, s, i);
      if (e > s || count > 0) {
        ITEM_BOUNDS[2 * count] = s;
        ITEM_BOUNDS[2 * count + 1] = e;
        count++;
      }
      return count;
    }
    if (c === 44 /* , */) {
      const s = trimStart(text, start, i);
      ITEM_BOUNDS[2 * count] = s;
      ITEM_BOUNDS[2 * count + 1] = trimEnd(text, s, i);
      count++;
      start = i + 1;
    } else if (c === HASH && (i === start || text.charCodeAt(i - 1) === SPACE)) {
      throw OUTSIDE;
    }
    i++;
  }
}

function trimStart(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) === SPACE) i++;
  return i;
}

function trimEnd(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && text.charCodeAt(i - 1) === SPACE) i--;
  return i;
}

/** A scalar item of a flow collection, between `from` and `to` (spaces around it left out). */
function flowScalar(text: string, from: number, to: number): unknown {
  if (from >= to) throw OUTSIDE;
  const c = text.charCodeAt(from);
  if (c === DQUOTE || c === SQUOTE) {
    const value = quoted(text, from, to);
    if (quotedEnd !== to) throw OUTSIDE;
    return value;
  }
  return plain(text, from, to, true);
}

function flowSequence(text: string, from: number, to: number): unknown[] {
  const count = flowItems(text, from, to, 93 /* ] */);
  const out = new Array<unknown>(count);
  for (let k = 0; k < count; k++) out[k] = flowScalar(text, ITEM_BOUNDS[2 * k] as number, ITEM_BOUNDS[2 * k + 1] as number);
  return out;
}

/**
 * `list` in an array of its own length when it is short: a list grown by `push` keeps room for
 * 16 more items, and the lists read here are kept as long as the spec is.
 */
function exactSize(list: unknown[]): unknown[] {
  return list.length < 16 ? list.slice() : list;
}

/** A key of a flow mapping: key characters only, not starting with `.`, `/` or `-`. */
function isFlowKey(text: string, from: number, to: number): boolean {
  const c0 = text.charCodeAt(from);
  if (from >= to || c0 === 46 || c0 === 47 || c0 === DASH) return false;
  for (let i = from; i < to; i++) if (!isKeyChar(text.charCodeAt(i))) return false;
  return true;
}

function flowMapping(text: string, from: number, to: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const count = flowItems(text, from, to, 125 /* } */);
  for (let k = 0; k < count; k++) {
    const s = ITEM_BOUNDS[2 * k] as number;
    const e = ITEM_BOUNDS[2 * k + 1] as number;
    let colon = -1;
    for (let i = s; i + 1 < e; i++) {
      if (text.charCodeAt(i) === COLON && text.charCodeAt(i + 1) === SPACE) {
        colon = i;
        break;
      }
    }
    if (colon <= s) throw OUTSIDE;
    if (!isFlowKey(text, s, colon)) throw OUTSIDE;
    const key = keyAt(text, s, colon);
    if (Object.prototype.hasOwnProperty.call(out, key)) throw OUTSIDE;
    const vs = trimStart(text, colon + 2, e);
    out[key] = flowScalar(text, vs, trimEnd(text, vs, e));
  }
  return out;
}
