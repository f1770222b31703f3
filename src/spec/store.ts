import { promises as fs } from 'fs';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';

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
 * Edits a file under an exclusive lock: reads it, calls `edit`, and when the returned text
 * differs from what was read, writes it by write-then-rename (so a reader, or a process killed
 * mid-write, sees either the old or the new file, never a mix). Concurrent edits from separate
 * processes are serialised; each sees the previous one's result.
 *
 * The lock is a directory `<file>.lock` next to the file (kept fresh while held, taken over when
 * its owner died more than a few seconds ago).
 */
export async function editFileLocked<T>(file: string, edit: (current: CurrentText) => EditOutcome<T> | Promise<EditOutcome<T>>): Promise<T> {
  const lockPath = `${file}.lock`;
  let release: () => Promise<void>;
  let compromised: Error | undefined;
  try {
    release = await lockfile.lock(file, {
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
    if (isCode(err, 'ENOENT')) throw new SpecFileError(`${file}: the directory ${path.dirname(file)} does not exist`);
    if (isCode(err, 'EACCES') || isCode(err, 'EROFS')) throw new SpecFileError(`${file}: cannot write next to it (${path.dirname(file)} is not writable)`);
    throw err;
  }
  try {
    const current = await readIfExists(file);
    const outcome = await edit(current);
    if (compromised !== undefined) throw new SpecLockedError(file, lockPath);
    if (outcome.text !== undefined && outcome.text !== current) {
      await writeFileAtomic(file, outcome.text, { encoding: 'utf8', fsync: true });
    }
    return outcome.result;
  } finally {
    await release().catch(() => undefined);
  }
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<CurrentText> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err: unknown) {
    if (isCode(err, 'ENOENT')) return undefined;
    throw err;
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === code;
}
