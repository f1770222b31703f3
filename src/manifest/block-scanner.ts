import { type DuplicateKey, type PathPart, isMapEntry, FIELD_NAME } from './decode-document';
import type { LineNode } from './field-lines';
import { MAX_NESTING_DEPTH } from './limits';
import { jsonKey, resolvePlainScalar } from './scalar';
import type { JsonValue } from './types';

/**
 * A fast reader for the YAML most manifests are written in: block mappings and sequences, plain
 * and quoted one-line scalars, empty `[]`/`{}`, comments and `---` markers. A document that uses
 * anything else (anchors, aliases, tags, flow collections with content, block scalars, multi-line
 * scalars, complex keys, tabs, carriage returns…) is left to the full reader (`parse.ts`): the
 * scanner says so rather than guess, so on what it reads it gives exactly what the full reader
 * gives (values, lines, duplicate keys). Values are read without line information; lines are read
 * again, for one document, only when asked for.
 */

/** One document of a file, as the scanner found it. */
export interface ScannedDocument {
  /** Offset where the document's text starts (after its `---` line, if any). */
  readonly start: number;
  /** Offset where the document's text ends (the start of the next marker line, or the text's end). */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly startLine: number;
  /**
   * The document's value (a mapping), `'full'` when the document needs the full reader, or
   * `'separator'` when its `---` line holds more than a comment (kubectl refuses that: "invalid
   * Yaml document separator"). Empty documents are not listed.
   */
  readonly value: JsonObject | 'full' | 'separator' | 'too-deep';
  /** 1-based line where the value starts. */
  readonly line: number;
  /** True when a mapping of the document repeats a key (read the lines for the details). */
  readonly duplicates: boolean;
  /** The lines of the items of the document's top-level `items` sequence, if it has one. */
  readonly itemLines: readonly number[] | undefined;
}

type JsonObject = Record<string, JsonValue>;

/** The lines of one document, and its repeated keys. */
export interface ScannedLines {
  readonly lines: LineNode;
  readonly duplicates: readonly DuplicateKey[];
}

/**
 * Splits `text` into documents and reads each one the scanner can read. undefined when the whole
 * text must go to the full reader (it holds a directive, or a character the scanner leaves alone).
 */
export function scanDocuments(text: string): ScannedDocument[] | undefined {
  const unscannable = unscannableOffsets(text);
  let nextUnscannable = 0;
  const docs: ScannedDocument[] = [];
  const builder = new Builder(text, false);
  let docStart = 0;
  let docStartLine = 1;
  let failed = false;
  let badSeparator = false;
  let ended = false; // after `...`: only comments until the next `---`
  let pos = 0;
  let line = 1;
  const finish = (end: number): void => {
    // A character the scanner leaves alone inside the document: the full reader reads it.
    while (nextUnscannable < unscannable.length && (unscannable[nextUnscannable] ?? 0) < docStart) nextUnscannable++;
    if (nextUnscannable < unscannable.length && (unscannable[nextUnscannable] ?? 0) < end) failed = true;
    if (builder.tooDeepAt !== undefined) {
      docs.push({ start: docStart, end, startLine: docStartLine, value: 'too-deep', line: builder.tooDeepAt, duplicates: false, itemLines: undefined });
    } else if (badSeparator) {
      docs.push({ start: docStart, end, startLine: docStartLine, value: 'separator', line: docStartLine, duplicates: false, itemLines: undefined });
    } else if (failed) {
      docs.push({ start: docStart, end, startLine: docStartLine, value: 'full', line: docStartLine, duplicates: false, itemLines: undefined });
    } else {
      const root = builder.finish();
      if (root !== undefined) docs.push({ start: docStart, end, startLine: docStartLine, value: root, line: builder.rootLine, duplicates: builder.duplicates, itemLines: builder.itemLines });
    }
    failed = false;
    badSeparator = false;
    builder.reset();
  };
  const length = text.length;
  while (pos < length) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = length;
    const end = eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
    const c = text.charCodeAt(pos);
    if ((c === DASH || c === DOT) && isMarker(text, pos, end)) {
      // `--- # note` is a marker; after `--- value` kubectl reads nothing more of the document.
      const bad = !restIsComment(text, pos + 3, end);
      if (bad && c === DOT) return undefined;
      finish(pos);
      if (bad) {
        // kubectl reads nothing more of the input.
        docs.push({ start: pos, end: eol, startLine: line, value: 'separator', line, duplicates: false, itemLines: undefined });
        return docs;
      }
      ended = c === DOT;
      docStart = bad ? pos : eol + 1;
      docStartLine = bad ? line : line + 1;
      badSeparator = bad;
      failed = bad;
    } else if (c === PERCENT) {
      return undefined;
    } else if (!failed) {
      let indent = 0;
      while (text.charCodeAt(pos + indent) === SPACE) indent++;
      const first = pos + indent;
      if (first < end && text.charCodeAt(first) !== HASH) {
        if (ended) return undefined; // a bare document after `...`
        if (!builder.line(first, indent, end, line)) failed = true;
      }
    }
    pos = eol + 1;
    line++;
  }
  finish(length);
  return docs;
}

