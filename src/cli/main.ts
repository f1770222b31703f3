import { Command, CommanderError } from 'commander';
import { EXIT_FAILURE, EXIT_USAGE, UserError } from './errors';
import { registerClusterCommands } from './cluster-commands';
import { registerCompletionCommand } from './completion-command';
import { registerImportCommand } from './import-command';
import { registerRoutesCommand } from './routes-command';
import { endQuietlyWhenStdoutCloses, processOutput } from './output';
import { registerServiceCommand } from './service-command';
import { registerStatusCommand } from './status-command';
import { registerSynthCommand } from './synth-command';
import { registerValidateCommand } from './validate-command';

/**
 * The CLI entry point. Builds the command tree, runs it, and maps every outcome to an exit status.
 * Nothing runs at import time; each command loads what it needs when it runs, so `appsvc validate`
 * does not load cdk8s.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const out = processOutput(debug);
  endQuietlyWhenStdoutCloses();
  const state: CommandState = { exitCode: 0 };
  const program = buildProgram(state);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (err: unknown) {
    if (err instanceof CommanderError) {
      // commander has already printed its message (help and version exit 0).
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    // A document the YAML writer refuses (a lone surrogate, too deep) is the input's to fix, not a bug.
    if (err instanceof UserError || (err instanceof Error && (err.name === 'UnwritableStringError' || err.name === 'UnwritableDocumentError'))) {
      out.error(err.message);
      if (debug && err.stack !== undefined) out.info(err.stack);
      const code = err instanceof UserError ? err.exitCode : EXIT_FAILURE;
      return code === EXIT_FAILURE ? (state.failureExitCode ?? EXIT_FAILURE) : code;
    }
    const message = err instanceof Error ? err.message : String(err);
    out.error(`internal error: ${message}${debug ? '' : ' (run with --debug for details)'}`);
    if (debug && err instanceof Error && err.stack !== undefined) out.info(err.stack);
    return state.failureExitCode ?? EXIT_FAILURE;
  }
}

/** Mutable holder through which commands report their exit status. */
export interface CommandState {
  exitCode: number;
  /** The status of a failure (an error thrown) when the command has its own, instead of 1. */
  failureExitCode?: number;
}

function buildProgram(state: CommandState): Command {
  const program = new Command('appsvc')
    .description('Compile service definitions into Kubernetes Service manifests that the API server of the chosen Kubernetes version (1.28 to 1.37, default 1.28) accepts.')
    .version(readVersion(), '-V, --version', 'print the version')
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  program.addHelpText(
    'after',
    `
Examples:
  $ appsvc validate manifests/                 check any Kubernetes YAML against the API server rules
  $ appsvc service upsert api --port 80:8080 --selector app=api
  $ appsvc synth                               compile appsvc.yaml into dist/
  $ appsvc diff && appsvc apply                compare with and apply to the cluster

Exit status: 0 success, 1 invalid input or failed operation, 2 usage error.`,
  );
  for (const register of COMMANDS) {
    register(program, state);
  }
  return program;
}

/** A command module's registration function. */
export type RegisterCommand = (program: Command, state: CommandState) => void;

// Each command lives in its own module and registers itself. Registration modules import only
// commander and light helpers; the work itself is loaded when the command runs.
const COMMANDS: readonly RegisterCommand[] = [registerValidateCommand, registerServiceCommand, registerSynthCommand, registerClusterCommands,
  registerImportCommand,
  registerRoutesCommand,
  registerStatusCommand,
  registerCompletionCommand,
];

function readVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const pkg: unknown = require('../../../package.json');
  if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  return '0.0.0';
}
