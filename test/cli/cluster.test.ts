import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { filenameArg } from '../../src/kubectl/args';
import { BIN, ensureBuilt, recordedCalls, runCli, tempDir, writeFakeKubectl } from '../spec/cli-harness';
import { SILENCE_SPEC } from '../support/silence-spec';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

const SPEC = `name: shop
namespace: production
services:
  - name: api
    ports: ["80:8080/TCP"]
    selector: {app: api}
  - name: cache
    ports: ["6379"]
    selector: {app: cache}
    clusters: [eu-1]
`;

interface Setup {
  readonly dir: string;
  readonly fake: string;
  readonly log: string;
  readonly env: NodeJS.ProcessEnv;
}

function setup(spec: string = SPEC): Setup {
  const dir = tempDir('appsvc-cluster-');
  fs.writeFileSync(path.join(dir, 'appsvc.yaml'), spec);
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const fake = writeFakeKubectl(bin);
  const log = path.join(dir, 'calls.log');
  return { dir, fake, log, env: { FAKE_KUBECTL_LOG: log, HOME: dir } };
}

const COMMON = 'dist/shop.k8s.yaml';
const EU1 = 'dist/eu-1/shop.k8s.yaml';

describe('appsvc diff', () => {
  test('synthesizes, then runs kubectl diff --server-side on the output, with kubectl\'s status', () => {
    const s = setup();
    const r = runCli(['diff', '--kubectl', s.fake], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_EXIT: '1', FAKE_KUBECTL_STDOUT: 'diff -u -N ...\n' } });
    expect(r).toEqual({ code: 1, stdout: 'diff -u -N ...\n', stderr: 'note: services for clusters eu-1 are left out; choose one with --cluster\n' });
    expect(recordedCalls(s.log)).toEqual([['diff', '--server-side', '--field-manager=appsvc', `--filename=${COMMON}`]]);
    expect(fs.existsSync(path.join(s.dir, EU1))).toBe(true);
  });

  test('the KUBECTL variable chooses the binary; --cluster adds the cluster\'s directory', () => {
    const s = setup();
    const r = runCli(['diff', '--cluster', 'eu-1', '--context', 'prod-eu'], { cwd: s.dir, env: { ...s.env, KUBECTL: s.fake } });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(recordedCalls(s.log)).toEqual([['diff', '--server-side', '--field-manager=appsvc', '--context=prod-eu', `--filename=${COMMON}`, `--filename=${EU1}`]]);
  });

  test('an invalid spec stops before kubectl runs (exit 3: no answer)', () => {
    const s = setup(SPEC.replace('"80:8080/TCP"', '"80:8080/tcp"'));
    const r = runCli(['diff', '--kubectl', s.fake], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'error: appsvc.yaml:5:13: service "api": spec.ports[0]: Invalid value: "80:8080/tcp": protocol "tcp" is not supported: supported values: "TCP", "UDP", "SCTP" (did you mean "TCP"?)\n',
    );
    expect(recordedCalls(s.log)).toEqual([]);
  });
});

