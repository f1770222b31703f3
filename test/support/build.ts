import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** The CLI as users run it. */
export const BIN = path.join(ROOT, 'bin', 'appsvc.js');

const MAIN_JS = path.join(ROOT, 'lib', 'src', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds lib/ (`tsc -p tsconfig.build.json`) when it is missing or older than a source file, so
 * tests that run the built CLI or load compiled code see the current sources. `npm test` builds
 * first, so there this only checks; a lock keeps two jest workers from building at once.
 */
export async function ensureBuilt(): Promise<void> {
  const release = await lockfile.lock(ROOT, {
    realpath: false,
    lockfilePath: path.join(os.tmpdir(), 'appsvc-test-build.lock'),
    stale: 120000,
    retries: { retries: 600, minTimeout: 100, maxTimeout: 200 },
  });
  try {
    const built = fs.existsSync(MAIN_JS) ? fs.statSync(MAIN_JS).mtimeMs : 0;
    if (built < Math.max(newestSource(path.join(ROOT, 'src')), newestSource(path.join(ROOT, 'imports')))) {
      try {
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'pipe' });
      } catch {
        // tsc still emits when a file has a type error; the type-check step of `npm test` reports it.
      }
      const now = new Date();
      if (fs.existsSync(MAIN_JS)) fs.utimesSync(MAIN_JS, now, now);
    }
  } finally {
    await release();
  }
}
