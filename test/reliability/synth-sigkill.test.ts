import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { recoverOutputDir, writeDirAtomic } from '../../src/synth/write';
import { ensureBuilt, FIXTURES, killSeed, lines, restoreTree, runCli, runNode, seededRandom, snapshotTree, stackLines, tempDir } from './harness';

/**
 * `synthesize()` replaces its output directory atomically: a process killed with SIGKILL at any
 * moment leaves the directory exactly as before or exactly as the finished run would, except
 * between the two renames of the swap, when the directory is missing and the previous tree is set
 * aside; the next write (or `recoverOutputDir`) puts it back.
 */

const SCRIPT = path.join(FIXTURES, 'synth-app.js');
const SERVICES = '200';
/** The old output: 4 files named `old-N.k8s.yaml`. */
const OLD = ['old', SERVICES, '4'] as const;
/** The new output: 40 files named `new-N.k8s.yaml`, with other bytes. */
const NEW = ['new', SERVICES, '40'] as const;
const KILLS = 25;

type Tree = Record<string, string>;

let oldTree: Tree;
let newTree: Tree;
/** The writer's lock, beside the output directory `out`. */
const LOCK = '.appsvc-tmp-out.lock';
/** Where the writer sets the previous tree aside during the swap. */
const BACKUP = '.appsvc-tmp-out.old';

/**
 * What starts the clock of a kill: the script's "synth" line (kills spread over synthesis and
 * writing), the writer's lock appearing (spread over writing the new tree and swapping it in), or
 * the previous tree being set aside (spread over the swap and the clean-up after it).
 */
type Trigger = 'synth' | 'lock' | 'swap';
const TRIGGERS: readonly Trigger[] = ['synth', 'lock', 'swap'];

/** Milliseconds from each trigger to the script's exit, in an undisturbed run. */
const window: Record<Trigger, number> = { synth: 0, lock: 0, swap: 0 };
const scratch: string[] = [];
/** The seed of the random kill delays (printed with every failure). */
const SEED = killSeed();

function workDir(): string {
  const dir = tempDir('appsvc-sigkill-');
  scratch.push(dir);
  return dir;
}

function classify(tree: Tree | undefined): 'old' | 'new' | 'absent' | 'mixed' {
  if (tree === undefined) return 'absent';
  if (equalTrees(tree, oldTree)) return 'old';
  if (equalTrees(tree, newTree)) return 'new';
  return 'mixed';
}

function equalTrees(a: Tree, b: Tree): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/** What a tree holds, in a few words, for failure messages. */
function describeTree(tree: Tree | undefined): string {
  if (tree === undefined) return 'no directory';
  const files = Object.keys(tree);
  return `${files.length} entries: ${files.slice(0, 6).join(', ')}${files.length > 6 ? ', …' : ''}`;
}

interface KillResult {
  /** The script finished before the kill. */
  readonly finished: boolean;
  /** Where the kill was aimed, for failure messages. */
  readonly where: string;
}

/** Runs the script writing NEW into `outdir` and kills it `delayMs` after `trigger`. */
function synthAndKill(outdir: string, trigger: Trigger, delayMs: number): Promise<KillResult> {
  const where = `SIGKILL ${delayMs} ms after ${trigger} (to exit in an undisturbed run: ${JSON.stringify(window)} ms; replay with APPSVC_SIGKILL_SEED=${SEED})`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, outdir, ...NEW], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (timer === undefined) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    const watched = trigger === 'lock' ? LOCK : BACKUP;
    const watcher = trigger !== 'synth' ? fs.watch(path.dirname(outdir), (_event, name) => name === watched && arm()) : undefined;
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString('utf8');
      if (trigger === 'synth' && stdout.includes('synth\n')) arm();
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      watcher?.close();
      if (timer !== undefined) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ finished: false, where });
      else if (code === 0 && stdout.includes('done\n')) resolve({ finished: true, where });
      else reject(new Error(`the synth script failed (exit ${String(code)}): ${stderr}`));
    });
  });
}

/** The entries beside `outdir` in its parent: temporary trees, backups, locks. */
function leftovers(outdir: string): string[] {
  return fs
    .readdirSync(path.dirname(outdir))
    .filter((e) => e !== path.basename(outdir))
    .sort();
}

