import type { Finding } from '../validation/field-error';

/** Options of `lintManifests`. */
export interface LintOptions {
  /**
   * Report warnings as errors: every finding then has severity `error` (what `--strict` asks for).
   * @default false
   */
  readonly strict?: boolean;
}

/** One finding of a cross-object check, attached to the object it is about. */
export interface LintFinding {
  /** Index into the objects given to `lintManifests`. */
  readonly index: number;
  /** The finding; `rule` is always set, `severity` is `error` or `warning`. */
  readonly finding: Finding;
}
