import { INDENT_STEP, renderNumber, renderString } from './scalars';
import { TextSink } from './text-sink';

/** yaml@2 writes a key longer than this as an explicit `? key` entry. */
const MAX_IMPLICIT_KEY_LENGTH = 1024;

/**
 * Collections nested deeper than this are not written: the text of a block-style document grows
 * with the square of its depth (each level indents its lines further), and a writer that goes
 * deeper runs out of stack. Kubernetes objects are a few levels deep.
 */
export const MAX_DOCUMENT_DEPTH = 1000;

/** Thrown by {@link DocumentWriter.append} for a document nested deeper than {@link MAX_DOCUMENT_DEPTH}. */
export class TooDeepError extends Error {
  public constructor() {
    super(`nested more than ${MAX_DOCUMENT_DEPTH} levels deep`);
    this.name = 'TooDeepError';
  }
}

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
 * Writes documents as yaml@2 writes them with cdk8s's options (but for the three kinds of string
 * `renderString` quotes so that they read back), for JSON-like data only: a plain object or array
 * at the top, and below it plain objects, arrays, strings, numbers, booleans, `null` and
 * `undefined` (written as `null`, as `keepUndefined: true` does). Each object or array may appear
 * once in a document (yaml@2 would write anchors and aliases for a repeated one).
 *
 * Documents of one kind are written faster one after the other: the writer remembers what the
 * documents before looked like (see {@link Shape}).
 */
export class DocumentWriter {
  private readonly shape = new Shape();
  private readonly seen = new Seen();

  /** @param out where the text goes */
  public constructor(private readonly out: TextSink) {}

  /**
   * Appends one document, ending in a newline, after `prefix`.
   *
   * @param prefix text to write before the document (such as a document separator)
   * @returns false, with the output as it was (`prefix` not written), when the value is outside
   *   the writer's domain and must be written by yaml@2 itself
   */
  public append(doc: unknown, prefix = ''): boolean {
    const kind = collectionKind(doc);
    if (kind === OTHER || objectPrototypeHasEnumerableKeys()) return false;
    const out = this.out;
    const seen = this.seen;
    const mark = out.mark();
    try {
      seen.add(doc as object);
      if (kind === MAPPING) appendMapping(doc as PlainObject, this.shape, 0, prefix, seen, out);
      else appendSequence(doc as readonly unknown[], this.shape, 0, prefix, seen, out);
    } catch (err: unknown) {
      out.rollBack(mark);
      if (err instanceof OutsideDomain) return false;
      throw err;
    } finally {
      seen.reset();
    }
    out.putFixed('\n');
    return true;
  }
}

/**
 * One document as {@link DocumentWriter.append} writes it, or `undefined` when the value is outside
 * the writer's domain.
 */
export function renderDocument(doc: unknown): string | undefined {
  const out = new TextSink();
  return new DocumentWriter(out).append(doc) ? out.text() : undefined;
}

/** What {@link collectionKind} finds: a plain object, a plain array, or anything else. */
const MAPPING = 0;
const SEQUENCE = 1;
const OTHER = 2;
type CollectionKind = typeof MAPPING | typeof SEQUENCE | typeof OTHER;

const ARRAY_ITERATOR = Array.prototype[Symbol.iterator];

/**
 * Whether `value` is a plain object (prototype `Object.prototype` or `null`) or a plain array
 * (an `Array` with the usual prototype and iterator), neither with a `toJSON` method: the
 * collections written directly. One prototype look-up tells which to check further.
 */
function collectionKind(value: unknown): CollectionKind {
  if (typeof value !== 'object' || value === null) return OTHER;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    return typeof (value as { toJSON?: unknown }).toJSON === 'function' ? OTHER : MAPPING;
  }
  if (proto !== Array.prototype || !Array.isArray(value)) return OTHER;
  return typeof (value as { toJSON?: unknown }).toJSON !== 'function' && (value as unknown[])[Symbol.iterator] === ARRAY_ITERATOR ? SEQUENCE : OTHER;
}

/**
 * The collections of one document met so far, to find one that appears twice. A manifest holds a
 * handful of them, for which a list is quicker than a `Set`; past {@link Seen.LIST_LIMIT} a `Set`
 * takes over.
 */
class Seen {
  private static readonly LIST_LIMIT = 32;
  /** The collections met, the first {@link count} of them (the rest are left from before). */
  private readonly list: object[] = [];
  private count = 0;
  private set: Set<object> | undefined;

