import * as fs from 'fs';
import * as path from 'path';
import { applyArgs, deleteServicesArgs, diffArgs, listServicesArgs, parseServiceList, pruneSet } from '../../src/kubectl/args';
import { KubectlNotFoundError, resolveKubectl, runKubectl, unreachableMessage } from '../../src/kubectl/runner';
import { recordedCalls, tempDir, writeFakeKubectl } from '../spec/cli-harness';

describe('runKubectl', () => {
  const dir = tempDir('appsvc-runner-');
  const fake = writeFakeKubectl(dir);
  const log = path.join(dir, 'calls.log');
  const env = { ...process.env, FAKE_KUBECTL_LOG: log, HOME: dir };

  beforeEach(() => {
    if (fs.existsSync(log)) fs.unlinkSync(log);
  });

  test('passes shell metacharacters as literal arguments and never runs them', async () => {
    const hostile = ['a;rm -rf ~', '$(id)', '`touch pwned-backtick`', 'x && touch pwned-and', "'; touch pwned-quote; '", '--context=$(touch pwned-flag)', '*', '~'];
    const r = await runKubectl(fake, hostile, { env, captureStdout: true });
    expect(r.code).toBe(0);
    expect(recordedCalls(log)).toEqual([hostile]);
    expect(fs.readdirSync(dir).sort()).toEqual(['calls.log', 'fake-kubectl']);
    expect(fs.readdirSync(process.cwd()).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });

  test('a binary name with shell syntax is a file name, not a command', async () => {
    await expect(runKubectl(`${fake}; touch ${path.join(dir, 'pwned')}`, ['version'], { env })).rejects.toBeInstanceOf(KubectlNotFoundError);
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  test('returns exit status, stdout and stderr unchanged', async () => {
    const r = await runKubectl(fake, ['diff'], { env: { ...env, FAKE_KUBECTL_EXIT: '3', FAKE_KUBECTL_STDOUT: 'out\n', FAKE_KUBECTL_STDERR: 'error: boom\nsecond line\n' }, captureStdout: true });
    expect(r).toEqual({ code: 3, signal: null, stdout: 'out\n', stderr: 'error: boom\nsecond line\n' });
  });

  test('a missing binary is a KubectlNotFoundError naming it', async () => {
    const missing = path.join(dir, 'no-such-kubectl');
    await expect(runKubectl(missing, ['version'], { env })).rejects.toThrow(
      `cannot run kubectl ${JSON.stringify(missing)}: not found (install kubectl, or choose the binary with --kubectl PATH or the KUBECTL variable)`,
    );
  });
});

describe('resolveKubectl', () => {
  test.each([
    ['/opt/k', { KUBECTL: '/env/k' }, '/opt/k'],
    [undefined, { KUBECTL: '/env/k' }, '/env/k'],
    [undefined, { KUBECTL: '' }, 'kubectl'],
    [undefined, {}, 'kubectl'],
  ])('flag %s, env %j → %s', (flag, env, want) => {
    expect(resolveKubectl(flag, env)).toBe(want);
  });
});

describe('unreachableMessage', () => {
  test.each([
    [
      'E1122 02:28:45.694052 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080: connect: connection refused"\nerror: unable to recognize "dist/a.yaml": Get "http://localhost:8080/api?timeout=32s": dial tcp 127.0.0.1:8080: connect: connection refused\n',
      undefined,
      'no Kubernetes cluster reachable through the current kubectl context: dial tcp 127.0.0.1:8080: connect: connection refused (check --context and KUBECONFIG)',
    ],
    [
      'Unable to connect to the server: dial tcp: lookup api.example.com on 10.0.0.2:53: no such host\n',
      'prod',
      'no Kubernetes cluster reachable through context "prod": dial tcp: lookup api.example.com on 10.0.0.2:53: no such host (check --context and KUBECONFIG)',
    ],
    [
      'The connection to the server 10.1.2.3:6443 was refused - did you specify the right host or port?\n',
      undefined,
      'no Kubernetes cluster reachable through the current kubectl context: 10.1.2.3:6443: connection refused (check --context and KUBECONFIG)',
    ],
  ])('%#: one line', (stderr, context, want) => {
    expect(unreachableMessage(stderr, context)).toBe(want);
  });

  test.each([
    ['error: context "nope" does not exist\n'],
    ['The Service "api" is invalid: spec.ports[0].port: Invalid value: 0\n'],
    [
      'Error from server (InternalError): error when applying patch: Internal error occurred: failed calling webhook "validate.example.com": failed to call webhook: Post "https://hook.example.svc:443/validate?timeout=10s": dial tcp 10.96.12.3:443: connect: connection refused\n',
    ],
    [''],
  ])('%j is not about reachability', (stderr) => {
    expect(unreachableMessage(stderr)).toBeUndefined();
  });
});

describe('kubectl argument lists', () => {
  test('diff', () => {
    expect(diffArgs(['dist/shop.k8s.yaml', 'dist/eu-1/shop.k8s.yaml'], { context: 'prod' })).toEqual([
      'diff',
      '--server-side',
      '--field-manager=appsvc',
      '--context=prod',
      '--filename=dist/shop.k8s.yaml',
      '--filename=dist/eu-1/shop.k8s.yaml',
    ]);
  });

  test('apply', () => {
    expect(applyArgs(['dist/shop.k8s.yaml'])).toEqual(['apply', '--server-side', '--field-manager=appsvc', '--filename=dist/shop.k8s.yaml']);
    expect(applyArgs(['d/x.yaml'], { dryRunServer: true, context: '-weird' })).toEqual(['apply', '--server-side', '--field-manager=appsvc', '--dry-run=server', '--context=-weird', '--filename=d/x.yaml']);
    // kubectl refuses --dry-run=client with --server-side: a client dry run applies client-side.
    expect(applyArgs(['d/x.yaml'], { dryRunClient: true })).toEqual(['apply', '--field-manager=appsvc', '--dry-run=client', '--filename=d/x.yaml']);
  });

  test('list and delete for pruning', () => {
    expect(listServicesArgs('app.kubernetes.io/managed-by=appsvc,appsvc.dev/spec=shop')).toEqual([
      'get',
      'services',
      '--all-namespaces',
      '--selector=app.kubernetes.io/managed-by=appsvc,appsvc.dev/spec=shop',
      '--output=json',
    ]);
    expect(deleteServicesArgs('production', ['old', 'older'], { dryRunServer: true, context: 'c' })).toEqual([
      'delete',
      'services',
      '--namespace=production',
      '--dry-run=server',
      '--context=c',
      'old',
      'older',
    ]);
  });

  test('pruneSet keeps what the spec holds and groups the rest by namespace', () => {
    const live = parseServiceList(
      JSON.stringify({
        items: [
          { metadata: { name: 'api', namespace: 'production' } },
          { metadata: { name: 'old', namespace: 'production' } },
          { metadata: { name: 'gone', namespace: 'staging' } },
          { metadata: { name: 'api', namespace: 'staging' } },
          { kind: 'broken' },
        ],
      }),
    );
    expect(live).toEqual([
      { namespace: 'production', name: 'api' },
      { namespace: 'production', name: 'old' },
      { namespace: 'staging', name: 'gone' },
      { namespace: 'staging', name: 'api' },
    ]);
    expect([...pruneSet(live, [{ namespace: 'production', name: 'api' }])]).toEqual([
      ['production', ['old']],
      ['staging', ['api', 'gone']],
    ]);
    expect([...pruneSet(live, live)]).toEqual([]);
  });
});
