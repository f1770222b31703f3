import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BIN, ensureBuilt, ROOT } from '../support/build';

export { BIN, ensureBuilt, ROOT };
/** Scripts run as child processes by these tests. */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'reliability');
/** The bad-input corpus kept in the repository. */
export const BAD_INPUT = path.join(ROOT, 'test', 'fixtures', 'bad-input');

/** What a child process did. */
export interface ProcessResult {
  /** Exit status; null when killed by a signal. */
  readonly code: number | null;
  /** The signal that ended it, if any. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
  /** Peak resident set size in kilobytes, when measured (see {@link RunOptions.measureRss}). */
  readonly peakRssKb?: number;
  /** True when the process was killed for running longer than {@link RunOptions.timeoutMs}. */
  readonly timedOut: boolean;
}

/** How to run a child process. */
export interface RunOptions {
  /** Working directory. @default the repository root */
  readonly cwd?: string;
  /** Extra environment variables. */
  readonly env?: NodeJS.ProcessEnv;
  /** Bytes for stdin. @default none */
  readonly input?: string | Buffer;
  /** Killed (SIGKILL) after this long. @default 20000 */
  readonly timeoutMs?: number;
  /** Record the child's peak RSS (node processes only). @default false */
  readonly measureRss?: boolean;
  /** Options for node itself, before the script (e.g. `--max-old-space-size=1024`). @default none */
  readonly nodeOptions?: readonly string[];
}

function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.KUBECTL;
  delete env.CDK8S_OUTDIR;
  return { ...env, ...extra };
}

/** Runs `node NODE_ARGS` (no shell) and collects what it did. */
export function runNode(nodeArgs: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  const rssFile = options.measureRss === true ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-rss-')), 'peak') : undefined;
  const preload = rssFile !== undefined ? ['--require', path.join(FIXTURES, 'record-peak-rss.js')] : [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), ...preload, ...nodeArgs], {
      cwd: options.cwd ?? ROOT,
      env: childEnv({ ...options.env, ...(rssFile !== undefined ? { APPSVC_PEAK_RSS_FILE: rssFile } : {}) }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let peakRssKb: number | undefined;
      if (rssFile !== undefined) {
        if (fs.existsSync(rssFile)) peakRssKb = Number(fs.readFileSync(rssFile, 'utf8'));
        fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
      }
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - started,
        timedOut,
        ...(peakRssKb !== undefined ? { peakRssKb } : {}),
      });
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `appsvc ARGS` from the built CLI. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  return runNode([BIN, ...args], options);
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'appsvc-reliability-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Every entry under `dir` as `relative path → content` (directories as `path/` → ''), sorted by
 * path: two trees are equal exactly when these records are. undefined when `dir` does not exist.
 */
export function snapshotTree(dir: string): Record<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const p = path.join(abs, entry.name);
      if (entry.isDirectory()) {
        out[`${r}/`] = '';
        walk(p, r);
      } else if (entry.isFile()) {
        out[r] = fs.readFileSync(p).toString('base64');
      } else {
        out[r] = `<${entry.isSymbolicLink() ? 'symlink' : 'special'}>`;
      }
    }
  };
  walk(dir, '');
  return out;
}

/** Copies a tree made by {@link snapshotTree} back to disk at `dir` (which must not exist). */
export function restoreTree(dir: string, tree: Readonly<Record<string, string>>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(tree)) {
    const p = path.join(dir, ...rel.split('/').filter((s) => s !== ''));
    if (rel.endsWith('/')) fs.mkdirSync(p, { recursive: true });
    else fs.writeFileSync(p, Buffer.from(content, 'base64'));
  }
}

/** Lines of stderr that look like a JavaScript stack trace frame. */
export function stackLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^\s+at /.test(l));
}

/** The non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

/**
 * A small seeded pseudo-random generator (mulberry32) returning numbers in [0, 1), so that a
 * failing sequence of random delays can be replayed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of the random kill delays: `APPSVC_SIGKILL_SEED` to replay a run, else a fresh one. */
export function killSeed(): number {
  const given = Number(process.env.APPSVC_SIGKILL_SEED);
  return Number.isInteger(given) && process.env.APPSVC_SIGKILL_SEED !== '' ? given : Date.now() % 1_000_000;
}