beforeAll(async () => {
  await ensureBuilt();
  const dir = workDir();
  const oldRun = await runNode([SCRIPT, path.join(dir, 'old'), ...OLD]);
  const newRun = await runNode([SCRIPT, path.join(dir, 'new'), ...NEW]);
  expect([oldRun.code, oldRun.stderr, newRun.code, newRun.stderr]).toEqual([0, '', 0, '']);
  oldTree = snapshotTree(path.join(dir, 'old')) ?? {};
  newTree = snapshotTree(path.join(dir, 'new')) ?? {};
  expect(Object.keys(oldTree)).toEqual(['old-0.k8s.yaml', 'old-1.k8s.yaml', 'old-2.k8s.yaml', 'old-3.k8s.yaml']);
  expect(Object.keys(newTree)).toHaveLength(40);
  // Time each stage in an undisturbed run, to aim the kills.
  const calibrate = path.join(dir, 'calibrate');
  restoreTree(path.join(calibrate, 'out'), oldTree);
  const at: Record<Trigger, number> = { synth: 0, lock: 0, swap: 0 };
  const watcher = fs.watch(calibrate, (_event, name) => {
    if (name === LOCK && at.lock === 0) at.lock = Date.now();
    if (name === BACKUP && at.swap === 0) at.swap = Date.now();
  });
  const exitAt = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, path.join(calibrate, 'out'), ...NEW], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (b: Buffer) => {
      if (b.toString('utf8').includes('synth') && at.synth === 0) at.synth = Date.now();
    });
    child.on('error', reject);
    child.on('close', () => resolve(Date.now()));
  });
  watcher.close();
  for (const t of TRIGGERS) window[t] = Math.max(10, exitAt - (at[t] === 0 ? at.synth : at[t]));
}, 120000);

afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe('synth killed with SIGKILL', () => {
  test(`${KILLS} kills at random moments: the output directory is the old tree or the new one, never a mix`, async () => {
    const next = seededRandom(SEED);
    const seen: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const outdir = path.join(workDir(), 'out');
      restoreTree(outdir, oldTree);
      const trigger = TRIGGERS[i % TRIGGERS.length] ?? 'synth';
      // Kills after the swap began are bunched near its start, where the directory is briefly missing.
      const share = trigger === 'swap' ? next() ** 3 : next();
      const { finished, where } = await synthAndKill(outdir, trigger, Math.floor(share * window[trigger] * 1.1));
      const after = snapshotTree(outdir);
      const state = classify(after);
      if (finished) {
        expect({ where, state }).toEqual({ where, state: 'new' });
      } else if (state === 'absent') {
        // Killed between the two renames: the old tree is set aside, whole.
        const backup = snapshotTree(path.join(path.dirname(outdir), BACKUP));
        expect({ where, backup: classify(backup) }).toEqual({ where, backup: 'old' });
      } else {
        expect({ where, state, contents: describeTree(after) }).toEqual({ where, state: expect.stringMatching(/^(old|new)$/), contents: describeTree(after) });
      }
      seen.push(finished ? 'finished' : `${trigger}:${state}`);
    }
    if (process.env.APPSVC_TEST_VERBOSE !== undefined) process.stderr.write(`windows: ${JSON.stringify(window)}\noutcomes: ${JSON.stringify(seen)}\n`);
  }, 60000);

  test('recovery right after a kill restores exactly the old or the new tree and leaves nothing behind', async () => {
    const next = seededRandom(SEED + 1);
    for (let i = 0; i < 12; i++) {
      const outdir = path.join(workDir(), 'out');
      restoreTree(outdir, oldTree);
      const trigger = i % 2 === 0 ? 'lock' : 'swap';
      const { where } = await synthAndKill(outdir, trigger, Math.floor(next() * window[trigger] * 1.1));
      let outcome: string;
      try {
        recoverOutputDir(outdir);
        outcome = classify(snapshotTree(outdir));
      } catch (err: unknown) {
        outcome = `recoverOutputDir threw: ${err instanceof Error ? err.message : String(err)}`;
      }
      expect({ where, outcome, leftovers: leftovers(outdir) }).toEqual({ where, outcome: expect.stringMatching(/^(old|new)$/), leftovers: [] });
    }
  }, 60000);

  test('the next synth right after a kill succeeds and writes the new tree', async () => {
    const next = seededRandom(SEED + 2);
    for (let i = 0; i < 6; i++) {
      const outdir = path.join(workDir(), 'out');
      restoreTree(outdir, oldTree);
      const trigger = i % 2 === 0 ? 'lock' : 'swap';
      const { where } = await synthAndKill(outdir, trigger, Math.floor(next() * window[trigger] * 1.1));
      const rerun = await runNode([SCRIPT, outdir, ...NEW]);
      expect({ where, code: rerun.code, stderr: rerun.stderr, state: classify(snapshotTree(outdir)), leftovers: leftovers(outdir) }).toEqual({
        where,
        code: 0,
        stderr: '',
        state: 'new',
        leftovers: [],
      });
    }
  }, 60000);
});

