/**
 * Silencing: which rules run, and which findings an object asks to leave out. Pure.
 *
 * - A rule is off when disabled (`--disable RULE`, `disable:` in the config file), on when enabled,
 *   else as its default (every rule is on by default except those of `LINT_RULES` marked off).
 * - An object silences rules for itself with the annotation `appsvc.dev/ignore: rule[,rule]`
 *   (`*` silences every rule).
 * - Only warnings are silenced: an error is what the API server rejects, and hiding it would not
 *   make the apply succeed.
 */
import type { Finding } from '../validation/field-error';
import { isObj } from './objects';
import { LINT_RULES, isEnabledByDefault } from './rules';

/** The annotation an object names the rules to silence for itself in: `appsvc.dev/ignore: rule[,rule]`. */
export const IGNORE_ANNOTATION = 'appsvc.dev/ignore';

/** Rules switched on or off by name (flags, config file). A rule in both lists is on. */
export interface RuleSwitches {
  /** Rules to run, also those off by default. */
  readonly enable?: readonly string[];
  /** Rules whose warnings are left out. */
  readonly disable?: readonly string[];
}

const OFF_BY_DEFAULT: ReadonlySet<string> = new Set(LINT_RULES.filter((r) => !isEnabledByDefault(r)).map((r) => r.id));

/** True when `rule` runs under `switches`. */
export function isRuleOn(rule: string, switches: RuleSwitches = {}): boolean {
  if (switches.enable?.includes(rule) === true) return true;
  if (switches.disable?.includes(rule) === true) return false;
  return !OFF_BY_DEFAULT.has(rule);
}

/** The rules `object` silences for itself through {@link IGNORE_ANNOTATION} (empty when none). */
export function ignoredRules(object: unknown): readonly string[] {
  const metadata = isObj(object) ? object['metadata'] : undefined;
  const annotations = isObj(metadata) ? metadata['annotations'] : undefined;
  const value = isObj(annotations) ? annotations[IGNORE_ANNOTATION] : undefined;
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * True when `finding` (about `object`) is left out: a warning of a rule that is off, or that the
 * object's annotation names. Decided before `--strict` turns warnings into errors.
 */
export function isSilenced(finding: Finding, object: unknown, switches: RuleSwitches = {}): boolean {
  if (finding.severity !== 'warning' || finding.rule === undefined) return false;
  if (!isRuleOn(finding.rule, switches)) return true;
  const ignored = ignoredRules(object);
  return ignored.length > 0 && (ignored.includes(finding.rule) || ignored.includes('*'));
}
