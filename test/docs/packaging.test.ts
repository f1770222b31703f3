import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';
import { recordedCalls } from '../spec/cli-harness';
import { ROOT } from '../support/build';
import { fileBlock, runSequence, runShell, sandbox, sequence, type DocSandbox } from './doc-blocks';

/**
 * The package as users get it: this checkout packed once with `npm pack` (its prepack script
 * builds), then installed from the tarball into fresh projects, each kind of user as README.md's
 * Install section shows it (the commands are read from README.md and docs/ci.md and run as
 * written). npm installs from its local cache (prefer-offline), without audit or funding notes.
 */

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly scripts: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
}

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const TARBALL = `${PKG.name}-${PKG.version}.tgz`;
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const NPM_ENV: NodeJS.ProcessEnv = {
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  GIT_AUTHOR_NAME: 'CI',
  GIT_AUTHOR_EMAIL: 'ci@example.com',
  GIT_COMMITTER_NAME: 'CI',
  GIT_COMMITTER_EMAIL: 'ci@example.com',
};
/** A line of a Node stack trace. */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
const FAILURE = sequence('README.md', 'start-ts-failure')[0]?.body ?? '';

/** The oldest version each peer range allows (`^2.3.17` → `2.3.17`). */
function oldest(range: string | undefined): string {
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(range ?? '');
  if (!m?.[1]) throw new Error(`peer range ${String(range)} is not ^X.Y.Z`);
  return m[1];
}

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: "ghcr.io/example/web:1.0", ports: [{name: http, containerPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`;

/** Every kind of cdk8s-plus workload as an AppService target, and an Ingress through ingressBackend(). */
const TARGETS_TS = `import { App, Chart } from 'cdk8s';
import { DaemonSet, Deployment, Ingress, Job, Pods, StatefulSet } from 'cdk8s-plus-28';
import { AppService, synthesizeOrExit } from 'appsvc';

const app = new App();
const chart = new Chart(app, 'targets');
const container = { image: 'ghcr.io/example/app:1.0', ports: [{ number: 8080, name: 'http' }] };
const web = new Deployment(chart, 'web', { containers: [container] });
web.podMetadata.addLabel('app', 'web');
const api = new AppService(chart, 'web-svc', { target: web, ports: ['80:http'] });
new Ingress(chart, 'ingress', { defaultBackend: api.ingressBackend() });
api.exposeViaIngress('/api');
new AppService(chart, 'db-svc', { target: new StatefulSet(chart, 'db', { containers: [container] }), headless: true, ports: ['8080:http'] });
new AppService(chart, 'agent-svc', { target: new DaemonSet(chart, 'agent', { containers: [container] }), ports: ['80:http'] });
new AppService(chart, 'job-svc', { target: new Job(chart, 'job', { containers: [container] }), ports: ['80:http'] });
new AppService(chart, 'pods-svc', { target: Pods.select(chart, 'pods', { labels: { app: 'web' } }), ports: ['80:8080'] });
synthesizeOrExit(app, { outdir: 'dist-targets' });
`;

let work: string;

function sh(box: DocSandbox, script: string, env: NodeJS.ProcessEnv = {}): string {
  const r = runShell(box, script, { ...NPM_ENV, ...env }, 240000);
  if (r.status !== 0) throw new Error(`\`${script}\` exited with ${r.status}:\n${r.output}`);
  return r.output;
}

/** A fresh project directory with the tarball in it; `appsvc` on the PATH only where installed. */
function project(): DocSandbox {
  const box = sandbox(work, { appsvc: false });
  fs.copyFileSync(path.join(work, TARBALL), path.join(box.dir, TARBALL));
  return box;
}

/** The paths `npm ls` finds for a package (one per installed copy). */
function copies(box: DocSandbox, name: string): string[] {
  return sh(box, `npm ls ${name} --all --parseable`).trim().split('\n').filter((l) => l !== '');
}