describe('synth killed before each file-system step of a write', () => {
  const STEP_SCRIPT = path.join(FIXTURES, 'write-killed-at-step.js');
  const OLD_FILES = new Map([['old.k8s.yaml', 'old\n']]);

  /** Writes the old tree into a fresh `out`, runs the step script killed before step `step`; true when it finished. */
  async function killedAt(step: number): Promise<{ outdir: string; finished: boolean }> {
    const outdir = path.join(workDir(), 'out');
    writeDirAtomic(outdir, OLD_FILES);
    const run = await runNode([STEP_SCRIPT, outdir, String(step)]);
    if (run.signal !== 'SIGKILL' && (run.code !== 0 || !run.stdout.startsWith('done'))) throw new Error(`the step script failed (exit ${String(run.code)}): ${run.stderr}`);
    return { outdir, finished: run.signal !== 'SIGKILL' };
  }

  test('before every step (the lock included), recovery and the next write see no live writer and leave nothing behind', async () => {
    const outcomes: string[] = [];
    let step = 1;
    for (; step < 200; step++) {
      const { outdir, finished } = await killedAt(step);
      if (finished) break;
      let outcome: string;
      try {
        recoverOutputDir(outdir);
        const after = snapshotTree(outdir);
        outcome = after === undefined ? 'absent' : Object.keys(after).some((k) => k.startsWith('old')) ? 'old' : 'new';
        writeDirAtomic(outdir, OLD_FILES);
        if (!Object.keys(snapshotTree(outdir) ?? {}).includes('old.k8s.yaml')) outcome = 'the next write did not happen';
      } catch (err: unknown) {
        outcome = `threw: ${err instanceof Error ? err.message : String(err)}`;
      }
      expect({ step, outcome, leftovers: leftovers(outdir) }).toEqual({ step, outcome: expect.stringMatching(/^(old|new)$/), leftovers: [] });
      outcomes.push(outcome);
    }
    // The write has many steps, and kills before the swap leave the old tree, after it the new one.
    expect(step).toBeGreaterThan(20);
    expect(outcomes[0]).toBe('old');
    expect(outcomes[outcomes.length - 1]).toBe('new');
  }, 120000);
});

describe('a failed synth leaves the output directory byte for byte as it was', () => {
  test('appsvc synth with an invalid service: exit 1, one line naming file and line, no stack trace, output untouched', async () => {
    const dir = workDir();
    const spec = path.join(dir, 'appsvc.yaml');
    const outdir = path.join(dir, 'dist');
    fs.writeFileSync(spec, 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n');
    const first = await runCli(['synth', '--file', spec, '--out', outdir]);
    expect(first.code).toBe(0);
    const before = snapshotTree(outdir);
    const mtimes = fs.readdirSync(outdir).map((f) => fs.statSync(path.join(outdir, f)).mtimeMs);
    expect(Object.keys(before ?? {})).toEqual(['appsvc.k8s.yaml']);

    fs.writeFileSync(spec, 'services:\n  - name: api\n    ports: ["70000:8080"]\n    selector: {app: api}\n');
    const failed = await runCli(['synth', '--file', spec, '--out', outdir]);
    expect({ code: failed.code, stdout: failed.stdout, stack: stackLines(failed.stderr) }).toEqual({ code: 1, stdout: '', stack: [] });
    expect(lines(failed.stderr)).toEqual([`error: ${spec}:3:13: service "api": spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive`]);
    expect(snapshotTree(outdir)).toEqual(before);
    expect(fs.readdirSync(outdir).map((f) => fs.statSync(path.join(outdir, f)).mtimeMs)).toEqual(mtimes);
    expect(leftovers(outdir)).toEqual(['appsvc.yaml']);
  });

  test('synthesize() of an app with an invalid Service throws and leaves the directory untouched (separate process)', async () => {
    const dir = workDir();
    const outdir = path.join(dir, 'out');
    restoreTree(outdir, oldTree);
    const run = await runNode([path.join(FIXTURES, 'synth-invalid-app.js'), outdir]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
    expect(lines(run.stderr)).toEqual(['SynthError', '[test/api] spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']);
    expect(classify(snapshotTree(outdir))).toBe('old');
    expect(leftovers(outdir)).toEqual([]);
  });

  test('appsvc synth while another writer holds the output lock: exit 1, one line naming the lock, output untouched', async () => {
    const dir = workDir();
    const spec = path.join(dir, 'appsvc.yaml');
    const outdir = path.join(dir, 'dist');
    fs.writeFileSync(spec, 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n');
    restoreTree(outdir, oldTree);
    const lock = path.join(dir, '.appsvc-tmp-dist.lock');
    // A live writer: a running process whose pid is in the lock file.
    const writer = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 60000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(lock, `${writer.pid}\n`);
      const run = await runCli(['synth', '--file', spec, '--out', outdir]);
      expect({ code: run.code, stdout: run.stdout, stack: stackLines(run.stderr) }).toEqual({ code: 1, stdout: '', stack: [] });
      expect(lines(run.stderr)).toEqual([`error: process ${writer.pid} is writing ${outdir} (lock ${lock}); try again when it has finished`]);
      expect(classify(snapshotTree(outdir))).toBe('old');
    } finally {
      writer.kill('SIGKILL');
    }
  });
});
