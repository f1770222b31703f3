import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, runCli, tempDir } from '../spec/cli-harness';

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
    namespace: caching
    ports: ["6379"]
    selector: {app: cache}
    clusters: [eu-1, eu-2]
`;

const API = `apiVersion: v1
kind: Service
metadata:
  labels:
    app.kubernetes.io/managed-by: appsvc
    appsvc.dev/spec: shop
  name: api
  namespace: production
spec:
  ports:
    - port: 80
      protocol: TCP
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
  namespace: caching
spec:
  ports:
    - port: 6379
  selector:
    app: cache
  type: ClusterIP
`;

/** Every file under `dir`, relative path → content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else out[r] = fs.readFileSync(path.join(abs, e.name), 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out;
}

function workdir(spec: string): string {
  const dir = tempDir('appsvc-synth-');
  fs.writeFileSync(path.join(dir, 'appsvc.yaml'), spec);
  return dir;
}

describe('appsvc synth', () => {
  test('writes the common directory and one directory per cluster; stdout stays empty', () => {
    const dir = workdir(SPEC);
    const r = runCli(['synth'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'wrote dist (2 services, 3 files, clusters: eu-1, eu-2)\n' });
    expect(tree(path.join(dir, 'dist'))).toEqual({ 'shop.k8s.yaml': API, 'eu-1/shop.k8s.yaml': CACHE, 'eu-2/shop.k8s.yaml': CACHE });
    expect(runCli(['synth'], { cwd: dir }).stderr).toBe('dist is up to date (2 services, 3 files, clusters: eu-1, eu-2)\n');
  });

  test('--file and --out choose the input and the output directory', () => {
    const dir = workdir('services: []\n');
    fs.mkdirSync(path.join(dir, 'conf'));
    fs.writeFileSync(path.join(dir, 'conf', 'svc.yaml'), SPEC);
    const r = runCli(['synth', '--file', 'conf/svc.yaml', '--out', 'out/manifests'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(Object.keys(tree(path.join(dir, 'out', 'manifests'))).sort()).toEqual(['eu-1/shop.k8s.yaml', 'eu-2/shop.k8s.yaml', 'shop.k8s.yaml']);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('on any error nothing in the output directory changes', () => {
    const dir = workdir(SPEC);
    expect(runCli(['synth'], { cwd: dir }).code).toBe(0);
    const before = tree(path.join(dir, 'dist'));
    const stat = fs.statSync(path.join(dir, 'dist', 'shop.k8s.yaml')).mtimeMs;
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC.replace('"80:8080/TCP"', '"80:8080/TCP", "0"').replace('clusters: [eu-1, eu-2]', 'clusters: [eu-1, eu-3]'));
    const r = runCli(['synth'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    // An omitted targetPort takes the port's value; the server would report both fields, the spec one mistake once.
    expect(r.stderr).toBe('error: appsvc.yaml:5:28: service "api": spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive\n');
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
    expect(fs.statSync(path.join(dir, 'dist', 'shop.k8s.yaml')).mtimeMs).toBe(stat);
  });

  test.each([['../outside'], ['/etc'], ['a/b'], ['..'], ['.hidden']])('cluster name %s is refused; nothing is written', (name) => {
    const dir = workdir(SPEC.replace('clusters: [eu-1, eu-2]', `clusters: [${JSON.stringify(name)}]`));
    const r = runCli(['synth'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: appsvc.yaml:11:16: services[1].clusters[0]: Invalid value: ${JSON.stringify(name)}: a cluster name becomes a directory name: letters, digits, '.', '_' and '-', starting with a letter or digit (no '/', no '..')\n`,
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['appsvc.yaml']);
    expect(fs.existsSync(path.join(path.dirname(dir), 'outside'))).toBe(false);
  });

  test('progress for a large spec goes to stderr, never stdout', () => {
    const entries = Array.from({ length: 450 }, (_, i) => `  - name: s${i}\n    ports: ["${1000 + i}"]\n    selector: {app: s${i}}\n`).join('');
    const dir = workdir(`name: big\nservices:\n${entries}`);
    const r = runCli(['synth'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(['compiling and validating 450 services', 'compiled 450 services into 1 file', 'wrote dist (450 services, 1 file)', ''].join('\n'));
  });

  test('--help shows examples; --version prints the version', () => {
    const dir = workdir(SPEC);
    const help = runCli(['synth', '--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:\n  $ appsvc synth\n');
    // What a user must know before pointing --out at a directory.
    expect(help.stdout).toContain('DIR is replaced only when it is missing, empty or holds\nnothing but appsvc output (*.k8s.yaml, construct-metadata.json)');
    const version = runCli(['--version'], { cwd: dir });
    expect(version).toEqual({ code: 0, stdout: `${(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version}\n`, stderr: '' });
  });
});

describe('appsvc synth: output directory problems', () => {
  test('an output directory under a regular file: one line naming it, exit 1, nothing written', () => {
    const dir = tempDir('appsvc-synth-');
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC);
    fs.writeFileSync(path.join(dir, 'plain'), 'x\n');
    expect(runCli(['synth', '--out', 'plain/dist'], { cwd: dir })).toEqual({ code: 1, stdout: '', stderr: 'error: cannot write the output directory "plain/dist": "plain" is not a directory\n' });
    expect(fs.readdirSync(dir).sort()).toEqual(['appsvc.yaml', 'plain']);
  });
});
