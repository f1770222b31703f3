import type * as YAML from 'yaml';
import { DocumentWriter, TooDeepError } from './emit/document';
import { LoneSurrogateError, loneSurrogateIn } from './emit/scalars';
import { TextSink } from './emit/text-sink';
import { CDK8S_STRINGIFY_OPTIONS } from './emit/yaml11-schema';

let yamlModule: typeof YAML | undefined;

/** yaml@2, loaded on first use: JSON-like manifests never need it. */
function yaml(): typeof YAML {
  yamlModule ??= require('yaml') as typeof YAML;
  return yamlModule;
}

/**
 * Renders manifests as one multi-document YAML stream, byte-for-byte as cdk8s's `Yaml.stringify`
 * does (YAML 1.1 schema, no line folding, documents separated by `---`), except for the strings
 * cdk8s writes so that a reader (yaml@2 with YAML 1.1 or 1.2, kubectl's go-yaml, PyYAML) gets
 * something else back or fails, which are quoted or escaped instead: strings a YAML 1.2 reader or
 * kubectl takes for a number (`0o17`; `0O17`, `0X1F`, `-_6`, `1e_1` for kubectl's go-yaml), `<<`
 * (a merge key to YAML 1.1 readers, kubectl's included, as a key; to PyYAML as a value too), text
 * of blanks and line breaks starting with a space (`" \n"`, whose blanks readers of a block scalar
 * drop), strings with a tab (PyYAML ends a plain scalar there), and strings with DEL, C1 controls,
 * U+2028, U+2029, U+FEFF, U+FFFE or U+FFFF, which are written double-quoted with escapes (see
 * docs/yaml-output.md).
 *
 * A string holding a lone UTF-16 surrogate cannot be written in UTF-8 at all: it is refused with an
 * {@link UnwritableStringError} naming the document and field.
 *
 * JSON-like documents (plain objects and arrays of strings, numbers, booleans and nulls) are
 * written directly, without building a yaml@2 document tree; anything else (class instances,
 * `Date`, `Map`, repeated references, top-level scalars) is written by yaml@2 itself. One writer
 * writes them all, which is quicker for each document like the ones before it (see
 * {@link DocumentWriter}), into one {@link TextSink}.
 */
export function emitYaml(docs: readonly unknown[]): string {
  const out = new TextSink();
  const writer = new DocumentWriter(out);
  for (let i = 0; i < docs.length; i++) {
    const separator = i > 0 ? '---\n' : '';
    const doc = docs[i];
    let written: boolean;
    try {
      written = doc === undefined || writer.append(doc, separator);
    } catch (err: unknown) {
      if (err instanceof LoneSurrogateError) throw unwritable(doc, i);
      if (err instanceof TooDeepError) throw new UnwritableDocumentError(i, '', err.message);
      throw err;
    }
    if (doc === undefined || !written) {
      if (separator !== '') out.putFixed(separator);
      if (doc === undefined) out.putFixed('\n');
      else {
        if (findLoneSurrogate(doc) !== undefined) throw unwritable(doc, i);
        if (nestedTooDeeply(doc, FALLBACK_MAX_DEPTH)) throw new UnwritableDocumentError(i, '', `nested more than ${FALLBACK_MAX_DEPTH} levels deep`);
        out.put(stringifyByYaml(doc, i));
      }
    }
    out.endDocument();
  }
  return out.text();
}

/** A document yaml@2 writes (outside JSON-like data); one too deep for it is refused like any other. */
function stringifyByYaml(doc: unknown, index: number): string {
  try {
    return yaml().stringify(doc, CDK8S_STRINGIFY_OPTIONS);
  } catch (err: unknown) {
    if (err instanceof RangeError) throw new UnwritableDocumentError(index, '', 'nested too deeply to write');
    throw err;
  }
}

