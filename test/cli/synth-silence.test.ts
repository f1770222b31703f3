import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, runCli, tempDir } from '../spec/cli-harness';
import { SILENCE_SPEC } from '../support/silence-spec';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

const SPEC = SILENCE_SPEC;

const API_WARNING =
  'appsvc.yaml:6:18: warning k8s/deprecated-topology-hints: service "api": metadata.annotations[service.kubernetes.io/topology-aware-hints]: annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead';
const WROTE = 'wrote dist (2 services, 3 files, clusters: eu-1, us-1)';

/** A project directory `root/project` holding the spec; `root` is where a config file above it goes. */
function project(spec = SPEC): { root: string; dir: string } {
  const root = tempDir('appsvc-synth-silence-');
  const dir = path.join(root, 'project');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'appsvc.yaml'), spec);
  return { root, dir };
}

function lines(...l: string[]): string {
  return `${l.join('\n')}\n`;
}

describe('appsvc synth: silencing as appsvc validate silences', () => {
  test('the annotation silences its own service (once, though it is written for two clusters); the count goes to stderr', () => {
    const { dir } = project();
    expect(runCli(['synth'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1', WROTE) });
  });

  test('--disable RULE leaves the rule out everywhere; comma lists and repeats add up', () => {
    const { dir } = project();
    const upToDate = 'dist is up to date (2 services, 3 files, clusters: eu-1, us-1)';
    expect(runCli(['synth', '--disable', 'k8s/deprecated-topology-hints'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: lines('2 warnings silenced: k8s/deprecated-topology-hints 2', WROTE) });
    expect(runCli(['synth', '--disable', 'lint/service-name-unique,k8s/deprecated-topology-hints'], { cwd: dir })).toEqual({
      code: 0,
      stdout: '',
      stderr: lines('2 warnings silenced: k8s/deprecated-topology-hints 2', upToDate),
    });
    expect(runCli(['synth', '--disable', 'lint/service-name-unique', '--disable', 'k8s/deprecated-topology-hints'], { cwd: dir }).stderr).toBe(lines('2 warnings silenced: k8s/deprecated-topology-hints 2', upToDate));
  });

  test('--stdout and -o json silence and count the same way; stdout carries only the manifests', () => {
    const { dir } = project();
    const r = runCli(['synth', '--stdout', '--disable', 'k8s/deprecated-topology-hints'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(lines('2 warnings silenced: k8s/deprecated-topology-hints 2'));
    expect(r.stdout).toContain('# Source: shop.k8s.yaml\n');
    const json = runCli(['synth', '-o', 'json'], { cwd: dir });
    expect(json.stderr).toBe(lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1'));
    expect((JSON.parse(json.stdout) as { kind: string }).kind).toBe('List');
  });

  test('.appsvc.yaml is found from the working directory upwards; a flag wins over it', () => {
    const { root, dir } = project();
    fs.writeFileSync(path.join(root, '.appsvc.yaml'), '# rules for this repository\ndisable:\n  - k8s/deprecated-topology-hints\n');
    expect(runCli(['synth'], { cwd: dir }).stderr).toBe(lines('2 warnings silenced: k8s/deprecated-topology-hints 2', WROTE));
    // --enable turns the rule back on; the service's own annotation still silences it for itself.
    expect(runCli(['synth', '--enable', 'k8s/deprecated-topology-hints'], { cwd: dir }).stderr).toBe(
      lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1', 'dist is up to date (2 services, 3 files, clusters: eu-1, us-1)'),
    );
  });

  test('a malformed .appsvc.yaml stops synth with one line naming the file and the field; nothing is written', () => {
    const { root, dir } = project();
    fs.writeFileSync(path.join(root, '.appsvc.yaml'), 'disable: [k8s/nope]\n');
    const r = runCli(['synth'], { cwd: dir });
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: ${path.join(fs.realpathSync(root), '.appsvc.yaml')}: disable[0]: unknown rule "k8s/nope"\n` });
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test.each([
    ['--disable', 'lint/no-such-rule'],
    ['--enable', 'lint/no-such-rule'],
    ['--disable', 'k8s/deprecated-topology-hints,nope'],
  ])('%s %s: an unknown rule is a usage error (exit 2), word for word as validate says it; nothing is written', (flag, value) => {
    const { dir } = project();
    const r = runCli(['synth', flag, value], { cwd: dir });
    const unknown = value.split(',').find((v) => v !== 'k8s/deprecated-topology-hints') ?? '';
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: unknown rule ${JSON.stringify(unknown)} (rule ids: docs/rules.md)\n` });
    expect(runCli(['validate', flag, value, 'appsvc.yaml'], { cwd: dir })).toEqual(r);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('--enable lint/service-numeric-target-port is accepted (a spec has no workloads for it to check)', () => {
    const { dir } = project();
    expect(runCli(['synth', '--enable', 'lint/service-numeric-target-port'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1', WROTE) });
  });

  test('errors are never silenced: on failure the count comes first, then the errors, and nothing is written', () => {
    const { dir } = project(SPEC.replace('ports: ["80:8080"]\n    selector: {app: web}', 'ports: ["0"]\n    selector: {app: web}'));
    const r = runCli(['synth', '--disable', 'k8s/port-range'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('1 warning silenced: k8s/deprecated-topology-hints 1');
    expect(r.stderr).toContain('spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

describe('appsvc synth --strict: a warning left after silencing fails the run, as in appsvc validate --strict', () => {
  test('the warnings are shown, then one error line; exit 1 and the output directory keeps what it had', () => {
    const { dir } = project();
    expect(runCli(['synth'], { cwd: dir }).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC.replace('selector: {app: api}', 'selector: {app: api2}'));
    expect(runCli(['synth', '--strict'], { cwd: dir })).toEqual({
      code: 1,
      stdout: '',
      stderr: lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1', 'error: 1 warning and --strict: nothing written'),
    });
    expect(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).toBe(before);
  });

  test('a new directory is not created either', () => {
    const { dir } = project();
    expect(runCli(['synth', '--strict', '--out', 'fresh'], { cwd: dir }).code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'fresh'))).toBe(false);
  });

  test('with every warning silenced, --strict passes and writes', () => {
    const { dir } = project();
    expect(runCli(['synth', '--strict', '--disable', 'k8s/deprecated-topology-hints'], { cwd: dir })).toEqual({
      code: 0,
      stdout: '',
      stderr: lines('2 warnings silenced: k8s/deprecated-topology-hints 2', WROTE),
    });
  });

  test('--stdout and -o json print nothing on stdout under --strict with a warning', () => {
    const { dir } = project();
    for (const args of [['--stdout'], ['-o', 'json']]) {
      expect(runCli(['synth', '--strict', ...args], { cwd: dir })).toEqual({
        code: 1,
        stdout: '',
        stderr: lines(API_WARNING, '1 warning silenced: k8s/deprecated-topology-hints 1', 'error: 1 warning and --strict: nothing printed'),
      });
    }
  });
});