  /** Forgets everything, for the next document (the list is kept, to be reused). */
  public reset(): void {
    this.count = 0;
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
    const count = this.count;
    for (let i = 0; i < count; i++) if (list[i] === value) return false;
    list[count] = value;
    this.count = count + 1;
    if (count >= Seen.LIST_LIMIT) this.set = new Set(list.slice(0, count + 1));
    return true;
  }
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

/** Stands for "no value" in a {@link Slot}: no scalar is identical to it. */
const NO_VALUE: unknown = Object.freeze({});

/**
 * One entry of a mapping at one place in a document, as last written there: its key, the texts
 * that lead the entry (key pieces for its depth and place, see {@link KeyPieces}, after the text
 * the mapping's first entry takes on), and the scalar value last written with it and that entry's
 * whole text, for documents of the same kind to reuse.
 */
class Slot {
  /** The key of the entry. */
  public key = '';
  /** The key pieces of {@link key} at the slot's depth. */
  private pieces: KeyPieces | undefined = undefined;
  /** Whether this is the first entry of its mapping (no line break before it). */
  private first = false;
  /** The text written before the first entry (a parent's key, a `- `, ...), which it takes on: `''` for the others. */
  public prefix = '';
  /** The text before a value on the same line: prefix or line start, key and `: `. */
  public lead = '';
  /** The text before a nested collection: prefix or line start, key, `:` and line start. */
  public nested = '';
  /** The scalar last written as the value ({@link NO_VALUE} if none: never 0, which stands for -0 too). */
  public value: unknown = NO_VALUE;
  /** The rendering of {@link value}. */
  public text = '';
  /** The whole entry for {@link value}, built when the value comes back (`''` until then). */
  public line = '';
  /** The shape of a collection value. */
  public child: Shape | undefined = undefined;

  /** Makes this the slot of entry `index` with `key` at `depth`, after `prefix`. */
  public assign(key: string, index: number, depth: number, prefix: string): void {
    // First, as it throws for a key yaml@2 writes otherwise: the slot is left as it was.
    const pieces = keyPiecesAt(key, depth);
    this.key = key;
    this.pieces = pieces;
    this.first = index === 0;
    this.value = NO_VALUE;
    this.setPrefix(prefix);
  }

  /** Makes `prefix` the text before the entry (always `''` but for the first entry). */
  public setPrefix(prefix: string): void {
    const k = this.pieces as KeyPieces;
    this.prefix = prefix;
    this.lead = this.first ? prefix + k.firstInline : k.nextInline;
    this.nested = this.first ? prefix + k.firstNested : k.nextNested;
    this.line = '';
  }

  /** The text before a block scalar (or nothing), which follows the colon directly. */
  public bare(): string {
    const k = this.pieces as KeyPieces;
    return this.first ? this.prefix + k.first + ':' : k.next + ':';
  }

  /** The whole entry for the value in {@link value}. */
  public entryLine(): string {
    const text = this.text;
    const line = text === '' || text.charCodeAt(0) === 0x0a ? this.bare() + text : this.lead + text;
    this.line = line;
    return line;
  }
}

/**
 * What the collections at one place of the documents written looked like: for a mapping, a
 * {@link Slot} for each of its entries by index; for a sequence, the shape of each of its items by
 * index. Documents of one kind share their keys and many of their values (`apiVersion: v1`,
 * `kind: Service`, ports): comparing with the slots (identical strings, for the same keys) is
 * quicker than finding the key pieces again, and an entry whose value is also the same is written
 * whole, as one piece.
 *
 * The text before a collection (a parent's key, a `- `, a document separator) is not written on its
 * own but taken on by the collection's first piece, remembered with it too.
 */
export class Shape {
  /** The entries of a mapping here, by index. */
  public readonly slots: Slot[] = [];
  /** The shapes of the items of a sequence here, by index. */
  public readonly items: Shape[] = [];
  /** The text before a sequence here, and with the `- ` of its first item. */
  private prefix = '';
  private firstItemStart = '- ';

