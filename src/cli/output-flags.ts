import { Option, type Command } from 'commander';
import { UsageError } from './errors';
import type { Output } from './output';

/*
 * kubectl's conventions for where output goes: `-o/--output` is a format, a directory is
 * `-d/--out`. Earlier releases took the output directory as `-o DIR` in synth, diff and apply;
 * that spelling still works when DIR is not a format, with a deprecation note on stderr.
 */

/** The output directory used when `--out` is not given. */
export const DEFAULT_OUT_DIR = 'dist';

/** The formats `appsvc synth -o` prints to stdout. */
export const SYNTH_FORMATS = ['yaml', 'json'] as const;
export type SynthFormat = (typeof SYNTH_FORMATS)[number];

/** Adds `-d, --out <dir>` (default dist/). */
export function addOutDirOption(cmd: Command, description: string): Command {
  return cmd.option('-d, --out <dir>', description, DEFAULT_OUT_DIR);
}

/** Adds the old `-o, --output <dir>` of diff and apply, hidden from help (they print no format). */
export function addLegacyOutputDirOption(cmd: Command): Command {
  return cmd.addOption(new Option('-o, --output <dir>', 'deprecated: the output directory; use -d/--out').hideHelp());
}

/** What `--out`, `--output` and `--stdout` ask for, once resolved. */
export type OutputTarget = { readonly kind: 'dir'; readonly dir: string } | { readonly kind: 'stdout'; readonly format: SynthFormat };

/** The parsed values of the output options (`output`/`stdout` absent where a command has none). */
export interface OutputOptionValues {
  readonly out: string;
  readonly output?: string;
  readonly stdout?: boolean;
}

/**
 * Resolves the output options of `cmd`: `-o FORMAT` or `--stdout` print to stdout, `-d DIR` names
 * the directory, and `-o DIR` (DIR not one of `formats`) is the deprecated spelling of `-d DIR`.
 *
 * @param formats the formats `-o` takes (none for diff and apply)
 * @throws UsageError when the options contradict each other
 */
export function resolveOutputTarget(cmd: Command, values: OutputOptionValues, formats: readonly SynthFormat[], out: Output): OutputTarget {
  const outGiven = cmd.getOptionValueSource('out') === 'cli' || cmd.getOptionValueSource('out') === 'env';
  const output = values.output;
  const format = output !== undefined ? formats.find((f) => f === output) : undefined;
  if (output !== undefined && format === undefined) {
    if (outGiven) throw new UsageError(`-o ${output}: -o is an output format${formats.length > 0 ? ` (${formats.join(', ')})` : ''}; the output directory is -d/--out`);
    if (values.stdout === true) throw new UsageError(`--stdout prints ${formats.join(' or ')}; "-o ${output}" is not one of them`);
    out.warn(`-o ${output}: naming the output directory with -o is deprecated; use -d ${output} (or --out ${output})${formats.length > 0 ? `; -o takes a format: ${formats.join(', ')}` : ''}`);
    return { kind: 'dir', dir: output };
  }
  if (format !== undefined || values.stdout === true) {
    if (outGiven) throw new UsageError(`${format !== undefined ? `-o ${format}` : '--stdout'} prints the manifests to stdout and writes nothing to disk; drop -d/--out`);
    return { kind: 'stdout', format: format ?? 'yaml' };
  }
  return { kind: 'dir', dir: values.out };
}
