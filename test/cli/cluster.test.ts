import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, recordedCalls, runCli, tempDir, writeFakeKubectl } from '../spec/cli-harness';

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

  test('an invalid spec stops before kubectl runs', () => {
    const s = setup(SPEC.replace('"80:8080/TCP"', '"80:8080/tcp"'));
    const r = runCli(['diff', '--kubectl', s.fake], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: appsvc.yaml:5:13: service "api": spec.ports[0]: Invalid value: "80:8080/tcp": protocol "tcp" is not supported: supported values: "TCP", "UDP", "SCTP" (did you mean "TCP"?)\n',
    );
    expect(recordedCalls(s.log)).toEqual([]);
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
