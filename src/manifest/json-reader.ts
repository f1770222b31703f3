import type { LineNode } from './field-lines';
import { MAX_NESTING_DEPTH } from './limits';
import type { JsonValue } from './types';

/**
 * A fast path for JSON manifests: `JSON.parse` reads the value, and lines are found by a small
 * tokenizer only when asked for. A text is taken only when it is one JSON object whose reading by
 * `JSON.parse` is the reading of the full YAML reader: no repeated key (counted, not assumed), no
 * `-0`, no number JSON cannot hold, nesting within {@link MAX_NESTING_DEPTH}. Anything else goes to
 * the YAML readers.
 */

/** A JSON object read by `JSON.parse`, and where it starts. */
export interface JsonDocument {
  readonly value: Record<string, JsonValue>;
  /** Offset of the opening `{`. */
  readonly start: number;
}

/** `text` read as one JSON object, or undefined when the YAML readers must read it. */
export function readJson(text: string): JsonDocument | undefined {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  if (text.charCodeAt(start) !== 0x7b) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const counted = countMembers(value, 0);
  if (counted === undefined || counted !== memberSeparators(text)) return undefined;
  return { value: value as Record<string, JsonValue>, start };
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Object members in `value`, or undefined when it holds `-0`, a non-finite number or nests too deep. */
function countMembers(value: unknown, depth: number): number | undefined {
  if (typeof value === 'number') return Object.is(value, -0) || !Number.isFinite(value) ? undefined : 0;
  if (typeof value !== 'object' || value === null) return 0;
  if (depth >= MAX_NESTING_DEPTH) return undefined;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const c = countMembers(item, depth + 1);
      if (c === undefined) return undefined;
      n += c;
    }
    return n;
  }
  for (const key of Object.keys(value)) {
    const c = countMembers((value as Record<string, unknown>)[key], depth + 1);
    if (c === undefined) return undefined;
    n += c + 1;
  }
  return n;
}

/**
 * The `:` that follow a closing quote (after optional white space): at least one per object member
 * written, repeated keys included. A string value that starts with `:` is counted too, so the count
 * can only be too high, never too low: equal to the members read means no key was repeated.
 */
function memberSeparators(text: string): number {
  let n = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    let q = colon - 1;
    while (q >= 0 && isSpace(text.charCodeAt(q))) q--;
    if (text.charCodeAt(q) !== 0x22) continue;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) n++;
  }
  return n;
}

/** Lines of the items of a `List` object, read on demand (one pass over the text). */
export interface JsonItemIndex {
  /** Line and offset of each item of the top-level `items` array. */
  readonly items: ReadonlyArray<{ readonly line: number; readonly start: number }>;
  /** Line of the `items` key. */
  readonly itemsLine: number;
}

/** The items of the top-level `items` array of the object at `start`. */
export function indexItems(text: string, start: number): JsonItemIndex {
  const t = new Tokens(text, 0, 1);
  t.pos = start;
  const items: Array<{ line: number; start: number }> = [];
  let itemsLine = t.lineAt(start);
  t.expect(0x7b);
  t.ws();
  if (t.peek() === 0x7d) return { items, itemsLine };
  for (;;) {
    t.ws();
    const keyAt = t.pos;
    const key = t.string();
    t.ws();
    t.expect(0x3a);
    t.ws();
    if (key === 'items' && t.peek() === 0x5b) {
      itemsLine = t.lineAt(keyAt);
      items.length = 0;
      t.expect(0x5b);
      t.ws();
      if (t.peek() !== 0x5d) {
        for (;;) {
          t.ws();
          items.push({ line: t.lineAt(t.pos), start: t.pos });
          t.skip();
          t.ws();
          if (t.peek() === 0x2c) t.pos++;
          else break;
        }
      }
      t.expect(0x5d);
    } else {
      t.skip();
    }
    t.ws();
    if (t.peek() === 0x2c) t.pos++;
    else break;
  }
  return { items, itemsLine };
}

