import { promises as fs } from 'fs';
import * as path from 'path';
import { checkSpec } from './check';
import type { Spec } from './model';
import { locate, parseSpecText, type ParsedSpec } from './parse';

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
}

/**
 * Parses and checks spec text. Throws {@link SpecError} naming file, line and field for
 * malformed YAML, an empty document, unknown tags, aliases, unknown fields and wrong types.
 */
export function loadSpecText(file: string, text: string): LoadedSpec {
  const parsed = parseSpecText(text);
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
    const located = result.issues.map((issue) => ({ file, ...locate(parsed, issue.path, issue.finding.rule === 'spec/unknown-field'), message: issue.finding.message }));
    throw new SpecError(located.sort((a, b) => a.line - b.line || a.col - b.col));
  }
  return { file, text, parsed, spec: result.spec, specName: specNameOf(result.spec, file) };
}

/** Reads, parses and checks a spec file. A missing file is a {@link SpecError} too. */
export async function loadSpecFile(file: string): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err: unknown) {
    throw new SpecError([{ file, line: 0, col: 0, message: describeReadError(err) }]);
  }
  return loadSpecText(file, text);
}

/** A one-line description of a failed read. */
export function describeReadError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT') return 'no such file (create it with `appsvc service upsert NAME --port 80:8080`, or name another with --file)';
  if (code === 'EISDIR') return 'is a directory, not a spec file';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
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