/**
 * The lines and repeated keys of one document that {@link scanDocuments} read. undefined only if
 * the document is not one the scanner reads (which {@link scanDocuments} has ruled out).
 */
export function scanLines(text: string, doc: ScannedDocument): ScannedLines | undefined {
  const builder = new Builder(text, true);
  let pos = doc.start;
  let line = doc.startLine;
  while (pos < doc.end) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1 || eol > doc.end) eol = doc.end;
    const end = eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
    let indent = 0;
    while (text.charCodeAt(pos + indent) === SPACE) indent++;
    const first = pos + indent;
    if (first < end && text.charCodeAt(first) !== HASH && !builder.line(first, indent, end, line)) return undefined;
    pos = eol + 1;
    line++;
  }
  if (builder.finish() === undefined) return undefined;
  return { lines: builder.rootLines(), duplicates: builder.duplicateKeys };
}

/** Offsets of the characters the scanner leaves to the full reader, in order. */
function unscannableOffsets(text: string): number[] {
  const offsets: number[] = [];
  UNSCANNABLE.lastIndex = 0;
  for (let m = UNSCANNABLE.exec(text); m !== null; m = UNSCANNABLE.exec(text)) offsets.push(m.index);
  return offsets;
}

/** Characters that send a document to the full reader: tab, CR not before LF, NEL, LS, PS, BOM. */
const UNSCANNABLE = /[\t\u0085\u2028\u2029\ufeff]|\r(?!\n)/g;

const SPACE = 0x20;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const DOT = 0x2e;
const PERCENT = 0x25;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;

/** True when the line at `pos` starts with `---` or `...` followed by a space or its end. */
function isMarker(text: string, pos: number, eol: number): boolean {
  const c = text.charCodeAt(pos);
  if (text.charCodeAt(pos + 1) !== c || text.charCodeAt(pos + 2) !== c) return false;
  return pos + 3 === eol || text.charCodeAt(pos + 3) === SPACE;
}

/** True when `text[from, eol)` is spaces, optionally followed by a comment after a space. */
function restIsComment(text: string, from: number, eol: number): boolean {
  let i = from;
  while (i < eol && text.charCodeAt(i) === SPACE) i++;
  return i === eol || (text.charCodeAt(i) === HASH && i > from);
}

/**
 * Characters that cannot start a plain scalar here (YAML indicators), other than `-`, `?` and `:`
 * which may when followed by a non-space.
 */
function startsSpecial(c: number): boolean {
  switch (c) {
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x2c: // ,
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case DQUOTE:
    case SQUOTE:
    case PERCENT:
    case 0x40: // @
    case 0x60: // `
      return true;
    default:
      return false;
  }
}

/** Longest implicit key, as YAML allows it. */
const MAX_KEY_LENGTH = 1024;

