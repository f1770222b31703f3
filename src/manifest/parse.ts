import type { Document, LineCounter as YamlLineCounter, CST } from 'yaml';
import { yamlLibrary } from './yaml-library';
import { invalid, required } from '../validation/field-error';
import type { Finding } from '../validation/field-error';
import { syntaxErrorOffset } from './error-offset';
import { indentQuotedContinuation } from './quoted-continuation';
import { type DuplicateKey, type LineCounter, type PathPart, decodeDocument, renderPath } from './decode-document';
import { FieldLines, type LazyLineNode, type LineNode } from './field-lines';
import { type ScannedDocument, scanDocuments, scanLines } from './block-scanner';
import { type JsonItemIndex, indexItems, jsonLines, readJson } from './json-reader';
import { MAX_INPUT_BYTES, MAX_MANIFEST_BYTES, MAX_NESTING_DEPTH } from './limits';
import { formatSize } from './decode-text';
import { type ManifestProblem, manifestProblem } from './problems';
import type { DecodedObject, JsonObject, JsonValue, LocatedFinding, ManifestEntry } from './types';

/**
 * Reads a YAML or JSON text (one or more `---`-separated documents, or JSON) into Kubernetes
 * objects, the way kubectl reads a manifest file:
 *
 * - scalars resolve as go-yaml v2 resolves them (see `scalar.ts`): `yes`/`on` are booleans, `0755`
 *   is octal, `80:8080` and `2001-12-14` are strings; tags never construct anything;
 * - documents are split at `---` lines before they are parsed, as kubectl splits them, so a broken
 *   document does not affect the next; content after `---` on its line is an error that ends the
 *   input (kubectl: "invalid Yaml document separator");
 * - empty documents (nothing, comments only, `~` or `null`) are skipped;
 * - an object whose `kind` ends in `List` and that has `items` is replaced by its items, in order;
 *   an item without `apiVersion` and `kind` takes the list's `apiVersion` and the list's kind
 *   without `List` (as kubectl does, so `ServiceList` items are Services, `List` items get none);
 * - a quoted scalar runs to its closing quote whatever the indentation of its continuation lines,
 *   as go-yaml reads it;
 * - a document that is a list or a scalar, that does not parse, nests too deeply or expands
 *   aliases without bound becomes a problem entry instead of an object;
 * - a mapping key given twice keeps its last value, as kubectl does, and is a warning
 *   (`manifest/duplicate-key`) at the key's field path naming both lines; a missing `apiVersion` or
 *   `kind` is a `FieldValueRequired` finding.
 *
 * Pure and total: returns entries in input order and never throws on bad input.
 */
export function parseManifests(text: string): ManifestEntry[] {
  const json = readJson(text);
  if (json !== undefined) {
    const entries: ManifestEntry[] = [];
    addDocument(json.value, jsonDocumentLines(text, json.start), [], entries);
    return entries;
  }
  const scanned = scanDocuments(text);
  if (scanned === undefined) return text.length > MAX_INPUT_BYTES ? [fullReaderTooLarge(text.length, 1)] : parseFully(text);
  const entries: ManifestEntry[] = [];
  let full = 0;
  for (const doc of scanned) {
    if (doc.value === 'separator') {
      const marker = text.slice(doc.start, text.indexOf('\n', doc.start) === -1 ? text.length : text.indexOf('\n', doc.start)).trimEnd();
      const problem = manifestProblem('manifest/syntax', `invalid document separator ${JSON.stringify(marker)}: only a comment may follow --- on its line`, doc.startLine, 1);
      entries.push({ outcome: 'problem', index: entries.length, problem });
      break; // kubectl reads nothing more of the input
    }
    if (doc.value === 'too-deep') {
      entries.push({ outcome: 'problem', index: entries.length, problem: manifestProblem('manifest/too-deep', TOO_DEEP, doc.line) });
      continue;
    }
    if (doc.value === 'full') {
      if (++full > MAX_FULL_DOCUMENTS) {
        entries.push({ outcome: 'problem', index: entries.length, problem: tooManyDocuments(doc.startLine) });
        break;
      }
      if (doc.end - doc.start > MAX_INPUT_BYTES) {
        entries.push(fullReaderTooLarge(doc.end - doc.start, doc.startLine, entries.length));
        continue;
      }
      for (const entry of parseFully(text.slice(doc.start, doc.end), doc.startLine - 1)) entries.push({ ...entry, index: entries.length });
      continue;
    }
    if (doc.duplicates) {
      // Rare: read the lines now, for the findings.
      const read = scanLines(text, doc);
      if (read !== undefined) {
        addDocument(doc.value, eagerLines(read.lines), read.duplicates, entries);
        continue;
      }
    }
    addDocument(doc.value, lazyLines(text, doc), [], entries);
  }
  return entries;
}

