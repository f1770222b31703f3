import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { yamlLibrary } from '../manifest/yaml-library';
import { UsageError, UserError } from './errors';
import type { RuleFlags } from './rule-flags';
import type { RuleSwitches } from '../lint/silence';
import { LINT_RULES } from '../lint/rules';
import { MANIFEST_RULES } from '../manifest/problems';
import { SERVICE_RULES } from '../validation/rules';

/** The name of the config file, looked for in the working directory and each directory above it. */
export const CONFIG_FILE_NAME = '.appsvc.yaml';

/** What the config file says: rules switched on and off. */
export interface LintConfig {
  /** Where it was read from. */
  readonly file: string;
  readonly enable: readonly string[];
  readonly disable: readonly string[];
}

const KEYS = ['enable', 'disable'] as const;

/**
 * Parses the text of a config file:
 *
 * ```yaml
 * disable: [lint/statefulset-service-name]
 * enable: [lint/service-numeric-target-port]
 * ```
 *
 * Returns the problems instead when it is malformed, names an unknown key, or a rule `known`
 * does not hold.
 */
export function parseLintConfig(file: string, text: string, known: ReadonlySet<string>): LintConfig | { readonly problems: readonly string[] } {
  let doc: unknown;
  try {
    doc = yamlLibrary().parse(text, { version: '1.1', uniqueKeys: true });
  } catch (err: unknown) {
    return { problems: [`${file}: not valid YAML: ${(err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''}`] };
  }
  if (doc === null || doc === undefined) return { file, enable: [], disable: [] };
  if (typeof doc !== 'object' || Array.isArray(doc)) return { problems: [`${file}: must be a mapping with the keys ${KEYS.join(', ')}`] };
  const o = doc as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(key)) problems.push(`${file}: ${key}: unknown key (supported: ${KEYS.join(', ')})`);
  }
  const lists: Record<(typeof KEYS)[number], string[]> = { enable: [], disable: [] };
  for (const key of KEYS) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
      problems.push(`${file}: ${key}: must be a list of rule ids`);
      continue;
    }
    v.forEach((rule, i) => {
      if (!known.has(rule)) problems.push(`${file}: ${key}[${i}]: unknown rule ${JSON.stringify(rule)}`);
      else lists[key].push(rule);
    });
  }
  return problems.length > 0 ? { problems } : { file, ...lists };
}

/** The config file of `cwd`: the first {@link CONFIG_FILE_NAME} in `cwd` or a directory above it. */
export async function findLintConfigFile(cwd: string): Promise<string | undefined> {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads the config file found from `cwd` upwards; undefined when there is none.
 * @throws UserError (exit 1) naming the file and the field when it cannot be read or is malformed
 */
export async function loadLintConfig(cwd: string, known: ReadonlySet<string>): Promise<LintConfig | undefined> {
  const file = await findLintConfigFile(cwd);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err: unknown) {
    throw new UserError(`${file}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = parseLintConfig(file, text, known);
  if ('problems' in parsed) throw new UserError(parsed.problems.join('; '));
  return parsed;
}

/** Every rule id `--enable`, `--disable` and the config file may name: the input's, the API server's, the cross-object checks'. */
export function knownRuleIds(): ReadonlySet<string> {
  return new Set<string>([...MANIFEST_RULES, ...SERVICE_RULES, ...LINT_RULES].map((r) => r.id));
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

/**
 * Rules switched on and off: the config file's, then the flags' (a flag wins over the file for the
 * same rule).
 */
export function mergeSwitches(config: Pick<LintConfig, 'enable' | 'disable'> | undefined, enable: readonly string[], disable: readonly string[]): Required<RuleSwitches> {
  const on = new Set(config?.enable ?? []);
  const off = new Set(config?.disable ?? []);
  for (const r of disable) {
    on.delete(r);
    off.add(r);
  }
  for (const r of enable) {
    off.delete(r);
    on.add(r);
  }
  return { enable: [...on], disable: [...off] };
}