interface PathLink {
  readonly parent: PathLink | undefined;
  readonly part: PathPart;
}

interface Frame {
  readonly seq: boolean;
  /** Column of the keys (mapping) or of the `-` indicators (sequence). */
  readonly indent: number;
  readonly map: JsonObject | undefined;
  readonly items: JsonValue[] | undefined;
  /** A sequence that is the value of a key at the same column as that key. */
  readonly atKeyColumn: boolean;
  /** Lines mode: the lines of the entries or items. */
  readonly lineMap: Map<string, LineNode> | undefined;
  /** Lines mode: the line where each key was first given. */
  readonly firstLines: Map<string, number> | undefined;
  readonly lineItems: LineNode[] | undefined;
  /** Lines mode: the path of this container, and the key it sits under (for map-entry paths). */
  readonly path: PathLink | undefined;
  readonly name: string | undefined;
  /** The top-level `items` sequence, whose item lines are recorded. */
  readonly recordItems: boolean;
  /**
   * Lines mode: the repetition of the key this container is the value of, reported when the
   * container closes (after what it holds), in the order the full reader reports repetitions.
   */
  onClose?: DuplicateKey;
}

/** A key or `-` whose value starts on a later line. */
interface Pending {
  readonly frame: Frame;
  /** The key (mapping) or undefined (sequence item). */
  readonly key: string | undefined;
  /** Line of the key, or of the `-`. */
  readonly line: number;
}

class Builder {
  public duplicates = false;
  public readonly duplicateKeys: DuplicateKey[] = [];
  public rootLine = 0;
  public itemLines: number[] | undefined;
  /** The line where nesting went past {@link MAX_NESTING_DEPTH}, if it did. */
  public tooDeepAt: number | undefined;
  private stack: Frame[] = [];
  private root: JsonObject | undefined;
  private rootLineMap: Map<string, LineNode> | undefined;
  private pending: Pending | undefined;

  public constructor(
    private readonly text: string,
    private readonly withLines: boolean,
  ) {}

  public reset(): void {
    this.duplicates = false;
    this.duplicateKeys.length = 0;
    this.rootLine = 0;
    this.itemLines = undefined;
    this.tooDeepAt = undefined;
    this.stack = [];
    this.root = undefined;
    this.rootLineMap = undefined;
    this.pending = undefined;
  }

  /** The document's root mapping (undefined for an empty document); closes a pending value. */
  public finish(): JsonObject | undefined {
    if (this.pending !== undefined) this.settle(null, undefined, this.pending.line);
    while (this.stack.length > 0) this.close();
    return this.root;
  }

  public rootLines(): LineNode {
    return { line: this.rootLine, children: this.rootLineMap ?? new Map() };
  }