/**
 * {@link parseManifests} with the full YAML reader only: what the scanner's answers are checked
 * against. `lineBase` is added to every line (for a document read out of a larger text).
 */
export function parseFully(text: string, lineBase = 0): ManifestEntry[] {
  let source = text;
  let composed = composeAll(source);
  // Quoted scalars whose continuation lines are less indented than a strict parser wants, as go-yaml
  // reads them: indent those lines (the value does not change) and parse again.
  for (let round = 0; round < MAX_QUOTE_REPAIRS; round++) {
    const opens = composed.docs.flatMap((doc) => unclosedQuoteAt(doc)).sort((a, b) => b - a);
    let repaired = source;
    for (const open of opens) repaired = indentQuotedContinuation(repaired, open) ?? repaired;
    if (repaired === source) break;
    source = repaired;
    composed = composeAll(source);
  }
  const { docs, tooDeepAt, tooMany } = composed;
  const lineCounter = lineBase === 0 ? composed.lineCounter : shifted(composed.lineCounter, lineBase);
  const entries: ManifestEntry[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = lineCounter.linePos(syntaxErrorOffset(doc, error));
      const problem =
        error.code === 'RESOURCE_EXHAUSTION'
          ? manifestProblem('manifest/too-deep', TOO_DEEP, pos.line, pos.col)
          : manifestProblem('manifest/syntax', `YAML syntax error: ${firstLine(error.message)}`, pos.line, pos.col);
      entries.push({ outcome: 'problem', index: entries.length, problem });
      continue;
    }
    const decoded = decodeDocument(doc.contents, lineCounter);
    if (!('value' in decoded)) {
      entries.push({ outcome: 'problem', index: entries.length, problem: decoded });
      continue;
    }
    addDocument(decoded.value, eagerLines(decoded.lines), decoded.duplicates, entries);
  }
  if (tooMany) {
    const last = docs[docs.length - 1];
    entries.push({ outcome: 'problem', index: entries.length, problem: tooManyDocuments(last === undefined ? 1 : lineCounter.linePos(last.range[0]).line) });
  }
  if (tooDeepAt !== undefined) {
    const pos = lineCounter.linePos(tooDeepAt);
    entries.push({ outcome: 'problem', index: entries.length, problem: manifestProblem('manifest/too-deep', TOO_DEEP, pos.line, pos.col) });
  }
  return entries;
}

/**
 * Most documents of one input read by the full YAML reader (about 20 µs of fixed cost each): the
 * documents the fast reader reads are not counted, so real files never come near it.
 */
export const MAX_FULL_DOCUMENTS = 10_000;

/** A text (or document) too large for the full YAML reader (which needs about 100 times its size in memory). */
function fullReaderTooLarge(length: number, line: number, index = 0): ManifestEntry {
  const what = line === 1 ? 'the input' : 'the document';
  const problem = manifestProblem(
    'manifest/too-large',
    `${what} is too large for the full YAML reader: ${formatSize(length)} (the limit is ${formatSize(MAX_INPUT_BYTES)}; plain block mappings and sequences are read up to ${formatSize(MAX_MANIFEST_BYTES)})`,
    line,
  );
  return { outcome: 'problem', index, problem };
}

