import { Option, type Command } from 'commander';
import type { CommandState } from './main';
import { processOutput, type Output } from './output';
import { addLegacyOutputDirOption, addOutDirOption, resolveOutputTarget } from './output-flags';
import { addRuleOptions, ruleFlags } from './rule-flags';
import { addStrictOption, DEFAULT_SPEC_FILE_NAME, failOnWarnings, rethrowFailure, SilencedCount } from './synth-command';
import type { ObjectFinding } from '../synth/types';

/** Options common to `appsvc diff` and `appsvc apply`. */
interface ClusterOptions {
  readonly file: string;
  readonly out: string;
  /** The deprecated `-o DIR`. */
  readonly output?: string;
  readonly kubectl?: string;
  readonly context?: string;
  readonly cluster?: string;
  /** `--enable`, `--disable`. */
  readonly enable?: readonly string[];
  readonly disable?: readonly string[];
  /** `--strict`. */
  readonly strict?: boolean;
}

function addClusterOptions(cmd: Command): Command {
  cmd.option('-f, --file <path>', 'the spec file', DEFAULT_SPEC_FILE_NAME);
  addLegacyOutputDirOption(addOutDirOption(cmd, 'the output directory to synthesize into'));
  return addStrictOption(
    addRuleOptions(
      cmd
        .option('--context <name>', 'the kubeconfig context (default: the current context)')
        .option('--cluster <name>', "also use the spec's output for this cluster (default: the context, when the spec names such a cluster)")
        .option('--kubectl <path>', 'the kubectl binary (default: $KUBECTL, else kubectl on the PATH)'),
    ),
  );
}

/** Registers `appsvc diff` and `appsvc apply`. */
export function registerClusterCommands(program: Command, state: CommandState): void {
  addClusterOptions(
    program
      .command('diff')
      .description('synthesize and validate the spec, then show what `kubectl diff --server-side` would change'),
  )
    .addHelpText(
      'after',
      `
Runs: kubectl diff --server-side --field-manager=appsvc --filename=DIR/... (no shell).
The spec's warnings are shown on stderr first, silenced as appsvc synth silences them (--disable,
--enable, .appsvc.yaml, the appsvc.dev/ignore annotation).
Exit status: 0 no differences, 1 differences found, 2 usage error, 3 no answer: kubectl failed
(its status was above 1), was killed by a signal or found no cluster, or the spec is invalid
(nothing is run then). So \`appsvc diff || [ $? -eq 1 ]\` fails on anything but differences.

Examples:
  $ appsvc diff
  $ appsvc diff --context prod-eu --cluster eu-1
  $ KUBECTL=/opt/bin/kubectl appsvc diff`,
    )
    .action(async (opts: ClusterOptions, cmd: Command) => {
      const out = output(cmd);
      const deploy = await import('../kubectl/deploy');
      state.failureExitCode = deploy.EXIT_DIFF_FAILED;
      const { resolveKubectl } = await import('../kubectl/runner');
      const silenced = new SilencedCount();
      try {
        state.exitCode = await deploy.runDiff({ ...common(opts, cmd, out), ...(await synthRules(opts, out, silenced)), kubectl: resolveKubectl(opts.kubectl) }, deployOutput(out));
      } catch (err: unknown) {
        silenced.report(out);
        rethrowFailure(err, out);
      }
    });

  addClusterOptions(
    program
      .command('apply')
      .description('synthesize and validate the spec, then `kubectl apply --server-side --field-manager=appsvc` the output'),
  )
    .addOption(new Option('--dry-run <mode>', 'persist nothing: "server" sends the objects to the API server (admission and validation run there), "client" is kubectl\'s own dry run (client-side apply)').choices(['client', 'server']))
    .option('--prune', "delete from the cluster this spec's Services that were removed from the spec (needs a spec name)")
    .addHelpText(
      'after',
      `
Runs: kubectl apply --server-side --field-manager=appsvc --filename=DIR/... (no shell), after
showing the spec's warnings on stderr, silenced as appsvc synth silences them. With
--prune it then lists the Services labelled app.kubernetes.io/managed-by=appsvc and
appsvc.dev/spec=<spec name> in every namespace and deletes those the spec no longer holds
(kubectl's own --prune does not work with server-side apply). kubectl's output, errors and exit
status are passed through; when no cluster is reachable, one line says so.

With --dry-run=client, kubectl apply runs client-side (kubectl refuses --server-side with a
client dry run) and prints what it would change; it still reads the live objects.

Examples:
  $ appsvc apply --dry-run=server
  $ appsvc apply --context prod-eu --cluster eu-1 --prune
  $ appsvc apply --kubectl ./bin/kubectl`,
    )
    .action(async (opts: ClusterOptions & { dryRun?: string; prune?: boolean }, cmd: Command) => {
      const out = output(cmd);
      const deploy = await import('../kubectl/deploy');
      const { resolveKubectl } = await import('../kubectl/runner');
      const silenced = new SilencedCount();
      try {
        state.exitCode = await deploy.runApply(
          {
            ...common(opts, cmd, out),
            ...(await synthRules(opts, out, silenced)),
            kubectl: resolveKubectl(opts.kubectl),
            dryRunServer: opts.dryRun === 'server',
            dryRunClient: opts.dryRun === 'client',
            prune: opts.prune === true,
          },
          deployOutput(out),
        );
      } catch (err: unknown) {
        silenced.report(out);
        rethrowFailure(err, out);
      }
    });
}

function common(opts: ClusterOptions, cmd: Command, out: Output): { file: string; outdir: string; context?: string; cluster?: string } {
  const target = resolveOutputTarget(cmd, opts, [], out);
  return {
    file: opts.file,
    outdir: target.kind === 'dir' ? target.dir : opts.out,
    ...(opts.context !== undefined ? { context: opts.context } : {}),
    ...(opts.cluster !== undefined ? { cluster: opts.cluster } : {}),
  };
}

/**
 * The rules of the synthesis before kubectl runs, as `appsvc synth` takes them (`--enable`,
 * `--disable`, `.appsvc.yaml` from the working directory upwards), the silenced count, printed
 * once the warnings are shown, and `--strict`, which stops the command there when any is left.
 */
async function synthRules(
  opts: ClusterOptions,
  out: Output,
  silenced: SilencedCount,
): Promise<{ rules: { enable: readonly string[]; disable: readonly string[]; onSilenced: (f: ObjectFinding) => void }; onSynthesized: (warnings: number) => void }> {
  const { resolveRuleSwitches } = await import('./lint-config');
  const switches = await resolveRuleSwitches(ruleFlags({ enable: opts.enable, disable: opts.disable }), process.cwd());
  return {
    rules: { ...switches, onSilenced: (f) => silenced.add(f) },
    onSynthesized: (warnings) => {
      silenced.report(out);
      failOnWarnings(opts.strict === true, warnings, 'kubectl was not run');
    },
  };
}

function output(cmd: Command): Output {
  return processOutput(cmd.optsWithGlobals<{ debug?: boolean }>().debug === true);
}

function deployOutput(out: Output): { info(line: string): void; error(line: string): void; passthrough(text: string): void; readonly debug: boolean } {
  return {
    info: (line) => out.info(line),
    error: (line) => out.error(line),
    passthrough: (text) => {
      process.stderr.write(text);
    },
    debug: out.debug,
  };
}
