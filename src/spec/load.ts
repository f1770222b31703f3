import { promises as fs } from 'fs';
import * as path from 'path';
import { decodeManifestText, formatSize } from '../manifest/decode-text';
import { MAX_INPUT_BYTES, MAX_MANIFEST_BYTES } from '../manifest/limits';
import { checkSpec, type SpecIssue, type SpecPath } from './check';
import type { Spec } from './model';
import type * as ParseModule from './parse';
import type { ParsedSpec } from './parse';
import { readSimpleYaml, type ItemRange, type SimpleYaml } from './simple-yaml';

/** The yaml library's reader of spec files, loaded when a spec is not plain block YAML or has problems. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const parseModule = (): typeof ParseModule => require('./parse') as typeof ParseModule;

/** The spec file used when none is named. */
export const DEFAULT_SPEC_FILE = 'appsvc.yaml';

/**
 * Largest spec file read, in bytes: 64 MiB (as for manifests), room for 100,000 services in plain
 * block YAML, which the quick reader reads. The yaml library, which needs about 100 times the
 * text's size in memory, reads and edits a whole spec of at most {@link MAX_FULL_READER_BYTES}.
 */
export const MAX_SPEC_BYTES = MAX_MANIFEST_BYTES;

/** Largest spec the yaml library reads (or edits) as a whole document, in bytes: 8 MiB. */
export const MAX_FULL_READER_BYTES = MAX_INPUT_BYTES;

/** One located problem in a spec file. */
export interface SpecProblem {
  /** The file, as given. */
  readonly file: string;
  /** 1-based line; 0 when the problem has no position in the file. */
  readonly line: number;
  /** 1-based column. */
  readonly col: number;
  /** The problem (field path first when there is one). */
  readonly message: string;
  /** The rule of a warning found by the checks synthesis runs (what `--disable` takes). */
  readonly rule?: string;
}

/**
 * Renders a problem as one line: `appsvc.yaml:7:5: services[0].type: Unsupported value: …`
 * (`appsvc.yaml: …` when it has no position, line 0).
 */
export function formatProblem(p: SpecProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.col}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** The spec file could not be read or is not a valid spec: carries every problem found. */
export class SpecError extends Error {
  public constructor(public readonly problems: readonly SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecError';
  }
}

/** A spec file, read and checked. */
export interface LoadedSpec {
  /** The file, as given. */
  readonly file: string;
  /** Its bytes, as read. */
  readonly text: string;
  /**
   * The parsed document (for editing and locating problems); undefined for a file larger than
   * {@link MAX_FULL_READER_BYTES}, which the yaml library does not read as a whole.
   */
  readonly parsed: ParsedSpec | undefined;
  /** The typed content. */
  readonly spec: Spec;
  /** The spec's name: its `name`, else derived from the file name. */
  readonly specName: string;
  /**
   * Where each entry of `services` is in the text (from its `-` line to its last line), when the
   * file was read by the quick reader of plain block YAML; undefined otherwise.
   */
  readonly serviceItems?: readonly ItemRange[];
  /** The spec's identity on the cluster (the value of the label `appsvc.dev/spec`): its `id`, else its name. */
  readonly specId: string;
}

/**
 * Parses and checks spec text. Throws {@link SpecError} naming file, line and field for
 * malformed YAML, an empty document, more than one document, nesting too deep, unknown tags,
 * anchors and aliases, unknown fields and wrong types.
 */
export function loadSpecText(file: string, text: string): LoadedSpec {
  // Plain block YAML (what spec files are written in) is read by a quick reader; the yaml library's
  // document is built only when something needs it (an edit, a problem to locate).
  const simple = readSimpleYaml(text);
  if (simple !== undefined) {
    const result = checkSpec(simple.value, { unicodeKnown: withoutSurrogates(text) });
    if (result.ok) return simpleLoaded(file, text, simple, result.spec);
    // The same value, read by the library, has the same issues: locate them without reading it whole.
    if (tooLargeForFullReader(text)) throw new SpecError(sortedProblems(result.issues.map((issue) => ({ file, ...locateInItems(text, simple.services, issue.path, isUnknownField(issue)), message: issue.finding.message }))));
  } else if (tooLargeForFullReader(text)) {
    throw fullReaderTooLarge(file, text);
  }
  return loadParsedSpec(file, text, parseModule().parseSpecText(text));
}

