import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BIN, ensureBuilt, killSeed, lines, runCli, seededRandom, tempDir } from './harness';

/**
 * `appsvc service upsert` writes the spec file by write-then-rename under a lock: a process killed
 * with SIGKILL at any moment leaves the spec file byte for byte as it was or as the finished run
 * writes it, and the next upsert takes over the dead process's lock and leaves no debris.
 */

const SERVICES = 200;
const KILLS = 20;
const ARGS = ['service', 'upsert', 'added', '--port', '80:8080', '--selector', 'app=added', '--file', 'appsvc.yaml'];

let oldText: Buffer;
let newText: Buffer;
/** Milliseconds of an undisturbed upsert, start to exit. */
let upsertMs = 0;
const scratch: string[] = [];

function workDir(): string {
  const dir = tempDir('appsvc-spec-kill-');
  scratch.push(dir);
  fs.writeFileSync(path.join(dir, 'appsvc.yaml'), oldText);
  return dir;
}

const SEED = killSeed();

/**
 * Starts an upsert in `dir` and kills it with SIGKILL `delayMs` after it starts, or (`onWrite`)
 * as soon as it creates the temporary file it writes the new text to (it holds the lock then);
 * true when it finished first.
 */
function upsertAndKill(dir: string, delayMs: number, onWrite = false): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    const child = spawn(process.execPath, [BIN, ...ARGS], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const kill = (): boolean => child.kill('SIGKILL');
    const timer = onWrite ? undefined : setTimeout(kill, delayMs);
    const temporary = (name: string | null): boolean => name !== null && name.startsWith('appsvc.yaml') && name !== 'appsvc.yaml' && name !== 'appsvc.yaml.lock';
    const watcher = onWrite ? fs.watch(dir, (_event, name) => temporary(name) && kill()) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      watcher?.close();
      if (signal === 'SIGKILL') resolve(false);
      else if (code === 0) resolve(true);
      else reject(new Error(`upsert failed (exit ${String(code)}): ${stderr}`));
    });
  });
}

beforeAll(async () => {
  await ensureBuilt();
  let text = '# The services of the shop. Comments stay where they are.\nservices:\n';
  for (let i = 0; i < SERVICES; i++) text += `  - name: svc-${i}\n    ports: ["80:8080"]\n    selector: {app: svc-${i}} # owned by team ${i % 7}\n`;
  oldText = Buffer.from(text);
  const dir = workDir();
  const started = Date.now();
  const run = await runCli(ARGS, { cwd: dir });
  upsertMs = Date.now() - started;
  expect({ code: run.code, stderr: lines(run.stderr) }).toEqual({ code: 0, stderr: ['created service added (namespace default) in appsvc.yaml'] });
  newText = fs.readFileSync(path.join(dir, 'appsvc.yaml'));
  expect(newText.equals(oldText)).toBe(false);
  expect(newText.toString('utf8').startsWith(text)).toBe(true);
}, 120000);

afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe('service upsert killed with SIGKILL', () => {
  test(`${KILLS} kills at random moments: the spec file is the old bytes or the new bytes`, async () => {
    const next = seededRandom(SEED);
    for (let i = 0; i < KILLS; i++) {
      const dir = workDir();
      const delayMs = Math.floor(next() * upsertMs * 1.1);
      const finished = await upsertAndKill(dir, delayMs);
      const now = fs.readFileSync(path.join(dir, 'appsvc.yaml'));
      const state = now.equals(oldText) ? 'old' : now.equals(newText) ? 'new' : `mixed (${now.length} bytes)`;
      expect({ kill: i, delayMs, replay: `APPSVC_SIGKILL_SEED=${SEED}`, finished, state: finished ? state === 'new' : state === 'old' || state === 'new' }).toEqual({ kill: i, delayMs, replay: `APPSVC_SIGKILL_SEED=${SEED}`, finished, state: true });
    }
  }, 60000);

  test('killed while writing: the next upsert takes over the lock, writes the file and leaves nothing else behind', async () => {
    // Killed while writing the new text beside the file: the dead process holds the lock and leaves a temporary file.
    const dir = workDir();
    const finished = await upsertAndKill(dir, 0, true);
    const killedHolding = !finished && fs.existsSync(path.join(dir, 'appsvc.yaml.lock'));
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml')).equals(oldText)).toBe(true);
    expect(killedHolding).toBe(true);
    const started = Date.now();
    const run = await runCli(ARGS, { cwd: dir, timeoutMs: 60000 });
    expect({ code: run.code, stderr: lines(run.stderr) }).toEqual({ code: 0, stderr: ['created service added (namespace default) in appsvc.yaml'] });
    expect(Date.now() - started).toBeLessThan(30000);
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml')).equals(newText)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['appsvc.yaml']);
  }, 90000);
});
