import * as fs from 'fs';
import * as path from 'path';
import { acquireDirLock, DirLockBusyError } from './dir-lock';
import { FILE_SYSTEM_REASONS } from './file-system-reasons';
import { tempSuffix } from './temp-suffix';

/**
 * Atomic replacement of an output directory.
 *
 * Beside `<parent>/<name>` the writer uses (all matched by the `.appsvc-tmp-*` ignore pattern):
 * - `.appsvc-tmp-<name>.new-<pid>-<random>`: the new tree, written and fsynced first;
 * - `.appsvc-tmp-<name>.old`: the previous tree while the two are swapped;
 * - `.appsvc-tmp-<name>.lock`: held while writing, so two writers never interleave; a lock whose
 *   owner is no longer running (it was killed) is taken over at once.
 *
 * The swap is two renames (old → `.old`, new → `<name>`), then `.old` is removed. A crash at any
 * point leaves either the old tree or the new one under `<name>`, except between the two renames,
 * when `<name>` is missing and `.old` holds the old tree: {@link recoverOutputDir} (run first by
 * every write) puts it back.
 *
 * Only a directory appsvc owns is replaced (see {@link findForeignEntry}): one that is missing or
 * empty, or that holds nothing but output files. Anything else is refused before anything is
 * written.
 */

/**
 * The names of the files appsvc writes (cdk8s's `<chart>.k8s.yaml`, appsvc's `<spec>.k8s.yaml`,
 * and cdk8s's construct metadata): an existing output directory may hold these besides the files
 * about to be written.
 */
const OUTPUT_FILE_NAMES = [/\.k8s\.yaml$/, /^construct-metadata\.json$/];

/** Thrown for an output path that would escape the output directory, or an unusable output directory. */
export class OutputPathError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'OutputPathError';
  }
}

/** Thrown when another process is writing the same output directory. */
export class OutputBusyError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'OutputBusyError';
  }
}

/** Takes the writer's lock on `s.dir`, or throws {@link OutputBusyError}. */
function lock(s: Siblings): () => void {
  try {
    return acquireDirLock(s.lock);
  } catch (err: unknown) {
    if (err instanceof DirLockBusyError) {
      const who = err.ownerPid > 0 ? `process ${err.ownerPid}` : 'another process';
      throw new OutputBusyError(`${who} is writing ${s.dir} (lock ${s.lock}); try again when it has finished`);
    }
    throw err;
  }
}

/** Creates `dir` and its parents, or throws {@link OutputPathError} when a path component is not a directory. */
function makeParentDirs(dir: string, outdir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err: unknown) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
    if (code !== 'EEXIST' && code !== 'ENOTDIR') throw err;
    let blocker = dir;
    for (let d = dir; ; d = path.dirname(d)) {
      if (fs.existsSync(d)) {
        blocker = d;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    throw new OutputPathError(`cannot write ${JSON.stringify(outdir)}: ${JSON.stringify(blocker)} is not a directory`);
  }
}

interface Siblings {
  readonly dir: string;
  readonly parent: string;
  readonly base: string;
  readonly backup: string;
  readonly lock: string;
  readonly stagingPrefix: string;
}

function siblings(outdir: string): Siblings {
  const dir = path.resolve(outdir);
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  if (base === '' || dir === parent) throw new OutputPathError(`refusing to use ${JSON.stringify(outdir)} as the output directory: it is a file system root`);
  const cwd = path.resolve('.');
  if (cwd === dir || cwd.startsWith(dir + path.sep)) {
    throw new OutputPathError(`refusing to use ${JSON.stringify(outdir)} as the output directory: it contains the current directory`);
  }
  const prefix = path.join(parent, `.appsvc-tmp-${base}`);
  return { dir, parent, base, backup: `${prefix}.old`, lock: `${prefix}.lock`, stagingPrefix: `.appsvc-tmp-${base}.new-` };
}

/**
 * Checks that every key of `files` is a relative path that stays inside the output directory
 * (forward slashes, no empty, `.` or `..` segment, not absolute) and that no file path is also
 * used as a directory. Returns the paths sorted.
 */
export function checkOutputPaths(files: ReadonlyMap<string, string>): string[] {
  const paths = [...files.keys()].sort();
  const set = new Set(paths);
  for (const p of paths) {
    const bad = (why: string): OutputPathError => new OutputPathError(`refusing to write ${JSON.stringify(p)}: ${why}`);
    if (p.length === 0) throw bad('the path is empty');
    if (p.includes('\0')) throw bad('the path contains a NUL character');
    if (p.includes('\\')) throw bad('use "/" to separate directories');
    if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p)) throw bad('the path is absolute; give a path relative to the output directory');
    const segments = p.split('/');
    if (segments.some((s) => s === '..')) throw bad('".." would leave the output directory');
    if (segments.some((s) => s === '' || s === '.')) throw bad('the path has an empty or "." segment');
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join('/');
      if (set.has(dir)) throw bad(`${JSON.stringify(dir)} is both a file and a directory`);
    }
  }
  return paths;
}

