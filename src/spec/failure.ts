/**
 * Maps the errors of the spec, synthesis and kubectl modules to what the CLI prints and its exit
 * status. Recognises them by name, so the CLI can use it without loading those modules.
 */

/** What to print (one line each, on stderr) and the exit status. */
export interface FailureReport {
  readonly lines: readonly string[];
  readonly exitCode: number;
}

/** Errors that carry located problems (`file:line:col: message`). */
const WITH_PROBLEMS: ReadonlySet<string> = new Set(['SpecError', 'SpecCompileError']);
/** Errors whose message is the whole story (exit 1). */
const PLAIN: ReadonlySet<string> = new Set(['SpecOperationError', 'SpecLockedError', 'SpecFileError', 'KubectlNotFoundError', 'OutputPathError', 'OutputBusyError']);
/** Errors that are usage problems (exit 2). */
const USAGE: ReadonlySet<string> = new Set(['DeployUsageError']);

/** The report for a known error, or undefined for anything else. */
export function describeFailure(err: unknown): FailureReport | undefined {
  if (!(err instanceof Error)) return undefined;
  if (WITH_PROBLEMS.has(err.name)) return { lines: err.message.split('\n').filter((l) => l.length > 0), exitCode: 1 };
  if (PLAIN.has(err.name)) return { lines: [err.message], exitCode: 1 };
  if (USAGE.has(err.name)) return { lines: [err.message], exitCode: 2 };
  return undefined;
}