describe('appsvc diff exit status: 0 no differences, 1 differences, 3 no answer', () => {
  /** A kubectl stand-in that records its arguments and then kills itself with `signal`. */
  function killedKubectl(s: Setup, signal: NodeJS.Signals): string {
    const file = path.join(s.dir, 'bin', `kubectl-${signal}`);
    fs.writeFileSync(file, `#!${process.execPath}\nrequire('fs').appendFileSync(process.env.FAKE_KUBECTL_LOG, JSON.stringify(process.argv.slice(2)) + '\\n');\nprocess.kill(process.pid, '${signal}');\nsetTimeout(() => undefined, 5000);\n`, { mode: 0o755 });
    return file;
  }

  test.each<[string, string, number]>([
    ['kubectl finds no differences', '0', 0],
    ['kubectl finds differences', '1', 1],
    ['kubectl fails (status 2)', '2', 3],
    ['kubectl fails (status 255)', '255', 3],
  ])('%s: appsvc diff exits %s -> %s', (_name, kubectlExit, expected) => {
    const s = setup();
    const r = runCli(['diff', '--kubectl', s.fake, '--cluster', 'eu-1'], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_EXIT: kubectlExit, FAKE_KUBECTL_STDERR: kubectlExit === '2' ? 'error: the server could not find the requested resource\n' : '' } });
    expect(r.code).toBe(expected);
    expect(r.stderr).toBe(kubectlExit === '2' ? 'error: the server could not find the requested resource\n' : '');
  });

  test.each<NodeJS.Signals>(['SIGKILL', 'SIGTERM', 'SIGSEGV'])('kubectl killed by %s: exit 3 and one line saying so', (signal) => {
    const s = setup();
    const r = runCli(['diff', '--kubectl', killedKubectl(s, signal), '--cluster', 'eu-1'], { cwd: s.dir, env: s.env });
    expect(r).toEqual({ code: 3, stdout: '', stderr: `error: kubectl was stopped by ${signal} before it finished\n` });
    expect(recordedCalls(s.log)).toHaveLength(1);
  });

  test('no cluster reachable, or no kubectl at all: exit 3', () => {
    const s = setup();
    const noise = 'error: unable to recognize "dist/shop.k8s.yaml": Get "http://localhost:8080/api?timeout=32s": dial tcp 127.0.0.1:8080: connect: connection refused\n';
    for (const exit of ['1', '2']) {
      const r = runCli(['diff', '--kubectl', s.fake, '--cluster', 'eu-1'], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_EXIT: exit, FAKE_KUBECTL_STDERR: noise } });
      expect({ exit, code: r.code }).toEqual({ exit, code: 3 });
    }
    const missing = runCli(['diff', '--kubectl', path.join(s.dir, 'nope'), '--cluster', 'eu-1'], { cwd: s.dir, env: s.env });
    expect(missing.code).toBe(3);
  });

  test('a usage error stays 2', () => {
    const s = setup();
    expect(runCli(['diff', '--kubectl', s.fake, '--cluster', 'us-9'], { cwd: s.dir, env: s.env }).code).toBe(2);
  });

  test('the documented CI idiom `appsvc diff || [ $? -eq 1 ]` passes on differences and fails when kubectl was killed', () => {
    const s = setup();
    const idiom = (kubectl: string, exit: string): number =>
      spawnSync('bash', ['-c', `"$NODE" "$BIN" diff --kubectl "$KC" --cluster eu-1 >/dev/null 2>&1 || [ $? -eq 1 ]`], {
        cwd: s.dir,
        env: { ...process.env, ...s.env, NODE: process.execPath, BIN, KC: kubectl, FAKE_KUBECTL_EXIT: exit },
      }).status ?? -1;
    expect(idiom(s.fake, '0')).toBe(0);
    expect(idiom(s.fake, '1')).toBe(0);
    expect(idiom(s.fake, '2')).toBe(1);
    expect(idiom(killedKubectl(s, 'SIGKILL'), '0')).toBe(1);
  });
});