/**
 * Replaces the directory `outdir` with exactly `files` (relative path → content, UTF-8).
 *
 * The new tree is written into a temporary directory beside `outdir`, every file and directory is
 * fsynced, and then it is swapped in with renames, so a crash leaves either the old directory or
 * the new one (see {@link recoverOutputDir}). When `outdir` already holds exactly these files with
 * the same bytes and nothing else, nothing is written (timestamps stay, and tools watching the
 * directory see no change).
 *
 * An existing directory is replaced only when appsvc owns it: every file in it, in any
 * subdirectory, is one about to be written or is named like output (`*.k8s.yaml`,
 * `construct-metadata.json`); otherwise nothing is written and the error names one file that is
 * not output.
 *
 * @returns true when the directory was replaced, false when it already matched
 * @throws OutputPathError for a path that would leave `outdir`, or an `outdir` that is a file
 *   system root, the current directory or one of its ancestors, an existing non-directory, or a
 *   directory that holds something appsvc did not write
 * @throws OutputBusyError when another process is writing `outdir`
 */
export function writeDirAtomic(outdir: string, files: ReadonlyMap<string, string>): boolean {
  const s = siblings(outdir);
  const paths = checkOutputPaths(files);
  try {
    return replaceDir(s, outdir, paths, files);
  } catch (err: unknown) {
    throw plainFileSystemError(err, s) ?? err;
  }
}

function replaceDir(s: Siblings, outdir: string, paths: readonly string[], files: ReadonlyMap<string, string>): boolean {
  makeParentDirs(s.parent, outdir);
  const release = lock(s);
  try {
    recoverUnlocked(s);
    if (fs.existsSync(s.dir) && !fs.statSync(s.dir).isDirectory()) {
      throw new OutputPathError(`refusing to replace ${JSON.stringify(outdir)}: it exists and is not a directory`);
    }
    const foreign = findForeignEntry(s.dir, new Set(paths));
    if (foreign !== undefined) {
      const shown = shownPath(path.join(s.dir, ...foreign.split('/')));
      throw new OutputPathError(
        `refusing to replace ${JSON.stringify(shownPath(s.dir))}: ${JSON.stringify(shown)} is not output appsvc wrote (appsvc replaces only an empty directory or its own output); choose another output directory, or move the file away`,
      );
    }
    // Each file is encoded once, for the comparison and the write.
    const bytes = new Map<string, Buffer>();
    for (const p of paths) bytes.set(p, Buffer.from(files.get(p) ?? '', 'utf8'));
    if (sameTree(s.dir, bytes)) return false;

    const staging = path.join(s.parent, `${s.stagingPrefix}${process.pid}-${tempSuffix()}`);
    fs.mkdirSync(staging);
    try {
      writeTree(staging, paths, bytes);
    } catch (err: unknown) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    try {
      if (fs.existsSync(s.dir)) {
        fs.renameSync(s.dir, s.backup);
        fsyncDir(s.parent);
        try {
          fs.renameSync(staging, s.dir);
        } catch (err: unknown) {
          // Put the old tree back now; if even that fails, the next write or recoverOutputDir will.
          tryRename(s.backup, s.dir);
          throw err;
        }
        fsyncDir(s.parent);
        fs.rmSync(s.backup, { recursive: true, force: true });
      } else {
        fs.renameSync(staging, s.dir);
        fsyncDir(s.parent);
      }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return true;
  } finally {
    release();
  }
}

/**
 * Finishes or undoes a swap a crash interrupted: when `outdir` is missing and the previous tree
 * is still set aside, it is put back; when both exist, the swap had completed and the leftover is
 * removed. Also removes temporary trees left by crashed writers. Safe to call at any time.
 *
 * @returns true when the previous tree was restored
 */
export function recoverOutputDir(outdir: string): boolean {
  const s = siblings(outdir);
  if (!fs.existsSync(s.parent) || !fs.statSync(s.parent).isDirectory()) return false;
  try {
    const release = lock(s);
    try {
      return recoverUnlocked(s);
    } finally {
      release();
    }
  } catch (err: unknown) {
    throw plainFileSystemError(err, s) ?? err;
  }
}

function recoverUnlocked(s: Siblings): boolean {
  let restored = false;
  if (fs.existsSync(s.backup)) {
    if (fs.existsSync(s.dir)) {
      fs.rmSync(s.backup, { recursive: true, force: true });
    } else {
      fs.renameSync(s.backup, s.dir);
      fsyncDir(s.parent);
      restored = true;
    }
  }
  for (const entry of fs.readdirSync(s.parent)) {
    if (entry.startsWith(s.stagingPrefix)) fs.rmSync(path.join(s.parent, entry), { recursive: true, force: true });
  }
  return restored;
}

function tryRename(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch {
    // Left for recovery.
  }
}

function writeTree(root: string, paths: readonly string[], files: ReadonlyMap<string, Buffer>): void {
  const dirs = new Set<string>([root]);
  for (const p of paths) {
    const target = path.join(root, ...p.split('/'));
    const dir = path.dirname(target);
    if (!dirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      for (let d = dir; d !== root && !dirs.has(d); d = path.dirname(d)) dirs.add(d);
    }
    const fd = fs.openSync(target, 'wx');
    try {
      fs.writeFileSync(fd, files.get(p) ?? Buffer.alloc(0));
      fs.fsyncSync(fd);
    } catch (err: unknown) {
      // A write to a descriptor names no file: name the one being written.
      if (err instanceof Error && !('path' in err)) Object.assign(err, { path: target });
      throw err;
    } finally {
      fs.closeSync(fd);
    }
  }
  // Deepest first, so each directory entry is durable before its parent's.
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) fsyncDir(d);
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot open or fsync a directory; the renames are still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** True when `dir` holds exactly `files` (regular files, same bytes) and nothing else. */
function sameTree(dir: string, files: ReadonlyMap<string, Buffer>): boolean {
  if (!fs.existsSync(dir)) return false;
  const found: string[] = [];
  const walk = (abs: string, rel: string): boolean => {
    const entries = fs.readdirSync(abs, { withFileTypes: true });
    if (entries.length === 0 && rel !== '') return false; // an empty directory is not in `files`
    for (const entry of entries) {
      const r = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!walk(path.join(abs, entry.name), r)) return false;
      } else if (entry.isFile()) {
        found.push(r);
      } else {
        return false;
      }
    }
    return true;
  };
  if (!walk(dir, '') || found.length !== files.size) return false;
  for (const r of found) {
    const want = files.get(r);
    if (want === undefined || !fileHolds(path.join(dir, ...r.split('/')), want)) return false;
  }
  return true;
}

