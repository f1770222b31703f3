import * as fs from 'fs';

/**
 * An exclusive lock on an output directory, held by a process for the length of a synchronous
 * write: a file created with `O_EXCL` that holds the owner's pid.
 *
 * Lock libraries that judge staleness by a timestamp the owner refreshes from a timer cannot be
 * used here: a synchronous writer never runs that timer, and after a crash the next run would have
 * to wait out the stale time. Instead, a lock whose owner is no longer running is taken over at
 * once. (A lock is only ever contended by processes on this machine, since the output directory
 * is local.)
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

/** How old a lock file without a pid (its owner died between creating and writing it) must be to count as stale. */
const EMPTY_LOCK_STALE_MS = 2000;

/**
 * Takes the lock at `lockPath` and returns the function that releases it. Throws
 * {@link DirLockBusyError} when a running process holds it.
 */
export function acquireDirLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(lockPath, 'wx');
    } catch (err: unknown) {
      if (errorCode(err) !== 'EEXIST') throw err;
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
    try {
      fs.writeSync(fd, `${process.pid}\n`);
    } finally {
      fs.closeSync(fd);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (readOwner(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
    };
  }
  throw new DirLockBusyError(lockPath, 0);
}

/** The pid in the lock file; 'empty' when it holds none yet; 'gone' when the file no longer exists. */
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

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}
