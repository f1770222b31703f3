/**
 * kubectl's conventions in the CLI: -o is a format, -d/--out a directory, synth --stdout,
 * apply --dry-run=client|server, did-you-mean for commands and flags.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, recordedCalls, runCli, tempDir, writeFakeKubectl } from '../spec/cli-harness';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

const SPEC = `name: shop
services:
  - name: api
    ports: ["80:8080"]
    selector: {app: api}
  - name: cache
    ports: ["6379"]
    selector: {app: cache}
    clusters: [eu-1]
`;

const API = `apiVersion: v1
kind: Service
metadata:
  labels:
    app.kubernetes.io/managed-by: appsvc
    appsvc.dev/spec: shop
  name: api
  namespace: default
spec:
  ports:
    - port: 80
      targetPort: 8080
  selector:
    app: api
  type: ClusterIP
`;

const CACHE = `apiVersion: v1
kind: Service
metadata:
  labels:
    app.kubernetes.io/managed-by: appsvc
    appsvc.dev/spec: shop
  name: cache
  namespace: default
spec:
  ports:
    - port: 6379
  selector:
    app: cache
  type: ClusterIP
`;

function workdir(spec: string = SPEC): string {
  const dir = tempDir('appsvc-conventions-');
  fs.writeFileSync(path.join(dir, 'appsvc.yaml'), spec);
  return dir;
}

describe('synth: -d/--out is the directory, -o a format, --stdout writes nothing', () => {
  test('-d names the directory', () => {
    const dir = workdir();
    expect(runCli(['synth', '-d', 'out'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: 'wrote out (2 services, 2 files, clusters: eu-1)\n' });
    expect(fs.readFileSync(path.join(dir, 'out', 'shop.k8s.yaml'), 'utf8')).toBe(API);
  });

  test('--stdout and -o yaml print the YAML stream, each file after its # Source line, and write nothing', () => {
    const dir = workdir();
    const want = `# Source: shop.k8s.yaml\n${API}---\n# Source: eu-1/shop.k8s.yaml\n${CACHE}`;
    expect(runCli(['synth', '--stdout'], { cwd: dir })).toEqual({ code: 0, stdout: want, stderr: '' });
    expect(runCli(['synth', '-o', 'yaml'], { cwd: dir })).toEqual({ code: 0, stdout: want, stderr: '' });
    expect(fs.readdirSync(dir)).toEqual(['appsvc.yaml']);
  });

  test('one output file prints as it is', () => {
    const dir = workdir(SPEC.slice(0, SPEC.indexOf('  - name: cache')));
    expect(runCli(['synth', '--stdout'], { cwd: dir })).toEqual({ code: 0, stdout: API, stderr: '' });
  });

  test('-o json prints a v1 List of every object', () => {
    const dir = workdir();
    const r = runCli(['synth', '-o', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { apiVersion: string; kind: string; items: { metadata: { name: string } }[] };
    expect([list.apiVersion, list.kind, list.items.map((i) => i.metadata.name)]).toEqual(['v1', 'List', ['api', 'cache']]);
    expect(fs.readdirSync(dir)).toEqual(['appsvc.yaml']);
  });

  test('an invalid spec with --stdout: the errors, nothing on stdout, exit 1', () => {
    const dir = workdir(SPEC.replace('"80:8080"', '"0"'));
    const r = runCli(['synth', '--stdout'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('error: appsvc.yaml:4:13: service "api": spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
  });

  test('the old -o DIR still writes DIR, with a deprecation note', () => {
    const dir = workdir();
    expect(runCli(['synth', '-o', 'manifests'], { cwd: dir })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'warning: -o manifests: naming the output directory with -o is deprecated; use -d manifests (or --out manifests); -o takes a format: yaml, json\nwrote manifests (2 services, 2 files, clusters: eu-1)\n',
    });
    expect(fs.readFileSync(path.join(dir, 'manifests', 'shop.k8s.yaml'), 'utf8')).toBe(API);
  });

  test.each([
    [['synth', '-o', 'out', '-d', 'x'], 'error: -o out: -o is an output format (yaml, json); the output directory is -d/--out'],
    [['synth', '--stdout', '-d', 'x'], 'error: --stdout prints the manifests to stdout and writes nothing to disk; drop -d/--out'],
    [['synth', '-o', 'json', '--out', 'x'], 'error: -o json prints the manifests to stdout and writes nothing to disk; drop -d/--out'],
    [['synth', '--stdout', '-o', 'xml'], 'error: --stdout prints yaml or json; "-o xml" is not one of them'],
  ])('contradictions are usage errors: %j', (args, message) => {
    const dir = workdir();
    expect(runCli(args, { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
    expect(fs.readdirSync(dir)).toEqual(['appsvc.yaml']);
  });
});

describe('diff and apply: -d/--out, the old -o DIR, --dry-run=client|server', () => {
  function setup(): { dir: string; fake: string; log: string; env: NodeJS.ProcessEnv } {
    const dir = workdir();
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const log = path.join(dir, 'calls.log');
    return { dir, fake: writeFakeKubectl(bin), log, env: { FAKE_KUBECTL_LOG: log, HOME: dir } };
  }

  test('diff -d DIR synthesizes into DIR', () => {
    const s = setup();
    const r = runCli(['diff', '-d', 'out', '--kubectl', s.fake], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(0);
    expect(recordedCalls(s.log)).toEqual([['diff', '--server-side', '--field-manager=appsvc', '--filename=out/shop.k8s.yaml']]);
  });

  test('apply -o DIR: the directory, with the deprecation note', () => {
    const s = setup();
    const r = runCli(['apply', '-o', 'out', '--kubectl', s.fake], { cwd: s.dir, env: s.env });
    expect(r).toEqual({
      code: 0,
      stdout: '',
      stderr: 'warning: -o out: naming the output directory with -o is deprecated; use -d out (or --out out)\nnote: services for clusters eu-1 are left out; choose one with --cluster\n',
    });
    expect(recordedCalls(s.log)).toEqual([['apply', '--server-side', '--field-manager=appsvc', '--filename=out/shop.k8s.yaml']]);
  });

  test("apply --dry-run=client is kubectl's own dry run (client-side apply), prune deletes with it too", () => {
    const s = setup();
    const live = { items: [{ metadata: { name: 'removed', namespace: 'default' } }] };
    const r = runCli(['apply', '--dry-run=client', '--prune', '--cluster', 'eu-1', '--kubectl', s.fake], { cwd: s.dir, env: { ...s.env, FAKE_KUBECTL_LIST: JSON.stringify(live) } });
    expect(r.code).toBe(0);
    expect(recordedCalls(s.log)).toEqual([
      ['apply', '--field-manager=appsvc', '--dry-run=client', '--filename=dist/shop.k8s.yaml', '--filename=dist/eu-1/shop.k8s.yaml'],
      ['get', 'services', '--all-namespaces', '--selector=app.kubernetes.io/managed-by=appsvc,appsvc.dev/spec=shop', '--output=json'],
      ['delete', 'services', '--namespace=default', '--dry-run=client', 'removed'],
    ]);
  });

  test('apply --dry-run=none is refused with the allowed modes', () => {
    const s = setup();
    const r = runCli(['apply', '--dry-run=none', '--kubectl', s.fake], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: option '--dry-run <mode>' argument 'none' is invalid. Allowed choices are client, server.");
  });
});

describe('service list and get: kubectl output formats', () => {
  test('list -o name, -o yaml, -o wide', () => {
    const dir = workdir();
    expect(runCli(['service', 'list', '-o', 'name'], { cwd: dir })).toEqual({ code: 0, stdout: 'service/api\nservice/cache\n', stderr: '' });
    const yaml = runCli(['service', 'list', '-o', 'yaml'], { cwd: dir });
    expect(yaml.stdout.split('\n').slice(0, 7)).toEqual(['- name: api', '  namespace: default', '  type: ClusterIP', '  ports:', '    - 80:8080/TCP', '  selector:', '    app: api']);
    expect(runCli(['service', 'list', '-o', 'wide'], { cwd: dir }).stdout).toBe(
      [
        'NAME    NAMESPACE   TYPE        PORTS           SELECTOR    ADDRESS                                CLUSTERS   DNS',
        'api     default     ClusterIP   80:8080/TCP     app=api     api.default.svc.cluster.local:80       <all>      api.default.svc.cluster.local',
        'cache   default     ClusterIP   6379:6379/TCP   app=cache   cache.default.svc.cluster.local:6379   eu-1       cache.default.svc.cluster.local',
        '',
      ].join('\n'),
    );
  });

  test('get -o name', () => {
    const dir = workdir();
    expect(runCli(['service', 'get', 'api', '-o', 'name'], { cwd: dir })).toEqual({ code: 0, stdout: 'service/api\n', stderr: '' });
  });
});

describe('did you mean', () => {
  test.each([
    [['synht'], "error: unknown command 'synht'\n(Did you mean synth?)"],
    [['servce', 'list'], "error: unknown command 'servce'\n(Did you mean service?)"],
    [['synth', '--stdot'], "error: unknown option '--stdot'\n(Did you mean --stdout?)"],
    [['service', 'list', '--namspace', 'x'], "error: unknown option '--namspace'\n(Did you mean --namespace?)"],
  ])('%j', (args, message) => {
    const dir = workdir();
    expect(runCli(args, { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: `${message}\n(run with --help for usage)\n` });
  });
});
