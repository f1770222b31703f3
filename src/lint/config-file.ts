import * as fs from 'node:fs';
import * as path from 'node:path';
import { yamlLibrary } from '../manifest/yaml-library';
import { MANIFEST_RULES } from '../manifest/problems';
import { SERVICE_RULES } from '../validation/rules';
import { LINT_RULES } from './rules';
import type { RuleSwitches } from './silence';

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

/** The config file of `cwd`: the first {@link CONFIG_FILE_NAME} in `cwd` or a directory above it; undefined when there is none. */
export function findLintConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The config file cannot be read, or says something wrong: the message names the file and the field. */
export class LintConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'LintConfigError';
  }
}

/**
 * Reads the config file found from `cwd` upwards; undefined when there is none.
 * @throws LintConfigError naming the file and the field when it cannot be read or is malformed
 */
export function readLintConfig(cwd: string, known: ReadonlySet<string> = knownRuleIds()): LintConfig | undefined {
  const file = findLintConfigFile(cwd);
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err: unknown) {
    throw new LintConfigError(`${file}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = parseLintConfig(file, text, known);
  if ('problems' in parsed) throw new LintConfigError(parsed.problems.join('; '));
  return parsed;
}

/** Every rule id `--enable`, `--disable` and the config file may name: the input's, the API server's, the cross-object checks'. */
export function knownRuleIds(): ReadonlySet<string> {
  return new Set<string>([...MANIFEST_RULES, ...SERVICE_RULES, ...LINT_RULES].map((r) => r.id));
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
