import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { decodeService } from '../../src/validation/model';
import { ensureBuilt, recordedCalls, ROOT, runCli, tempDir, writeFakeKubectl } from '../spec/cli-harness';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'import');
const CORPUS = ['argocd.yaml', 'ingress-nginx.yaml', 'kube-prometheus.yaml', 'cluster.json'].map((f) => path.join(FIXTURES, f));

type Obj = Record<string, unknown>;

/** Every v1 Service of a file (a `List` is unpacked). */
function servicesOf(file: string): Obj[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS() as unknown);
  const items = docs.flatMap((d) => (typeof d === 'object' && d !== null && (d as Obj)['kind'] === 'List' ? ((d as Obj)['items'] as unknown[]) : [d]));
  return items.filter((o): o is Obj => typeof o === 'object' && o !== null && (o as Obj)['kind'] === 'Service');
}

const SPEC_LABELS = ['app.kubernetes.io/managed-by', 'appsvc.dev/spec'];

/**
 * The test's own account of what import leaves out: status, server metadata, kubectl's
 * last-applied annotation, the labels the spec sets, and on Services read from a cluster what the
 * cluster allocated (cluster IPs, node ports, the single-stack IP family).
 */
function withoutServerFields(svc: Obj): Obj {
  const copy = structuredClone(svc);
  delete copy['status'];
  const meta = copy['metadata'] as Obj;
  const fromServer = meta['uid'] !== undefined;
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation']) delete meta[k];
  const labels = (meta['labels'] ?? {}) as Obj;
  for (const k of SPEC_LABELS) delete labels[k];
  const annotations = (meta['annotations'] ?? {}) as Obj;
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  const spec = copy['spec'] as Obj;
  if (fromServer) {
    if (spec['clusterIP'] !== 'None') {
      delete spec['clusterIP'];
      delete spec['clusterIPs'];
    }
    delete spec['healthCheckNodePort'];
    for (const p of (spec['ports'] ?? []) as Obj[]) delete p['nodePort'];
    if (spec['ipFamilyPolicy'] === 'SingleStack') delete spec['ipFamilies'];
  }
  return copy;
}

/** A Service after the API server's defaulting (the validator's), for comparing. */
function defaulted(svc: Obj): unknown {
  const m = decodeService(svc);
  const labels = [...(m.meta.labels ?? [])].filter(([k]) => !SPEC_LABELS.includes(k)).sort();
  const annotations = [...(m.meta.annotations ?? [])].sort();
  // Whether ipFamilyPolicy was written is no part of the Service: its value is compared.
  const { ipFamilyPolicySet: _written, ...fields } = m;
  return { ...fields, meta: { ...m.meta, namespace: m.meta.namespace === '' ? 'default' : m.meta.namespace, labels, annotations }, publishNotReadyAddresses: (svc['spec'] as Obj)['publishNotReadyAddresses'] === true };
}

function key(svc: Obj): string {
  const meta = svc['metadata'] as Obj;
  return `${typeof meta['namespace'] === 'string' ? meta['namespace'] : 'default'}/${String(meta['name'])}`;
}