/**
 * {@link loadSpecText} for a file in plain block YAML without problems, by the quick reader;
 * undefined for any other text (which {@link loadSpecText} reads with the yaml library).
 */
export function loadSimpleSpecText(file: string, text: string): LoadedSpec | undefined {
  const simple = readSimpleYaml(text);
  if (simple === undefined) return undefined;
  const result = checkSpec(simple.value, { unicodeKnown: withoutSurrogates(text) });
  return result.ok ? simpleLoaded(file, text, simple, result.spec) : undefined;
}

/** True when `text` holds no surrogate (so no string read from it holds a lone one). */
function withoutSurrogates(text: string): boolean {
  return !/[\uD800-\uDFFF]/.test(text);
}

function simpleLoaded(file: string, text: string, simple: SimpleYaml, spec: Spec): LoadedSpec {
  const specName = specNameOf(spec, file);
  const loaded = { file, text, spec, specName, specId: spec.id ?? specName };
  return withLazyParse(simple.services !== undefined ? { ...loaded, serviceItems: simple.services } : loaded);
}

/**
 * A loaded spec whose `parsed` document is built from its text on first use (never for a text
 * larger than {@link MAX_FULL_READER_BYTES}).
 */
export function withLazyParse(loaded: Omit<LoadedSpec, 'parsed'>): LoadedSpec {
  let parsed: ParsedSpec | undefined;
  return Object.defineProperty({ ...loaded }, 'parsed', {
    enumerable: true,
    get: (): ParsedSpec | undefined => (tooLargeForFullReader(loaded.text) ? undefined : (parsed ??= parseModule().parseSpecText(loaded.text))),
  }) as LoadedSpec;
}

/** True when `text` is larger than the yaml library reads as a whole ({@link MAX_FULL_READER_BYTES}). */
export function tooLargeForFullReader(text: string): boolean {
  // A UTF-16 code unit is at least one byte of UTF-8: count the bytes only near the limit.
  return text.length > MAX_FULL_READER_BYTES || (text.length * 3 > MAX_FULL_READER_BYTES && Buffer.byteLength(text) > MAX_FULL_READER_BYTES);
}

/**
 * The refusal of a spec file that needs the yaml library (it is not in plain block YAML, or an
 * edit needs the whole document) and is larger than it reads.
 */
export function fullReaderTooLarge(file: string, text: string, what = 'read'): SpecError {
  const message =
    `the file is too large to ${what} with the full YAML reader: ${formatSize(Buffer.byteLength(text))} (it takes at most ${formatSize(MAX_FULL_READER_BYTES)}; ` +
    `a spec in plain block YAML, without anchors, tags, block scalars or escapes, is read up to ${formatSize(MAX_SPEC_BYTES)}; or split the spec)`;
  return new SpecError([{ file, line: 0, col: 0, message }]);
}

function isUnknownField(issue: SpecIssue): boolean {
  return issue.finding.rule === 'spec/unknown-field';
}

function sortedProblems(problems: SpecProblem[]): SpecProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** The head a services entry is parsed under, alone, to locate something in it. */
const ITEM_HEAD = 'services:\n';

/**
 * Where `path` is in a spec read by the quick reader, as the yaml library locates it in the whole
 * document, found by parsing only the part of the text it is in: the entry `services[i]`, or the
 * top-level key (with its value) the path starts with. Their lines and columns are those of the
 * file, shifted by the lines before them.
 */
