import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BIN, ensureBuilt, recordedCalls, ROOT, runCli, runCliAsync, tempDir, writeFakeKubectl } from '../spec/cli-harness';

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

describe('prune identity', () => {
  function labelOf(dir: string, spec: string): string {
    const r = runCli(['service', 'get', 'api', '-f', spec, '-o', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { metadata: { labels: Record<string, string> } }).metadata.labels['appsvc.dev/spec'] ?? '';
  }

  test('two specs named alike in different directories get different ids, labels and prune selectors', () => {
    const dir = tempDir('appsvc-teams-');
    const specs = ['teamA/deploy/appsvc.yaml', 'teamB/deploy/appsvc.yaml'];
    for (const spec of specs) {
      fs.mkdirSync(path.join(dir, path.dirname(spec)), { recursive: true });
      expect(runCli(['service', 'upsert', 'api', '--port', '80', '--selector', 'app=api', '-f', spec], { cwd: dir }).code).toBe(0);
    }
    const ids = specs.map((spec) => /^id: (.*)$/m.exec(fs.readFileSync(path.join(dir, spec), 'utf8'))?.[1]);
    expect(ids).toEqual([expect.stringMatching(/^appsvc-[0-9a-f]{8}$/), expect.stringMatching(/^appsvc-[0-9a-f]{8}$/)]);
    expect(ids[0]).not.toBe(ids[1]);
    // The name stays the documented default, the file's stem: both write dist/appsvc.k8s.yaml.
    expect(specs.map((spec) => fs.readFileSync(path.join(dir, spec), 'utf8'))).not.toContainEqual(expect.stringMatching(/^name:/m));
    expect(specs.map((spec) => labelOf(dir, spec))).toEqual(ids);

    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const fake = writeFakeKubectl(bin);
    const selectors = specs.map((spec, i) => {
      const log = path.join(dir, `calls-${i}.log`);
      const r = runCli(['apply', '--kubectl', fake, '--prune', '-f', spec, '--out', `out-${i}`], { cwd: dir, env: { FAKE_KUBECTL_LOG: log, HOME: dir } });
      expect(r.code).toBe(0);
      const get = recordedCalls(log).find((call) => call[0] === 'get');
      return get?.find((a) => a.startsWith('--selector=') || a.startsWith('-l'));
    });
    expect(selectors).toEqual(ids.map((id) => `--selector=app.kubernetes.io/managed-by=appsvc,appsvc.dev/spec=${id ?? ''}`));
  });

  test('a later upsert keeps the id', () => {
    const dir = tempDir('appsvc-teams-');
    runCli(['service', 'upsert', 'api', '--port', '80'], { cwd: dir });
    const before = /^id: .*$/m.exec(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8'))?.[0];
    runCli(['service', 'upsert', 'web', '--port', '80'], { cwd: dir });
    runCli(['service', 'delete', 'api', '-y'], { cwd: dir });
    expect(/^id: .*$/m.exec(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8'))?.[0]).toBe(before);
  });
});

describe('the $schema line', () => {
  test('points at the schema of the appsvc installed above the spec, from any depth', () => {
    const dir = tempDir('appsvc-schema-');
    const schema = path.join(dir, 'node_modules', 'appsvc', 'schema');
    fs.mkdirSync(schema, { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'schema', 'appsvc.schema.json'), path.join(schema, 'appsvc.schema.json'));
    fs.mkdirSync(path.join(dir, 'teamA', 'deploy'), { recursive: true });
    for (const spec of ['appsvc.yaml', 'teamA/deploy/appsvc.yaml']) {
      expect(runCli(['service', 'upsert', 'api', '--port', '80', '-f', spec], { cwd: dir }).code).toBe(0);
      const line = /^# yaml-language-server: \$schema=(.*)$/m.exec(fs.readFileSync(path.join(dir, spec), 'utf8'))?.[1] ?? '';
      expect(fs.existsSync(path.resolve(dir, path.dirname(spec), line))).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, 'teamA/deploy/appsvc.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/appsvc\/schema\/appsvc\.schema\.json\n/);
  });

  test('is left out where no schema can be found', () => {
    const dir = tempDir('appsvc-schema-');
    expect(runCli(['service', 'upsert', 'api', '--port', '80'], { cwd: dir }).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).not.toContain('$schema');
  });
});

describe('strings from flags', () => {
  test.each([
    ['an annotation value of a space and a line break', ['--annotation', 'k= \n'], 'k', ' \n'],
    ['DEL in an annotation', ['--annotation', 'note=a\x7fb'], 'note', 'a\x7fb'],
    ['C1 controls, U+2028 and U+FFFE in an annotation', ['--annotation', 'note=\u0085\u009f\u2028\ufffe'], 'note', '\u0085\u009f\u2028\ufffe'],
  ])('%s is written escaped; list, get, upsert and delete still read the file', (_name, flags, key, value) => {
    const dir = tempDir('appsvc-strings-');
    const up = runCli(['service', 'upsert', 'api', '--port', '80', ...flags], { cwd: dir });
    expect(up).toEqual({ code: 0, stdout: '', stderr: 'created service api (namespace default) in appsvc.yaml\n' });
    const get = runCli(['service', 'get', 'api', '-o', 'json'], { cwd: dir });
    expect(get.stderr).toBe('');
    expect((JSON.parse(get.stdout) as { metadata: { annotations: Record<string, string> } }).metadata.annotations[key]).toBe(value);
    expect(runCli(['service', 'list', '-o', 'name'], { cwd: dir })).toEqual({ code: 0, stdout: 'service/api\n', stderr: '' });
    expect(runCli(['service', 'upsert', 'web', '--port', '80'], { cwd: dir }).code).toBe(0);
    expect(runCli(['service', 'delete', 'api', '-y'], { cwd: dir }).code).toBe(0);
  });

  test('DEL in --load-balancer-ip is written escaped and read back', () => {
    const dir = tempDir('appsvc-strings-');
    const up = runCli(['service', 'upsert', 'api', '--port', '80', '--type', 'LoadBalancer', '--load-balancer-ip', '192.0.2.1\x7f'], { cwd: dir });
    if (up.code === 0) {
      expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toContain('loadBalancerIP: "192.0.2.1\\x7F"\n');
      expect(runCli(['service', 'list', '-o', 'name'], { cwd: dir })).toEqual({ code: 0, stdout: 'service/api\n', stderr: '' });
    } else {
      // Refused as the API server would refuse it: one line, nothing written.
      expect(up.stderr.trim().split('\n')).toHaveLength(1);
      expect(fs.existsSync(path.join(dir, 'appsvc.yaml'))).toBe(false);
    }
  });
});

describe('one error per mistake', () => {
  test('--port 99999 is one error, at the port (the target port it implies is not a second one)', () => {
    const dir = tempDir('appsvc-port-');
    expect(runCli(['service', 'upsert', 'api', '--port', '99999'], { cwd: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: appsvc.yaml: service "api": spec.ports[0].port: Invalid value: 99999: must be between 1 and 65535, inclusive\n',
    });
    // Two bad numbers are two mistakes.
    expect(runCli(['service', 'upsert', 'api', '--port', '99999:70000'], { cwd: dir }).stderr.trim().split('\n')).toHaveLength(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('--node-port PORT:NODEPORT', () => {
  test('gives the port its node port, in the long form; other ports stay as written', () => {
    const dir = tempDir('appsvc-nodeport-');
    const r = runCli(['service', 'upsert', 'web', '--type', 'NodePort', '--port', '80:8080', '--port', '443:8443/TCP', '--node-port', '80:30080'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'created service web (namespace default) in appsvc.yaml\n' });
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toContain('    type: NodePort\n    ports:\n      - port: 80\n        targetPort: 8080\n        nodePort: 30080\n      - "443:8443/TCP"\n');
    const get = JSON.parse(runCli(['service', 'get', 'web', '-o', 'json'], { cwd: dir }).stdout) as { spec: { ports: Array<{ port: number; nodePort?: number }> } };
    expect(get.spec.ports.map((p) => [p.port, p.nodePort])).toEqual([[80, 30080], [443, undefined]]);
    // Later, on the ports already in the file.
    expect(runCli(['service', 'upsert', 'web', '--node-port', '443:30443'], { cwd: dir }).code).toBe(0);
    const again = JSON.parse(runCli(['service', 'get', 'web', '-o', 'json'], { cwd: dir }).stdout) as { spec: { ports: Array<{ port: number; nodePort?: number }> } };
    expect(again.spec.ports.map((p) => [p.port, p.nodePort])).toEqual([[80, 30080], [443, 30443]]);
  });

  test('a port the service does not have, or a malformed value, is one line and nothing is written', () => {
    const dir = tempDir('appsvc-nodeport-');
    expect(runCli(['service', 'upsert', 'web', '--type', 'NodePort', '--port', '80', '--node-port', '81:30080'], { cwd: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: appsvc.yaml: service "web" has no port 81 to give node port 30080 (its ports: 80; add one with --port)\n',
    });
    const bad = runCli(['service', 'upsert', 'web', '--port', '80', '--node-port', '30080'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected PORT:NODEPORT (e.g. 80:30080), got "30080"');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
