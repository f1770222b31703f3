import { promises as fs } from 'fs';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';
import { readSpecText, SpecError } from './load';

/**
 * How long a lock may go without a heartbeat before another process takes it over (ms): long
 * enough that a busy machine never delays a live holder's heartbeat that much, short enough that
 * a lock left by a killed process is taken over without anyone noticing much.
 */
const STALE_MS = 15000;
/** The holder's heartbeat interval (ms). */
const UPDATE_MS = 1000;

/** Waiting for the lock: enough to outlast a stale lock left by a killed process. */
const RETRIES = { retries: 400, factor: 1.2, minTimeout: 10, maxTimeout: 150, randomize: true } as const;

/** The spec file is locked by another process for longer than we are willing to wait. */
export class SpecLockedError extends Error {
  public constructor(
    public readonly file: string,
    public readonly lockPath: string,
  ) {
    super(`${file}: locked by another appsvc process (${lockPath}); if none is running, remove ${lockPath}`);
    this.name = 'SpecLockedError';
  }
}

/** The spec file cannot be edited where it is (its directory is missing, not writable…). */
export class SpecFileError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SpecFileError';
  }
}

/** What an edit function returns: the new text (or undefined to leave the file alone) and a result. */
export interface EditOutcome<T> {
  readonly text: string | undefined;
  readonly result: T;
}

/** The current content of the spec file: its text, or undefined when it does not exist. */
export type CurrentText = string | undefined;

/**
 * What marks a temporary file of {@link editFileLocked}: the new text of `<file>` is written to
 * `<file>.appsvc-tmp-<pid>` in the same directory, then renamed over `<file>`. A writer killed
 * before the rename leaves it behind; the next edit removes it once that process is gone. (To keep
 * such leftovers out of version control, ignore `*.appsvc-tmp-*`.)
 */
export const TEMP_MARK = '.appsvc-tmp-';

/**
 * Edits a file under an exclusive lock: reads it, calls `edit`, and when the returned text
 * differs from what was read, writes it by write-then-rename (the new text goes to a temporary
 * file beside it, see {@link TEMP_MARK}, which is fsynced and then renamed over the file), so a
 * reader, or a process killed at any moment, sees either the old or the new file, never a mix.
 * Concurrent edits from separate processes are serialised; each sees the previous one's result.
 *
 * The file is read as strictly as {@link readSpecText} reads it. Before anything is locked, a
 * missing directory and a directory in place of the file are refused.
 *
 * The lock and the rename use the file's real path ({@link realFilePath}), so edits through a
 * symbolic link and through the file itself are serialised too. The lock is a directory
 * `<real path>.lock` next to the real file (kept fresh while held, taken over when
 * its owner died more than a few seconds ago). While holding it, temporary files left by writers
 * that are no longer running are removed.
 *
 * @throws SpecFileError when the file cannot be edited where it is, SpecError when it cannot be
 *   read, SpecLockedError when another process keeps it locked
 */
export async function editFileLocked<T>(file: string, edit: (current: CurrentText) => EditOutcome<T> | Promise<EditOutcome<T>>): Promise<T> {
  await checkEditable(file);
  // Every path to the same file (a symbolic link, `..`, another spelling) shares one lock and one rename target.
  const target = await realFilePath(file);
  const lockPath = `${target}.lock`;
  let release: () => Promise<void>;
  let compromised: Error | undefined;
  try {
    release = await lockfile.lock(target, {
      realpath: false,
      lockfilePath: lockPath,
      stale: STALE_MS,
      update: UPDATE_MS,
      retries: RETRIES,
      onCompromised: (err: Error) => {
        compromised = err;
      },
    });
  } catch (err: unknown) {
    if (isCode(err, 'ELOCKED')) throw new SpecLockedError(file, lockPath);
    if (isCode(err, 'ENOENT')) throw new SpecFileError(`${file}: the directory ${path.dirname(target)} does not exist`);
    if (isNotWritable(err)) throw new SpecFileError(`${file}: cannot write next to it (${path.dirname(target)} is not writable)`);
    throw err;
  }
  try {
    await removeDeadWritersFiles(target);
    const current = await readSpecText(target).catch((err: unknown) => {
      throw err instanceof SpecError ? new SpecError(err.problems.map((p) => ({ ...p, file }))) : err;
    });
    const outcome = await edit(current);
    if (compromised !== undefined) throw new SpecLockedError(file, lockPath);
    if (outcome.text !== undefined && outcome.text !== current) await writeThenRename(file, target, outcome.text);
    return outcome.result;
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * The real path of `file`: symbolic links and `.`/`..` resolved. For a file that does not exist
 * yet, the real path of its directory joined with its name; a dangling symbolic link is followed
 * to the file it names (which the edit then creates).
 *
 * @throws SpecFileError when the directory does not exist or the links loop
 */
export async function realFilePath(file: string): Promise<string> {
  let p = path.resolve(file);
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    try {
      return await fs.realpath(p);
    } catch (err: unknown) {
      if (isCode(err, 'ELOOP')) break;
      if (isNotWritable(err)) throw new SpecFileError(`${file}: permission denied`);
      if (!isCode(err, 'ENOENT')) throw err;
    }
    const stat = await fs.lstat(p).catch(() => undefined);
    if (stat?.isSymbolicLink() === true) {
      p = path.resolve(path.dirname(p), await fs.readlink(p));
      continue;
    }
    const dir = path.dirname(p);
    try {
      return path.join(await fs.realpath(dir), path.basename(p));
    } catch (err: unknown) {
      if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) throw new SpecFileError(`${file}: the directory ${dir} does not exist`);
      if (isNotWritable(err)) throw new SpecFileError(`${file}: permission denied`);
      throw err;
    }
  }
  throw new SpecFileError(`${file}: too many levels of symbolic links`);
}

