import { INDENT_STEP, renderNumber, renderString } from './scalars';

/** yaml@2 writes a key longer than this as an explicit `? key` entry. */
const MAX_IMPLICIT_KEY_LENGTH = 1024;

/** Thrown inside the renderer when a value is outside the JSON-like domain it reproduces exactly. */
class OutsideDomain extends Error {}

const OUTSIDE_DOMAIN = new OutsideDomain('value outside the JSON-like domain');

type PlainObject = { readonly [key: string]: unknown };

/** Indentation strings by depth, built once. */
const indents: string[] = [''];

function indentAt(depth: number): string {
  let s = indents[depth];
  if (s === undefined) {
    s = INDENT_STEP.repeat(depth);
    indents[depth] = s;
  }
  return s;
}

/**
 * Appends one document to `out` as yaml@2 writes it with cdk8s's options (but for the three kinds
 * of string `renderString` quotes so that they read back), for JSON-like data only:
 * a plain object or array at the top, and below it plain objects, arrays, strings, numbers,
 * booleans, `null` and `undefined` (written as `null`, as `keepUndefined: true` does). Each object
 * or array may appear once (yaml@2 would write anchors and aliases for a repeated one).
 *
 * The pieces appended, joined, are the document text ending in a newline.
 *
 * @returns false, with `out` as it was, when the value is outside that domain and must be
 *   written by yaml@2 itself
 */
export function appendDocument(doc: unknown, out: string[]): boolean {
  if (!isPlainObject(doc) && !isPlainArray(doc)) return false;
  const mark = out.length;
  try {
    appendCollection(doc, 0, documentSeen, out);
  } catch (err: unknown) {
    if (err instanceof OutsideDomain) {
      out.length = mark;
      return false;
    }
    throw err;
  } finally {
    documentSeen.reset();
  }
  out.push('\n');
  return true;
}

/** {@link appendDocument} as a string, or `undefined` when the value is outside its domain. */
export function renderDocument(doc: unknown): string | undefined {
  const out: string[] = [];
  return appendDocument(doc, out) ? out.join('') : undefined;
}

function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

function isPlainArray(value: unknown): value is readonly unknown[] {
  return (
    Array.isArray(value) &&
    Object.getPrototypeOf(value) === Array.prototype &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function' &&
    value[Symbol.iterator] === Array.prototype[Symbol.iterator]
  );
}

/**
 * Appends a plain object or array whose items sit at `depth` levels of indentation; the first
 * line carries no indentation (the caller has written it, or a `- ` before it).
 */
/**
 * The collections of one document met so far, to find one that appears twice. A manifest holds a
 * handful of them, for which a list is quicker than a `Set`; past {@link Seen.LIST_LIMIT} a `Set`
 * takes over.
 */
class Seen {
  private static readonly LIST_LIMIT = 32;
  private readonly list: object[] = [];
  private set: Set<object> | undefined;

  /** Forgets everything, for the next document. */
  public reset(): void {
    this.list.length = 0;
    this.set = undefined;
  }

  /** Records `value`; false when it was met before. */
  public add(value: object): boolean {
    const set = this.set;
    if (set !== undefined) {
      if (set.has(value)) return false;
      set.add(value);
      return true;
    }
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (list[i] === value) return false;
    list.push(value);
    if (list.length > Seen.LIST_LIMIT) this.set = new Set(list);
    return true;
  }
}

/** The collections of the document being written (documents are written one at a time). */
const documentSeen = new Seen();

function appendCollection(value: PlainObject | readonly unknown[], depth: number, seen: Seen, out: string[]): void {
  if (!seen.add(value)) throw OUTSIDE_DOMAIN;
  if (Array.isArray(value)) appendSequence(value, depth, seen, out);
  else appendMapping(value as PlainObject, Object.keys(value), depth, seen, out);
}

/** `'\n'` and the indentation of each depth, built once. */
const lineStarts: string[] = [];

function lineStartAt(depth: number): string {
  let s = lineStarts[depth];
  if (s === undefined) {
    s = '\n' + indentAt(depth);
    lineStarts[depth] = s;
  }
  return s;
}

/** `'\n'`, the indentation of each depth and `- `: the start of every sequence item but the first. */
const itemStarts: string[] = [];

function itemStartAt(depth: number): string {
  let s = itemStarts[depth];
  if (s === undefined) {
    s = lineStartAt(depth) + '- ';
    itemStarts[depth] = s;
  }
  return s;
}

