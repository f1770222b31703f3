import { promises as fs } from 'fs';
import * as path from 'path';
import { decodeManifestText, formatSize } from '../manifest/decode-text';
import { MAX_INPUT_BYTES } from '../manifest/limits';
import { checkSpec } from './check';
import type { Spec } from './model';
import type * as ParseModule from './parse';
import type { ParsedSpec } from './parse';
import { readSimpleYaml, type ItemRange } from './simple-yaml';

/** The yaml library's reader of spec files, loaded when a spec is not plain block YAML or has problems. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const parseModule = (): typeof ParseModule => require('./parse') as typeof ParseModule;

/** The spec file used when none is named. */
export const DEFAULT_SPEC_FILE = 'appsvc.yaml';

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
  /** The parsed document (for editing). */
  readonly parsed: ParsedSpec;
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
  return loadSimpleSpecText(file, text) ?? loadParsedSpec(file, text, parseModule().parseSpecText(text));
}

/**
 * {@link loadSpecText} for a file in plain block YAML without problems, by the quick reader;
 * undefined for any other text (which {@link loadSpecText} reads with the yaml library).
 */
export function loadSimpleSpecText(file: string, text: string): LoadedSpec | undefined {
  const simple = readSimpleYaml(text);
  if (simple === undefined) return undefined;
  const result = checkSpec(simple.value);
  if (!result.ok) return undefined;
  const specName = specNameOf(result.spec, file);
  const loaded = { file, text, spec: result.spec, specName, specId: result.spec.id ?? specName };
  return withLazyParse(simple.services !== undefined ? { ...loaded, serviceItems: simple.services } : loaded);
}

/** A loaded spec whose `parsed` document is built from its text on first use. */
export function withLazyParse(loaded: Omit<LoadedSpec, 'parsed'>): LoadedSpec {
  let parsed: ParsedSpec | undefined;
  return Object.defineProperty({ ...loaded }, 'parsed', {
    enumerable: true,
    get: (): ParsedSpec => (parsed ??= parseModule().parseSpecText(loaded.text)),
  }) as LoadedSpec;
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
    const located = result.issues.map((issue) => ({ file, ...parseModule().locate(parsed, issue.path, issue.finding.rule === 'spec/unknown-field'), message: issue.finding.message }));
    throw new SpecError(located.sort((a, b) => a.line - b.line || a.col - b.col));
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
 * {@link MAX_INPUT_BYTES} is refused before it is read, and binary data, invalid UTF-8, UTF-16 and
 * control characters are refused with their line and column instead of being replaced (so an edit
 * never rewrites bytes it could not read). A UTF-8 byte order mark is dropped.
 *
 * @returns the text, or undefined when the file does not exist
 * @throws SpecError for a directory, an unreadable file, a file too large or not UTF-8 text
 */
export async function readSpecText(file: string, maxBytes: number = MAX_INPUT_BYTES): Promise<string | undefined> {
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
    // Read in chunks up to one byte past the limit: a pipe or device has no size to check first.
    const chunks: Buffer[] = [];
    let total = 0;
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
  return new SpecError([{ file, line: 0, col: 0, message: `the file is too large: ${size} (a spec file may have at most ${formatSize(maxBytes)})` }]);
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
