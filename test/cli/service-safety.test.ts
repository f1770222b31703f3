import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BIN, ensureBuilt, runCli, runCliAsync, tempDir } from '../spec/cli-harness';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

function listed(dir: string, file: string): string[] {
  const r = runCli(['service', 'list', '-o', 'json', '-f', file], { cwd: dir });
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { name: string }[]).map((row) => row.name).sort();
}

describe('one file, many paths', () => {
  test('20 concurrent upserts, half through a symbolic link and half through the real path, all land', async () => {
    const dir = tempDir('appsvc-paths-');
    fs.mkdirSync(path.join(dir, 'deploy'));
    fs.writeFileSync(path.join(dir, 'deploy', 'appsvc.yaml'), 'name: shop\nservices: []\n');
    fs.symlinkSync(path.join('deploy', 'appsvc.yaml'), path.join(dir, 'link.yaml'));
    const names = Array.from({ length: 20 }, (_, i) => `svc-${i}`);
    const results = await Promise.all(
      names.map((n, i) => runCliAsync(['service', 'upsert', n, '--port', `${8000 + i}`, '-f', i % 2 === 0 ? 'link.yaml' : 'deploy/appsvc.yaml'], { cwd: dir })),
    );
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    expect(results.map((r) => r.stderr.trim().replace(/ in \S+$/, '')).sort()).toEqual(names.map((n) => `created service ${n} (namespace default)`).sort());
    expect(listed(dir, 'deploy/appsvc.yaml')).toEqual(names.sort());
    expect(fs.readlinkSync(path.join(dir, 'link.yaml'))).toBe(path.join('deploy', 'appsvc.yaml'));
    expect(fs.readdirSync(dir).sort()).toEqual(['deploy', 'link.yaml']);
    expect(fs.readdirSync(path.join(dir, 'deploy'))).toEqual(['appsvc.yaml']);
  }, 180000);

  test('a link to a file that does not exist yet creates that file and keeps the link', () => {
    const dir = tempDir('appsvc-paths-');
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join('real', 'appsvc.yaml'), path.join(dir, 'appsvc.yaml'));
    const r = runCli(['service', 'upsert', 'api', '--port', '80'], { cwd: dir });
    expect(r).toMatchObject({ code: 0 });
    expect(fs.lstatSync(path.join(dir, 'appsvc.yaml')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'real', 'appsvc.yaml'), 'utf8')).toContain('- name: api');
  });

  test('a spec in a directory reached through a linked directory shares the lock of the real one', async () => {
    const dir = tempDir('appsvc-paths-');
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync('real', path.join(dir, 'alias'));
    const names = Array.from({ length: 6 }, (_, i) => `svc-${i}`);
    const results = await Promise.all(names.map((n, i) => runCliAsync(['service', 'upsert', n, '--port', `${8000 + i}`, '-f', i % 2 === 0 ? 'alias/appsvc.yaml' : 'real/appsvc.yaml'], { cwd: dir })));
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    expect(listed(dir, 'real/appsvc.yaml')).toEqual(names.sort());
  }, 180000);
});

const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

(canDropPrivileges ? describe : describe.skip)('a directory the user cannot write', () => {
  function asNobody(args: readonly string[], cwd: string): { code: number; stdout: string; stderr: string } {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  test.each([
    ['upsert', ['service', 'upsert', 'api', '--port', '80']],
    ['delete', ['service', 'delete', 'db', '-y']],
  ])('%s is one line naming the directory, exit 1, file unchanged', (_name, args) => {
    const dir = tempDir('appsvc-ro-');
    const sub = path.join(dir, 'ro');
    fs.mkdirSync(sub);
    const text = 'name: shop\nservices:\n  - name: db\n    headless: true\n';
    fs.writeFileSync(path.join(sub, 'appsvc.yaml'), text, { mode: 0o644 });
    fs.chmodSync(path.dirname(dir), 0o711);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(sub, 0o555);
    const r = asNobody(args, sub);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: appsvc.yaml: cannot write next to it (${fs.realpathSync(sub)} is not writable)\n` });
    expect(fs.readFileSync(path.join(sub, 'appsvc.yaml'), 'utf8')).toBe(text);
  });
});
