/**
 * The quick spec reader (src/spec/simple-yaml.ts) written line by line: the text is first cut into
 * line records, which the reader then walks. It reads the same subset of YAML to the same values
 * with simpler code and more allocation, and `test/spec/simple-yaml.test.ts` holds the one-pass
 * reader to it: on text of ASCII characters both read nothing, or the same value and item ranges.
 * (On other text the one-pass reader trims only spaces, as YAML does, where this one trims every
 * JavaScript white space character.)
 */

/** What {@link readSimpleYamlByLines} read. */
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

/** A line with content: its indentation, where its content starts and ends, and its offsets. */
interface Line {
  /** Offset of the start of the line. */
  readonly start: number;
  /** Offset just past the line break (or the end of the text). */
  readonly next: number;
  /** Column of the first character that is not a space. */
  readonly indent: number;
  /** The content without the indentation, trailing spaces kept (comments are removed by the scalar readers). */
  readonly text: string;
}

/** Thrown inside the reader when the text is outside the subset; caught by {@link readSimpleYamlByLines}. */
class OutsideSubset {}
const OUTSIDE = new OutsideSubset();

/** Reads `text` when it is in the subset; undefined otherwise (read it with the yaml library). */
export function readSimpleYamlByLines(text: string): SimpleYaml | undefined {
  // Tabs, carriage returns, byte order marks and other unusual characters are left to the library.
  if (/[\t\r\uFEFF\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/.test(text)) return undefined;
  const lines = contentLines(text);
  if (lines === undefined || lines.length === 0) return undefined;
  const reader = new Reader(lines);
  try {
    const first = lines[0];
    if (first === undefined || first.indent !== 0 || isSeqItem(first.text)) return undefined;
    const value = reader.mapping(0, 0, undefined);
    if (reader.pos !== lines.length) return undefined;
    return { value, services: reader.servicesItems };
  } catch (err: unknown) {
    if (err === OUTSIDE) return undefined;
    throw err;
  }
}

/** The lines with content (not blank, not only a comment); undefined when a line is outside the subset. */
function contentLines(text: string): Line[] | undefined {
  const lines: Line[] = [];
  let start = 0;
  const n = text.length;
  while (start < n) {
    let eol = text.indexOf('\n', start);
    if (eol < 0) eol = n;
    let indent = start;
    while (indent < eol && text.charCodeAt(indent) === 32) indent++;
    if (indent < eol && text.charCodeAt(indent) !== 35 /* # */) {
      const content = text.slice(indent, eol);
      // Directives and document markers.
      if (indent === start && (content.startsWith('---') || content.startsWith('...') || content.startsWith('%'))) return undefined;
      lines.push({ start, next: eol < n ? eol + 1 : n, indent: indent - start, text: content });
    }
    start = eol + 1;
  }
  return lines;
}

function isSeqItem(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

/** Characters of a key: letters, digits, `_`, `$`, `.`, `/`, `-` (single spaces between words allowed). */
const KEY_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$./-') KEY_CHAR[c.charCodeAt(0)] = 1;

/**
 * `key: rest` or `key:` with a plain key (no indicator first, no `: ` or ` #` inside): the key and
 * the rest after the spaces, or undefined when the line is not such an entry.
 */
function splitKey(content: string): { key: string; rest: string } | undefined {
  const n = content.length;
  const c0 = content.charCodeAt(0);
  if (!(c0 < 128 && KEY_CHAR[c0] === 1) || c0 === 46 /* . */ || c0 === 47 /* / */ || c0 === 45 /* - */) return undefined;
  let i = 1;
  for (; i < n; i++) {
    const c = content.charCodeAt(i);
    if (c < 128 && KEY_CHAR[c] === 1) continue;
    if (c === 32 && i + 1 < n) {
      const d = content.charCodeAt(i + 1);
      if (d < 128 && KEY_CHAR[d] === 1) continue;
    }
    break;
  }
  if (i >= n || content.charCodeAt(i) !== 58 /* : */) return undefined;
  const key = content.slice(0, i);
  if (i + 1 === n) return { key, rest: '' };
  if (content.charCodeAt(i + 1) !== 32) return undefined;
  let j = i + 2;
  while (j < n && content.charCodeAt(j) === 32) j++;
  return { key, rest: content.slice(j) };
}

/** Keys seen before, and whether the core schema reads them as strings. */
const stringKeys = new Map<string, boolean>();

class Reader {
  public pos = 0;
  public servicesItems: ItemRange[] | undefined;

  public constructor(private readonly lines: readonly Line[]) {}

  /**
   * A block mapping whose keys are at column `indent`. `inline`, when given, is the first entry's
   * text when it starts on a list item's line (`- name: api`), at column `indent`.
   */
  public mapping(indent: number, depth: number, inline: string | undefined): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw OUTSIDE;
    const out: Record<string, unknown> = {};
    let pending = inline;
    for (;;) {
      let content: string;
      if (pending !== undefined) {
        content = pending;
        pending = undefined;
      } else {
        const line = this.lines[this.pos];
        if (line === undefined || line.indent < indent) break;
        if (line.indent > indent || isSeqItem(line.text)) throw OUTSIDE;
        content = line.text;
      }
      const entry = splitKey(content);
      if (entry === undefined) throw OUTSIDE;
      const key = entry.key;
      if (!isStringKey(key) || Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__') throw OUTSIDE;
      const rest = stripComment(entry.rest);
      this.pos++;
      if (rest !== '') {
        out[key] = inlineValue(rest);
        this.noDeeperLine(indent);
        continue;
      }
      const next = this.lines[this.pos];
      if (next !== undefined && next.indent > indent) {
        out[key] = this.block(next.indent, depth + 1, indent === 0 && key === 'services');
      } else if (next !== undefined && next.indent === indent && isSeqItem(next.text)) {
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
    const out: unknown[] = [];
    const ranges: ItemRange[] = [];
    for (;;) {
      const line = this.lines[this.pos];
      if (line === undefined || line.indent < indent) break;
      if (line.indent > indent) throw OUTSIDE;
      // A list at its parent key's column ends at the parent's next key.
      if (!isSeqItem(line.text)) break;
      // `- ` then the item's content; nested lists on the same line and empty items are left out.
      let offset = 1;
      while (line.text.charCodeAt(offset) === 32) offset++;
      const rest = line.text.slice(offset);
      if (rest === '' || rest.startsWith('#') || rest.startsWith('-')) throw OUTSIDE;
      if (splitKey(rest) !== undefined) {
        out.push(this.mapping(indent + offset, depth + 1, rest));
      } else {
        this.pos++;
        out.push(inlineValue(stripComment(rest)));
        this.noDeeperLine(indent);
      }
      const last = this.lines[this.pos - 1];
      if (record && last !== undefined) ranges.push({ start: line.start, end: last.next });
    }
    if (record) this.servicesItems = ranges;
    return out;
  }

  private block(indent: number, depth: number, record: boolean): unknown {
    const line = this.lines[this.pos];
    if (line === undefined) throw OUTSIDE;
    return isSeqItem(line.text) ? this.sequence(indent, depth, record) : this.mapping(indent, depth, undefined);
  }

  /** A value on one line may not continue on deeper lines (multi-line scalars are left out). */
  private noDeeperLine(indent: number): void {
    const next = this.lines[this.pos];
    if (next !== undefined && next.indent > indent) throw OUTSIDE;
  }
}

/** `text` without a trailing comment (` #...`) and trailing spaces. Quotes are handled by the value readers. */
function stripComment(text: string): string {
  let end = text.length;
  const c0 = text.charCodeAt(0);
  if (c0 !== 34 && c0 !== 39) {
    const hash = text.indexOf(' #');
    if (hash >= 0) end = hash;
  }
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

/** A value written on one line: a quoted or plain scalar, or a flow list or mapping of scalars. */
function inlineValue(text: string): unknown {
  const c = text.charCodeAt(0);
  if (c === 91 /* [ */) return flowSequence(text);
  if (c === 123 /* { */) return flowMapping(text);
  if (c === 34 || c === 39) {
    const q = quoted(text, 0);
    endOfValue(text, q.end);
    return q.value;
  }
  return plain(text, false);
}

/** Only spaces, or spaces and a comment, may follow a value that ends at `end`. */
function endOfValue(text: string, end: number): void {
  const rest = text.slice(end);
  if (rest.trim() !== '' && !/^ +#/.test(rest)) throw OUTSIDE;
}

/** A quoted scalar starting at `at` on one line, without escapes: its value and the offset past it. */
function quoted(text: string, at: number): { value: string; end: number } {
  const q = text[at];
  if (q === '"') {
    const close = text.indexOf('"', at + 1);
    if (close < 0) throw OUTSIDE;
    const value = text.slice(at + 1, close);
    if (value.includes('\\')) throw OUTSIDE;
    return { value, end: close + 1 };
  }
  let value = '';
  let i = at + 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close < 0) throw OUTSIDE;
    value += text.slice(i, close);
    if (text[close + 1] === "'") {
      value += "'";
      i = close + 2;
      continue;
    }
    return { value, end: close + 1 };
  }
}

/** Characters a plain scalar may not start with (YAML indicators), and `-`, `?`, `:` (left out). */
const PLAIN_FIRST_EXCLUDED = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

/** A plain scalar resolved by the YAML 1.2 core schema; `flow` adds the flow indicators to what it may not hold. */
function plain(text: string, flow: boolean): unknown {
  if (text === '') throw OUTSIDE;
  if (PLAIN_FIRST_EXCLUDED.has(text[0] ?? '')) throw OUTSIDE;
  if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) throw OUTSIDE;
  if (flow && /[,[\]{}:]/.test(text)) throw OUTSIDE;
  return resolvePlain(text);
}

/** True for a key the core schema reads as a string (other keys are left to the library). */
function isStringKey(key: string): boolean {
  let known = stringKeys.get(key);
  if (known === undefined) {
    known = !PLAIN_FIRST_EXCLUDED.has(key[0] ?? '') && typeof resolvePlainOrOutside(key) === 'string';
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
const MAYBE_NOT_STRING = new Set(['~', 'n', 'N', 't', 'T', 'f', 'F', '-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

function resolvePlain(text: string): unknown {
  if (!MAYBE_NOT_STRING.has(text[0] ?? '~')) return text;
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

/** The items of a one-line flow collection between `open` and its `close`: their texts, trimmed. */
function flowItems(text: string, close: string): string[] {
  const items: string[] = [];
  const n = text.length;
  let start = 1;
  let i = 1;
  for (;;) {
    if (i >= n) throw OUTSIDE;
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      // A quoted scalar: an item, or the value of a `key: ` in a flow mapping.
      const before = text.slice(start, i).trim();
      if (before !== '' && !before.endsWith(':')) throw OUTSIDE;
      i = quoted(text, i).end;
      continue;
    }
    if (c === 91 || c === 93 || c === 123 || c === 125) {
      if (text[i] !== close) throw OUTSIDE;
      endOfValue(text, i + 1);
      const last = text.slice(start, i).trim();
      if (last !== '' || items.length > 0) items.push(last);
      return items;
    }
    if (c === 44) {
      items.push(text.slice(start, i).trim());
      start = i + 1;
    } else if (c === 35 && (i === start || text.charCodeAt(i - 1) === 32)) {
      throw OUTSIDE;
    }
    i++;
  }
}

function flowScalar(item: string): unknown {
  if (item === '') throw OUTSIDE;
  const c = item.charCodeAt(0);
  if (c === 34 || c === 39) {
    const q = quoted(item, 0);
    if (q.end !== item.length) throw OUTSIDE;
    return q.value;
  }
  return plain(item, true);
}

function flowSequence(text: string): unknown[] {
  return flowItems(text, ']').map(flowScalar);
}

/** A key of a flow mapping: key characters only, not starting with `.`, `/` or `-`. */
function isFlowKey(key: string): boolean {
  const c0 = key.charCodeAt(0);
  if (key.length === 0 || c0 === 46 || c0 === 47 || c0 === 45) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!(c < 128 && KEY_CHAR[c] === 1)) return false;
  }
  return true;
}

function flowMapping(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of flowItems(text, '}')) {
    const colon = item.indexOf(': ');
    if (colon <= 0) throw OUTSIDE;
    const key = item.slice(0, colon);
    if (!isFlowKey(key) || !isStringKey(key) || key === '__proto__' || Object.prototype.hasOwnProperty.call(out, key)) throw OUTSIDE;
    out[key] = flowScalar(item.slice(colon + 2).trim());
  }
  return out;
}
