import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LINT_RULES } from '../../src/lint';
import { AppsvcValidation } from '../../src/plugin';
import type { Context, ReportStatus, Violation } from '../../src/plugin';
import { isSynthToStdout } from '../../src/plugin/stdout';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'plugin', 'manifests');

/** A report as cdk8s-cli keeps it: the violations added, then the submitted status. */
class RecordingReport {
  public readonly violations: Violation[] = [];
  public status: ReportStatus | undefined;
  public metadata: { readonly [key: string]: string } | undefined;
  public addViolation(v: Violation): void {
    this.violations.push(v);
  }
  public submit(status: ReportStatus, metadata?: { readonly [key: string]: string }): void {
    this.status = status;
    this.metadata = metadata;
  }
}

async function run(files: readonly string[], props: ConstructorParameters<typeof AppsvcValidation>[0] = {}): Promise<RecordingReport> {
  const report = new RecordingReport();
  const context: Context = { manifests: files.map((f) => path.join(FIXTURES, f)), report };
  await new AppsvcValidation(props).validate(context);
  return report;
}

describe('AppsvcValidation', () => {
  test('reports a cross-object warning per rule and resource; warnings pass', async () => {
    const report = await run(['broken.yaml']);
    expect(report.status).toBe('success');
    expect(report.violations).toEqual([
      {
        ruleName: 'lint/service-named-target-port',
        recommendation: LINT_RULES.find((r) => r.id === 'lint/service-named-target-port')?.description,
        fix: 'Name the targetPort after a port a container of the selected pods declares (spec.containers[].ports[].name), or declare that port in the container.',
        violatingResources: [
          {
            resourceName: 'Service/api',
            manifestPath: path.join(FIXTURES, 'broken.yaml'),
            locations: ['warning: Service shop/api: spec.ports[0].targetPort: no container of the selected pods (Pod "api") declares a port named "http"; declared: "web"'],
          },
        ],
      },
    ]);
    expect(report.metadata).toEqual({ Manifests: '1', Resources: '2', Errors: '0', Warnings: '1', Silenced: '0', Profile: 'kubernetes', 'Kubernetes version': '1.28', Strict: 'false' });
  });

  const numeric = { enable: ['lint/service-numeric-target-port'] };

  test('warnings alone pass and are listed; strict makes them fail', async () => {
    const plain = await run(['warning-only.yaml'], numeric);
    expect(plain.status).toBe('success');
    expect(plain.violations.map((v) => [v.ruleName, v.violatingResources.map((r) => [r.resourceName, r.locations])])).toEqual([
      [
        'lint/service-numeric-target-port',
        [['Service/api', ['warning: Service default/api: spec.ports[0].targetPort: no container of the selected pods (Deployment "api") declares containerPort 8000/TCP; declared: 8080/TCP']]],
      ],
    ]);
    const strict = await run(['warning-only.yaml'], { ...numeric, strict: true });
    expect(strict.status).toBe('failure');
    expect(strict.violations[0]?.violatingResources[0]?.locations).toEqual([
      'Service default/api: spec.ports[0].targetPort: no container of the selected pods (Deployment "api") declares containerPort 8000/TCP; declared: 8080/TCP',
    ]);
  });

  test('a rule off by default stays off; disable silences a rule, counted as Silenced', async () => {
    expect((await run(['warning-only.yaml'])).violations).toEqual([]);
    const report = await run(['broken.yaml'], { strict: true, disable: ['lint/service-named-target-port'] });
    expect([report.status, report.violations, report.metadata?.['Silenced']]).toEqual(['success', [], '1']);
  });

  test("the project's .appsvc.yaml (from the working directory upwards) applies under the properties", async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-plugin-config-'));
    const cwd = process.cwd();
    try {
      fs.mkdirSync(path.join(project, 'app'));
      fs.writeFileSync(path.join(project, '.appsvc.yaml'), 'disable: [lint/service-named-target-port]\n');
      process.chdir(path.join(project, 'app'));
      const silenced = await run(['broken.yaml'], { strict: true });
      expect([silenced.status, silenced.violations, silenced.metadata?.['Silenced']]).toEqual(['success', [], '1']);
      // A property wins over the file for the same rule.
      const enabled = await run(['broken.yaml'], { strict: true, enable: ['lint/service-named-target-port'] });
      expect([enabled.status, enabled.violations.map((v) => v.ruleName)]).toEqual(['failure', ['lint/service-named-target-port']]);
      fs.writeFileSync(path.join(project, '.appsvc.yaml'), 'disable: [lint/no-such-rule]\n');
      expect(() => new AppsvcValidation({})).toThrow(`appsvc validation plugin: ${path.join(fs.realpathSync(project), '.appsvc.yaml')}: disable[0]: unknown rule "lint/no-such-rule"`);
    } finally {
      process.chdir(cwd);
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  test('all manifests form one set', async () => {
    // The Service of one file and the Pod of another are checked against each other.
    const report = await run(['warning-only.yaml', 'broken.yaml'], numeric);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['lint/service-numeric-target-port', 'lint/service-named-target-port']);
    expect(report.metadata?.['Resources']).toBe('4');
  });

  test('a manifest that cannot be parsed fails the report, and the others are still checked', async () => {
    const report = await run(['unreadable.yaml', 'warning-only.yaml'], numeric);
    expect(report.status).toBe('failure');
    expect(report.violations.map((v) => v.ruleName)).toEqual(['lint/service-numeric-target-port', 'appsvc/manifest-unreadable']);
    expect(report.violations[1]?.violatingResources[0]?.manifestPath).toBe(path.join(FIXTURES, 'unreadable.yaml'));
    expect(report.violations[1]?.violatingResources[0]?.locations[0]).toBe('object 1: line 4:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });

  test('kubernetesVersion and featureGates choose the API server', async () => {
    const old = await run(['traffic-distribution.yaml']);
    expect(old.status).toBe('failure');
    expect(old.violations.flatMap((v) => v.violatingResources.flatMap((r) => r.locations))).toEqual([
      'Service shop/web: spec.trafficDistribution: unknown field; it exists from Kubernetes 1.30 (see --kubernetes-version) [strict decoding error: unknown field "spec.trafficDistribution"]',
    ]);
    const recent = await run(['traffic-distribution.yaml'], { kubernetesVersion: '1.31.4' });
    expect([recent.status, recent.violations, recent.metadata?.['Kubernetes version']]).toEqual(['success', [], '1.31']);
    const gated = await run(['traffic-distribution.yaml'], { kubernetesVersion: '1.31', featureGates: 'ServiceTrafficDistribution=false' });
    expect([gated.status, gated.violations.map((v) => v.ruleName)]).toEqual(['success', ['k8s/dropped-field']]);
  });

  test.each<[string, ConstructorParameters<typeof AppsvcValidation>[0], string]>([
    ['an unknown version', { kubernetesVersion: '1.27' }, 'properties.kubernetesVersion: unsupported Kubernetes version "1.27": use one of 1.28, 1.29'],
    ['a gate the version locks', { kubernetesVersion: '1.33', featureGates: { ServiceTrafficDistribution: false } }, 'it can be set in Kubernetes 1.30-1.32'],
    ['a gate that is no boolean', { featureGates: { StrictIPCIDRValidation: 'yes' } as unknown as Record<string, boolean> }, 'properties.featureGates: StrictIPCIDRValidation must be true or false'],
  ])('refuses %s', (_what, props, message) => {
    expect(() => new AppsvcValidation(props)).toThrow(message);
  });

  test('a clean set passes with no violations', async () => {
    const report = await run([]);
    expect([report.status, report.violations]).toEqual(['success', []]);
  });

  test.each([
    [{ strct: true }, 'appsvc validation plugin: unknown property "strct" (supported: profile, strict, enable, disable, kubernetesVersion, featureGates)'],
    [{ disable: 'lint/x' }, 'appsvc validation plugin: properties.disable: Invalid value: "lint/x": must be a list of rule ids'],
    [{ profile: 'gke' }, 'appsvc validation plugin: properties.profile: Unsupported value: "gke": supported values: "kubernetes", "cce"'],
    [{ strict: 'yes' }, 'appsvc validation plugin: properties.strict: Invalid value: "yes": must be true or false'],
  ])('properties %j are refused', (props, message) => {
    expect(() => new AppsvcValidation(props as never)).toThrow(new Error(message));
  });
});

describe('isSynthToStdout', () => {
  test.each([
    [['node', 'cdk8s', 'synth', '--stdout'], {}, true],
    [['node', 'cdk8s', 'synth', '-p'], {}, true],
    [['node', 'cdk8s', 'synthesize', '--stdout=true'], {}, true],
    [['node', 'cdk8s', 'synth'], { CDK8S_STDOUT: 'true' }, true],
    [['node', 'cdk8s', 'synth'], {}, false],
    [['node', 'cdk8s', 'synth', '--stdout', '--no-stdout'], {}, false],
    [['node', 'jest', '--stdout'], {}, false],
  ])('%j %j → %s', (argv, env, expected) => {
    expect(isSynthToStdout(argv, env)).toBe(expected);
  });
});