function tooManyDocuments(line: number): ManifestProblem {
  return manifestProblem(
    'manifest/too-large',
    `more than ${MAX_FULL_DOCUMENTS.toLocaleString('en-US')} documents use YAML beyond plain block mappings and sequences (anchors, tags, flow or block scalars…): split the input`,
    line,
  );
}

/** How many times a text is parsed again after indenting quoted continuation lines. */
const MAX_QUOTE_REPAIRS = 8;

interface Composed {
  readonly docs: readonly Document.Parsed[];
  readonly lineCounter: LineCounter;
  /** Where the input nests too deeply to be parsed further, if it does. */
  readonly tooDeepAt: number | undefined;
  /** True when reading stopped after {@link MAX_FULL_DOCUMENTS} documents. */
  readonly tooMany: boolean;
}

function composeAll(text: string): Composed {
  const yaml = yamlLibrary();
  const lineCounter = new yaml.LineCounter();
  const composer = new yaml.Composer({
    schema: 'failsafe', // every scalar stays its source text; resolution is ours
    resolveKnownTags: false, // no !!binary, !!set, !!omap, !!timestamp objects
    uniqueKeys: false, // duplicates become findings, not parse errors
    merge: false, // `<<` is applied by the decoder, as go-yaml does
    version: '1.1',
  });
  const docs: Document.Parsed[] = [];
  let tooDeepAt: number | undefined;
  let tooMany = false;
  try {
    for (const doc of composer.compose(boundedTokens(text, lineCounter))) {
      docs.push(doc);
      if (docs.length > MAX_FULL_DOCUMENTS) {
        tooMany = true;
        break;
      }
    }
  } catch (err: unknown) {
    if (!(err instanceof NestingTooDeep)) throw err;
    tooDeepAt = err.offset;
    for (const doc of composer.end()) docs.push(doc); // the documents completed before it
  }
  return { docs, lineCounter, tooDeepAt, tooMany };
}

