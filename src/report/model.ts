import type { LocatedFinding } from '../manifest/types';
import type { ManifestProblem } from '../manifest/problems';

/**
 * The outcome for one object of the input (or for one input that could not be read as objects):
 * what the `-o json` report calls a result.
 */
export interface ObjectResult {
  /** The file as given on the command line (for a directory, the path of the file inside it); `-` for stdin. */
  readonly file: string;
  /** 0-based position of the object among the objects of its file. */
  readonly index: number;
  /** 1-based line where the object starts, when known. */
  readonly line?: number;
  readonly apiVersion: string | null;
  readonly kind: string | null;
  readonly namespace: string | null;
  readonly name: string | null;
  /** Set when the result stands for input that could not be decoded into an object. */
  readonly problem?: ManifestProblem;
  /** Every finding about the object, in order: decoding, API server rules, cross-object checks. */
  readonly findings: readonly LocatedFinding[];
}

/** A whole `appsvc validate` run: one result per object, in input order. */
export interface ValidationRun {
  readonly results: readonly ObjectResult[];
  /**
   * Warnings left out by rule (rules switched off, `appsvc.dev/ignore` annotations).
   * @default - none
   */
  readonly silenced?: ReadonlyMap<string, number>;
}

/** True when no finding of the run has severity `error`. */
export function runOk(run: ValidationRun): boolean {
  return run.results.every((r) => r.findings.every((f) => f.finding.severity !== 'error'));
}

/** How many findings of each severity the run has. */
export function countFindings(run: ValidationRun): { readonly errors: number; readonly warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const r of run.results) {
    for (const f of r.findings) {
      if (f.finding.severity === 'error') errors++;
      else warnings++;
    }
  }
  return { errors, warnings };
}

/** How the text report and SARIF name a file: `-` is `<stdin>`. */
export function displayFile(file: string): string {
  return file === '-' ? '<stdin>' : file;
}
