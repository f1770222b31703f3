import type { Command } from 'commander';
import { renderSilenced } from '../report/text';
import { describeFailure } from '../spec/failure';
import { UserError } from './errors';
import type { CommandState } from './main';
import { processOutput, type Output } from './output';
import { addOutDirOption, DEFAULT_OUT_DIR, resolveOutputTarget, SYNTH_FORMATS, type SynthFormat } from './output-flags';
import { addRuleOptions, ruleFlags } from './rule-flags';
import { addVersionOptions, versionChoice, type VersionChoice } from './version-flags';
import { parseKubernetesVersion, type KubernetesVersion } from '../validation/versions';
import type { ObjectFinding } from '../synth/types';

/** The spec file used when `--file` is not given. */
export const DEFAULT_SPEC_FILE_NAME = 'appsvc.yaml';
export { DEFAULT_OUT_DIR };

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
  const synth = program
    .command('synth')
    .description('compile the spec file into validated Kubernetes manifests, replacing the output directory atomically')
    .option('-f, --file <path>', 'the spec file', DEFAULT_SPEC_FILE_NAME);
  addOutDirOption(synth, 'the output directory')
    .option('-o, --output <format>', `print the manifests to stdout in this format (${SYNTH_FORMATS.join(', ')}) and write nothing to disk`)
    .option('--stdout', 'print the manifests to stdout as a YAML stream (-o yaml) and write nothing to disk');
  addStrictOption(addRuleOptions(addVersionOptions(synth, "the spec's kubernetesVersion, else 1.28")))
    .addHelpText(
      'after',
      `
Services without "clusters" are written to DIR/<spec>.k8s.yaml; a service with
"clusters: [eu-1, us-1]" is written to DIR/eu-1/ and DIR/us-1/ (one directory per cluster, ready
for a GitOps engine per cluster). Every object carries the labels
app.kubernetes.io/managed-by=appsvc and appsvc.dev/spec=<spec id> (the spec's "id", else its
name). On any error nothing in DIR changes. DIR is replaced only when it is missing, empty or holds
nothing but appsvc output (*.k8s.yaml, construct-metadata.json): a directory with other files
(sources, a README, .git) is refused with a line naming one of them. Progress goes to stderr;
stdout stays empty unless --stdout or -o is given.

Warnings are silenced as with appsvc validate: --disable RULE, --enable RULE (repeatable), a
.appsvc.yaml file in this directory or above ("disable: [RULE]", "enable: [RULE]"), or the
annotation appsvc.dev/ignore: RULE[,RULE] on a service; the count goes to stderr. Errors are
never silenced. Rule ids: docs/rules.md.

With --stdout (or -o yaml) the files are printed as one YAML stream, each file after a
"# Source: <path>" comment when there are several; -o json prints a v1 List. "-o DIR" for the
output directory (earlier releases) still works when DIR is not a format, with a note.

Examples:
  $ appsvc synth
  $ appsvc synth --file services/appsvc.yaml --out manifests/
  $ appsvc synth --stdout | kubectl apply --server-side -f -
  $ appsvc synth && appsvc validate -o sarif dist/ > appsvc.sarif
  $ appsvc synth --kubernetes-version 1.33         # check against a 1.33 API server (kubectl version)
  $ appsvc synth --disable k8s/deprecated-topology-hints`,
    )
    .action(async (opts: { file: string; out: string; output?: string; stdout?: boolean }, cmd: Command) => {
      const out = processOutput(cmd.optsWithGlobals<{ debug?: boolean }>().debug === true);
      const target = resolveOutputTarget(cmd, opts, SYNTH_FORMATS, out);
      const given = opts as Record<string, unknown>;
      // Gates are checked against the version they apply to: the flag's, else the spec's.
      const versions = versionChoice(given, given['featureGates'] !== undefined && given['kubernetesVersion'] === undefined ? await specVersion(opts.file) : undefined);
      const { resolveRuleSwitches } = await import('./lint-config');
      const silenced = new SilencedCount();
      const check = { ...versions, ...(await resolveRuleSwitches(ruleFlags(given), process.cwd())), onSilenced: (f: ObjectFinding) => silenced.add(f) };
      const strict = given['strict'] === true;
      if (target.kind === 'stdout') {
        await printSynth(opts.file, target.format, out, check, silenced, strict);
        return;
      }
      const dir = target.dir;
      const [ops, { formatSpecWarning }] = await Promise.all([import('../spec/operations'), import('../spec/compile-problems')]);
      try {
        // The warnings are shown, and --strict decides, before anything is written.
        const result = await ops.synthSpec(opts.file, dir, (line) => out.info(line), check, (compiled) => {
          for (const w of compiled.warnings) out.info(formatSpecWarning(w));
          silenced.report(out);
          failOnWarnings(strict, compiled.warnings.length, 'nothing written');
        });
        const n = new Set(result.compiled.services.map((s) => s.index)).size;
        const clusters = result.compiled.clusters;
        const summary = `${n} service${n === 1 ? '' : 's'}, ${result.compiled.files.size} file${result.compiled.files.size === 1 ? '' : 's'}${clusters.length > 0 ? `, clusters: ${clusters.join(', ')}` : ''}`;
        out.info(result.changed ? `wrote ${dir} (${summary})` : `${dir} is up to date (${summary})`);
      } catch (err: unknown) {
        silenced.report(out);
        rethrowFailure(err, out);
      }
    });
}

