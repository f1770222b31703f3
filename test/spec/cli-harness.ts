import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BIN, ensureBuilt, ROOT } from '../support/build';


export { BIN, ensureBuilt, ROOT };

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of a CLI run. */
export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete base.FORCE_COLOR;
  delete base.KUBECTL;
  return { ...base, ...extra };
}

/** Runs `appsvc ARGS` to completion. */
export function runCli(args: readonly string[], options: RunOptions): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `appsvc ARGS` without waiting (for concurrency tests). */
export function runCliAsync(args: readonly string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'appsvc-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Writes a kubectl stand-in into `dir`: it appends its arguments (one JSON array per line) to
 * `$FAKE_KUBECTL_LOG`, prints `$FAKE_KUBECTL_STDOUT` (for `get`: `$FAKE_KUBECTL_LIST`) and
 * `$FAKE_KUBECTL_STDERR`, and exits with `$FAKE_KUBECTL_EXIT` (default 0).
 */
export function writeFakeKubectl(dir: string): string {
  const file = path.join(dir, 'fake-kubectl');
  fs.writeFileSync(
    file,
    `#!${process.execPath}
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_KUBECTL_LOG, JSON.stringify(args) + '\\n');
if (args[0] === 'get') process.stdout.write(process.env.FAKE_KUBECTL_LIST || '{"items":[]}');
else if (process.env.FAKE_KUBECTL_STDOUT) process.stdout.write(process.env.FAKE_KUBECTL_STDOUT);
if (process.env.FAKE_KUBECTL_STDERR) process.stderr.write(process.env.FAKE_KUBECTL_STDERR);
process.exitCode = Number(process.env.FAKE_KUBECTL_EXIT || '0');
`,
    { mode: 0o755 },
  );
  return file;
}

/** The argument lists the stand-in recorded. */
export function recordedCalls(log: string): string[][] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as string[]);
}