/**
 * Thrown by {@link emitYaml} for a document it cannot write so that readers get it back: nested
 * more than `MAX_DOCUMENT_DEPTH` (1,000) levels deep ({@link FALLBACK_MAX_DEPTH}, 200, for one
 * outside JSON-like data), or holding a lone surrogate
 * ({@link UnwritableStringError}). Nothing of the stream is returned.
 */
export class UnwritableDocumentError extends Error {
  public constructor(
    /** The index of the document in the stream. */
    public readonly documentIndex: number,
    /** Where the problem is, as `metadata.annotations[note]`; `''` for the whole document. */
    public readonly field: string,
    /** What is wrong, without the document and field. */
    public readonly detail: string,
  ) {
    super(`document ${documentIndex}${field === '' ? '' : `, ${field}`}: ${detail}`);
    this.name = 'UnwritableDocumentError';
  }
}

/**
 * Thrown by {@link emitYaml} for a string no reader could get back: one holding a lone UTF-16
 * surrogate (half of a pair, such as `'\ud800'`), which UTF-8 cannot encode. The message names
 * the document and field: `document 0, metadata.annotations[note]: ...`.
 */
export class UnwritableStringError extends UnwritableDocumentError {
  public constructor(
    documentIndex: number,
    /** Where the string is, as `metadata.annotations[note]` (`[key]` for a key that is the string itself: `labels[<key>]`). */
    field: string,
    /** The string. */
    public readonly value: string,
    /** The lone surrogate, as `U+D800`. */
    public readonly codeUnit: string,
  ) {
    super(documentIndex, field, `${JSON.stringify(value)} holds a lone UTF-16 surrogate (${codeUnit}), which UTF-8 cannot encode; remove it or complete the pair`);
    this.name = 'UnwritableStringError';
  }
}

function unwritable(doc: unknown, index: number): UnwritableStringError {
  const found = findLoneSurrogate(doc);
  return found === undefined
    ? new UnwritableStringError(index, '', '', 'unknown')
    : new UnwritableStringError(index, found.field, found.value, loneSurrogateIn(found.value) ?? 'unknown');
}

/** A path segment as written in a field path: `.name` for a word, `[key]` otherwise, `[0]` for an index. */
function segment(key: string | number, first: boolean): string {
  if (typeof key === 'number') return `[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return first ? key : `.${key}`;
  return `[${key}]`;
}

/**
 * How deep a document yaml@2 writes (one outside JSON-like data) may be nested: yaml@2 recurses
 * several calls per level and runs out of stack somewhere below 1,000 levels.
 */
export const FALLBACK_MAX_DEPTH = 200;

/** Whether `doc` has collections (objects, arrays, maps, sets) nested more than `limit` deep; walked without recursion. */
function nestedTooDeeply(doc: unknown, limit: number): boolean {
  const seen = new Set<object>();
  const stack: Array<readonly [unknown, number]> = [[doc, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [value, depth] = top;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    if (depth >= limit) return true;
    seen.add(value);
    const children: Iterable<unknown> = value instanceof Map ? value.values() : value instanceof Set ? value.values() : Array.isArray(value) ? value : Object.values(value);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The first string (value or key) of `doc` holding a lone surrogate, with its path: walked without
 * recursion, so any depth is fine. Collections met twice are walked once.
 */
function findLoneSurrogate(doc: unknown): { readonly field: string; readonly value: string } | undefined {
  const seen = new Set<object>();
  const stack: Array<readonly [unknown, string]> = [[doc, '']];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [value, field] = top;
    if (typeof value === 'string') {
      if (loneSurrogateIn(value) !== undefined) return { field, value };
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    const entries: Array<readonly [string | number, unknown]> =
      value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    // Pushed in reverse, so the first entry is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i] as readonly [string | number, unknown];
      const path = field + segment(key, field === '');
      if (typeof key === 'string' && loneSurrogateIn(key) !== undefined) stack.push([key, path]);
      else stack.push([v, path]);
    }
  }
  return undefined;
}
