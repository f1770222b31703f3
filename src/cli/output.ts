import * as fs from 'node:fs';
import { UserError } from './errors';
import { FILE_SYSTEM_REASONS } from '../synth/file-system-reasons';

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
    data: writeStdout,
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

/** The exit status of a command whose standard output was closed early: a shell's 128 + SIGPIPE. */
export const EXIT_STDOUT_CLOSED = 141;

let stdoutWatched = false;

/**
 * When the reader of stdout goes away before everything is written (`appsvc synth --stdout | head
 * -1`), ends the process at once without a message and with status 141, as a command stopped by
 * SIGPIPE ends (Node ignores SIGPIPE, so a write would otherwise fail with an unhandled EPIPE).
 */
export function endQuietlyWhenStdoutCloses(): void {
  if (stdoutWatched) return;
  stdoutWatched = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_STDOUT_CLOSED);
    throw err;
  });
}

let stdoutFile: boolean | undefined;

/**
 * Writes `text` to stdout. When stdout is a file, every byte is written or the command fails:
 * Node's stream for a file drops what a write leaves over (a file-size limit, a full disk), which
 * would leave a truncated file behind a successful exit.
 *
 * @throws UserError when the file takes only part of the text
 */
export function writeStdout(text: string): void {
  stdoutFile ??= isFileDescriptorOfFile(1);
  if (!stdoutFile) {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  try {
    while (done < bytes.length) {
      const n = fs.writeSync(1, bytes, done, bytes.length - done);
      if (n === 0) throw Object.assign(new Error('no progress'), { code: 'EIO' });
      done += n;
    }
  } catch (err: unknown) {
    const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    const reason = (code !== undefined ? FILE_SYSTEM_REASONS[code] : undefined) ?? (err instanceof Error ? err.message : String(err));
    throw new UserError(`cannot write standard output: ${reason}${code !== undefined ? ` (${code})` : ''}; the output is incomplete`);
  }
}

function isFileDescriptorOfFile(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isFile();
  } catch {
    return false;
  }
}