function kinds(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/^kind: (\w+)$/gm)].map((m) => m[1] ?? '');
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-packaging-'));
  // npm pack runs the prepack script (a build into lib/): not while a test build writes there.
  const release = await lockfile.lock(ROOT, {
    realpath: false,
    lockfilePath: path.join(os.tmpdir(), 'appsvc-test-build.lock'),
    stale: 120000,
    retries: { retries: 600, minTimeout: 100, maxTimeout: 200 },
  });
  try {
    const r = spawnSync('npm', ['pack', '--pack-destination', work], { cwd: ROOT, env: { ...process.env, ...NPM_ENV }, encoding: 'utf8', timeout: 180000 });
    if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stdout}${r.stderr}`);
  } finally {
    await release();
  }
}, 240000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('package.json', () => {
  test('cdk8s, cdk8s-plus-28 and constructs are peers, pinned exactly for development only', () => {
    expect(Object.keys(PKG.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-28', 'constructs']);
    for (const [name, range] of Object.entries(PKG.peerDependencies)) {
      expect([name, PKG.dependencies[name]]).toEqual([name, undefined]);
      expect(PKG.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      expect(PKG.devDependencies[name]?.split('.')[0]).toBe(oldest(range).split('.')[0]);
    }
    expect(Object.keys(PKG.dependencies).sort()).toEqual(['commander', 'proper-lockfile', 'yaml']);
  });

  test('builds on prepack, not prepare (installing the tarball runs nothing)', () => {
    expect(PKG.scripts['prepack']).toBe('npm run build');
    expect(PKG.scripts['prepare']).toBeUndefined();
    expect(PKG.scripts['synth']).toMatch(/^npm run build && /);
  });

  test('the tarball holds the built library, the CLI, the schema and the licence', () => {
    const list = spawnSync('tar', ['tzf', path.join(work, TARBALL)], { encoding: 'utf8' }).stdout.split('\n');
    expect(list).toEqual(expect.arrayContaining(['package/bin/appsvc.js', 'package/lib/src/index.js', 'package/lib/src/index.d.ts', 'package/schema/appsvc.schema.json', 'package/LICENSE']));
    expect(list.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
  });
});

describe("README's install and TypeScript start, from the tarball", () => {
  test('a TypeScript app with the current peers: start-ts synthesizes; a failure is reported once, without a stack trace, by ts-node, npm run synth and cdk8s synth', () => {
    const box = project();
    runSequence(box, sequence('README.md', 'start-ts'), NPM_ENV);
    expect(kinds(path.join(box.dir, 'dist', 'shop.k8s.yaml'))).toEqual(['Deployment', 'Service']);
    expect(copies(box, 'cdk8s-plus-28')).toEqual([path.join(box.dir, 'node_modules', 'cdk8s-plus-28')]);

    const main = path.join(box.dir, 'main.ts');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("'80:http'", "'80:web'"));
    fs.rmSync(path.join(box.dir, 'dist'), { recursive: true });
    // main.ts type-checked above; the runs that fail skip the type check, to save time.
    const failEnv = { ...NPM_ENV, TS_NODE_TRANSPILE_ONLY: 'true' };
    expect(runShell(box, 'npx ts-node main.ts', failEnv)).toEqual({ status: 1, output: FAILURE });

    sh(box, 'npm pkg set scripts.synth="ts-node main.ts"');
    const npmRun = runShell(box, 'npm run synth', failEnv);
    expect(npmRun.status).toBe(1);
    expect(npmRun.output.split(FAILURE)).toHaveLength(2);
    expect(npmRun.output).not.toMatch(STACK_LINE);

    fs.writeFileSync(path.join(box.dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');
    const cdk8s = runShell(box, `"${process.execPath}" "${CDK8S}" synth --no-check-upgrade`, failEnv);
    expect(cdk8s.status).toBe(1);
    // cdk8s-cli announces the run on stdout, then the app prints its findings, then cdk8s-cli
    // reports the app's exit status with a stack of its own; none of it is the app's.
    const report = cdk8s.output.replace(/^Synthesizing application\n/, '');
    expect(report.startsWith(FAILURE)).toBe(true);
    expect(report.split(FAILURE)).toHaveLength(2);
    expect(report.slice(FAILURE.length).split('\n')[0]).toMatch(/^Error: command "npx ts-node main.ts ?" at .* returned a non-zero exit code 1$/);
    expect(cdk8s.output).not.toMatch(/^\s+at .*(main\.ts|node_modules\/appsvc)/m);
    expect(fs.existsSync(path.join(box.dir, 'dist')) ? fs.readdirSync(path.join(box.dir, 'dist')) : []).toEqual([]);
  }, 300000);

  test('the oldest supported peers: one copy of each, the Deployment and every other workload accepted as target', () => {
    const box = project();
    const peers = Object.entries(PKG.peerDependencies).map(([name, range]) => `${name}@${oldest(range)}`);
    // @types/node as in README: the declarations of runApp's options name NodeJS types.
    sh(box, `npm init -y && npm install ${peers.join(' ')} ./${TARBALL} && npm install --save-dev @types/node`);
    for (const name of Object.keys(PKG.peerDependencies)) {
      expect(copies(box, name)).toEqual([path.join(box.dir, 'node_modules', name)]);
      const installed = JSON.parse(fs.readFileSync(path.join(box.dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      expect([name, installed.version]).toEqual([name, oldest(PKG.peerDependencies[name])]);
    }
    runSequence(box, [fileBlock('README.md', 'start-ts', 'tsconfig.json'), fileBlock('README.md', 'start-ts', 'main.ts')]);
    fs.writeFileSync(path.join(box.dir, 'targets.ts'), TARGETS_TS);
    sh(box, `"${process.execPath}" "${TSC}" -p . && node main.js && node targets.js`);
    expect(kinds(path.join(box.dir, 'dist', 'shop.k8s.yaml'))).toEqual(['Deployment', 'Service']);
    const targets = kinds(path.join(box.dir, 'dist-targets', 'targets.k8s.yaml'));
    expect(targets.filter((k) => k === 'Service')).toHaveLength(5);
    expect(targets).toEqual(expect.arrayContaining(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Ingress']));
  }, 300000);

  test('the CLI only: installed globally from the tarball, it validates manifests', () => {
    const box = project();
    const prefix = path.join(box.dir, '..', 'global');
    fs.mkdirSync(path.join(box.dir, 'manifests'));
    fs.writeFileSync(path.join(box.dir, 'manifests', 'web.yaml'), MANIFESTS);
    const env = { ...NPM_ENV, npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${box.env.PATH ?? ''}` };
    const [out] = runSequence(box, sequence('README.md', 'install-cli'), env);
    expect(out).toMatch(/^2 objects in 1 file: /m);
    expect(fs.realpathSync(path.join(prefix, 'bin', 'appsvc'))).toBe(path.join(prefix, 'lib', 'node_modules', 'appsvc', 'bin', 'appsvc.js'));
  }, 300000);

  test("in CI: the tarball committed with the project, npm ci, npx appsvc; then docs/ci.md's shell recipe on a pull request and on main", () => {
    const box = project();
    fs.mkdirSync(path.join(box.dir, 'manifests'));
    fs.writeFileSync(path.join(box.dir, 'manifests', 'web.yaml'), MANIFESTS);
    sh(box, 'npm init -y >/dev/null && git init -q && printf "node_modules/\\n*.sarif\\n" > .gitignore');
    runSequence(box, sequence('README.md', 'install-ci'), NPM_ENV);
    const pkg = JSON.parse(fs.readFileSync(path.join(box.dir, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    expect(pkg.devDependencies?.['appsvc']).toBe(`file:vendor/${TARBALL}`);

    fs.writeFileSync(path.join(box.dir, 'appsvc.yaml'), 'name: shop\nservices:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n');
    sh(box, 'npx appsvc synth --out dist/ && git add -A && git commit -qm services');
    const recipe = sequence('docs/ci.md', 'ci-shell');
    runSequence(box, recipe, { ...NPM_ENV, EVENT: 'pull_request', BRANCH: 'topic', FAKE_KUBECTL_EXIT: '1' });
    expect(JSON.parse(fs.readFileSync(path.join(box.dir, 'appsvc.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    runSequence(box, recipe, { ...NPM_ENV, EVENT: 'push', BRANCH: 'main' });
    expect(recordedCalls(box.kubectlLog).map((c) => [c[0], c.find((a) => a.startsWith('--context'))])).toEqual([
      ['diff', '--context=production'],
      ['apply', '--context=production'],
      ['get', '--context=production'],
    ]);
  }, 300000);
});
