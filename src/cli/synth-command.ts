import type { Command } from 'commander';
import { describeFailure } from '../spec/failure';
import { UserError } from './errors';
import type { CommandState } from './main';
import { processOutput, type Output } from './output';

/** The spec file used when `--file` is not given. */
export const DEFAULT_SPEC_FILE_NAME = 'appsvc.yaml';
/** The output directory used when `--out` is not given. */
export const DEFAULT_OUT_DIR = 'dist';

/**
 * Turns a known failure of the spec, synthesis or kubectl modules into the CLI's outcome: every
 * line but the last is printed as an error, the last becomes the {@link UserError} main prints,
 * with the failure's exit status. Anything else is rethrown as is.
 */
export function rethrowFailure(err: unknown, out: Output): never {
  if (err instanceof UserError) throw err;
  const report = describeFailure(err);
  if (report === undefined) throw err;
  const lines = [...report.lines];
  const last = lines.pop() ?? 'failed';
  for (const line of lines) out.error(line);
  throw new UserError(last, report.exitCode);
}

/** Registers `appsvc synth`. */
export function registerSynthCommand(program: Command, _state: CommandState): void {
  program
    .command('synth')
    .description('compile the spec file into validated Kubernetes manifests, replacing the output directory atomically')
    .option('-f, --file <path>', 'the spec file', DEFAULT_SPEC_FILE_NAME)
    .option('-o, --out <dir>', 'the output directory', DEFAULT_OUT_DIR)
    .addHelpText(
      'after',
      `
Services without "clusters" are written to DIR/<spec>.k8s.yaml; a service with
"clusters: [eu-1, us-1]" is written to DIR/eu-1/ and DIR/us-1/ (one directory per cluster, ready
for a GitOps engine per cluster). Every object carries the labels
app.kubernetes.io/managed-by=appsvc and appsvc.dev/spec=<spec name>. On any error nothing in DIR
changes. Progress goes to stderr; stdout stays empty.

Examples:
  $ appsvc synth
  $ appsvc synth --file services/appsvc.yaml --out manifests/
  $ appsvc synth && appsvc validate -o sarif dist/ > appsvc.sarif`,
    )
    .action(async (opts: { file: string; out: string }, cmd: Command) => {
      const out = processOutput(cmd.optsWithGlobals<{ debug?: boolean }>().debug === true);
      const ops = await import('../spec/operations');
      try {
        const result = await ops.synthSpec(opts.file, opts.out, (line) => out.info(line));
        for (const w of result.compiled.warnings) out.warn(`${w.file}${w.line > 0 ? `:${w.line}:${w.col}` : ''}: ${w.message.replace(/^warning: /, '')}`);
        const n = new Set(result.compiled.services.map((s) => s.index)).size;
        const clusters = result.compiled.clusters;
        const summary = `${n} service${n === 1 ? '' : 's'}, ${result.compiled.files.size} file${result.compiled.files.size === 1 ? '' : 's'}${clusters.length > 0 ? `, clusters: ${clusters.join(', ')}` : ''}`;
        out.info(result.changed ? `wrote ${opts.out} (${summary})` : `${opts.out} is up to date (${summary})`);
      } catch (err: unknown) {
        rethrowFailure(err, out);
      }
    });
}
