import * as fs from 'fs';
import * as path from 'path';
import { tempSuffix } from './temp-suffix';

/**
 * An exclusive lock on an output directory, held by a process for the length of a synchronous
 * write: a file that holds the owner's pid.
 *
 * Lock libraries that judge staleness by a timestamp the owner refreshes from a timer cannot be
 * used here: a synchronous writer never runs that timer, and after a crash the next run would have
 * to wait out the stale time. Instead, a lock whose owner is no longer running is taken over at
 * once. (A lock is only ever contended by processes on this machine, since the output directory
 * is local.)
 *
 * The lock file never exists without its pid: the pid is written to a draft file
 * (`<lock>.<pid>-<random>`) first, and the draft is hard-linked to the lock's name, which fails
 * when the lock exists. A process killed at any step leaves either no lock or a lock naming a
 * dead process, which the next writer takes over at once; drafts and set-aside locks of dead
 * processes are removed by the next writer that holds the lock.
 */
export class DirLockBusyError extends Error {
  public constructor(
    public readonly lockPath: string,
    public readonly ownerPid: number,
  ) {
    super(`locked by process ${ownerPid}`);
    this.name = 'DirLockBusyError';
  }
}

/**
 * How old a lock file without a pid must be to count as stale. Such a file is never written by
 * this module (see above); it can come from an earlier release that created the file before
 * writing the pid.
 */
const EMPTY_LOCK_STALE_MS = 2000;

/** File-system errors of `link` where the file system has no hard links. */
const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Takes the lock at `lockPath` and returns the function that releases it. Throws
 * {@link DirLockBusyError} when a running process holds it.
 */
export function acquireDirLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!createLock(lockPath)) {
      const owner = readOwner(lockPath);
      if (owner === 'gone') continue;
      if (owner === 'empty') {
        if (ageMs(lockPath) < EMPTY_LOCK_STALE_MS) throw new DirLockBusyError(lockPath, 0);
      } else if (owner !== process.pid && isRunning(owner)) {
        throw new DirLockBusyError(lockPath, owner);
      }
      breakStaleLock(lockPath);
      continue;
    }
    removeDebris(lockPath);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (readOwner(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
    };
  }
  throw new DirLockBusyError(lockPath, 0);
}

/** Creates the lock file holding this process's pid; false when a lock file exists. */
function createLock(lockPath: string): boolean {
  const draft = `${lockPath}.${process.pid}-${tempSuffix()}`;
  fs.writeFileSync(draft, `${process.pid}\n`, { flag: 'wx' });
  try {
    fs.linkSync(draft, lockPath);
    return true;
  } catch (err: unknown) {
    const code = errorCode(err);
    if (code === 'EEXIST') return false;
    if (code !== undefined && NO_HARD_LINKS.has(code)) return createLockWithoutLink(lockPath);
    throw err;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** {@link createLock} on a file system without hard links: create exclusively, then write the pid. */
function createLockWithoutLink(lockPath: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx');
  } catch (err: unknown) {
    if (errorCode(err) === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, `${process.pid}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** The pid in the lock file; 'empty' when it holds none; 'gone' when the file no longer exists. */
function readOwner(lockPath: string): number | 'empty' | 'gone' {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch (err: unknown) {
    if (errorCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : 'empty';
}

/** True when a process with this pid is running (or exists but belongs to another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return errorCode(err) === 'EPERM';
  }
}

function ageMs(lockPath: string): number {
  try {
    return Date.now() - fs.statSync(lockPath).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Removes a stale lock file by renaming it away first, so that of two processes breaking the same
 * stale lock only one succeeds (the other's rename fails and it starts over).
 */
function breakStaleLock(lockPath: string): void {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (err: unknown) {
    if (errorCode(err) === 'ENOENT') return;
    throw err;
  }
  fs.rmSync(aside, { force: true });
}

/** `<lock>.<pid>-<hex>` (a draft) and `<lock>.stale-<pid>` (a lock being broken). */
const DEBRIS = /^\.(?:(\d+)-[0-9a-f]+|stale-(\d+))$/;

/** Removes the drafts and set-aside locks that processes no longer running left beside the lock. */
function removeDebris(lockPath: string): void {
  const dir = path.dirname(lockPath);
  const base = path.basename(lockPath);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(base)) continue;
    const m = DEBRIS.exec(entry.slice(base.length));
    if (m === null) continue;
    const pid = Number(m[1] ?? m[2]);
    if (pid !== process.pid && isRunning(pid)) continue;
    fs.rmSync(path.join(dir, entry), { force: true });
  }
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}
