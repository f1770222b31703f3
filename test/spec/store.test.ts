import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SpecError } from '../../src/spec/load';
import { editFileLocked, SpecFileError, SpecLockedError, tempFileOf } from '../../src/spec/store';
import { ensureBuilt, ROOT, tempDir } from './cli-harness';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

describe('editFileLocked', () => {
  test('writes only when the text changes', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    fs.writeFileSync(file, 'a\n');
    const before = fs.statSync(file).mtimeMs;
    expect(await editFileLocked(file, (t) => ({ text: t, result: 'same' }))).toBe('same');
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect(await editFileLocked(file, (t) => ({ text: `${t ?? ''}b\n`, result: 'changed' }))).toBe('changed');
    expect(fs.readFileSync(file, 'utf8')).toBe('a\nb\n');
    expect(fs.readdirSync(dir)).toEqual(['spec.yaml']);
  });

  test('a missing file reads as undefined and is created', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'new.yaml');
    await editFileLocked(file, (t) => ({ text: t === undefined ? 'created\n' : 'unexpected', result: undefined }));
    expect(fs.readFileSync(file, 'utf8')).toBe('created\n');
  });

  test('an error in the edit leaves the file alone and releases the lock', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    fs.writeFileSync(file, 'keep\n');
    await expect(
      editFileLocked(file, () => {
        throw new Error('invalid');
      }),
    ).rejects.toThrow('invalid');
    expect(fs.readFileSync(file, 'utf8')).toBe('keep\n');
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  test('edits in one process are serialised', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'count');
    fs.writeFileSync(file, '0');
    await Promise.all(
      Array.from({ length: 15 }, () =>
        editFileLocked(file, async (t) => {
          await new Promise((r) => setTimeout(r, 2));
          return { text: String(Number(t) + 1), result: undefined };
        }),
      ),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('15');
  });

  test('a lock left by a dead process is taken over once stale', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    fs.writeFileSync(file, 'old\n');
    fs.mkdirSync(`${file}.lock`);
    const past = new Date(Date.now() - 60000);
    fs.utimesSync(`${file}.lock`, past, past);
    await editFileLocked(file, () => ({ text: 'new\n', result: undefined }));
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
  });

  test('SpecLockedError names the lock to remove', () => {
    expect(new SpecLockedError('appsvc.yaml', 'appsvc.yaml.lock').message).toBe(
      'appsvc.yaml: locked by another appsvc process (appsvc.yaml.lock); if none is running, remove appsvc.yaml.lock',
    );
  });

  test('a process killed mid-write leaves the old file or the new one, never a mix', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    const oldText = `${'old line\n'.repeat(200000)}`;
    const newText = `${'new line!\n'.repeat(400000)}`;
    const script = `require(${JSON.stringify(path.join(ROOT, 'lib', 'src', 'spec', 'store.js'))}).editFileLocked(process.argv[1], () => ({ text: require('fs').readFileSync(process.argv[2], 'utf8'), result: 0 }));`;
    const source = path.join(dir, 'new-content');
    fs.writeFileSync(source, newText);
    for (let i = 0; i < 12; i++) {
      fs.writeFileSync(file, oldText);
      fs.rmSync(`${file}.lock`, { recursive: true, force: true });
      const child = spawn(process.execPath, ['-e', script, file, source], { stdio: 'ignore' });
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, 40 + i * 15));
      child.kill('SIGKILL');
      await closed;
      const now = fs.readFileSync(file, 'utf8');
      expect(now === oldText || now === newText).toBe(true);
    }
  }, 60000);

  test('the new text is written to <file>.appsvc-tmp-<pid> beside the file, then renamed over it', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    fs.writeFileSync(file, 'old\n');
    const seen: string[] = [];
    const watcher = fs.watch(dir, (_event, name) => {
      if (name !== null) seen.push(name);
    });
    await editFileLocked(file, () => ({ text: 'new\n', result: undefined }));
    await new Promise((r) => setTimeout(r, 100));
    watcher.close();
    expect(tempFileOf(file)).toBe(`${file}.appsvc-tmp-${process.pid}`);
    expect(seen).toContain(`spec.yaml.appsvc-tmp-${process.pid}`);
    expect(fs.readdirSync(dir)).toEqual(['spec.yaml']);
  });

  test('temporary files of writers that are gone are removed; those of running ones are kept', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    fs.writeFileSync(file, 'old\n');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const running = process.ppid;
    fs.writeFileSync(tempFileOf(file, gone), 'half a fi');
    fs.writeFileSync(tempFileOf(file, running), 'being written');
    fs.writeFileSync(`${file}.appsvc-tmp-notapid`, 'not ours');
    // Even an edit that writes nothing cleans up.
    await editFileLocked(file, (t) => ({ text: t, result: undefined }));
    expect(fs.readdirSync(dir).sort()).toEqual(['spec.yaml', `spec.yaml.appsvc-tmp-${running}`, 'spec.yaml.appsvc-tmp-notapid']);
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
  });

  test('the file keeps its permissions', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    fs.writeFileSync(file, 'old\n', { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    await editFileLocked(file, () => ({ text: 'new\n', result: undefined }));
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
  });

  test('a symbolic link keeps pointing at the file it names, which gets the new text', async () => {
    const dir = tempDir('appsvc-store-');
    const real = path.join(dir, 'real.yaml');
    const link = path.join(dir, 'spec.yaml');
    fs.writeFileSync(real, 'old\n');
    fs.symlinkSync('real.yaml', link);
    await editFileLocked(link, () => ({ text: 'new\n', result: undefined }));
    expect({ link: fs.readlinkSync(link), text: fs.readFileSync(real, 'utf8'), entries: fs.readdirSync(dir).sort() }).toEqual({ link: 'real.yaml', text: 'new\n', entries: ['real.yaml', 'spec.yaml'] });
  });

  test('a missing directory is refused at once, before locking', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'missing', 'spec.yaml');
    const started = Date.now();
    await expect(editFileLocked(file, () => ({ text: 'x', result: undefined }))).rejects.toEqual(new SpecFileError(`${file}: the directory ${path.join(dir, 'missing')} does not exist`));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a directory under a regular file is refused as such', async () => {
    const dir = tempDir('appsvc-store-');
    fs.writeFileSync(path.join(dir, 'plain'), 'x\n');
    const file = path.join(dir, 'plain', 'spec.yaml');
    await expect(editFileLocked(file, () => ({ text: 'x', result: undefined }))).rejects.toEqual(new SpecFileError(`${file}: ${path.join(dir, 'plain')} is not a directory`));
  });

  test('a directory in place of the file is refused without creating a lock', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    fs.mkdirSync(file);
    await expect(editFileLocked(file, () => ({ text: 'x', result: undefined }))).rejects.toEqual(new SpecError([{ file, line: 0, col: 0, message: 'is a directory, not a spec file' }]));
    expect(fs.readdirSync(dir)).toEqual(['spec.yaml']);
  });

  test('a file that is not UTF-8 is refused and left byte for byte as it was', async () => {
    const dir = tempDir('appsvc-store-');
    const file = path.join(dir, 'spec.yaml');
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nservices: []\n')]);
    fs.writeFileSync(file, bytes);
    let called = false;
    await expect(
      editFileLocked(file, () => {
        called = true;
        return { text: 'services: []\n', result: undefined };
      }),
    ).rejects.toThrow(`${file}:1:6: invalid UTF-8 (byte 0xe9)`);
    expect({ called, same: fs.readFileSync(file).equals(bytes), entries: fs.readdirSync(dir) }).toEqual({ called: false, same: true, entries: ['spec.yaml'] });
  });
});
