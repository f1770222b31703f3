import { readFileSync } from 'fs';
import { decodeManifestText } from '../manifest/decode-text';
import { parseManifests } from '../manifest/parse';

/** One decoded object of a manifest file. */
export interface ManifestDocument {
  readonly manifestPath: string;
  /** Position of the object among the objects of its file, from 0. */
  readonly document: number;
  readonly object: unknown;
}

/** A manifest file, or a document of one, that could not be read. */
export interface ManifestProblem {
  readonly manifestPath: string;
  readonly message: string;
}

/** Every object of every file, and what could not be read. */
export interface ReadResult {
  readonly documents: readonly ManifestDocument[];
  readonly problems: readonly ManifestProblem[];
}

/**
 * Reads and decodes manifests as `appsvc validate` and kubectl read them (YAML 1.1 scalars, so
 * `on`/`yes` are booleans and quoted strings stay strings; `List` kinds expanded). Empty documents
 * are dropped; a file or document that cannot be read or parsed becomes a problem, and the rest is
 * still read.
 */
export function readManifests(paths: readonly string[]): ReadResult {
  const documents: ManifestDocument[] = [];
  const problems: ManifestProblem[] = [];
  for (const manifestPath of paths) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(manifestPath);
    } catch (err: unknown) {
      problems.push({ manifestPath, message: `cannot read the manifest: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    const decoded = decodeManifestText(bytes);
    if (!decoded.ok) {
      problems.push({ manifestPath, message: located(decoded.problem) });
      continue;
    }
    for (const entry of parseManifests(decoded.text)) {
      if (entry.outcome === 'problem') problems.push({ manifestPath, message: `object ${entry.index + 1}: ${located(entry.problem)}` });
      else documents.push({ manifestPath, document: entry.index, object: entry.object });
    }
  }
  return { documents, problems };
}

function located(problem: { readonly message: string; readonly line?: number; readonly column?: number }): string {
  return problem.line === undefined ? problem.message : `line ${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}: ${problem.message}`;
}