describe('appsvc import: round trip on real-world-shaped manifests', () => {
  test('import then synth gives every Service back, equal to its input after defaulting', () => {
    const dir = tempDir('appsvc-import-');
    const r = runCli(['import', ...CORPUS], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`warning: ${path.join(FIXTURES, 'cluster.json')}: skipped service "default/kubernetes": the API server manages it\n`);
    expect(r.stderr).toContain('imported 13 services into appsvc.yaml; 38 fields dropped; 1 other object skipped\n');
    const synth = runCli(['synth'], { cwd: dir });
    expect(synth.code).toBe(0);
    const files = fs.readdirSync(path.join(dir, 'dist'));
    expect(files).toHaveLength(1);
    const outputs = new Map(servicesOf(path.join(dir, 'dist', files[0] ?? '')).map((s) => [key(s), s]));
    const inputs = CORPUS.flatMap(servicesOf).filter((s) => key(s) !== 'default/kubernetes');
    expect(inputs).toHaveLength(13);
    expect([...outputs.keys()].sort()).toEqual(inputs.map(key).sort());
    for (const input of inputs) {
      const output = outputs.get(key(input));
      expect(output).toBeDefined();
      expect({ service: key(input), ...(defaulted(output as Obj) as Obj) }).toEqual({ service: key(input), ...(defaulted(withoutServerFields(input)) as Obj) });
    }
  });

  test('importing the same input again changes nothing', () => {
    const dir = tempDir('appsvc-import-');
    expect(runCli(['import', ...CORPUS], { cwd: dir }).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8');
    const again = runCli(['import', ...CORPUS], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^unchanged service argocd-applicationset-controller \(namespace default\) in appsvc.yaml$/m);
    expect(again.stderr).not.toMatch(/^(created|updated) /m);
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toBe(before);
  });
});

describe('appsvc import: into an existing spec', () => {
  const SPEC = `# Our services.
name: shop
services:
  # The public API.
  - name: api
    ports: ["80:8080"]
    selector: {app: api}
    clusters: [eu-1]

  # Background work.
  - name: worker
    ports: ["9000"]
    selector: {app: worker}
`;
  const INPUT = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
  - port: 443
    targetPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: cache
  namespace: infra
spec:
  selector: {app: cache}
  ports:
  - port: 6379
`;

  test('upserts: the entry of the same name is replaced (clusters kept), others are added, comments stay', () => {
    const dir = tempDir('appsvc-import-');
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC);
    fs.writeFileSync(path.join(dir, 'svc.yaml'), INPUT);
    const r = runCli(['import', 'svc.yaml'], { cwd: dir });
    expect(r).toEqual({
      code: 0,
      stdout: '',
      stderr: 'updated service api (namespace default) in appsvc.yaml\ncreated service cache (namespace infra) in appsvc.yaml\nimported 2 services into appsvc.yaml; 0 fields dropped\n',
    });
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toBe(`# Our services.
name: shop
services:
  # The public API.
  - name: api
    ports: ["443:8443"]
    selector: {app: api}
    clusters: [eu-1]

  # Background work.
  - name: worker
    ports: ["9000"]
    selector: {app: worker}

  - name: cache
    namespace: infra
    ports: ["6379"]
    selector:
      app: cache
`);
  });

  test('invalid input is reported with the validator findings and nothing is written', () => {
    const dir = tempDir('appsvc-import-');
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC);
    fs.writeFileSync(path.join(dir, 'svc.yaml'), INPUT.replace('port: 6379', 'port: 0'));
    const r = runCli(['import', 'svc.yaml'], { cwd: dir });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'svc.yaml:19: error k8s/port-range: Service "cache" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n' +
        'svc.yaml:19: error k8s/target-port: Service "cache" is invalid: spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n' +
        'error: nothing was imported: the input has errors (see above); `appsvc validate` shows the same findings\n',
    });
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toBe(SPEC);
  });

  test('input that cannot be read: the lines validate prints (rule ids included); nothing is written', () => {
    const dir = tempDir('appsvc-import-');
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'a: "unclosed\n');
    expect(runCli(['import', 'bad.yaml', 'missing.yaml'], { cwd: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'bad.yaml:1:4: error manifest/syntax: YAML syntax error: Missing closing "quote\n' +
        'missing.yaml: error manifest/unreadable: no such file or directory\n' +
        'error: nothing was imported: the input has errors (see above); `appsvc validate` shows the same findings\n',
    });
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toBe(SPEC);
  });

  test('a field the spec cannot express is named per Service; nothing is written', () => {
    const dir = tempDir('appsvc-import-');
    fs.writeFileSync(path.join(dir, 'svc.yaml'), INPUT.replace('  name: cache\n', '  name: cache\n  finalizers: [example.com/keep]\n'));
    const r = runCli(['import', 'svc.yaml'], { cwd: dir });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: svc.yaml: service "infra/cache": metadata.finalizers: a spec entry has no finalizers (add it with a JSON patch on the AppService, or leave this Service out)\n' +
        'error: nothing was imported: the spec format cannot express the fields above\n',
    });
    expect(fs.existsSync(path.join(dir, 'appsvc.yaml'))).toBe(false);
  });

  test('reads standard input', () => {
    const dir = tempDir('appsvc-import-');
    fs.writeFileSync(path.join(dir, 'svc.yaml'), INPUT);
    const r = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'appsvc.js'), 'import', '-'], { cwd: dir, input: INPUT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    expect(r.toString()).toBe('');
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toContain('  - name: cache\n    namespace: infra\n');
  });

  describe('Kubernetes versions', () => {
    const DISTRIBUTED = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
  - port: 80
    targetPort: 8080
  trafficDistribution: PreferClose
`;

    test('a field of a later version is refused at the default 1.28, naming the option', () => {
      const dir = tempDir('appsvc-import-');
      fs.writeFileSync(path.join(dir, 'svc.yaml'), DISTRIBUTED);
      expect(runCli(['import', 'svc.yaml'], { cwd: dir })).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'svc.yaml:10: error k8s/schema-unknown-field: Service "api" is invalid: spec.trafficDistribution: unknown field; it exists from Kubernetes 1.30 (see --kubernetes-version) [strict decoding error: unknown field "spec.trafficDistribution"]\n' +
          'error: nothing was imported: the input has errors (see above); `appsvc validate` shows the same findings\n',
      });
      expect(fs.existsSync(path.join(dir, 'appsvc.yaml'))).toBe(false);
    });

    test('--kubernetes-version: the new spec file records the version, and synth writes the field', () => {
      const dir = tempDir('appsvc-import-');
      fs.writeFileSync(path.join(dir, 'svc.yaml'), DISTRIBUTED);
      expect(runCli(['import', 'svc.yaml', '--kubernetes-version', '1.31.2'], { cwd: dir })).toEqual({
        code: 0,
        stdout: '',
        stderr: 'created service api (namespace default) in appsvc.yaml\nimported 1 service into appsvc.yaml; 0 fields dropped\n',
      });
      const spec = fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8');
      expect(spec.replace(/^id: .*$/m, 'id: ID').replace(/^# yaml-language-server.*\n/, '')).toBe(
        '# Services compiled into Kubernetes manifests by `appsvc synth`. Edit by hand or with `appsvc service upsert`.\n' +
          'id: ID\nkubernetesVersion: "1.31"\nservices:\n  - name: api\n    ports: ["80:8080"]\n    selector:\n      app: api\n    trafficDistribution: PreferClose\n',
      );
      expect(runCli(['synth'], { cwd: dir }).code).toBe(0);
      const [doc] = parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', 'appsvc.k8s.yaml'), 'utf8'));
      expect((doc?.toJS() as { spec: Record<string, unknown> }).spec['trafficDistribution']).toBe('PreferClose');
      // The spec's version is the default for the next import.
      expect(runCli(['import', 'svc.yaml'], { cwd: dir }).stderr).toBe('imported 1 service into appsvc.yaml; 0 fields dropped\n'.replace(/^/, 'unchanged service api (namespace default) in appsvc.yaml\n'));
    });

    test('a version given that is not the spec file\'s is named when the entries would not compile', () => {
      const dir = tempDir('appsvc-import-');
      fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC);
      fs.writeFileSync(path.join(dir, 'svc.yaml'), DISTRIBUTED);
      expect(runCli(['import', 'svc.yaml', '--kubernetes-version', '1.31'], { cwd: dir })).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'error: svc.yaml: service "api" does not compile: appsvc.yaml: service "api": spec.trafficDistribution: unknown field; it exists from Kubernetes 1.30 (see --kubernetes-version) [strict decoding error: unknown field "spec.trafficDistribution"]\n' +
          'error: appsvc.yaml: its entries are compiled for Kubernetes 1.28 (the default), not 1.31 as given; set kubernetesVersion: "1.31" in it to compile them for that version\n' +
          'error: nothing was imported\n',
      });
      expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toBe(SPEC);
      // With the version in the spec file, no option is needed.
      fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC.replace('name: shop\n', 'name: shop\nkubernetesVersion: "1.31"\n'));
      expect(runCli(['import', 'svc.yaml'], { cwd: dir }).code).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toContain('    trafficDistribution: PreferClose\n');
    });

    test('--format ts validates for the version given', () => {
      const dir = tempDir('appsvc-import-');
      fs.writeFileSync(path.join(dir, 'svc.yaml'), DISTRIBUTED);
      const r = runCli(['import', '--format', 'ts', '--kubernetes-version', '1.30', 'svc.yaml'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("    trafficDistribution: 'PreferClose',\n");
    });

    test('a version or gate it does not know is a usage error', () => {
      const dir = tempDir('appsvc-import-');
      fs.writeFileSync(path.join(dir, 'svc.yaml'), DISTRIBUTED);
      const r = runCli(['import', 'svc.yaml', '--kubernetes-version', '1.27'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: option '--kubernetes-version <version>' argument '1.27' is invalid\./);
      expect(runCli(['import', 'svc.yaml', '--feature-gates', 'NoSuchGate=true'], { cwd: dir }).code).toBe(2);
    });
  });

  test('usage errors exit 2', () => {
    const dir = tempDir('appsvc-import-');
    expect(runCli(['import'], { cwd: dir })).toEqual({ code: 2, stdout: '', stderr: 'error: nothing to import: name files, directories or - (standard input), or use --from-cluster\n' });
    expect(runCli(['import', 'x.yaml', '--from-cluster'], { cwd: dir }).code).toBe(2);
    expect(runCli(['import', 'x.yaml', '--namespace', 'a'], { cwd: dir }).code).toBe(2);
  });
});

