/**
 * Runs the real `cdk8s synth` (cdk8s-cli from this repository's node_modules) on a small cdk8s app
 * whose cdk8s.yaml names the plugin through `./node_modules/appsvc/lib/src/plugin`, with
 * `node_modules/appsvc` linked to this repository, as a user project would have it installed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { LINT_RULES } from '../../src/lint';
import { validateManifest } from '../../src/validation';
import { ensureBuilt } from '../support/build';

const ROOT = path.join(__dirname, '..', '..');
const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
let project: string;

beforeAll(async () => {
  // The plugin runs as compiled JavaScript from lib/, as it would from an installed package.
  await ensureBuilt();
  expect(fs.existsSync(path.join(ROOT, 'lib', 'src', 'plugin', 'index.js'))).toBe(true);
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-plugin-'));
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(project, 'node_modules', 'appsvc'), 'dir');
  for (const m of ['cdk8s', 'cdk8s-plus-28', 'constructs']) fs.symlinkSync(path.join(ROOT, 'node_modules', m), path.join(project, 'node_modules', m), 'dir');
  fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'plugin', 'app.js'), path.join(project, 'app.js'));
});

afterAll(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Writes cdk8s.yaml and runs `cdk8s synth` in the project. */
function synth(app: string, properties: string, ...args: string[]): Run {
  fs.writeFileSync(
    path.join(project, 'cdk8s.yaml'),
    [`app: ${app}`, 'validations:', '  - package: ./node_modules/appsvc/lib/src/plugin', '    version: 0.1.0', '    class: AppsvcValidation', properties, ''].join('\n'),
  );
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CDK8S_')) env[k] = v;
  env['CDK8S_CHECK_UPGRADE'] = 'false';
  const r = spawnSync(process.execPath, [CDK8S, 'synth', '--no-check-upgrade', ...args], { cwd: project, env, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The text of one violation block of a cdk8s-cli report, without colour codes. */
function block(report: string, rule: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = report.replace(/\x1b\[[0-9;]*m/g, '');
  const start = plain.indexOf(`${rule} (`);
  if (start < 0) return '';
  const end = plain.indexOf('How to fix:', start);
  return plain.slice(start, plain.indexOf('\n', end));
}

const NUMERIC = '      enable:\n        - lint/service-numeric-target-port';
const STRICT = `    properties:\n      strict: true\n${NUMERIC}`;

describe('cdk8s synth with the appsvc validation plugin', () => {
  test('fails on the broken app, naming rule, resource, field and construct path', () => {
    const r = synth('node app.js', STRICT);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Validation failed. See above reports for details');
    expect(r.stdout).not.toContain('Installing validation plugin');
    expect(block(r.stdout, 'lint/service-numeric-target-port')).toBe(
      [
        'lint/service-numeric-target-port (1 occurrences)',
        '',
        '  Occurrences:',
        '',
        '    - Construct Path: shop/frontend/Resource',
        '    - Manifest Path: dist/shop.k8s.yaml',
        '    - Resource Name: frontend',
        '    - Locations:',
        '      > Service default/frontend: spec.ports[0].targetPort: no container of the selected pods (Deployment "shop-web-c81100ac") declares containerPort 9090/TCP; declared: 8080/TCP',
        '',
        `  Recommendation: ${LINT_RULES.find((x) => x.id === 'lint/service-numeric-target-port')?.description ?? ''}`,
        '  How to fix: Declare the port in the container (ports[].containerPort) or point targetPort at a declared one.',
      ].join('\n'),
    );
    expect(block(r.stdout, 'lint/service-selector-matches-no-pods')).toContain(
      [
        '    - Construct Path: shop/search/Resource',
        '    - Manifest Path: dist/shop.k8s.yaml',
        '    - Resource Name: search',
        '    - Locations:',
        '      > Service default/search: spec.selector: selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "default" of the set has the labels app=serach',
      ].join('\n'),
    );
    expect(block(r.stdout, 'lint/service-named-target-port')).toContain(
      [
        '    - Construct Path: shop/admin',
        '    - Manifest Path: dist/shop.k8s.yaml',
        '    - Resource Name: admin',
        '    - Locations:',
        '      > Service default/admin: spec.ports[0].targetPort: no container of the selected pods (Deployment "shop-web-c81100ac") declares a port named "admin"; declared: "web"',
      ].join('\n'),
    );
    expect(block(r.stdout, 'k8s/port-name')).toContain(
      [
        '    - Construct Path: shop/legacy',
        '    - Manifest Path: dist/shop.k8s.yaml',
        '    - Resource Name: legacy',
        '    - Locations:',
        '      > Service default/legacy: spec.ports[0].name: Invalid value: "Http": ',
      ].join('\n'),
    );
    expect(block(r.stdout, 'k8s/port-name')).toContain('  Recommendation: Port names are DNS-1123 labels; the Kubernetes API server of the chosen version would reject this Service otherwise.');
    // Every finding of the Service validator on the synthesized objects is in the report too.
    const docs = parseAllDocuments(fs.readFileSync(path.join(project, 'dist', 'shop.k8s.yaml'), 'utf8'), { version: '1.1' }).map((d) => d.toJS() as unknown);
    for (const d of docs) for (const f of validateManifest(d)) expect(r.stdout).toContain(f.message);
  });

  test('without strict, appsvc\'s own findings are warnings and the API server errors still fail', () => {
    const r = synth('node app.js', `    properties:\n${NUMERIC}`);
    expect(r.status).toBe(2);
    expect(block(r.stdout, 'lint/service-numeric-target-port')).toContain('      > warning: Service default/frontend: spec.ports[0].targetPort: no container');
    expect(block(r.stdout, 'lint/service-named-target-port')).toContain('      > warning: Service default/admin: spec.ports[0].targetPort: no container');
    expect(r.stdout).toMatch(/Warnings +│ 3 /);
    // The numeric targetPort rule is off unless enabled.
    expect(block(synth('node app.js', '').stdout, 'lint/service-numeric-target-port')).toBe('');
  });

  test('passes once the app is fixed', () => {
    const r = synth('node app.js fixed', STRICT);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Validations ended succesfully');
    expect(r.stdout).not.toContain('occurrences');
  });

  test('with --stdout, stdout carries only the manifests and the report goes to stderr', () => {
    const written = synth('node app.js fixed', STRICT);
    expect(written.status).toBe(0);
    const yaml = fs.readFileSync(path.join(project, 'dist', 'shop.k8s.yaml'), 'utf8');
    const ok = synth('node app.js fixed', STRICT, '--stdout');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(yaml);
    expect(ok.stderr).toContain('Performing validations');
    expect(ok.stderr).toContain('Validations ended succesfully');

    expect(synth('node app.js', STRICT).status).toBe(2);
    const brokenYaml = fs.readFileSync(path.join(project, 'dist', 'shop.k8s.yaml'), 'utf8');
    const failed = synth('node app.js', STRICT, '--stdout');
    expect(failed.status).toBe(2);
    // cdk8s-cli exits on the failed report while it is still copying the manifests: stdout holds
    // at most the start of the YAML (in practice nothing), never report text.
    expect(brokenYaml.startsWith(failed.stdout)).toBe(true);
    expect(failed.stderr).toContain('    - Manifest Path: STDOUT');
    expect(failed.stderr).toContain('lint/service-named-target-port (1 occurrences)');
  });

  test('an unknown property stops synth with a message naming it', () => {
    const r = synth('node app.js fixed', '    properties:\n      strct: true');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('appsvc validation plugin: unknown property "strct" (supported: profile, strict, enable, disable, kubernetesVersion, featureGates)');
  });
});
