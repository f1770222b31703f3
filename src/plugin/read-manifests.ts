import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';

/** One decoded document of a manifest file. */
export interface ManifestDocument {
  readonly manifestPath: string;
  /** Position of the document in its file, from 0 (empty documents are counted too). */
  readonly document: number;
  readonly object: unknown;
}

/** A manifest file, or a document of one, that could not be read. */
export interface ManifestProblem {
  readonly manifestPath: string;
  readonly message: string;
}

/** Every document of every file, and what could not be read. */
export interface ReadResult {
  readonly documents: readonly ManifestDocument[];
  readonly problems: readonly ManifestProblem[];
}

/**
 * Reads and decodes manifests as cdk8s writes them (YAML 1.1 scalars, so `on`/`yes` are booleans
 * and quoted strings stay strings). Empty documents are dropped; a file or document that cannot be
 * read or parsed becomes a problem, and the rest is still read.
 */
export function readManifests(paths: readonly string[]): ReadResult {
  const documents: ManifestDocument[] = [];
  const problems: ManifestProblem[] = [];
  for (const manifestPath of paths) {
    let text: string;
    try {
      text = readFileSync(manifestPath, 'utf8');
    } catch (err: unknown) {
      problems.push({ manifestPath, message: `cannot read the manifest: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    parseAllDocuments(text, { version: '1.1' }).forEach((doc, document) => {
      const [error] = doc.errors;
      if (error !== undefined) {
        problems.push({ manifestPath, message: `document ${document + 1}: ${error.message.split('\n')[0] ?? ''}` });
        return;
      }
      let object: unknown;
      try {
        object = doc.toJS();
      } catch (err: unknown) {
        problems.push({ manifestPath, message: `document ${document + 1}: ${err instanceof Error ? err.message : String(err)}` });
        return;
      }
      if (object !== null && object !== undefined) documents.push({ manifestPath, document, object });
    });
  }
  return { documents, problems };
}
