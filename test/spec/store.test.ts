import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { editFileLocked, SpecLockedError } from '../../src/spec/store';
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
});