export function locateInItems(text: string, items: readonly ItemRange[] | undefined, path: SpecPath, atKey: boolean): { line: number; col: number } {
  const [top, index] = path;
  const range = typeof index === 'number' ? items?.[index] : undefined;
  if (top === 'services' && range !== undefined) return locateInPart(text, range.start, range.end, ITEM_HEAD, ['services', 0, ...path.slice(2)], atKey);
  // The quick reader reads top-level keys at column 1 only, each followed by its value's lines.
  const key = typeof top === 'string' ? topLevelKey(text, top) : -1;
  if (key >= 0) return locateInPart(text, key, endOfTopLevelEntry(text, key), '', path, atKey);
  // Not in the file: where the document's content starts, as the library puts it.
  const first = /^[^ #\n]/m.exec(text);
  return { line: lineOf(text, first?.index ?? 0), col: 1 };
}

/** The part parsed last (problems come in file order, many of them often in one entry). */
let lastPart: { text: string; start: number; end: number; head: string; parsed: ParsedSpec } | undefined;

/** Locates `path` in the text from `start` to `end`, parsed alone after `head` (a line). */
function locateInPart(text: string, start: number, end: number, head: string, path: SpecPath, atKey: boolean): { line: number; col: number } {
  const last = lastPart;
  const parsed =
    last !== undefined && last.text === text && last.start === start && last.end === end && last.head === head
      ? last.parsed
      : (lastPart = { text, start, end, head, parsed: parseModule().parseSpecText(head + text.slice(start, end)) }).parsed;
  const pos = parseModule().locate(parsed, path, atKey);
  return { line: pos.line - (head === '' ? 0 : 1) + lineOf(text, start) - 1, col: pos.col };
}

/** The offset of the line of top-level key `key`, or -1. */
function topLevelKey(text: string, key: string): number {
  if (text.startsWith(`${key}:`)) return 0;
  const at = text.indexOf(`\n${key}:`);
  return at < 0 ? -1 : at + 1;
}

/**
 * The end of the top-level entry starting at `start`: the start of the next line with a key at
 * column 1 (a list at its key's column, `- ...`, belongs to the key), or the end.
 */
function endOfTopLevelEntry(text: string, start: number): number {
  const next = /\n[^ #\n-]/g;
  next.lastIndex = start;
  const m = next.exec(text);
  return m === null ? text.length : m.index + 1;
}

/** The offsets of the line breaks of the text whose lines were counted last. */
let lineBreaks: { text: string; offsets: Int32Array } | undefined;

/** The 1-based line of offset `at` (the line breaks of `text` are found once, then searched). */
function lineOf(text: string, at: number): number {
  if (lineBreaks?.text !== text) {
    const found: number[] = [];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) found.push(i);
    lineBreaks = { text, offsets: Int32Array.from(found) };
  }
  const { offsets } = lineBreaks;
  // The number of line breaks before `at`.
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((offsets[mid] ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** {@link loadSpecText} for text already parsed with `parseSpecText`. */
export function loadParsedSpec(file: string, text: string, parsed: ParsedSpec): LoadedSpec {
  const [first] = parsed.problems;
  if (first !== undefined) {
    // Later syntax errors are mostly consequences of the first: report that one.
    throw new SpecError([{ file, line: first.line, col: first.col, message: first.message }]);
  }
  if (parsed.empty) {
    throw new SpecError([{ file, line: 1, col: 1, message: 'the file is empty; expected a mapping with a "services" list (create one with `appsvc service upsert`)' }]);
  }
  const value: unknown = parsed.doc.toJS();
  const result = checkSpec(value);
  if (!result.ok) {
    throw new SpecError(sortedProblems(result.issues.map((issue) => ({ file, ...parseModule().locate(parsed, issue.path, isUnknownField(issue)), message: issue.finding.message }))));
  }
  const specName = specNameOf(result.spec, file);
  return { file, text, parsed, spec: result.spec, specName, specId: result.spec.id ?? specName };
}

/** Reads, parses and checks a spec file. A missing file is a {@link SpecError} too. */
export async function loadSpecFile(file: string): Promise<LoadedSpec> {
  const text = await readSpecText(file);
  if (text === undefined) throw new SpecError([{ file, line: 0, col: 0, message: describeReadError({ code: 'ENOENT' }) }]);
  return loadSpecText(file, text);
}

/**
 * Reads a spec file as strictly as `appsvc validate` reads a manifest: a file larger than
 * {@link MAX_SPEC_BYTES} is refused before it is read, and binary data, invalid UTF-8, UTF-16 and
 * control characters are refused with their line and column instead of being replaced (so an edit
 * never rewrites bytes it could not read). A UTF-8 byte order mark is dropped.
 *
 * @returns the text, or undefined when the file does not exist
 * @throws SpecError for a directory, an unreadable file, a file too large or not UTF-8 text
 */
export async function readSpecText(file: string, maxBytes: number = MAX_SPEC_BYTES): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readCapped(file, maxBytes);
  } catch (err: unknown) {
    if (err instanceof SpecError) throw err;
    if (codeOf(err) === 'ENOENT') return undefined;
    throw new SpecError([{ file, line: 0, col: 0, message: describeReadError(err) }]);
  }
  const decoded = decodeManifestText(bytes, maxBytes);
  if (decoded.ok) return decoded.text;
  const { problem } = decoded;
  // The decoder speaks of manifests; this is a spec file.
  const message = problem.message.replace(/: not a YAML or JSON manifest$/, ': not a YAML spec file');
  throw new SpecError([{ file, line: problem.line ?? 0, col: problem.column ?? 1, message }]);
}

/** The bytes of `file`, refusing (as a {@link SpecError}) more than `maxBytes` without reading them. */
async function readCapped(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file}`), { code: 'EISDIR' });
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(file, formatSize(stat.size), maxBytes);
    // Read up to one byte past the limit: into one buffer of the file's size (and one byte more, to
    // see it end), then in chunks for what a pipe, a device or a growing file has beyond that.
    const chunks: Buffer[] = [];
    let total = 0;
    if (stat.isFile() && stat.size > 0) {
      const first = Buffer.allocUnsafe(stat.size + 1);
      while (total < first.length) {
        const { bytesRead } = await handle.read(first, total, first.length - total, null);
        if (bytesRead === 0) break;
        total += bytesRead;
      }
      if (total < first.length) return first.subarray(0, total);
      if (total > maxBytes) throw tooLarge(file, `more than ${formatSize(maxBytes)}`, maxBytes);
      chunks.push(first);
    }
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(file, `more than ${formatSize(maxBytes)}`, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

function tooLarge(file: string, size: string, maxBytes: number): SpecError {
  return new SpecError([{ file, line: 0, col: 0, message: `the file is too large: ${size} (a spec file may have at most ${formatSize(maxBytes)}; split the spec)` }]);
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}

/** A one-line description of a failed read. */
export function describeReadError(err: unknown): string {
  const code = codeOf(err);
  if (code === 'ENOENT') return 'no such file (create it with `appsvc service upsert NAME --port 80:8080`, or name another with --file)';
  if (code === 'EISDIR') return 'is a directory, not a spec file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  const message = err instanceof Error ? err.message : String(err);
  // Node's messages start with the code ("EIO: i/o error, open 'x'"): keep only the explanation.
  return /^E[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}

/**
 * The name of a spec: its `name` field, else the file's base name without extension, reduced
 * to what a label value allows (`appsvc.yaml` → `appsvc`).
 */
export function specNameOf(spec: Pick<Spec, 'name'>, file: string): string {
  if (spec.name !== undefined) return spec.name;
  return labelValueFrom(path.basename(file).replace(/\.(ya?ml|json)$/i, ''));
}

/** Reduces text to a valid, non-empty label value. */
export function labelValueFrom(text: string): string {
  const s = text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
  return s.length > 0 ? s : 'appsvc';
}
