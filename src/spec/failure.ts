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

/** Problems printed before the rest are summed up in one line (a spec can hold 100,000 mistakes). */
export const MAX_PROBLEM_LINES = 200;

/** The report for a known error, or undefined for anything else. */
export function describeFailure(err: unknown): FailureReport | undefined {
  if (!(err instanceof Error)) return undefined;
  if (WITH_PROBLEMS.has(err.name)) return { lines: problemLines(err.message), exitCode: 1 };
  if (PLAIN.has(err.name)) return { lines: [err.message], exitCode: 1 };
  if (USAGE.has(err.name)) return { lines: [err.message], exitCode: 2 };
  return undefined;
}

/** The first {@link MAX_PROBLEM_LINES} lines of `message`, then `… and N more problems`. */
function problemLines(message: string): string[] {
  const lines = message.split('\n').filter((l) => l.length > 0);
  if (lines.length <= MAX_PROBLEM_LINES) return lines;
  const more = lines.length - MAX_PROBLEM_LINES;
  return [...lines.slice(0, MAX_PROBLEM_LINES), `… and ${more} more problem${more === 1 ? '' : 's'} (${lines.length} in all)`];
}
