import type { Finding } from '../validation/field-error';
import type { RuleSwitches } from './silence';

/** Options of `lintManifests`: also which rules run (`enable`, `disable`). */
export interface LintOptions extends RuleSwitches {
  /**
   * Report warnings as errors: every finding then has severity `error` (what `--strict` asks for).
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Called with each finding left out because its rule is off or the object's
   * `appsvc.dev/ignore` annotation names it (to count them).
   * @default - silenced findings are dropped
   */
  readonly onSilenced?: (finding: LintFinding) => void;
  /**
   * Leave findings in whatever silences them (the caller silences them itself, e.g. after mapping
   * them to a construct's terms); `enable` still decides which rules run.
   * @default true
   */
  readonly silence?: boolean;
}

/** One finding of a cross-object check, attached to the object it is about. */
export interface LintFinding {
  /** Index into the objects given to `lintManifests`. */
  readonly index: number;
  /** The finding; `rule` is always set, `severity` is `error` or `warning`. */
  readonly finding: Finding;
}