/** The line tree of the JSON value at `start`, on line `line` (a line per key and per item). */
export function jsonLines(text: string, start: number, line: number): LineNode {
  return new Tokens(text, start, line).lines();
}

/** A cursor over JSON text already known to be valid. */
class Tokens {
  private lineOffset: number;

  /** A cursor at `pos`, which is on line `line`. */
  public constructor(
    private readonly text: string,
    public pos: number,
    private line: number,
  ) {
    this.lineOffset = pos;
  }

  /** 1-based line of `offset` (offsets asked for only grow). */
  public lineAt(offset: number): number {
    for (let nl = this.text.indexOf('\n', this.lineOffset); nl !== -1 && nl < offset; nl = this.text.indexOf('\n', nl + 1)) {
      this.line++;
      this.lineOffset = nl + 1;
    }
    if (this.lineOffset < offset) this.lineOffset = offset;
    return this.line;
  }

  public peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  public ws(): void {
    while (isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  public expect(c: number): void {
    if (this.text.charCodeAt(this.pos) === c) this.pos++;
  }

  /** Reads a string token and returns its value. */
  public string(): string {
    const begin = this.pos;
    this.skipString();
    return JSON.parse(this.text.slice(begin, this.pos)) as string;
  }

  private skipString(): void {
    let i = this.pos + 1;
    for (;;) {
      const q = this.text.indexOf('"', i);
      if (q === -1) {
        this.pos = this.text.length;
        return;
      }
      let slashes = 0;
      while (this.text.charCodeAt(q - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) {
        this.pos = q + 1;
        return;
      }
      i = q + 1;
    }
  }

  /** Skips one value. */
  public skip(): void {
    const c = this.peek();
    if (c === 0x22) return this.skipString();
    if (c === 0x7b || c === 0x5b) {
      // Brackets balance in valid JSON once strings are stepped over.
      let depth = 0;
      const brackets = /["{}[\]]/g;
      brackets.lastIndex = this.pos;
      for (let m = brackets.exec(this.text); m !== null; m = brackets.exec(this.text)) {
        const b = this.text.charCodeAt(m.index);
        if (b === 0x22) {
          this.pos = m.index;
          this.skipString();
          brackets.lastIndex = this.pos;
        } else if (b === 0x7b || b === 0x5b) {
          depth++;
        } else if (--depth === 0) {
          this.pos = m.index + 1;
          return;
        }
      }
      this.pos = this.text.length;
      return;
    }
    while (this.pos < this.text.length) {
      const d = this.text.charCodeAt(this.pos);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
      this.pos++;
    }
  }

  /** Reads one value's line tree. */
  public lines(): LineNode {
    this.ws();
    const line = this.lineAt(this.pos);
    const c = this.peek();
    if (c === 0x7b) {
      const children = new Map<string, LineNode>();
      this.pos++;
      this.ws();
      if (this.peek() === 0x7d) {
        this.pos++;
        return { line, children };
      }
      for (;;) {
        this.ws();
        const keyLine = this.lineAt(this.pos);
        const key = this.string();
        this.ws();
        this.expect(0x3a);
        const value = this.lines();
        children.set(key, value.children === undefined ? { line: keyLine } : { line: keyLine, children: value.children });
        this.ws();
        if (this.peek() === 0x2c) this.pos++;
        else break;
      }
      this.expect(0x7d);
      return { line, children };
    }
    if (c === 0x5b) {
      const children: LineNode[] = [];
      this.pos++;
      this.ws();
      if (this.peek() === 0x5d) {
        this.pos++;
        return { line, children };
      }
      for (;;) {
        children.push(this.lines());
        this.ws();
        if (this.peek() === 0x2c) this.pos++;
        else break;
      }
      this.expect(0x5d);
      return { line, children };
    }
    this.skip();
    return { line };
  }
}