  /**
   * Reads one line with content: `first` is the offset of its first non-space character, `indent`
   * its column, `eol` the offset of its end. False when the document is not one the scanner reads.
   */
  public line(first: number, indent: number, eol: number, line: number): boolean {
    const text = this.text;
    const isItem = text.charCodeAt(first) === DASH && (first + 1 === eol || text.charCodeAt(first + 1) === SPACE);
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      const parent = pending.frame;
      if (indent > parent.indent || (indent === parent.indent && isItem && !parent.seq)) {
        // The pending value is a block that starts on this line.
        if (this.stack.length >= MAX_NESTING_DEPTH) {
          this.tooDeepAt = line;
          return false;
        }
        const frame = this.open(isItem, indent, indent === parent.indent, parent, pending.key);
        this.settle(isItem ? frame.items ?? null : frame.map ?? null, frame.seq ? frame.lineItems : frame.lineMap, pending.key === undefined ? line : pending.line, parent, pending.key, frame);
        this.stack.push(frame);
        return this.content(frame, first, isItem, eol, line);
      }
      this.settle(null, undefined, pending.line, parent, pending.key);
    }
    if (this.root === undefined) {
      if (isItem || this.stack.length > 0) return false; // a document that is a list
      const frame = this.open(false, indent, false, undefined, undefined);
      this.root = frame.map;
      this.rootLineMap = frame.lineMap;
      this.rootLine = line;
      this.stack.push(frame);
      return this.content(frame, first, false, eol, line);
    }
    // Close the containers this line is left of.
    let top = this.stack[this.stack.length - 1];
    while (top !== undefined && (top.indent > indent || (top.atKeyColumn && top.indent === indent && !isItem))) {
      this.close();
      top = this.stack[this.stack.length - 1];
    }
    if (top === undefined || top.indent !== indent || top.seq !== isItem) return false;
    return this.content(top, first, isItem, eol, line);
  }

  /** A new container, its path and name derived from where it sits. */
  private open(seq: boolean, indent: number, atKeyColumn: boolean, parent: Frame | undefined, key: string | undefined): Frame {
    let path: PathLink | undefined;
    if (this.withLines && parent !== undefined) {
      if (key !== undefined) path = { parent: parent.path, part: keyPart(parent.name, key) };
      else path = { parent: parent.path, part: { kind: 'index', name: String((parent.items?.length ?? 1) - 1) } };
    }
    const name = key;
    const recordItems = seq && key === 'items' && parent !== undefined && parent === this.stack[0];
    if (recordItems) this.itemLines = [];
    return {
      recordItems,
      seq,
      indent,
      map: seq ? undefined : {},
      items: seq ? [] : undefined,
      atKeyColumn,
      lineMap: this.withLines && !seq ? new Map() : undefined,
      firstLines: this.withLines && !seq ? new Map() : undefined,
      lineItems: this.withLines && seq ? [] : undefined,
      path,
      name,
    };
  }

  /**
   * Gives the pending key or item its value. For an item, the slot was reserved by `-` (so that
   * nested paths know their index); it is filled here.
   */
  private close(): void {
    const frame = this.stack.pop();
    if (frame?.onClose !== undefined) this.duplicateKeys.push(frame.onClose);
  }

  private settle(value: JsonValue, children: Map<string, LineNode> | LineNode[] | undefined, line: number, frame?: Frame, key?: string, opened?: Frame): void {
    const target = frame ?? this.pending?.frame;
    const k = frame === undefined ? this.pending?.key : key;
    this.pending = undefined;
    if (target === undefined) return;
    if (target.seq) {
      const items = target.items;
      if (items === undefined) return;
      items[items.length - 1] = value;
      if (target.recordItems) this.itemLines?.push(line);
      if (target.lineItems !== undefined) target.lineItems[target.lineItems.length - 1] = children === undefined ? { line } : { line, children };
    } else if (k !== undefined) {
      this.put(target, k, value, children, line, opened);
    }
  }

  private put(frame: Frame, key: string, value: JsonValue, children: Map<string, LineNode> | LineNode[] | undefined, line: number, opened?: Frame): void {
    const map = frame.map;
    if (map === undefined) return;
    const lineMap = frame.lineMap;
    if (Object.prototype.hasOwnProperty.call(map, key)) {
      this.duplicates = true;
      if (lineMap !== undefined) {
        const first = frame.firstLines?.get(key) ?? line;
        const repeated: DuplicateKey = { path: pathParts({ parent: frame.path, part: keyPart(frame.name, key) }), key, line, firstLine: first };
        if (opened !== undefined) opened.onClose = repeated;
        else this.duplicateKeys.push(repeated);
      }
    }
    if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    else map[key] = value;
    if (lineMap !== undefined) {
      lineMap.set(key, children === undefined ? { line } : { line, children });
      if (frame.firstLines?.has(key) === false) frame.firstLines.set(key, line);
    }
  }

  /** Reads what follows the column of `frame` on this line: `key: …` or `- …`. */
  private content(frame: Frame, first: number, isItem: boolean, eol: number, line: number): boolean {
    const text = this.text;
    if (isItem) {
      const items = frame.items;
      if (items === undefined) return false;
      items.push(null);
      frame.lineItems?.push({ line });
      let p = first + 1;
      while (p < eol && text.charCodeAt(p) === SPACE) p++;
      if (p === eol || text.charCodeAt(p) === HASH) {
        this.pending = { frame, key: undefined, line };
        return true;
      }
      const c = text.charCodeAt(p);
      if (c === DASH && (p + 1 === eol || text.charCodeAt(p + 1) === SPACE)) return false; // `- - x`
      const keyEnd = this.keyEnd(p, eol);
      if (keyEnd === -2) return false;
      if (keyEnd >= 0) {
        // `- key: value`: a mapping whose keys sit at the column of `key`.
        if (this.stack.length >= MAX_NESTING_DEPTH) {
          this.tooDeepAt = line;
          return false;
        }
        const inner = this.open(false, frame.indent + (p - first), false, frame, undefined);
        this.settle(inner.map ?? null, inner.lineMap, line, frame, undefined);
        this.stack.push(inner);
        return this.entry(inner, p, keyEnd, eol, line);
      }
      const value = this.scalar(p, eol);
      if (value === undefined) return false;
      if (typeof value === 'symbol') this.settle(value === EMPTY_MAP ? {} : [], this.withLines ? (value === EMPTY_MAP ? new Map() : []) : undefined, line, frame, undefined);
      else this.settle(value, undefined, line, frame, undefined);
      return true;
    }
    const keyEnd = this.keyEnd(first, eol);
    if (keyEnd < 0) return false;
    return this.entry(frame, first, keyEnd, eol, line);
  }

  /**
   * Where the key that starts at `p` ends: the offset of its `:` (followed by a space or the end of
   * the line). -1 when the text at `p` is not a key (a scalar), -2 when the scanner cannot tell.
   */
  private keyEnd(p: number, eol: number): number {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const close = closingQuote(text, p, eol);
      if (close === -1) return -2;
      if (text.charCodeAt(close + 1) === COLON && (close + 2 === eol || text.charCodeAt(close + 2) === SPACE)) return close + 1;
      return -1;
    }
    if (startsSpecial(c) || c === DASH || c === 0x3f /* ? */ || c === COLON) return -1;
    for (let i = p; i < eol; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && (i + 1 === eol || text.charCodeAt(i + 1) === SPACE)) return i;
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** Reads `key: value` where the key spans `[p, colon)`. */
  private entry(frame: Frame, p: number, colon: number, eol: number, line: number): boolean {
    const key = this.key(p, colon);
    if (key === undefined) return false;
    let v = colon + 1;
    while (v < eol && this.text.charCodeAt(v) === SPACE) v++;
    if (v === eol || this.text.charCodeAt(v) === HASH) {
      this.pending = { frame, key, line };
      return true;
    }
    const value = this.scalar(v, eol);
    if (value === undefined) return false;
    if (typeof value === 'symbol') {
      this.put(frame, key, value === EMPTY_MAP ? {} : [], this.withLines ? (value === EMPTY_MAP ? new Map() : []) : undefined, line);
      return true;
    }
    this.put(frame, key, value, undefined, line);
    return true;
  }

  /** The JSON key of the key text `[p, colon)`, or undefined when the scanner leaves it alone. */
  private key(p: number, colon: number): string | undefined {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) return unquote(text, p, colon - 1);
    let end = colon;
    while (end > p && text.charCodeAt(end - 1) === SPACE) end--;
    if (end - p > MAX_KEY_LENGTH) return undefined;
    const raw = text.slice(p, end);
    let key = KEY_CACHE.get(raw);
    if (key === undefined) {
      if (raw === '<<') return undefined; // a merge key
      key = jsonKey(resolvePlainScalar(raw)) ?? null;
      if (KEY_CACHE.size < 10000) KEY_CACHE.set(raw, key);
    }
    return key === null ? undefined : key;
  }

  /**
   * The scalar value starting at `p` and running to the end of the line (or a comment), or
   * undefined when the scanner leaves it alone. `[]` and `{}` give the markers {@link EMPTY_SEQ} and
   * {@link EMPTY_MAP}.
   */
  private scalar(p: number, eol: number): JsonValue | symbol | undefined {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const close = closingQuote(text, p, eol);
      if (close === -1 || !restIsComment(text, close + 1, eol) || (close + 1 < eol && text.charCodeAt(close + 1) !== SPACE)) return undefined;
      return unquote(text, p, close);
    }
    if (c === 0x5b || c === 0x7b) {
      const close = c === 0x5b ? 0x5d : 0x7d;
      let q = p + 1;
      while (q < eol && text.charCodeAt(q) === SPACE) q++;
      if (text.charCodeAt(q) !== close || !restIsComment(text, q + 1, eol) || (q + 1 < eol && text.charCodeAt(q + 1) !== SPACE)) return undefined;
      return c === 0x5b ? EMPTY_SEQ : EMPTY_MAP;
    }
    if (startsSpecial(c)) return undefined;
    if ((c === DASH || c === 0x3f || c === COLON) && (p + 1 === eol || text.charCodeAt(p + 1) === SPACE)) return undefined;
    let end = eol;
    for (let i = p + 1; i < eol; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON && (i + 1 === eol || text.charCodeAt(i + 1) === SPACE)) return undefined; // `a: b: c`
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        end = i;
        break;
      }
    }
    while (end > p && text.charCodeAt(end - 1) === SPACE) end--;
    const raw = text.slice(p, end);
    const resolved = resolvePlainScalar(raw).value;
    if (typeof resolved === 'number' && !Number.isFinite(resolved)) return undefined;
    return resolved;
  }
}

