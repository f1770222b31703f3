import type { App } from 'cdk8s';
import * as path from 'path';
import { LintConfigError, mergeSwitches, readLintConfig } from '../lint/config-file';
import { renderSilenced } from '../report/text';
import { formatObjectFindings } from './check';
import { synthesize, SynthError, type SynthOptions, type SynthResult } from './synthesize';
import { OutputBusyError, OutputPathError } from './write';

/** Options of {@link runApp} and {@link synthesizeOrExit}. */
export interface RunAppOptions extends SynthOptions {
  /**
   * Print stack traces of errors that are not synthesis findings (a bug in the app's own code).
   * @default - true when the command line holds `--debug` or APPSVC_DEBUG is set to anything but "" or "0"
   */
  readonly debug?: boolean;
  /**
   * Where findings and the summary line go.
   * @default - process.stderr
   */
  readonly stderr?: { write(text: string): unknown };
  /**
   * Where `.appsvc.yaml` is looked for (there and in each directory above), as `appsvc synth`
   * looks for it; its `enable` and `disable` lists apply under `enable` and `disable` (which win
   * for the same rule). `false` reads no config file.
   * @default - the working directory
   */
  readonly configFrom?: string | false;
}

/** True when `--debug` is on the command line or APPSVC_DEBUG is set (not to "" or "0"). */
export function debugRequested(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env['APPSVC_DEBUG'];
  return argv.includes('--debug') || (flag !== undefined && flag !== '' && flag !== '0');
}

/**
 * Synthesizes the app `build` returns into `CDK8S_OUTDIR` (or `options.outdir`, or dist/) and
 * reports the outcome on stderr as a command-line tool would: warnings and a one-line summary on
 * success; on failure every finding once, with no stack trace, and the output directory left as
 * it was. Returns the exit status (0 or 1) and sets `process.exitCode` to it.
 *
 * ```ts
 * // main.ts, run by `npx cdk8s synth` or `npm run synth`
 * runApp(() => {
 *   const app = new App();
 *   new MyChart(app, 'shop');
 *   return app;
 * });
 * ```
 *
 * Warnings are silenced as `appsvc synth` silences them: `options.enable`/`disable`, the
 * `.appsvc.yaml` found from the working directory upwards (see {@link RunAppOptions.configFrom}),
 * and the `appsvc.dev/ignore` annotation; the count goes to stderr.
 *
 * An error thrown by `build` itself (a bug in the app) is printed as one line too; `--debug` on
 * the command line, APPSVC_DEBUG=1 or `options.debug` adds its stack trace.
 *
 * @param build creates the app (its constructs' own errors are caught too)
 * @param options synthesis options, and where to report
 */
export function runApp(build: () => App, options: RunAppOptions = {}): number {
  const status = synthAndReport(build, options);
  process.exitCode = status;
  return status;
}

/**
 * Synthesizes `app` like {@link runApp} does and returns the result; on failure prints every
 * finding once (no stack trace) and exits the process with status 1.
 *
 * ```ts
 * const app = new App();
 * new MyChart(app, 'shop');
 * synthesizeOrExit(app);
 * ```
 */
export function synthesizeOrExit(app: App, options: RunAppOptions = {}): SynthResult {
  let result: SynthResult | undefined;
  const status = synthAndReport(() => app, options, (r) => {
    result = r;
  });
  if (status !== 0 || result === undefined) process.exit(status === 0 ? 1 : status);
  return result;
}

/**
 * {@link runApp} without setting `process.exitCode`: returns the exit status only.
 * @param done called with the result when synthesis succeeds
 */
export function synthAndReport(build: () => App, options: RunAppOptions = {}, done?: (result: SynthResult) => void): number {
  const stderr = options.stderr ?? process.stderr;
  const debug = options.debug ?? debugRequested();
  const { debug: _debug, stderr: _stderr, configFrom, ...given } = options;
  let synthOptions: SynthOptions = given;
  if (configFrom !== false) {
    try {
      const config = readLintConfig(configFrom ?? process.cwd());
      if (config !== undefined) synthOptions = { ...given, ...mergeSwitches(config, given.enable ?? [], given.disable ?? []) };
    } catch (err: unknown) {
      if (!(err instanceof LintConfigError)) throw err;
      stderr.write(`error: ${err.message}\n`);
      return 1;
    }
  }
  // Silenced warnings are counted per rule, as `appsvc validate` and `appsvc synth` count them.
  const silenced = new Map<string, number>();
  const onSilenced: SynthOptions['onSilenced'] = (f) => {
    const rule = f.finding.rule ?? '';
    silenced.set(rule, (silenced.get(rule) ?? 0) + 1);
    options.onSilenced?.(f);
  };
  try {
    const result = synthesize(build(), { ...synthOptions, onSilenced });
    if (result.warnings.length > 0) stderr.write(`${formatObjectFindings(result.warnings)}\n`);
    const silencedLine = renderSilenced(silenced);
    if (silencedLine !== undefined) stderr.write(`${silencedLine}\n`);
    stderr.write(`${synthSummary(result)}\n`);
    done?.(result);
    return 0;
  } catch (err: unknown) {
    if (err instanceof SynthError || err instanceof OutputPathError || err instanceof OutputBusyError) {
      stderr.write(`${err.message}\n`);
      if (debug && err.stack !== undefined) stderr.write(`${err.stack}\n`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      stderr.write(`error: ${message}${debug ? '' : ' (run with --debug or APPSVC_DEBUG=1 for the stack trace)'}\n`);
      if (debug && err instanceof Error && err.stack !== undefined) stderr.write(`${err.stack}\n`);
    }
    return 1;
  }
}

/** One line for stderr: what was written where, e.g. `wrote dist/ (1 file, 13 objects, 6 Services)`. */
export function synthSummary(result: SynthResult): string {
  const dir = path.relative(process.cwd(), result.outdir) || '.';
  const files = result.files.size;
  const objects = result.objects.length;
  const services = result.objects.filter((o) => o.manifest['kind'] === 'Service' && o.manifest['apiVersion'] === 'v1').length;
  const counts = `${files} file${files === 1 ? '' : 's'}, ${objects} object${objects === 1 ? '' : 's'}, ${services} Service${services === 1 ? '' : 's'}`;
  return result.changed ? `wrote ${dir}/ (${counts})` : `${dir}/ is up to date (${counts})`;
}