describe('kubectl gets each output file as one path, whatever characters it holds', () => {
  test('apply --out "dist,out": kubectl is given the quoted path, never "dist" on its own', () => {
    const s = setup();
    fs.mkdirSync(path.join(s.dir, 'dist'));
    fs.writeFileSync(path.join(s.dir, 'dist', 'unvalidated.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: decoy}\n');
    const r = runCli(['apply', '--kubectl', s.fake, '--out', 'dist,out', '--cluster', 'eu-1'], { cwd: s.dir, env: s.env });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(recordedCalls(s.log)).toEqual([
      ['apply', '--server-side', '--field-manager=appsvc', '--filename="dist,out/shop.k8s.yaml"', '--filename="dist,out/eu-1/shop.k8s.yaml"'],
    ]);
  });

  test.each<[string, string]>([
    ['dist/a.yaml', '--filename=dist/a.yaml'],
    ['dist,out/a.yaml', '--filename="dist,out/a.yaml"'],
    ['say "hi"/a.yaml', '--filename="say ""hi""/a.yaml"'],
    ['line\nbreak/a.yaml', '--filename="line\nbreak/a.yaml"'],
    [' lead/a.yaml', '--filename= lead/a.yaml'],
  ])('filenameArg(%j) is %j', (file, arg) => {
    expect(filenameArg(file)).toBe(arg);
  });

  const realKubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
  (realKubectl !== undefined ? test : test.skip)('the real kubectl reads each quoted path as that one file (kubectl annotate --local)', () => {
    const dir = tempDir('appsvc-filename-');
    const service = (name: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {ports: [{port: 80}]}\n`;
    const paths = ['dist,out/a.yaml', 'say "hi",x/a.yaml', 'plain/a.yaml'];
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'decoy.yaml'), service('decoy'));
    paths.forEach((p, i) => {
      fs.mkdirSync(path.join(dir, path.dirname(p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), service(`svc-${i}`));
    });
    const r = spawnSync(realKubectl ?? 'kubectl', ['annotate', '--local', '-o', 'name', ...paths.map(filenameArg), 'k=v'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HOME: dir, KUBECONFIG: path.join(dir, 'none') },
    });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: 'service/svc-0\nservice/svc-1\nservice/svc-2\n', stderr: '' });
  });
});

describe('appsvc apply', () => {
  test('runs kubectl apply --server-side --field-manager=appsvc; --context selects the matching cluster', () => {
    const s = setup();
    const r = runCli(['apply', '--kubectl', s.fake, '--context', 'eu-1', '--dry-run=server'], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_STDOUT: 'service/api serverside-applied (server dry run)\n' } });
    expect(r).toEqual({ code: 0, stdout: 'service/api serverside-applied (server dry run)\n', stderr: '' });
    expect(recordedCalls(s.log)).toEqual([['apply', '--server-side', '--field-manager=appsvc', '--dry-run=server', '--context=eu-1', `--filename=${COMMON}`, `--filename=${EU1}`]]);
  });

  test('every applied object carries the managed-by and spec labels', () => {
    const s = setup();
    expect(runCli(['apply', '--kubectl', s.fake, '--cluster', 'eu-1'], { cwd: s.dir, env: s.env }).code).toBe(0);
    for (const f of [COMMON, EU1]) {
      const text = fs.readFileSync(path.join(s.dir, f), 'utf8');
      const docs = text.split('---\n');
      for (const doc of docs) expect(doc).toContain('  labels:\n    app.kubernetes.io/managed-by: appsvc\n    appsvc.dev/spec: shop\n');
    }
  });

  test("kubectl's error and exit status reach the user unchanged", () => {
    const s = setup();
    const r = runCli(['apply', '--kubectl', s.fake, '--context', 'nope'], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_EXIT: '1', FAKE_KUBECTL_STDERR: 'error: context "nope" does not exist\n' } });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'note: services for clusters eu-1 are left out; choose one with --cluster\nerror: context "nope" does not exist\n' });
  });

  test('an unreachable cluster is reported in one line', () => {
    const s = setup();
    const noise = 'E1122 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api\\": dial tcp 127.0.0.1:8080: connect: connection refused"\n'.repeat(5);
    const r = runCli(['apply', '--kubectl', s.fake, '--cluster', 'eu-1'], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_EXIT: '1', FAKE_KUBECTL_STDERR: noise } });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: no Kubernetes cluster reachable through the current kubectl context: dial tcp 127.0.0.1:8080: connect: connection refused (check --context and KUBECONFIG)\n',
    });
  });

  test('--prune deletes exactly the labelled Services the spec no longer holds', () => {
    const s = setup();
    const live = {
      items: [
        { metadata: { name: 'api', namespace: 'production' } },
        { metadata: { name: 'cache', namespace: 'production' } },
        { metadata: { name: 'removed', namespace: 'production' } },
        { metadata: { name: 'gone', namespace: 'old-team' } },
      ],
    };
    const r = runCli(['apply', '--kubectl', s.fake, '--cluster', 'eu-1', '--prune'], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_LIST: JSON.stringify(live) } });
    expect(r.code).toBe(0);
    expect(recordedCalls(s.log)).toEqual([
      ['apply', '--server-side', '--field-manager=appsvc', `--filename=${COMMON}`, `--filename=${EU1}`],
      ['get', 'services', '--all-namespaces', '--selector=app.kubernetes.io/managed-by=appsvc,appsvc.dev/spec=shop', '--output=json'],
      ['delete', 'services', '--namespace=old-team', 'gone'],
      ['delete', 'services', '--namespace=production', 'removed'],
    ]);
  });

  test('--prune with a dry run deletes with --dry-run=server too', () => {
    const s = setup();
    const live = { items: [{ metadata: { name: 'removed', namespace: 'production' } }] };
    const r = runCli(['apply', '--kubectl', s.fake, '--cluster', 'eu-1', '--prune', '--dry-run=server', '--context', 'c1'], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_LIST: JSON.stringify(live) } });
    expect(r.code).toBe(0);
    expect(recordedCalls(s.log).slice(1)).toEqual([
      ['get', 'services', '--all-namespaces', '--selector=app.kubernetes.io/managed-by=appsvc,appsvc.dev/spec=shop', '--output=json', '--context=c1'],
      ['delete', 'services', '--namespace=production', '--dry-run=server', '--context=c1', 'removed'],
    ]);
  });

  test('--prune refuses (exit 2) without a spec name, or without --cluster when the spec has clusters', () => {
    const unnamed = setup(SPEC.replace('name: shop\n', ''));
    const a = runCli(['apply', '--kubectl', unnamed.fake, '--prune'], { cwd: unnamed.dir, env: unnamed.env });
    expect(a).toEqual({
      code: 2,
      stdout: '',
      stderr: 'note: services for clusters eu-1 are left out; choose one with --cluster\nerror: --prune needs a spec name: add "name: <unique name>" to appsvc.yaml, so only this spec\'s Services are ever pruned\n',
    });
    const s = setup();
    const b = runCli(['apply', '--kubectl', s.fake, '--prune'], { cwd: s.dir, env: s.env });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('error: --prune needs --cluster: appsvc.yaml has services for clusters eu-1, and pruning without them would delete their Services\n');
    expect(recordedCalls(unnamed.log)).toEqual([]);
    expect(recordedCalls(s.log)).toEqual([]);
  });

  test('an unknown --cluster is a usage error', () => {
    const s = setup();
    const r = runCli(['apply', '--kubectl', s.fake, '--cluster', 'us-9'], { cwd: s.dir, env: s.env });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: --cluster "us-9": no service in appsvc.yaml lists that cluster (clusters: eu-1)\n' });
  });

  test('a missing kubectl binary is one line, exit 1', () => {
    const s = setup();
    const r = runCli(['apply', '--kubectl', path.join(s.dir, 'nope'), '--cluster', 'eu-1'], { cwd: s.dir, env: s.env });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot run kubectl ${JSON.stringify(path.join(s.dir, 'nope'))}: not found (install kubectl, or choose the binary with --kubectl PATH or the KUBECTL variable)\n`,
    });
  });

  const realKubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
  (realKubectl !== undefined ? test : test.skip)('with the real kubectl and no cluster, the error says so in one line', () => {
    const s = setup();
    const r = runCli(['apply', '--kubectl', realKubectl ?? 'kubectl', '--cluster', 'eu-1'], { cwd: s.dir, env: { HOME: s.dir, KUBECONFIG: path.join(s.dir, 'no-kubeconfig') } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: no Kubernetes cluster reachable through the current kubectl context: dial tcp [^\n]+: connect: connection refused \(check --context and KUBECONFIG\)\n$/);
  });
});

describe('appsvc diff and apply: the warnings appsvc synth shows, silenced as synth silences them', () => {
  const API_WARNING =
    'appsvc.yaml:6:18: warning k8s/deprecated-topology-hints: service "api": metadata.annotations[service.kubernetes.io/topology-aware-hints]: annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead';
  const LEFT_OUT = 'note: services for clusters eu-1, us-1 are left out; choose one with --cluster';
  const lines = (...l: string[]): string => `${l.join('\n')}\n`;

  test.each(['diff', 'apply'])('%s shows the warnings and the silenced count on stderr, before what kubectl says', (command) => {
    const s = setup(SILENCE_SPEC);
    const r = runCli([command, '--kubectl', s.fake], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_STDOUT: 'from kubectl\n', FAKE_KUBECTL_STDERR: 'kubectl says\n' } });
    expect(r).toEqual({ code: 0, stdout: 'from kubectl\n', stderr: lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1', LEFT_OUT, 'kubectl says') });
    expect(recordedCalls(s.log).map((c) => c[0])).toEqual([command]);
  });

  test.each(['diff', 'apply'])('%s takes --disable and --enable, and .appsvc.yaml from the directory above; a flag wins over the file', (command) => {
    const s = setup(SILENCE_SPEC);
    const disabled = lines('2 warnings silenced: k8s/deprecated-topology-hints 2', LEFT_OUT);
    expect(runCli([command, '--kubectl', s.fake, '--disable', 'k8s/deprecated-topology-hints'], { cwd: s.dir, env: s.env })).toEqual({ code: 0, stdout: '', stderr: disabled });
    const inner = path.join(s.dir, 'inner');
    fs.mkdirSync(inner);
    fs.copyFileSync(path.join(s.dir, 'appsvc.yaml'), path.join(inner, 'appsvc.yaml'));
    fs.writeFileSync(path.join(s.dir, '.appsvc.yaml'), 'disable:\n  - k8s/deprecated-topology-hints\n');
    expect(runCli([command, '--kubectl', s.fake], { cwd: inner, env: s.env })).toEqual({ code: 0, stdout: '', stderr: disabled });
    expect(runCli([command, '--kubectl', s.fake, '--enable', 'k8s/deprecated-topology-hints'], { cwd: inner, env: s.env })).toEqual({
      code: 0,
      stdout: '',
      stderr: lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1', LEFT_OUT),
    });
  });

  test.each(['diff', 'apply'])('%s: an unknown rule is a usage error (exit 2), and kubectl does not run', (command) => {
    const s = setup(SILENCE_SPEC);
    expect(runCli([command, '--kubectl', s.fake, '--disable', 'k8s/nope'], { cwd: s.dir, env: s.env })).toEqual({ code: 2, stdout: '', stderr: 'error: unknown rule "k8s/nope" (rule ids: docs/rules.md)\n' });
    expect(recordedCalls(s.log)).toEqual([]);
  });

  test('an invalid spec still stops diff before kubectl runs (exit 3), with the silenced count shown', () => {
    const s = setup(SILENCE_SPEC.replace('ports: ["80:8080"]\n    selector: {app: api}', 'ports: ["80:8080/tcp"]\n    selector: {app: api}'));
    const r = runCli(['diff', '--kubectl', s.fake], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      lines(
        '1 warning silenced: k8s/deprecated-topology-hints 1',
        'error: appsvc.yaml:4:13: service "api": spec.ports[0]: Invalid value: "80:8080/tcp": protocol "tcp" is not supported: supported values: "TCP", "UDP", "SCTP" (did you mean "TCP"?)',
      ),
    );
    expect(recordedCalls(s.log)).toEqual([]);
  });
});

describe('appsvc diff and apply --strict', () => {
  const API_WARNING =
    'appsvc.yaml:6:18: warning k8s/deprecated-topology-hints: service "api": metadata.annotations[service.kubernetes.io/topology-aware-hints]: annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead';
  const lines = (...l: string[]): string => `${l.join('\n')}\n`;

  test.each<[string, number]>([
    ['diff', 3],
    ['apply', 1],
  ])('%s --strict with a warning left: kubectl is not run, nothing is written (exit %d)', (command, code) => {
    const s = setup(SILENCE_SPEC);
    expect(runCli([command, '--kubectl', s.fake, '--strict'], { cwd: s.dir, env: s.env })).toEqual({
      code,
      stdout: '',
      stderr: lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1', 'error: 1 warning and --strict: kubectl was not run'),
    });
    expect(recordedCalls(s.log)).toEqual([]);
    expect(fs.existsSync(path.join(s.dir, 'dist'))).toBe(false);
  });

  test.each(['diff', 'apply'])('%s --strict with every warning silenced runs kubectl', (command) => {
    const s = setup(SILENCE_SPEC);
    const r = runCli([command, '--kubectl', s.fake, '--strict', '--disable', 'k8s/deprecated-topology-hints'], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(0);
    expect(recordedCalls(s.log).map((c) => c[0])).toEqual([command]);
  });
});