const EMPTY_MAP = Symbol('{}');
const EMPTY_SEQ = Symbol('[]');

/** Resolved plain keys (`null` for a key the scanner leaves alone). */
const KEY_CACHE = new Map<string, string | null>();

function keyPart(parent: string | undefined, key: string): PathPart {
  return isMapEntry(parent, key) || !FIELD_NAME.test(key) ? { kind: 'key', name: key } : { kind: 'field', name: key };
}

function pathParts(link: PathLink | undefined): PathPart[] {
  const parts: PathPart[] = [];
  for (let l = link; l !== undefined; l = l.parent) parts.push(l.part);
  return parts.reverse();
}

/** Offset of the quote closing the one-line quoted scalar at `p`, or -1. */
function closingQuote(text: string, p: number, eol: number): number {
  const quote = text.charCodeAt(p);
  for (let i = p + 1; i < eol; i++) {
    const ch = text.charCodeAt(i);
    if (quote === SQUOTE) {
      if (ch === SQUOTE) {
        if (text.charCodeAt(i + 1) === SQUOTE && i + 1 < eol) i++;
        else return i;
      }
    } else if (ch === BACKSLASH) {
      i++;
    } else if (ch === DQUOTE) {
      return i;
    }
  }
  return -1;
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['0', '\0'],
  ['a', '\x07'],
  ['b', '\b'],
  ['t', '\t'],
  ['n', '\n'],
  ['v', '\v'],
  ['f', '\f'],
  ['r', '\r'],
  ['e', '\x1b'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
  ['N', '\u0085'],
  ['_', '\u00a0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
]);

/** The value of the quoted scalar from the quote at `open` to the one at `close`, or undefined. */
function unquote(text: string, open: number, close: number): string | undefined {
  const body = text.slice(open + 1, close);
  if (text.charCodeAt(open) === SQUOTE) return body.includes("''") ? body.replace(/''/g, "'") : body;
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const slash = body.indexOf('\\', i);
    if (slash === -1) {
      out += body.slice(i);
      break;
    }
    out += body.slice(i, slash);
    const e = body.charAt(slash + 1);
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) {
      out += simple;
      i = slash + 2;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(slash + 2, slash + 2 + width);
    if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
    const code = parseInt(hex, 16);
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return undefined;
    out += String.fromCodePoint(code);
    i = slash + 2 + width;
  }
  return out;
}
