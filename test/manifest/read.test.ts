import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { holdsNoContent, readInputs } from '../../src/manifest/read';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'appsvc-read-'));
  const files: Record<string, string> = {
    'tree/b.yaml': 'kind: B\n',
    'tree/a.yml': 'kind: A\n',
    'tree/c.json': '{"kind": "C"}',
    'tree/notes.txt': 'not a manifest',
    'tree/README.md': '# no',
    'tree/a/z.yaml': 'kind: AZ\n',
    'tree/a.yaml': 'kind: A2\n',
    'tree/sub/deeper/d.yaml': 'kind: D\n',
    'tree/UPPER.YAML': 'kind: U\n',
    'plain.txt': 'kind: P\n',
    'empty-dir/readme.txt': 'nothing',
    'big.yaml': 'x'.repeat(64),
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  symlinkSync(join(dir, 'tree'), join(dir, 'tree', 'sub', 'loop'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readInputs', () => {
  it('walks a directory recursively in sorted order, keeping the argument as given', async () => {
    const sources = await readInputs([`${dir}/tree/`]);
    expect(sources.map((s) => [s.file.slice(dir.length), 'text' in s ? s.text : s.problem.message])).toStrictEqual([
      ['/tree/a/z.yaml', 'kind: AZ\n'],
      ['/tree/a.yaml', 'kind: A2\n'],
      ['/tree/a.yml', 'kind: A\n'],
      ['/tree/b.yaml', 'kind: B\n'],
      ['/tree/c.json', '{"kind": "C"}'],
      ['/tree/sub/deeper/d.yaml', 'kind: D\n'],
    ]);
    const noSlash = await readInputs([`${dir}/tree/sub`]);
    // The link back to tree/ is followed once; tree/sub is not entered twice.
    expect(noSlash.map((s) => s.file.slice(dir.length))).toStrictEqual([
      '/tree/sub/deeper/d.yaml',
      '/tree/sub/loop/a/z.yaml',
      '/tree/sub/loop/a.yaml',
      '/tree/sub/loop/a.yml',
      '/tree/sub/loop/b.yaml',
      '/tree/sub/loop/c.json',
    ]);
  });

  it('reads a file named directly whatever its extension, and inputs in argument order', async () => {
    const sources = await readInputs([join(dir, 'plain.txt'), join(dir, 'tree', 'b.yaml')]);
    expect(sources).toStrictEqual([
      { file: join(dir, 'plain.txt'), text: 'kind: P\n' },
      { file: join(dir, 'tree', 'b.yaml'), text: 'kind: B\n' },
    ]);
  });

  it('reads - from stdin once', async () => {
    const stdin = Readable.from([Buffer.from('kind: '), Buffer.from('S\n')]);
    const sources = await readInputs(['-', join(dir, 'plain.txt'), '-'], { stdin });
    expect(sources).toStrictEqual([
      { file: '-', text: 'kind: S\n' },
      { file: join(dir, 'plain.txt'), text: 'kind: P\n' },
      { file: '-', text: 'kind: S\n' },
    ]);
  });

  it('reports a missing file, a directory without manifests and a file too large, by path', async () => {
    const missing = join(dir, 'missing.yaml');
    const sources = await readInputs([missing, join(dir, 'empty-dir'), join(dir, 'big.yaml')], { maxBytes: 32 });
    expect(sources).toStrictEqual([
      { file: missing, problem: { rule: 'manifest/unreadable', message: 'no such file or directory' } },
      { file: join(dir, 'empty-dir'), problem: { rule: 'manifest/no-manifests', message: 'no .yaml, .yml, .json files in the directory' } },
      { file: join(dir, 'big.yaml'), problem: { rule: 'manifest/too-large', message: 'file is too large: 64 bytes (the limit is 32 bytes)' } },
    ]);
  });

  it('refuses stdin over the size limit', async () => {
    const stdin = Readable.from([Buffer.alloc(20, 0x61), Buffer.alloc(20, 0x61)]);
    expect(await readInputs(['-'], { stdin, maxBytes: 32 })).toStrictEqual([{ file: '-', problem: { rule: 'manifest/too-large', message: 'input is too large: more than 32 bytes' } }]);
  });

  it('reads a pipe or device with a size cap', async () => {
    expect(await readInputs(['/dev/zero'], { maxBytes: 1024 })).toStrictEqual([{ file: '/dev/zero', problem: { rule: 'manifest/too-large', message: 'input is too large: more than 1 KiB' } }]);
    expect(await readInputs(['/dev/null'])).toStrictEqual([{ file: '/dev/null', text: '' }]);
  });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  (asRoot ? it.skip : it)('reports an unreadable directory', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'a.yaml'), 'kind: A\n');
    chmodSync(locked, 0o000);
    try {
      expect(await readInputs([locked])).toStrictEqual([{ file: locked, problem: { rule: 'manifest/unreadable', message: 'cannot read directory: permission denied' } }]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  /**
   * kubectl v1.32.4 skips such files inside a directory and refuses them named alone:
   * `kubectl create --dry-run=client --validate=false -o name -f DIR` goes on past `a.yaml`
   * (`# just a comment`), `b.yaml` (empty) and `c.yml` (`---\n# c\n---`) to the next file;
   * `-f DIR` with only such files, or `-f a.yaml`, says `error: no objects passed to create`.
   */
  it('skips the files of a directory that hold no object, with a note, and keeps them when named', async () => {
    const root = join(dir, 'with-empty');
    mkdirSync(root);
    writeFileSync(join(root, 'a.yaml'), '# just a comment\n');
    writeFileSync(join(root, 'b.yaml'), '');
    writeFileSync(join(root, 'c.yml'), '---\n# c\n---\n');
    writeFileSync(join(root, 'svc.yaml'), 'kind: S\n');
    const notes: string[] = [];
    const sources = await readInputs([root], { onSkip: (file, note) => notes.push(`${file.slice(dir.length)}: ${note}`) });
    expect(sources).toStrictEqual([{ file: join(root, 'svc.yaml'), text: 'kind: S\n' }]);
    expect(notes).toStrictEqual(['a.yaml', 'b.yaml', 'c.yml'].map((f) => `/with-empty/${f}: skipped: no Kubernetes objects (the file is empty or holds only comments and ---)`));
    expect(await readInputs([join(root, 'a.yaml')])).toStrictEqual([{ file: join(root, 'a.yaml'), text: '# just a comment\n' }]);
  });

  it('reports a directory whose files all hold no object', async () => {
    const root = join(dir, 'only-empty');
    mkdirSync(root);
    writeFileSync(join(root, 'x.yaml'), '# only\n');
    expect(await readInputs([root])).toStrictEqual([
      { file: root, problem: { rule: 'manifest/no-objects', message: 'no Kubernetes objects in the directory (its files are empty or hold only comments and ---)' } },
    ]);
  });
});

describe('holdsNoContent', () => {
  it.each([
    ['', true],
    ['\n\n', true],
    ['# a\n  # b\n', true],
    ['---\n...\n--- # note\n\t\n', true],
    ['---\r\n# windows\r\n', true],
    ['--- x\n', false],
    ['a: b\n', false],
    ['# a\nkind: S\n', false],
    ['~\n', false],
    ['----\n', false],
  ])('%j: %s', (text, expected) => {
    expect(holdsNoContent(text)).toBe(expected);
  });
});
