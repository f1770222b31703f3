import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BIN, ensureBuilt, lines, runCli, snapshotTree, stackLines, tempDir } from './harness';

/**
 * Errors the operating system reports for a user's setup (permissions, a file-size limit, a
 * reader that closed the pipe) end a run with one plain line, never an internal error.
 */

const SERVICES = 1500;
/** A spec whose `service list` (about 100 KB) is larger than a pipe's buffer (64 KiB), and whose output is larger than a 16 KiB file-size limit. */
function bigSpec(): string {
  const entries = Array.from({ length: SERVICES }, (_, i) => `  - name: svc-${i}\n    ports: ["80:8080"]\n    selector: {app: svc-${i}}\n`);
  return `services:\n${entries.join('')}`;
}

const scratch: string[] = [];
function workDir(): string {
  const dir = tempDir('appsvc-os-errors-');
  scratch.push(dir);
  return dir;
}

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

afterAll(() => {
  for (const dir of scratch) {
    spawnSync('chmod', ['-R', 'u+w', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('the output directory', () => {
  const asRoot = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
  // As root, permissions are not enforced: run the CLI as nobody instead.
  (asRoot && setpriv === undefined ? test.skip : test)('in a read-only directory: one line naming the directory, exit 1, nothing changed', () => {
    const dir = workDir();
    const project = path.join(dir, 'ro');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'appsvc.yaml'), bigSpec());
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(project, 'appsvc.yaml'), 0o644);
    fs.chmodSync(project, 0o555);
    const before = snapshotTree(project);
    const command = asRoot ? [setpriv ?? 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
    const r = spawnSync(command[0] ?? process.execPath, [...command.slice(1), BIN, 'synth'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect({ code: r.status, stdout: r.stdout, stack: stackLines(r.stderr), last: lines(r.stderr).slice(-1) }).toEqual({
      code: 1,
      stdout: '',
      stack: [],
      last: ['error: cannot write the output directory "dist": ".": permission denied (EACCES)'],
    });
    expect(r.stderr).not.toContain('internal error');
    expect(snapshotTree(project)).toEqual(before);
  });

  test('a write past the file-size limit (ulimit -f): one line naming the file, exit 1, the previous output kept', async () => {
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n');
    expect((await runCli(['synth'], { cwd: dir })).code).toBe(0);
    const before = snapshotTree(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), bigSpec());
    const r = spawnSync('bash', ['-c', 'ulimit -f 16 && exec "$NODE" "$BIN" synth'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, BIN, NO_COLOR: '1' } });
    expect({ code: r.status, stdout: r.stdout, stack: stackLines(r.stderr), last: lines(r.stderr).slice(-1) }).toEqual({
      code: 1,
      stdout: '',
      stack: [],
      last: ['error: cannot write the output directory "dist": "dist/appsvc.k8s.yaml": file too large: over the file-size limit set by ulimit -f (EFBIG)'],
    });
    expect(snapshotTree(path.join(dir, 'dist'))).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['appsvc.yaml', 'dist']);
  });
});

describe('standard output redirected to a file', () => {
  test.each<[string, readonly string[]]>([
    ['synth --stdout', ['synth', '--stdout']],
    ['service list', ['service', 'list']],
  ])('%s past the file-size limit (ulimit -f): one line, exit 1, never a truncated file behind a success', (_name, args) => {
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), bigSpec());
    const r = spawnSync('bash', ['-c', 'ulimit -f 16 && exec "$NODE" "$BIN" "$@" > out.txt', 'appsvc', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, BIN, NO_COLOR: '1' } });
    expect({ code: r.status, stack: stackLines(r.stderr), last: lines(r.stderr).slice(-1) }).toEqual({
      code: 1,
      stack: [],
      last: ['error: cannot write standard output: file too large: over the file-size limit set by ulimit -f (EFBIG); the output is incomplete'],
    });
    expect(fs.statSync(path.join(dir, 'out.txt')).size).toBe(16 * 1024);
  });

  test('within the limit, every byte arrives', () => {
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), bigSpec());
    const piped = spawnSync(process.execPath, [BIN, 'service', 'list'], { cwd: dir, encoding: 'utf8' });
    const r = spawnSync('bash', ['-c', 'exec "$NODE" "$BIN" service list > out.txt'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, BIN } });
    expect(r.status).toBe(0);
    expect(piped.stdout.length).toBeGreaterThan(64 * 1024);
    expect(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe(piped.stdout);
  });
});

describe('a reader that closes the pipe', () => {
  // As if SIGPIPE had ended it: status 141, and nothing on stderr.
  test('`appsvc service list | head -1` under pipefail: the first line, exit 141, nothing on stderr', () => {
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), bigSpec());
    const r = spawnSync('bash', ['-c', 'set -o pipefail; "$NODE" "$BIN" service list | head -1'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, BIN, NO_COLOR: '1' } });
    expect({ code: r.status, stdout: lines(r.stdout).length, stderr: r.stderr }).toEqual({ code: 141, stdout: 1, stderr: '' });
  });

  test.each<[string, readonly string[]]>([
    ['service list', ['service', 'list']],
    ['service list -o json', ['service', 'list', '-o', 'json']],
    ['synth --stdout', ['synth', '--stdout']],
  ])('%s into a pipe closed before anything was read: exit 141, no stack trace', async (_name, args) => {
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), bigSpec());
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect({ code: result.code, stack: stackLines(result.stderr), epipe: result.stderr.includes('EPIPE') }).toEqual({ code: 141, stack: [], epipe: false });
  });
});
