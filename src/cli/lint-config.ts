import { UsageError, UserError } from './errors';
import type { RuleFlags } from './rule-flags';
import type { RuleSwitches } from '../lint/silence';
import { knownRuleIds, LintConfigError, mergeSwitches, readLintConfig, type LintConfig } from '../lint/config-file';

export { CONFIG_FILE_NAME, findLintConfigFile, knownRuleIds, mergeSwitches, parseLintConfig, type LintConfig } from '../lint/config-file';

/**
 * Reads the config file found from `cwd` upwards; undefined when there is none.
 * @throws UserError (exit 1) naming the file and the field when it cannot be read or is malformed
 */
export async function loadLintConfig(cwd: string, known: ReadonlySet<string>): Promise<LintConfig | undefined> {
  try {
    return await Promise.resolve(readLintConfig(cwd, known));
  } catch (err: unknown) {
    if (err instanceof LintConfigError) throw new UserError(err.message);
    throw err;
  }
}

/**
 * The rules switched on and off for a run: the config file found from `cwd` upwards, then the
 * flags (a flag wins over the file for the same rule).
 * @throws UsageError (exit 2) for a flag naming an unknown rule
 * @throws UserError (exit 1) naming the file and the field when the config file is malformed
 */
export async function resolveRuleSwitches(flags: RuleFlags, cwd: string, known: ReadonlySet<string> = knownRuleIds()): Promise<Required<RuleSwitches>> {
  for (const rule of [...flags.enable, ...flags.disable]) {
    if (!known.has(rule)) throw new UsageError(`unknown rule ${JSON.stringify(rule)} (rule ids: docs/rules.md)`);
  }
  return mergeSwitches(await loadLintConfig(cwd, known), flags.enable, flags.disable);
}
