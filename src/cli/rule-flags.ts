/**
 * `--enable RULE` and `--disable RULE`, shared by `appsvc validate`, `synth`, `diff` and `apply`. Light
 * (commander only), so `--help` stays fast; the rules are checked and merged with the config file
 * by `resolveRuleSwitches` (./lint-config) when the command runs.
 */
import type { Command } from 'commander';

/** The rules named on the command line, in the order given. */
export interface RuleFlags {
  /** `--enable`: rules to run, also those off by default. */
  readonly enable: readonly string[];
  /** `--disable`: rules whose warnings are left out. */
  readonly disable: readonly string[];
}

/** Adds `--enable` and `--disable` (repeatable, each also a comma-separated list) to `cmd`. */
export function addRuleOptions(cmd: Command): Command {
  return cmd
    .option('--enable <rule>', 'run a rule, also one that is off by default (repeatable)', collectRules, [])
    .option('--disable <rule>', 'leave out the warnings of a rule (repeatable)', collectRules, []);
}

/** The rules of parsed options (`opts.enable`, `opts.disable`). */
export function ruleFlags(opts: Record<string, unknown>): RuleFlags {
  return { enable: stringList(opts['enable']), disable: stringList(opts['disable']) };
}

/** `--enable a,b --enable c` adds up to `[a, b, c]`. */
export function collectRules(value: string, previous: readonly string[]): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
