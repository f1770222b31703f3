import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import fc from 'fast-check';
import { checkOutputPaths, findForeignEntry, OutputBusyError, OutputPathError, recoverOutputDir, writeDirAtomic } from '../../src/synth/write';

let root: string;
let out: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-write-'));
  out = path.join(root, 'dist');
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every file under `dir`, relative path → content, sorted. */
function tree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else result[r] = fs.readFileSync(path.join(abs, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return result;
}

describe('writeDirAtomic', () => {
  test('creates the directory with exactly the files, and nothing is left beside it', () => {
    expect(writeDirAtomic(out, new Map([['a.k8s.yaml', 'a: 1\n'], ['sub/b.yaml', 'b: 2\n']]))).toBe(true);
    expect(tree(out)).toEqual({ 'a.k8s.yaml': 'a: 1\n', 'sub/b.yaml': 'b: 2\n' });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('replaces the directory: stale files and directories are gone', () => {
    fs.mkdirSync(path.join(out, 'old'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stale.k8s.yaml'), 'x');
    fs.writeFileSync(path.join(out, 'old', 'f.k8s.yaml'), 'y');
    writeDirAtomic(out, new Map([['new.k8s.yaml', 'n\n']]));
    expect(tree(out)).toEqual({ 'new.k8s.yaml': 'n\n' });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('the same bytes are not rewritten', () => {
    const files = new Map([['a.k8s.yaml', 'a\n']]);
    writeDirAtomic(out, files);
    const inode = fs.statSync(out).ino;
    expect(writeDirAtomic(out, files)).toBe(false);
    expect(fs.statSync(out).ino).toBe(inode);
    expect(writeDirAtomic(out, new Map([['a.k8s.yaml', 'b\n']]))).toBe(true);
    expect(tree(out)).toEqual({ 'a.k8s.yaml': 'b\n' });
  });

  test.each<[string, (text: string) => string]>([
    ['the last byte differs', (t) => `${t.slice(0, -1)}y`],
    ['a byte differs past the first 64 KiB', (t) => `${t.slice(0, 70000)}y${t.slice(70001)}`],
    ['a multi-byte character differs at the same length', (t) => `${t.slice(0, 100000)}é${t.slice(100002)}`],
    ['the file on disk is one byte longer', (t) => `${t}x`],
    ['the file on disk is one byte shorter', (t) => t.slice(0, -1)],
    ['the file on disk is empty', () => ''],
  ])('a large file is rewritten when %s', (_label, change) => {
    const text = 'x'.repeat(200000);
    writeDirAtomic(out, new Map([['a.k8s.yaml', text]]));
    fs.writeFileSync(path.join(out, 'a.k8s.yaml'), change(text));
    expect(writeDirAtomic(out, new Map([['a.k8s.yaml', text]]))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'a.k8s.yaml'), 'utf8')).toBe(text);
  });

  test('a large file with the same bytes is not rewritten, whatever its characters', () => {
    const text = 'aé€😀\n'.repeat(30000);
    const files = new Map([['a.k8s.yaml', text], ['empty.k8s.yaml', '']]);
    writeDirAtomic(out, files);
    const inode = fs.statSync(out).ino;
    expect(writeDirAtomic(out, files)).toBe(false);
    expect(fs.statSync(out).ino).toBe(inode);
    expect(fs.readFileSync(path.join(out, 'a.k8s.yaml'), 'utf8')).toBe(text);
  });

  test('an extra empty directory counts as a difference', () => {
    const files = new Map([['a.k8s.yaml', 'a\n']]);
    writeDirAtomic(out, files);
    fs.mkdirSync(path.join(out, 'empty'));
    expect(writeDirAtomic(out, files)).toBe(true);
    expect(fs.readdirSync(out)).toEqual(['a.k8s.yaml']);
  });

  test.each<[string, string]>([
    ['../escape.yaml', 'refusing to write "../escape.yaml": ".." would leave the output directory'],
    ['a/../../escape.yaml', 'refusing to write "a/../../escape.yaml": ".." would leave the output directory'],
    ['/etc/passwd', 'refusing to write "/etc/passwd": the path is absolute; give a path relative to the output directory'],
    ['C:\\x.yaml', 'refusing to write "C:\\\\x.yaml": use "/" to separate directories'],
    ['', 'refusing to write "": the path is empty'],
    ['a//b', 'refusing to write "a//b": the path has an empty or "." segment'],
    ['./a', 'refusing to write "./a": the path has an empty or "." segment'],
  ])('refuses %j and leaves the directory as it was', (file, message) => {
    writeDirAtomic(out, new Map([['keep.yaml', 'k\n']]));
    expect(() => writeDirAtomic(out, new Map([['ok.yaml', 'o'], [file, 'x']]))).toThrow(new OutputPathError(message));
    expect(tree(out)).toEqual({ 'keep.yaml': 'k\n' });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('refuses a path used both as a file and as a directory', () => {
    expect(() => checkOutputPaths(new Map([['a', '1'], ['a/b', '2']]))).toThrow('refusing to write "a/b": "a" is both a file and a directory');
  });

  test('refuses the current directory or one of its ancestors as the output directory', () => {
    expect(() => writeDirAtomic('.', new Map())).toThrow(OutputPathError);
    expect(() => writeDirAtomic(path.dirname(process.cwd()), new Map())).toThrow(OutputPathError);
  });

  test('refuses to replace a file', () => {
    fs.writeFileSync(out, 'not a dir');
    expect(() => writeDirAtomic(out, new Map([['a', 'b']]))).toThrow(`refusing to replace ${JSON.stringify(out)}: it exists and is not a directory`);
    expect(fs.readFileSync(out, 'utf8')).toBe('not a dir');
  });
});

describe('only a directory appsvc owns is replaced', () => {
  /** Creates `files` (relative path → content; a path ending in "/" is an empty directory) under `out`. */
  function plant(files: Record<string, string>): void {
    for (const [rel, content] of Object.entries(files)) {
      const p = path.join(out, ...rel.split('/').filter((s) => s !== ''));
      if (rel.endsWith('/')) fs.mkdirSync(p, { recursive: true });
      else {
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, content);
      }
    }
  }
  const next = new Map([['app.k8s.yaml', 'new\n'], ['eu-1/app.k8s.yaml', 'new eu\n']]);
  // Paths in messages are shown relative to the current directory when inside it.
  const cwd = process.cwd();
  beforeEach(() => process.chdir(root));
  afterEach(() => process.chdir(cwd));

  test.each<[string, Record<string, string>, string]>([
    ['the spec file beside the output', { 'app.k8s.yaml': 'old\n', 'appsvc.yaml': 'services: []\n' }, 'appsvc.yaml'],
    ['a project: files are named before directories', { '.git/HEAD': 'ref\n', 'README.md': '# p\n', 'src/index.ts': 'x\n' }, 'README.md'],
    ['a .git directory alone', { '.git/HEAD': 'ref\n', '.git/objects/': '' }, '.git/HEAD'],
    ['a hand-written manifest with another name', { 'app.k8s.yaml': 'old\n', 'ingress.yaml': 'kind: Ingress\n' }, 'ingress.yaml'],
    ['a foreign file in a cluster directory', { 'eu-1/app.k8s.yaml': 'old\n', 'eu-1/notes.txt': 'n\n' }, 'eu-1/notes.txt'],
    ['a dotfile', { '.env': 'SECRET=1\n' }, '.env'],
  ])('refused: %s (the error names one foreign file, and nothing changes)', (_name, existing, foreign) => {
    plant(existing);
    const before = tree(out);
    expect(findForeignEntry(out, new Set(next.keys()))).toBe(foreign);
    expect(() => writeDirAtomic(out, next)).toThrow(
      new OutputPathError(
        `refusing to replace "dist": ${JSON.stringify(`dist/${foreign}`)} is not output appsvc wrote (appsvc replaces only an empty directory or its own output); choose another output directory, or move the file away`,
      ),
    );
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('a symbolic link is never output, and what it points to is untouched', () => {
    fs.writeFileSync(path.join(root, 'precious.k8s.yaml'), 'keep\n');
    fs.mkdirSync(out);
    fs.symlinkSync(path.join(root, 'precious.k8s.yaml'), path.join(out, 'app.k8s.yaml'));
    expect(() => writeDirAtomic(out, next)).toThrow('refusing to replace "dist": "dist/app.k8s.yaml" is not output appsvc wrote');
    expect(fs.lstatSync(path.join(out, 'app.k8s.yaml')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(root, 'precious.k8s.yaml'), 'utf8')).toBe('keep\n');
  });

  test.each<[string, Record<string, string>]>([
    ['missing', {}],
    ['empty', { '/': '' }],
    ['holding empty directories', { 'a/': '', 'b/c/': '' }],
    ['holding the files about to be written', { 'app.k8s.yaml': 'old\n', 'eu-1/app.k8s.yaml': 'old\n' }],
    ['holding earlier output under other names', { 'renamed.k8s.yaml': 'old\n', 'us-1/renamed.k8s.yaml': 'old\n', 'construct-metadata.json': '{}' }],
  ])('replaced: %s', (_name, existing) => {
    if (Object.keys(existing).length > 0) {
      fs.mkdirSync(out);
      plant(existing);
    }
    expect(writeDirAtomic(out, next)).toBe(true);
    expect(tree(out)).toEqual({ 'app.k8s.yaml': 'new\n', 'eu-1/app.k8s.yaml': 'new eu\n' });
  });
});

describe('ownership, for any existing tree (property)', () => {
  const segment = fc.constantFrom('a', 'b', 'eu-1', '.git', 'src');
  const fileName = fc.constantFrom('app.k8s.yaml', 'old.k8s.yaml', 'construct-metadata.json', 'README.md', 'appsvc.yaml', 'notes.txt', '.env', 'x.yaml');
  const existing = fc.uniqueArray(
    fc.tuple(fc.array(segment, { maxLength: 2 }), fileName).map(([dirs, name]) => [...dirs, name].join('/')),
    { maxLength: 6 },
  );
  const next = new Map([['app.k8s.yaml', 'new\n'], ['eu-1/app.k8s.yaml', 'new eu\n']]);
  const isOutput = (p: string): boolean => next.has(p) || /\.k8s\.yaml$/.test(p) || p.endsWith('construct-metadata.json');

  test('replaced exactly when every file is output; when refused, every file is kept byte for byte', () => {
    let n = 0;
    fc.assert(
      fc.property(existing, (files) => {
        const dir = path.join(root, `case-${n++}`);
        // A path that is also used as a directory cannot be a file: keep the first of such pairs.
        const kept = files.filter((f) => !files.some((g) => g !== f && (g.startsWith(`${f}/`) || f.startsWith(`${g}/`)) && files.indexOf(g) < files.indexOf(f)));
        fs.mkdirSync(dir);
        for (const f of kept) {
          fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
          fs.writeFileSync(path.join(dir, f), `content of ${f}\n`);
        }
        const before = tree(dir);
        const owned = kept.every(isOutput);
        let refused: string | undefined;
        try {
          writeDirAtomic(dir, next);
        } catch (err: unknown) {
          if (!(err instanceof OutputPathError)) throw err;
          refused = err.message;
        }
        if (owned) {
          expect(refused).toBeUndefined();
          expect(tree(dir)).toEqual({ 'app.k8s.yaml': 'new\n', 'eu-1/app.k8s.yaml': 'new eu\n' });
        } else {
          expect(refused).toMatch(/is not output appsvc wrote/);
          expect(tree(dir)).toEqual(before);
          const named = kept.filter((f) => !isOutput(f)).some((f) => refused?.includes(JSON.stringify(path.join(dir, f))) || refused?.includes(`/${f}"`));
          expect(named).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('two writers', () => {
  test('a second writer is refused while a running process holds the lock, and nothing changes', () => {
    writeDirAtomic(out, new Map([['a.k8s.yaml', 'a\n']]));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 60000)'], { stdio: 'ignore' });
    const lockPath = path.join(root, '.appsvc-tmp-dist.lock');
    try {
      fs.writeFileSync(lockPath, `${holder.pid}\n`);
      expect(() => writeDirAtomic(out, new Map([['b.k8s.yaml', 'b\n']]))).toThrow(
        new OutputBusyError(`process ${holder.pid} is writing ${out} (lock ${lockPath}); try again when it has finished`),
      );
      expect(tree(out)).toEqual({ 'a.k8s.yaml': 'a\n' });
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test('the lock of a writer that was killed is taken over at once', async () => {
    writeDirAtomic(out, new Map([['a.k8s.yaml', 'a\n']]));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 60000)'], { stdio: 'ignore' });
    const lockPath = path.join(root, '.appsvc-tmp-dist.lock');
    fs.writeFileSync(lockPath, `${holder.pid}\n`);
    await new Promise<void>((resolve) => {
      holder.on('exit', () => resolve());
      holder.kill('SIGKILL');
    });
    expect(writeDirAtomic(out, new Map([['b.k8s.yaml', 'b\n']]))).toBe(true);
    expect(tree(out)).toEqual({ 'b.k8s.yaml': 'b\n' });
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  test('an output path under a regular file is refused in one sentence', () => {
    fs.writeFileSync(path.join(root, 'plain-file'), 'x');
    expect(() => writeDirAtomic(path.join(root, 'plain-file', 'dist'), new Map([['a.k8s.yaml', 'a\n']]))).toThrow(
      new OutputPathError(`cannot write ${JSON.stringify(path.join(root, 'plain-file', 'dist'))}: ${JSON.stringify(path.join(root, 'plain-file'))} is not a directory`),
    );
  });
});

describe('recovery after a crash', () => {
  const backup = (): string => path.join(root, '.appsvc-tmp-dist.old');

  test('between the two renames: the old directory is put back', () => {
    writeDirAtomic(out, new Map([['old.k8s.yaml', 'old\n']]));
    // Simulate a crash after "dist → .old" and before "new → dist", with a half-written new tree.
    fs.renameSync(out, backup());
    fs.mkdirSync(path.join(root, '.appsvc-tmp-dist.new-999-deadbeef'));
    fs.writeFileSync(path.join(root, '.appsvc-tmp-dist.new-999-deadbeef', 'half'), 'h');
    expect(recoverOutputDir(out)).toBe(true);
    expect(tree(out)).toEqual({ 'old.k8s.yaml': 'old\n' });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('the next write recovers first, then replaces', () => {
    writeDirAtomic(out, new Map([['old.k8s.yaml', 'old\n']]));
    fs.renameSync(out, backup());
    writeDirAtomic(out, new Map([['new.k8s.yaml', 'new\n']]));
    expect(tree(out)).toEqual({ 'new.k8s.yaml': 'new\n' });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('after the swap, before the old tree was removed: the new directory stays', () => {
    writeDirAtomic(out, new Map([['new.k8s.yaml', 'new\n']]));
    fs.mkdirSync(backup());
    fs.writeFileSync(path.join(backup(), 'old.k8s.yaml'), 'old\n');
    expect(recoverOutputDir(out)).toBe(false);
    expect(tree(out)).toEqual({ 'new.k8s.yaml': 'new\n' });
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('nothing to do', () => {
    expect(recoverOutputDir(out)).toBe(false);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