/** The offset of the opening quote of a quoted scalar the document fails to close, if any. */
function unclosedQuoteAt(doc: Document.Parsed): number[] {
  const error = doc.errors.find((e) => e.code === 'MISSING_CHAR' && /^Missing closing ["']quote/.test(e.message));
  return error === undefined ? [] : [syntaxErrorOffset(doc, error)];
}

const TOO_DEEP = `mappings and sequences are nested more than ${MAX_NESTING_DEPTH} levels deep`;

/**
 * The parser's stack grows by about one entry per level of nesting, and holds about 1 KiB per
 * entry: past this bound the input is refused before it can use up memory (8 MiB of `[` would
 * otherwise need several GiB). Well above what {@link MAX_NESTING_DEPTH} levels need.
 */
const MAX_PARSER_STACK = 4 * MAX_NESTING_DEPTH;

/** Thrown by {@link boundedTokens} when the parser's stack passes {@link MAX_PARSER_STACK}. */
export class NestingTooDeep {
  public constructor(public readonly offset: number) {}
}

/**
 * `Parser.parse`, driven one lexeme at a time so that the depth of its stack can be bounded: throws
 * {@link NestingTooDeep} (with the offset reached) on input nested far beyond
 * {@link MAX_NESTING_DEPTH}, before the parser or a composer can exhaust memory or the call stack.
 */
export function* boundedTokens(text: string, lineCounter: YamlLineCounter): Generator<CST.Token, void> {
  const yaml = yamlLibrary();
  const parser = new yaml.Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  for (const lexeme of new yaml.Lexer().lex(text)) {
    yield* parser.next(lexeme);
    if (parser.stack.length > MAX_PARSER_STACK) throw new NestingTooDeep(parser.offset);
  }
  yield* parser.end();
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return (newline === -1 ? message : message.slice(0, newline)).trim();
}

function isJsonObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: JsonValue): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

/** Where the parts of one document came from, read now or when asked for. */
interface DocumentLines {
  readonly root: LineNode | LazyLineNode;
  /** Lines of item `i` of the document's top-level `items` sequence. */
  item(i: number): LineNode | LazyLineNode;
  /** Line of the document's `items` key. */
  itemsLine(): number;
}

function eagerLines(root: LineNode): DocumentLines {
  const items = childLines(root, 'items');
  return {
    root,
    item: (i) => (Array.isArray(items?.children) ? (items?.children as readonly LineNode[])[i] : undefined) ?? { line: root.line },
    itemsLine: () => items?.line ?? root.line,
  };
}

/** Lines of a scanned document, read again (one document at a time, the last one kept) when asked. */
function lazyLines(text: string, doc: ScannedDocument): DocumentLines {
  const tree = (): LineNode => {
    if (lineCache?.text !== text || lineCache.doc !== doc) {
      lineCache = { text, doc, lines: scanLines(text, doc)?.lines ?? { line: doc.line } };
    }
    return lineCache.lines;
  };
  const root: LazyLineNode = { line: doc.line, resolve: tree };
  const itemOf = (i: number): LineNode => {
    const items = childLines(tree(), 'items');
    return (Array.isArray(items?.children) ? (items?.children as readonly LineNode[])[i] : undefined) ?? { line: doc.line };
  };
  return {
    root,
    item: (i) => ({ line: doc.itemLines?.[i] ?? doc.line, resolve: () => itemOf(i) }),
    itemsLine: () => childLines(tree(), 'items')?.line ?? doc.line,
  };
}

/** Lines of a JSON object read by `JSON.parse`, found by a tokenizer when asked for. */
function jsonDocumentLines(text: string, start: number): DocumentLines {
  let rootLine = 1;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < start; nl = text.indexOf('\n', nl + 1)) rootLine++;
  let index: JsonItemIndex | undefined;
  const items = (): JsonItemIndex => (index ??= indexItems(text, start));
  const tree = (at: number, line: number): LineNode => {
    if (jsonCache?.text !== text || jsonCache.at !== at) jsonCache = { text, at, lines: jsonLines(text, at, line) };
    return jsonCache.lines;
  };
  return {
    root: { line: rootLine, resolve: () => tree(start, rootLine) },
    // The items are indexed (one pass over the text) only when a line is asked for.
    item: (i) => ({
      get line(): number {
        return items().items[i]?.line ?? rootLine;
      },
      resolve: (): LineNode => {
        const item = items().items[i];
        return item === undefined ? { line: rootLine } : tree(item.start, item.line);
      },
    }),
    itemsLine: () => items().itemsLine,
  };
}

/** The line tree of the JSON value read last. */
let jsonCache: { readonly text: string; readonly at: number; readonly lines: LineNode } | undefined;

/** The line tree of the scanned document read last. */
let lineCache: { readonly text: string; readonly doc: ScannedDocument; readonly lines: LineNode } | undefined;

function shifted(lineCounter: LineCounter, lineBase: number): LineCounter {
  return {
    linePos: (offset: number) => {
      const pos = lineCounter.linePos(offset);
      return { line: pos.line + lineBase, col: pos.col };
    },
  } as LineCounter;
}

function addDocument(value: JsonValue, lines: DocumentLines, duplicates: readonly DuplicateKey[], entries: ManifestEntry[]): void {
  if (value === null) return; // an empty document, as kubectl skips it
  if (!isJsonObject(value)) {
    entries.push({ outcome: 'problem', index: entries.length, problem: notAnObject(`the document is ${describeValue(value)}`, lines.root.line) });
    return;
  }
  const items = value['items'];
  const kind = value['kind'];
  if (typeof kind === 'string' && kind.endsWith('List') && items !== undefined && items !== null) {
    addList(value, kind, items, lines, duplicates, entries);
    return;
  }
  entries.push(objectEntry(value, lines.root, duplicates, entries.length));
}