/** Bytes read at a time by {@link fileHolds}. */
const COMPARE_CHUNK = 64 * 1024;

/** True when the file at `file` holds exactly `want`; read a chunk at a time, stopping at the first difference. */
function fileHolds(file: string, want: Buffer): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).size !== want.length) return false;
    const chunk = Buffer.allocUnsafe(Math.min(COMPARE_CHUNK, Math.max(want.length, 1)));
    let at = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, at);
      if (n === 0) return at === want.length;
      if (at + n > want.length || chunk.compare(want, at, at + n, 0, n) !== 0) return false;
      at += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The first entry of `dir` (a path relative to it, `/`-separated) that is not appsvc's output, or
 * undefined when appsvc owns the directory: it is missing or empty, or every file in it, at any
 * depth, is one of `next` (the files about to be written) or is named like output
 * ({@link OUTPUT_FILE_NAMES}). Empty subdirectories are owned; symbolic links and other special
 * files never are. Files directly in a directory are looked at before its subdirectories, so the
 * entry named is a shallowest one (a README rather than `.git/HEAD`).
 */
export function findForeignEntry(dir: string, next: ReadonlySet<string>): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const owned = (rel: string): boolean => next.has(rel) || OUTPUT_FILE_NAMES.some((re) => re.test(path.posix.basename(rel)));
  const visit = (abs: string, rel: string): string | undefined => {
    const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const r = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) subdirs.push(entry.name);
      else if (!entry.isFile() || !owned(r)) return r;
    }
    for (const name of subdirs) {
      const found = visit(path.join(abs, name), rel === '' ? name : `${rel}/${name}`);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(dir, '');
}

/** A path relative to the current directory when it is inside it or that is shorter, else absolute. */
function shownPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  if (rel === '') return '.';
  if (path.isAbsolute(rel)) return abs;
  return !rel.startsWith('..') || rel.length < abs.length ? rel : abs;
}

/**
 * A file-system error a user can cause, as a one-line {@link OutputPathError} that names the
 * output directory and the file or directory involved (a file of the new tree by its place in the
 * output directory, the lock and temporary trees by the directory beside which they are made);
 * undefined for anything else.
 */
function plainFileSystemError(err: unknown, s: Siblings): OutputPathError | undefined {
  if (!(err instanceof Error) || err instanceof OutputPathError || err instanceof OutputBusyError) return undefined;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const reason = code !== undefined ? FILE_SYSTEM_REASONS[code] : undefined;
  if (code === undefined || reason === undefined) return undefined;
  const where = 'path' in err && typeof err.path === 'string' ? placeOf(err.path, s) : undefined;
  return new OutputPathError(`cannot write the output directory ${JSON.stringify(shownPath(s.dir))}: ${where !== undefined ? `${JSON.stringify(where)}: ` : ''}${reason} (${code})`);
}

/** Where `p` is, as the user knows it: inside the output directory, or the directory beside which appsvc works. */
function placeOf(p: string, s: Siblings): string {
  const abs = path.resolve(p);
  const rel = path.relative(s.parent, abs);
  if (rel.startsWith(s.stagingPrefix)) {
    const inside = rel.split(path.sep).slice(1);
    return shownPath(inside.length > 0 ? path.join(s.dir, ...inside) : s.parent);
  }
  if (rel.startsWith(`.appsvc-tmp-${s.base}.`)) return shownPath(s.parent);
  return shownPath(abs);
}