describe('appsvc import --from-cluster', () => {
  function setup(): { dir: string; fake: string; log: string } {
    const dir = tempDir('appsvc-import-');
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    return { dir, fake: writeFakeKubectl(bin), log: path.join(dir, 'calls.log') };
  }

  test('runs kubectl get services -o json with an argument list and drops what the cluster filled in', () => {
    const s = setup();
    const list = fs.readFileSync(path.join(FIXTURES, 'cluster.json'), 'utf8');
    const r = runCli(['import', '--from-cluster', '--namespace', 'shop;touch pwned', '--context', 'prod', '--kubectl', s.fake], { cwd: s.dir, env: { FAKE_KUBECTL_LOG: s.log, FAKE_KUBECTL_LIST: list } });
    expect(r.code).toBe(0);
    expect(recordedCalls(s.log)).toEqual([['get', 'services', '--output=json', '--namespace=shop;touch pwned', '--context=prod']]);
    expect(fs.existsSync(path.join(s.dir, 'pwned'))).toBe(false);
    const lines = r.stderr.split('\n');
    expect(lines.slice(0, 17)).toEqual([
      'warning: cluster: skipped service "default/kubernetes": the API server manages it',
      'created service web (namespace shop) in appsvc.yaml',
      '  dropped metadata.creationTimestamp = "2026-01-12T10:00:00Z": set by the API server',
      '  dropped metadata.managedFields = [{"apiVersion":"v1","fieldsType":"FieldsV1","manager":"ku...: set by the API server',
      '  dropped metadata.resourceVersion = "4711": set by the API server',
      '  dropped metadata.uid = "6b1f2e3a-8d4c-4e5f-9a0b-1c2d3e4f5a6b": set by the API server',
      '  dropped metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] = "{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Service\\",\\"metadata\\"...: kubectl\'s record of its last apply',
      '  dropped status = {"loadBalancer":{}}: set by the cluster',
      '  dropped spec.clusterIP = "10.96.12.7": allocated by the cluster',
      '  dropped spec.clusterIPs = ["10.96.12.7"]: allocated by the cluster',
      '  dropped spec.ports[0].nodePort = 31380: allocated by the cluster (--keep-node-ports keeps it)',
      '  dropped spec.externalTrafficPolicy = "Cluster": the API server default',
      '  dropped spec.internalTrafficPolicy = "Cluster": the API server default',
      '  dropped spec.sessionAffinity = "None": the API server default',
      '  dropped spec.ipFamilyPolicy = "SingleStack": the API server default',
      '  dropped spec.ipFamilies = ["IPv4"]: the cluster\'s primary IP family, set by the API server',
      'created service gateway (namespace shop) in appsvc.yaml',
    ]);
    const spec = fs.readFileSync(path.join(s.dir, 'appsvc.yaml'), 'utf8');
    expect(spec).toContain('  - name: web\n    namespace: shop\n    type: NodePort\n    ports: ["80:8080"]\n    selector:\n      app: web\n');
  });

  test('--keep-node-ports keeps the allocated node ports', () => {
    const s = setup();
    const list = fs.readFileSync(path.join(FIXTURES, 'cluster.json'), 'utf8');
    const r = runCli(['import', '--from-cluster', '-A', '--keep-node-ports', '--kubectl', s.fake], { cwd: s.dir, env: { FAKE_KUBECTL_LOG: s.log, FAKE_KUBECTL_LIST: list } });
    expect(r.code).toBe(0);
    expect(recordedCalls(s.log)).toEqual([['get', 'services', '--output=json', '--all-namespaces']]);
    const spec = fs.readFileSync(path.join(s.dir, 'appsvc.yaml'), 'utf8');
    expect(spec).toContain('    ports:\n      - port: 80\n        targetPort: 8080\n        nodePort: 31380\n');
    expect(spec).toContain('    healthCheckNodePort: 32100\n');
  });

  test('without a cluster: one line, exit 1, nothing written', () => {
    const s = setup();
    const r = runCli(['import', '--from-cluster', '--context', 'prod', '--kubectl', s.fake], {
      cwd: s.dir,
      env: { FAKE_KUBECTL_LOG: s.log, FAKE_KUBECTL_EXIT: '1', FAKE_KUBECTL_STDERR: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n' },
    });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: no Kubernetes cluster reachable through context "prod": localhost:8080: connection refused (check --context and KUBECONFIG)\n' });
    expect(fs.existsSync(path.join(s.dir, 'appsvc.yaml'))).toBe(false);
  });
});

describe('appsvc import --format ts', () => {
  test('prints AppService code that compiles and synthesizes to the same Services', () => {
    const dir = tempDir('appsvc-import-ts-');
    const r = runCli(['import', '--format', 'ts', ...CORPUS], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('imported 13 services as TypeScript; 38 fields dropped; 1 other object skipped\n');
    expect(fs.existsSync(path.join(dir, 'appsvc.yaml'))).toBe(false);
    expect(r.stdout).toContain("import { AppService } from 'appsvc';\n");
    expect(r.stdout).toContain("  new AppService(chart, 'shop.web', {\n    name: 'web',\n    namespace: 'shop',\n    type: 'NodePort',\n    ports: ['80:8080'],\n    selector: { app: 'web' },\n  });\n");

    // A project that uses the code: appsvc, cdk8s and constructs resolve to this checkout's.
    fs.writeFileSync(path.join(dir, 'services.ts'), r.stdout);
    fs.writeFileSync(
      path.join(dir, 'main.ts'),
      `import { App, Chart } from 'cdk8s';
import { addImportedServices } from './services';
const app = new App({ outdir: 'out' });
const chart = new Chart(app, 'imported');
addImportedServices(chart);
process.stdout.write(JSON.stringify(chart.toJson()));
`,
    );
    const modules = path.join(dir, 'node_modules');
    fs.mkdirSync(modules);
    fs.symlinkSync(ROOT, path.join(modules, 'appsvc'));
    for (const m of ['cdk8s', 'constructs', '@types']) fs.symlinkSync(path.join(ROOT, 'node_modules', m), path.join(modules, m));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--strict', '--target', 'ES2022', '--module', 'commonjs', '--esModuleInterop', '--skipLibCheck', '--types', 'node', 'main.ts', 'services.ts'], { cwd: dir, stdio: 'pipe' });
    const synthesized = JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: dir }).toString()) as Obj[];
    const outputs = new Map(synthesized.map((s) => [key(s), s]));
    const inputs = CORPUS.flatMap(servicesOf).filter((s) => key(s) !== 'default/kubernetes');
    expect([...outputs.keys()].sort()).toEqual(inputs.map(key).sort());
    for (const input of inputs) {
      expect({ service: key(input), ...(defaulted(outputs.get(key(input)) as Obj) as Obj) }).toEqual({ service: key(input), ...(defaulted(withoutServerFields(input)) as Obj) });
    }
  }, 120000);
});
