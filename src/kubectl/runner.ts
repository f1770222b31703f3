import { spawn } from 'child_process';

/** The kubectl binary: `--kubectl PATH`, else the `KUBECTL` variable, else `kubectl` on the PATH. */
export function resolveKubectl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env.KUBECTL;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return 'kubectl';
}

/** kubectl could not be started (not found, not executable). */
export class KubectlNotFoundError extends Error {
  public constructor(
    public readonly binary: string,
    reason: string,
  ) {
    super(`cannot run kubectl ${JSON.stringify(binary)}: ${reason} (install kubectl, or choose the binary with --kubectl PATH or the KUBECTL variable)`);
    this.name = 'KubectlNotFoundError';
  }
}

/** How to run kubectl. */
export interface RunOptions {
  /** Capture stdout instead of passing it through to ours. @default false */
  readonly captureStdout?: boolean;
  /** The environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** What a kubectl run did. */
export interface RunResult {
  /** The exit status (1 when kubectl was killed by a signal). */
  readonly code: number;
  /** The signal that ended kubectl, or null when it exited. */
  readonly signal: NodeJS.Signals | null;
  /** Captured stdout ('' when passed through). */
  readonly stdout: string;
  /** kubectl's stderr, exactly as written (the caller decides whether to show it). */
  readonly stderr: string;
}

/**
 * Runs kubectl with an argument list, never through a shell: arguments such as `a;rm -rf ~` or
 * `$(id)` reach kubectl as literal strings. stdout is passed through (or captured); stderr is
 * captured byte for byte so the caller can show it unchanged or summarise an unreachable cluster.
 *
 * @throws KubectlNotFoundError when the binary cannot be started
 */
export function runKubectl(binary: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(binary, [...args], {
      shell: false,
      stdio: ['ignore', options.captureStdout === true ? 'pipe' : 'inherit', 'pipe'],
      env: options.env ?? process.env,
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new KubectlNotFoundError(binary, 'not found'));
      else if (e.code === 'EACCES') reject(new KubectlNotFoundError(binary, 'permission denied'));
      else reject(new KubectlNotFoundError(binary, e.message));
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      resolve({ code: code ?? 1, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/**
 * What kubectl prints when it cannot reach the API server itself (as opposed to, say, an
 * admission webhook the API server could not reach, which is kubectl's error to show as is).
 */
const UNREACHABLE = [
  /Unable to connect to the server/,
  /The connection to the server \S+ was refused/,
  /couldn't get current server API group list/,
  /failed to download openapi/,
  /unable to recognize "[^"]*": Get "[^"]*": dial tcp/,
];

/** Errors reported by the API server about something else it could not reach. */
const FROM_SERVER = /failed calling webhook|Internal error occurred/;

/**
 * When kubectl's stderr says the API server could not be reached, one line saying so (with the
 * address kubectl tried); otherwise undefined.
 */
export function unreachableMessage(stderr: string, context?: string): string | undefined {
  if (FROM_SERVER.test(stderr) || !UNREACHABLE.some((re) => re.test(stderr))) return undefined;
  const dial = /dial tcp[^"\n;]*/.exec(stderr);
  const unable = /Unable to connect to the server: ([^\n]*)/.exec(stderr);
  const refused = /The connection to the server (\S+) was refused/.exec(stderr);
  const detail = dial?.[0] ?? unable?.[1] ?? (refused !== null ? `${refused[1] ?? ''}: connection refused` : 'no response');
  const where = context !== undefined ? `context ${JSON.stringify(context)}` : 'the current kubectl context';
  return `no Kubernetes cluster reachable through ${where}: ${detail.trim()} (check --context and KUBECONFIG)`;
}
