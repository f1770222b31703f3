import { Composer, type Document, Lexer, LineCounter, Parser, type CST } from 'yaml';
import { invalid, required } from '../validation/field-error';
import type { Finding } from '../validation/field-error';
import { syntaxErrorOffset } from './error-offset';
import { indentQuotedContinuation } from './quoted-continuation';
import { type DecodedValue, type DuplicateKey, type PathPart, decodeDocument, renderPath } from './decode-document';
import { FieldLines, type LineNode } from './field-lines';
import { MAX_NESTING_DEPTH } from './limits';
import { type ManifestProblem, manifestProblem } from './problems';
import type { DecodedObject, JsonObject, JsonValue, LocatedFinding, ManifestEntry } from './types';

/**
 * Reads a YAML or JSON text (one or more `---`-separated documents, or JSON) into Kubernetes
 * objects, the way kubectl reads a manifest file:
 *
 * - scalars resolve as go-yaml v2 resolves them (see `scalar.ts`): `yes`/`on` are booleans, `0755`
 *   is octal, `80:8080` and `2001-12-14` are strings; tags never construct anything;
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
  const { docs, lineCounter, tooDeepAt } = composed;
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
    addDocument(decoded, entries);
  }
  if (tooDeepAt !== undefined) {
    const pos = lineCounter.linePos(tooDeepAt);
    entries.push({ outcome: 'problem', index: entries.length, problem: manifestProblem('manifest/too-deep', TOO_DEEP, pos.line, pos.col) });
  }
  return entries;
}

/** How many times a text is parsed again after indenting quoted continuation lines. */
const MAX_QUOTE_REPAIRS = 8;

interface Composed {
  readonly docs: readonly Document.Parsed[];
  readonly lineCounter: LineCounter;
  /** Where the input nests too deeply to be parsed further, if it does. */
  readonly tooDeepAt: number | undefined;
}

function composeAll(text: string): Composed {
  const lineCounter = new LineCounter();
  const composer = new Composer({
    schema: 'failsafe', // every scalar stays its source text; resolution is ours
    resolveKnownTags: false, // no !!binary, !!set, !!omap, !!timestamp objects
    uniqueKeys: false, // duplicates become findings, not parse errors
    merge: false, // `<<` is applied by the decoder, as go-yaml does
    version: '1.1',
  });
  const docs: Document.Parsed[] = [];
  let tooDeepAt: number | undefined;
  try {
    for (const doc of composer.compose(boundedTokens(text, lineCounter))) docs.push(doc);
  } catch (err: unknown) {
    if (!(err instanceof NestingTooDeep)) throw err;
    tooDeepAt = err.offset;
    for (const doc of composer.end()) docs.push(doc); // the documents completed before it
  }
  return { docs, lineCounter, tooDeepAt };
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
export function* boundedTokens(text: string, lineCounter: LineCounter): Generator<CST.Token, void> {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
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

function addDocument(decoded: DecodedValue, entries: ManifestEntry[]): void {
  const { value, lines } = decoded;
  if (value === null) return; // an empty document, as kubectl skips it
  if (!isJsonObject(value)) {
    entries.push({ outcome: 'problem', index: entries.length, problem: notAnObject(`the document is ${describeValue(value)}`, lines.line) });
    return;
  }
  const items = value['items'];
  const kind = value['kind'];
  if (typeof kind === 'string' && kind.endsWith('List') && items !== undefined && items !== null) {
    addList(value, kind, items, decoded, entries);
    return;
  }
  entries.push(objectEntry(value, lines, decoded.duplicates, entries.length));
}

function addList(list: JsonObject, kind: string, items: JsonValue, decoded: DecodedValue, entries: ManifestEntry[]): void {
  const itemsLines = childLines(decoded.lines, 'items');
  if (!Array.isArray(items)) {
    entries.push({ outcome: 'problem', index: entries.length, problem: notAnObject(`the items of a ${kind} must be a list, not ${describeValue(items)}`, itemsLines?.line ?? decoded.lines.line) });
    return;
  }
  const listApiVersion = list['apiVersion'];
  const itemKind = kind.slice(0, -'List'.length);
  // Duplicate keys of the list itself go with its first item.
  let listDuplicates = decoded.duplicates.filter((d) => !(d.path.length >= 2 && d.path[0]?.name === 'items' && d.path[1]?.kind === 'index'));
  (items as readonly JsonValue[]).forEach((item, i) => {
    const lines: LineNode = (Array.isArray(itemsLines?.children) ? (itemsLines?.children as readonly LineNode[])[i] : undefined) ?? { line: decoded.lines.line };
    if (!isJsonObject(item)) {
      entries.push({ outcome: 'problem', index: entries.length, problem: notAnObject(`items[${i}] of the ${kind} is ${describeValue(item)}`, lines.line) });
      return;
    }
    let object = item;
    const hasType = (k: string): boolean => item[k] !== undefined && item[k] !== null && item[k] !== '';
    if (!hasType('apiVersion') && !hasType('kind')) {
      // kubectl's typed-list rule: `ServiceList` items are Services; `List` items get no kind.
      object = { ...item, ...(typeof listApiVersion === 'string' ? { apiVersion: listApiVersion } : {}), ...(itemKind === '' ? {} : { kind: itemKind }) };
    }
    const own = decoded.duplicates
      .filter((d) => d.path[0]?.name === 'items' && d.path[1]?.kind === 'index' && d.path[1].name === String(i))
      .map((d) => ({ ...d, path: d.path.slice(2) }));
    entries.push(objectEntry(object, lines, [...listDuplicates, ...own], entries.length));
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

function objectEntry(object: JsonObject, lineNode: LineNode, duplicates: readonly DuplicateKey[], index: number): DecodedObject {
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