/** Links followed before {@link realFilePath} gives up (Linux's own limit). */
const MAX_LINK_HOPS = 40;

/** The file's text (read as {@link readSpecText} reads it), or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<CurrentText> {
  return readSpecText(file);
}

/** The temporary file the process `pid` writes the new text of `target` to. */
export function tempFileOf(target: string, pid: number = process.pid): string {
  return `${target}${TEMP_MARK}${pid}`;
}

/** Refuses, before locking, a file whose directory is missing or that is a directory itself. */
async function checkEditable(file: string): Promise<void> {
  const dir = path.dirname(file);
  try {
    if (!(await fs.stat(dir)).isDirectory()) throw new SpecFileError(`${file}: ${dir} is not a directory`);
  } catch (err: unknown) {
    if (err instanceof SpecFileError) throw err;
    if (isCode(err, 'ENOENT')) throw new SpecFileError(`${file}: the directory ${dir} does not exist`);
    if (isCode(err, 'ENOTDIR')) throw new SpecFileError(`${file}: a part of ${dir} is not a directory`);
    throw err;
  }
  // A missing file is created; any other problem (permissions…) is reported by the read, under the lock.
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat?.isDirectory() === true) throw new SpecError([{ file, line: 0, col: 0, message: 'is a directory, not a spec file' }]);
}

/** Removes the temporary files of `target` whose writer is no longer running (called under the lock). */
async function removeDeadWritersFiles(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefix = `${path.basename(target)}${TEMP_MARK}`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return; // Nothing to clean where nothing can be listed; the write reports real problems.
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = name.slice(prefix.length);
    if (!/^[1-9][0-9]*$/.test(pid) || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    await fs.rm(path.join(dir, name), { force: true });
  }
}

/** True when a process `pid` exists (as far as this process can tell). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return !isCode(err, 'ESRCH');
  }
}

/**
 * Writes `text` to a temporary file beside `target`, fsyncs it, renames it over `target` and
 * fsyncs the directory. The file keeps its permissions (and, where allowed, its owner).
 */
async function writeThenRename(file: string, target: string, text: string): Promise<void> {
  const temp = tempFileOf(target);
  let existing: { mode: number; uid: number; gid: number } | undefined;
  try {
    existing = await fs.stat(target);
  } catch (err: unknown) {
    if (!isCode(err, 'ENOENT')) throw err;
  }
  try {
    // A leftover of this pid can only be from an earlier process that had it: replace it.
    await fs.rm(temp, { force: true });
    const handle = await fs.open(temp, 'wx', 0o666);
    try {
      if (existing !== undefined) {
        await handle.chmod(existing.mode & 0o7777);
        await handle.chown(existing.uid, existing.gid).catch(() => undefined);
      }
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (err: unknown) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    if (isNotWritable(err)) throw new SpecFileError(`${file}: cannot write next to it (${path.dirname(target)} is not writable)`);
    if (isCode(err, 'ENOSPC') || isCode(err, 'EDQUOT')) throw new SpecFileError(`${file}: no space left to write it; the file is unchanged`);
    throw err;
  }
  await fsyncDir(path.dirname(target));
}

/** Makes a rename durable; skipped where a directory cannot be opened or synced. */
async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function isNotWritable(err: unknown): boolean {
  return isCode(err, 'EACCES') || isCode(err, 'EROFS') || isCode(err, 'EPERM');
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === code;
}