/** `synth --stdout` / `synth -o FORMAT`: compiles and validates the spec, prints the manifests, writes nothing. */
async function printSynth(file: string, format: SynthFormat, out: Output, options: SynthCheckOptions, silenced: SilencedCount, strict: boolean): Promise<void> {
  const [{ loadSpecFile }, { compileSpec }] = await Promise.all([import('../spec/load'), import('../spec/compile')]);
  try {
    const compiled = compileSpec(await loadSpecFile(file), { ...options, onProgress: (line) => out.info(line) });
    const { formatSpecWarning } = await import('../spec/compile-problems');
    for (const w of compiled.warnings) out.info(formatSpecWarning(w));
    silenced.report(out);
    failOnWarnings(strict, compiled.warnings.length, 'nothing printed');
    const files = [...compiled.files];
    if (format === 'json') {
      const items = files.flatMap(([key]) => {
        const cluster = key.includes('/') ? key.slice(0, key.indexOf('/')) : undefined;
        return compiled.services.filter((s) => s.cluster === cluster).map((s) => s.manifest);
      });
      out.data(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`);
    } else if (files.length === 1) {
      out.data(files[0]?.[1] ?? '');
    } else {
      out.data(files.map(([key, text]) => `# Source: ${key}\n${text}`).join('---\n'));
    }
  } catch (err: unknown) {
    silenced.report(out);
    rethrowFailure(err, out);
  }
}

/** What synthesis is checked with: the version and gates, the rules switched on and off, where silenced warnings go. */
interface SynthCheckOptions extends VersionChoice {
  readonly enable: readonly string[];
  readonly disable: readonly string[];
  readonly onSilenced: (finding: ObjectFinding) => void;
}

/** Adds `--strict` to a command that synthesizes the spec. */
export function addStrictOption(cmd: Command): Command {
  return cmd.option('--strict', 'fail (exit 1) when a warning is left after silencing, as appsvc validate --strict does; nothing is written', false);
}

/**
 * Under `--strict`, fails the command when warnings are left (they are shown already): `N
 * warnings and --strict: <what>`, exit 1.
 */
export function failOnWarnings(strict: boolean, warnings: number, what: string): void {
  if (strict && warnings > 0) throw new UserError(`${warnings} warning${warnings === 1 ? '' : 's'} and --strict: ${what}`);
}

/**
 * Counts silenced warnings per rule, each once: a service written for several clusters is checked
 * once per cluster, but is one service of the spec (as its warnings are shown once).
 */
export class SilencedCount {
  private readonly seen = new Set<string>();
  private readonly perRule = new Map<string, number>();
  private reported = false;

  public add({ constructPath, finding }: ObjectFinding): void {
    const rule = finding.rule ?? '';
    const key = JSON.stringify([constructPath, rule, finding.field, finding.message]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.perRule.set(rule, (this.perRule.get(rule) ?? 0) + 1);
  }

  /** Prints the count on stderr (once), in the words of `appsvc validate`. */
  public report(out: Output): void {
    if (this.reported) return;
    this.reported = true;
    const line = renderSilenced(this.perRule);
    if (line !== undefined) out.info(line);
  }
}

/** The spec file's `kubernetesVersion`, when it loads and names one (a spec that does not load is reported later). */
async function specVersion(file: string): Promise<KubernetesVersion | undefined> {
  try {
    const { loadSpecFile } = await import('../spec/load');
    const version = (await loadSpecFile(file)).spec.kubernetesVersion;
    return version === undefined ? undefined : parseKubernetesVersion(version);
  } catch {
    return undefined;
  }
}