function addList(list: JsonObject, kind: string, items: JsonValue, lines: DocumentLines, duplicates: readonly DuplicateKey[], entries: ManifestEntry[]): void {
  if (!Array.isArray(items)) {
    entries.push({ outcome: 'problem', index: entries.length, problem: notAnObject(`the items of a ${kind} must be a list, not ${describeValue(items)}`, lines.itemsLine()) });
    return;
  }
  const listApiVersion = list['apiVersion'];
  const itemKind = kind.slice(0, -'List'.length);
  // Duplicate keys of the list itself go with its first item.
  let listDuplicates = duplicates.filter((d) => !(d.path.length >= 2 && d.path[0]?.name === 'items' && d.path[1]?.kind === 'index'));
  (items as readonly JsonValue[]).forEach((item, i) => {
    const itemLines = lines.item(i);
    if (!isJsonObject(item)) {
      entries.push({ outcome: 'problem', index: entries.length, problem: notAnObject(`items[${i}] of the ${kind} is ${describeValue(item)}`, itemLines.line) });
      return;
    }
    let object = item;
    const hasType = (k: string): boolean => item[k] !== undefined && item[k] !== null && item[k] !== '';
    if (!hasType('apiVersion') && !hasType('kind')) {
      // kubectl's typed-list rule: `ServiceList` items are Services; `List` items get no kind.
      object = { ...item, ...(typeof listApiVersion === 'string' ? { apiVersion: listApiVersion } : {}), ...(itemKind === '' ? {} : { kind: itemKind }) };
    }
    const own =
      duplicates.length === 0
        ? []
        : duplicates.filter((d) => d.path[0]?.name === 'items' && d.path[1]?.kind === 'index' && d.path[1].name === String(i)).map((d) => ({ ...d, path: d.path.slice(2) }));
    entries.push(objectEntry(object, itemLines, [...listDuplicates, ...own], entries.length));
    listDuplicates = [];
  });
  for (const d of listDuplicates) {
    // A list without items: its duplicate keys still need reporting.
    entries.push({ outcome: 'problem', index: entries.length, problem: manifestProblem('manifest/duplicate-key', duplicateDetail(d), d.line) });
  }
}

function childLines(lines: LineNode, key: string): LineNode | undefined {
  const children = lines.children;
  if (children === undefined || Array.isArray(children)) return undefined;
  return (children as ReadonlyMap<string, LineNode>).get(key);
}

function notAnObject(what: string, line: number): ManifestProblem {
  return manifestProblem('manifest/not-an-object', `not a Kubernetes object: ${what}`, line);
}

function duplicateDetail(d: DuplicateKey): string {
  return `key ${JSON.stringify(d.key)} is set twice, at lines ${d.firstLine} and ${d.line}: kubectl keeps the value of line ${d.line} and drops the other`;
}

/**
 * The finding for a repeated mapping key, at the key's field path: a warning, since kubectl
 * decodes the mapping silently (the last value wins) and the API server never sees the repetition.
 */
export function duplicateKeyFinding(path: readonly PathPart[], d: DuplicateKey): Finding {
  const field = renderPath(path);
  const detail = duplicateDetail(d);
  return {
    severity: 'warning',
    type: 'FieldValueDuplicate',
    field,
    value: d.key,
    detail,
    message: field.length > 0 ? `${field}: ${detail}` : detail,
    rule: 'manifest/duplicate-key',
  };
}

function objectEntry(object: JsonObject, lineNode: LineNode | LazyLineNode, duplicates: readonly DuplicateKey[], index: number): DecodedObject {
  const lines = new FieldLines(lineNode);
  const findings: LocatedFinding[] = duplicates.map((d) => ({ finding: duplicateKeyFinding(d.path, d), line: d.line }));
  for (const field of ['apiVersion', 'kind'] as const) {
    const v = object[field];
    if (v === undefined || v === null || v === '') {
      findings.push({ finding: required(field, `${field} not set`, { rule: 'manifest/type-meta' }), line: lines.line });
    } else if (typeof v !== 'string') {
      findings.push({ finding: invalid(field, v, 'must be a string', { rule: 'manifest/type-meta' }), line: lines.lineOf(field) });
    }
  }
  return { outcome: 'object', index, object, lines, findings };
}