/**
 * The text that leads a mapping entry, for each way the entry can go on: the rendered key with the
 * line break and indentation before it (every entry but the first) or without (the first), and
 * with the `: ` of a value on the same line or the `:` and line break of a nested collection.
 */
interface KeyPieces {
  readonly first: string;
  readonly next: string;
  readonly firstInline: string;
  readonly nextInline: string;
  readonly firstNested: string;
  readonly nextNested: string;
}

/** Key pieces by depth, then key: the same keys come back in every manifest. Bounded per depth. */
const keyPieceCaches: Array<Map<string, KeyPieces>> = [];
const KEY_PIECE_CACHE_LIMIT = 1024;

function keyPiecesAt(key: string, depth: number): KeyPieces {
  let cache = keyPieceCaches[depth];
  if (cache === undefined) {
    cache = new Map();
    keyPieceCaches[depth] = cache;
  }
  let pieces = cache.get(key);
  if (pieces !== undefined) return pieces;
  const keyText = renderString(key, indentAt(depth + 1), true);
  if (keyText.length > MAX_IMPLICIT_KEY_LENGTH) throw OUTSIDE_DOMAIN;
  const lineStart = lineStartAt(depth);
  const nested = ':' + lineStartAt(depth + 1);
  pieces = {
    first: keyText,
    next: lineStart + keyText,
    firstInline: keyText + ': ',
    nextInline: lineStart + keyText + ': ',
    firstNested: keyText + nested,
    nextNested: lineStart + keyText + nested,
  };
  if (cache.size < KEY_PIECE_CACHE_LIMIT) cache.set(key, pieces);
  return pieces;
}

/** Appends a plain object with its own enumerable `keys` (what `Object.keys` gives). */
function appendMapping(map: PlainObject, keys: readonly string[], depth: number, seen: Seen, out: string[]): void {
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  const childIndent = indentAt(depth + 1);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const k = keyPiecesAt(key, depth);
    const value = map[key];
    // A non-empty collection starts on the next line; an empty one is `{}` or `[]` after the key.
    // (Scalars, the most common values, are told apart first, with no call.)
    if (typeof value !== 'object' || value === null) {
      const text = renderScalar(value, childIndent);
      // A block scalar (or nothing) follows the colon directly.
      if (text === '' || text.charCodeAt(0) === 0x0a) out.push(i > 0 ? k.next : k.first, ':', text);
      else out.push(i > 0 ? k.nextInline : k.firstInline, text);
    } else if (isPlainArray(value)) {
      if (!seen.add(value)) throw OUTSIDE_DOMAIN;
      if (value.length === 0) out.push(i > 0 ? k.nextInline : k.firstInline, '[]');
      else {
        out.push(i > 0 ? k.nextNested : k.firstNested);
        appendSequence(value, depth + 1, seen, out);
      }
    } else if (isPlainObject(value)) {
      if (!seen.add(value)) throw OUTSIDE_DOMAIN;
      const valueKeys = Object.keys(value);
      if (valueKeys.length === 0) out.push(i > 0 ? k.nextInline : k.firstInline, '{}');
      else {
        out.push(i > 0 ? k.nextNested : k.firstNested);
        appendMapping(value, valueKeys, depth + 1, seen, out);
      }
    } else {
      throw OUTSIDE_DOMAIN; // a class instance, Date, Map, ...
    }
  }
}

function appendSequence(seq: readonly unknown[], depth: number, seen: Seen, out: string[]): void {
  if (seq.length === 0) {
    out.push('[]');
    return;
  }
  const itemStart = itemStartAt(depth);
  const childIndent = indentAt(depth + 1);
  for (let i = 0; i < seq.length; i++) {
    out.push(i > 0 ? itemStart : '- ');
    const item = seq[i];
    if (typeof item !== 'object' || item === null) out.push(renderScalar(item, childIndent));
    else if (isPlainObject(item) || isPlainArray(item)) appendCollection(item, depth + 1, seen, out);
    else throw OUTSIDE_DOMAIN; // a class instance, Date, Map, ...
  }
}

function renderScalar(value: unknown, indent: string): string {
  switch (typeof value) {
    case 'string':
      return renderString(value, indent, false);
    case 'number':
      return renderNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      if (value === null) return 'null';
      throw OUTSIDE_DOMAIN;
    default:
      throw OUTSIDE_DOMAIN;
  }
}