  /** The start of the first item of a sequence here after `prefix`: `prefix` and `- `. */
  public firstItemAfter(prefix: string): string {
    if (prefix !== this.prefix) {
      this.prefix = prefix;
      this.firstItemStart = prefix + '- ';
    }
    return this.firstItemStart;
  }
}

/** A new slot for entry `index` of a mapping, whose entries before it have theirs. */
function newSlot(slots: Slot[], key: string, index: number, depth: number, prefix: string): Slot {
  const slot = new Slot();
  slot.assign(key, index, depth, prefix);
  slots[index] = slot;
  return slot;
}

/** Appends a plain object whose entries sit at `depth`, after `prefix`. */
function appendMapping(map: PlainObject, shape: Shape, depth: number, prefix: string, seen: Seen, out: TextSink): void {
  if (depth >= MAX_DOCUMENT_DEPTH) throw new TooDeepError();
  const slots = shape.slots;
  let i = 0;
  for (const key in map) {
    const entryPrefix = i === 0 ? prefix : '';
    let slot = slots[i];
    if (slot === undefined) slot = newSlot(slots, key, i, depth, entryPrefix);
    else if (slot.key !== key) slot.assign(key, i, depth, entryPrefix);
    else if (slot.prefix !== entryPrefix) slot.setPrefix(entryPrefix);
    const value = map[key];
    i++;
    // Scalars, the most common values, are told apart first, with no call.
    if (typeof value !== 'object' || value === null) {
      if (value === slot.value) {
        const line = slot.line;
        out.putFixed(line === '' ? slot.entryLine() : line);
        continue;
      }
      const text = renderScalar(value, indentAt(depth + 1));
      // A block scalar (or nothing) follows the colon directly.
      out.putFixed(text === '' || text.charCodeAt(0) === 0x0a ? slot.bare() : slot.lead);
      out.put(text);
      slot.value = value === 0 ? NO_VALUE : value;
      slot.text = text;
      slot.line = '';
      continue;
    }
    // A non-empty collection starts on the next line; an empty one is `{}` or `[]` after the key.
    const kind = collectionKind(value);
    if (kind === OTHER || !seen.add(value)) throw OUTSIDE_DOMAIN; // a class instance, Date, Map, a repeated collection
    if (kind === MAPPING) {
      if (isEmpty(value as PlainObject)) {
        out.putFixed(slot.lead);
        out.putFixed('{}');
      } else {
        appendMapping(value as PlainObject, (slot.child ??= new Shape()), depth + 1, slot.nested, seen, out);
      }
    } else if ((value as readonly unknown[]).length === 0) {
      out.putFixed(slot.lead);
      out.putFixed('[]');
    } else {
      appendSequence(value as readonly unknown[], (slot.child ??= new Shape()), depth + 1, slot.nested, seen, out);
    }
  }
  if (i === 0) {
    if (prefix !== '') out.putFixed(prefix);
    out.putFixed('{}');
  }
}

/** An object with no own properties: `for...in` over it lists what `Object.prototype` adds. */
const PROBE: PlainObject = {};

/**
 * Whether `Object.prototype` has enumerable properties, which `for...in` over a plain object lists
 * and `Object.keys` (what yaml@2 writes) does not.
 */
function objectPrototypeHasEnumerableKeys(): boolean {
  for (const key in PROBE) return key !== undefined;
  return false;
}

function isEmpty(map: PlainObject): boolean {
  for (const key in map) return key === undefined;
  return true;
}

/** A new shape for item `index` of a sequence, whose items before it have theirs. */
function itemShape(items: Shape[], index: number): Shape {
  const shape = new Shape();
  items[index] = shape;
  return shape;
}

/** Appends a plain array whose items sit at `depth`, after `prefix`. */
function appendSequence(seq: readonly unknown[], shape: Shape, depth: number, prefix: string, seen: Seen, out: TextSink): void {
  if (depth >= MAX_DOCUMENT_DEPTH) throw new TooDeepError();
  if (seq.length === 0) {
    if (prefix !== '') out.putFixed(prefix);
    out.putFixed('[]');
    return;
  }
  const itemStart = itemStartAt(depth);
  const items = shape.items;
  for (let i = 0; i < seq.length; i++) {
    const start = i === 0 ? shape.firstItemAfter(prefix) : itemStart;
    const item = seq[i];
    if (typeof item !== 'object' || item === null) {
      out.putFixed(start);
      out.put(renderScalar(item, indentAt(depth + 1)));
      continue;
    }
    const kind = collectionKind(item);
    if (kind === OTHER || !seen.add(item)) throw OUTSIDE_DOMAIN; // a class instance, Date, Map, a repeated collection
    const child = items[i] ?? itemShape(items, i);
    if (kind === MAPPING) appendMapping(item as PlainObject, child, depth + 1, start, seen, out);
    else appendSequence(item as readonly unknown[], child, depth + 1, start, seen, out);
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
