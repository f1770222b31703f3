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
    appendCollection(doc, 0, new Set(), out);
  } catch (err: unknown) {
    if (err instanceof OutsideDomain) {
      out.length = mark;
      return false;
    }
    throw err;
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
function appendCollection(value: PlainObject | readonly unknown[], depth: number, seen: Set<object>, out: string[]): void {
  if (seen.has(value)) throw OUTSIDE_DOMAIN;
  seen.add(value);
  if (Array.isArray(value)) appendSequence(value, depth, seen, out);
  else appendMapping(value as PlainObject, depth, seen, out);
}

function isEmptyCollection(value: PlainObject | readonly unknown[]): boolean {
  if (Array.isArray(value)) return value.length === 0;
  for (const _key in value) if (Object.prototype.hasOwnProperty.call(value, _key)) return false;
  return true;
}

function appendMapping(map: PlainObject, depth: number, seen: Set<object>, out: string[]): void {
  const keys = Object.keys(map);
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  const lineStart = '\n' + indentAt(depth);
  const childIndent = indentAt(depth + 1);
  const childLineStart = '\n' + childIndent;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const keyText = renderString(key, childIndent, true);
    if (keyText.length > MAX_IMPLICIT_KEY_LENGTH) throw OUTSIDE_DOMAIN;
    if (i > 0) out.push(lineStart);
    out.push(keyText);
    const value = map[key];
    if (isPlainObject(value) || isPlainArray(value)) {
      // A non-empty collection starts on the next line; an empty one is `{}` or `[]` after the key.
      if (isEmptyCollection(value)) out.push(': ');
      else out.push(':', childLineStart);
      appendCollection(value, depth + 1, seen, out);
    } else {
      const text = renderScalar(value, childIndent);
      out.push(text === '' || text.charAt(0) === '\n' ? ':' : ': ', text);
    }
  }
}

function appendSequence(seq: readonly unknown[], depth: number, seen: Set<object>, out: string[]): void {
  if (seq.length === 0) {
    out.push('[]');
    return;
  }
  const lineStart = '\n' + indentAt(depth);
  const childIndent = indentAt(depth + 1);
  for (let i = 0; i < seq.length; i++) {
    out.push(i > 0 ? lineStart + '- ' : '- ');
    const item = seq[i];
    if (isPlainObject(item) || isPlainArray(item)) appendCollection(item, depth + 1, seen, out);
    else out.push(renderScalar(item, childIndent));
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
