/**
 * Where the CLI writes. stdout carries only data; stderr carries diagnostics and progress.
 * Colour is used only when stderr is a terminal and NO_COLOR is not set.
 */
export interface Output {
  /** Writes data to stdout, as is. */
  data(text: string): void;
  /** Writes a diagnostic line to stderr. */
  info(line: string): void;
  /** Writes an error line to stderr (red on a terminal). */
  error(line: string): void;
  /** Writes a warning line to stderr (yellow on a terminal). */
  warn(line: string): void;
  /** True when colour may be used on stderr. */
  readonly color: boolean;
  /** True when `--debug` was given. */
  readonly debug: boolean;
}

/** True when colour may be used on the given stream. */
export function colorAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** The process's output. */
export function processOutput(debug: boolean): Output {
  const color = colorAllowed(process.stderr);
  const paint = (code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    color,
    debug,
    data: (text) => {
      process.stdout.write(text);
    },
    info: (line) => {
      process.stderr.write(`${line}\n`);
    },
    error: (line) => {
      process.stderr.write(`${paint('31', 'error:')} ${line}\n`);
    },
    warn: (line) => {
      process.stderr.write(`${paint('33', 'warning:')} ${line}\n`);
    },
  };
}
