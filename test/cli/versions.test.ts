import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, runCli, tempDir } from '../spec/cli-harness';

/** `--kubernetes-version` and `--feature-gates` of `appsvc validate` and `appsvc synth`, through the built binary. */

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

const SERVICE = (spec: string): string => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
${spec}`;

const KUBELET_PORT_LB = SERVICE(`  type: LoadBalancer
  ports:
    - name: kubelet
      port: 10250
`);

const LEADING_ZERO = SERVICE(`  clusterIP: 010.0.0.1
  ports:
    - port: 80
`);

let dir: string;
beforeAll(() => {
  dir = tempDir('appsvc-versions-');
  fs.writeFileSync(path.join(dir, 'lb.yaml'), KUBELET_PORT_LB);
  fs.writeFileSync(path.join(dir, 'zero.yaml'), LEADING_ZERO);
});

interface JsonReport {
  readonly ok: boolean;
  readonly results: ReadonlyArray<{ readonly errors: ReadonlyArray<{ readonly severity: string; readonly field: string; readonly message: string }> }>;
}

function validateJson(args: readonly string[]): { code: number; report: JsonReport; stderr: string } {
  const r = runCli(['validate', '-o', 'json', ...args], { cwd: dir });
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

const errorFields = (report: JsonReport): string[] => report.results.flatMap((x) => x.errors.filter((e) => e.severity === 'error').map((e) => e.field));

describe('appsvc validate --kubernetes-version', () => {
  test('the rules follow the version: port 10250 on a LoadBalancer is refused until 1.32', () => {
    const old = validateJson(['lb.yaml']);
    expect([old.code, old.report.ok, errorFields(old.report)]).toEqual([1, false, ['spec.ports[0]']]);
    const v132 = validateJson(['--kubernetes-version', '1.32', 'lb.yaml']);
    expect([v132.code, errorFields(v132.report)]).toEqual([1, ['spec.ports[0]']]);
    const v133 = validateJson(['--kubernetes-version', '1.33.3', 'lb.yaml']);
    expect([v133.code, v133.report.ok, errorFields(v133.report)]).toEqual([0, true, []]);
  });

  test.each(['1.27', '1.38', 'v1.33', '1.33.x', 'latest'])('%s is a usage error listing the versions', (version) => {
    const r = runCli(['validate', '--kubernetes-version', version, 'lb.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`unsupported Kubernetes version ${JSON.stringify(version)}`);
    expect(r.stderr).toContain('1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37');
  });

  test('--help lists the versions and the default', () => {
    const r = runCli(['validate', '--help'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('--kubernetes-version <version> the Kubernetes version of the cluster\'s API server: 1.28 to 1.37 (1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37; a patch such as 1.33.3 is ignored) (default: 1.28)');
    expect(r.stdout).toContain('--feature-gates <gates>');
  });
});

describe('appsvc validate --feature-gates', () => {
  test('a gate changes the rules of its version', () => {
    const off = validateJson(['--kubernetes-version', '1.33', 'zero.yaml']);
    expect([off.code, errorFields(off.report)]).toEqual([0, []]);
    const on = validateJson(['--kubernetes-version', '1.33', '--feature-gates', 'StrictIPCIDRValidation=true', 'zero.yaml']);
    expect([on.code, errorFields(on.report)]).toEqual([1, ['spec.clusterIPs[0]']]);
    expect(on.report.results[0]?.errors.find((e) => e.severity === 'error')?.message).toBe('spec.clusterIPs[0]: Invalid value: "010.0.0.1": must not have leading 0s');
    const offAgain = validateJson(['--kubernetes-version', '1.36', '--feature-gates', 'StrictIPCIDRValidation=false', 'zero.yaml']);
    expect([offAgain.code, errorFields(offAgain.report)]).toEqual([0, []]);
  });

  test.each([
    [['--feature-gates', 'StrictIPCIDRValidation=true'], 'feature gate StrictIPCIDRValidation does not exist in Kubernetes 1.28; it can be set in Kubernetes 1.33-1.37'],
    [['--kubernetes-version', '1.33', '--feature-gates', 'ServiceTrafficDistribution=false'], 'feature gate ServiceTrafficDistribution is locked to true in Kubernetes 1.33; it can be set in Kubernetes 1.30-1.32'],
    [['--feature-gates', 'Nonsense=true'], 'unknown feature gate "Nonsense"'],
    [['--feature-gates', 'StrictIPCIDRValidation'], 'missing bool value for StrictIPCIDRValidation'],
  ])('%j is a usage error', (args, message) => {
    const r = runCli(['validate', ...args, 'lb.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});

describe('appsvc synth and kubernetesVersion', () => {
  const spec = (top: string): string => `${top}name: shop
services:
  - name: api
    ports: ["80:8080"]
    selector: {app: api}
    trafficDistribution: PreferClose
`;

  test('trafficDistribution needs 1.30: synth for 1.28 fails naming the version', () => {
    const d = tempDir('appsvc-versions-synth-');
    fs.writeFileSync(path.join(d, 'appsvc.yaml'), spec(''));
    const r = runCli(['synth'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('spec.trafficDistribution: unknown field; it exists from Kubernetes 1.30 (see --kubernetes-version)');
    expect(fs.existsSync(path.join(d, 'dist'))).toBe(false);
  });

  test("the spec's kubernetesVersion, or the flag, chooses the version", () => {
    const d = tempDir('appsvc-versions-synth-');
    fs.writeFileSync(path.join(d, 'appsvc.yaml'), spec('kubernetesVersion: "1.31"\n'));
    const r = runCli(['synth', '--stdout'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('  trafficDistribution: PreferClose\n  type: ClusterIP\n');
    const flag = runCli(['synth', '--stdout', '--kubernetes-version', '1.29'], { cwd: d });
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('it exists from Kubernetes 1.30');
    const gate = runCli(['synth', '--stdout', '--feature-gates', 'ServiceTrafficDistribution=false'], { cwd: d });
    expect(gate.code).toBe(0);
    expect(gate.stderr).toContain('spec.trafficDistribution: is dropped by the Kubernetes 1.31 API server');
  });

  test('a kubernetesVersion the spec cannot have is reported at its line', () => {
    const d = tempDir('appsvc-versions-synth-');
    fs.writeFileSync(path.join(d, 'appsvc.yaml'), spec('kubernetesVersion: 1.30\n'));
    const r = runCli(['synth'], { cwd: d });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('kubernetesVersion: Invalid value: 1.3: must be one of 1.28, 1.29');
  });

  test('synth --help lists the versions', () => {
    const r = runCli(['synth', '--help'], { cwd: dir });
    expect(r.stdout).toContain('--kubernetes-version <version>');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain("1.36, 1.37; a patch such as 1.33.3 is ignored) (default: the spec's kubernetesVersion, else 1.28)");
  });
});
