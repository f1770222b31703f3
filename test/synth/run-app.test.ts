import { App, Chart } from 'cdk8s';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppService } from '../../src/constructs/app-service';
import { debugRequested, runApp, synthAndReport } from '../../src/synth/run-app';
import { ensureBuilt, ROOT } from '../support/build';

const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const FINDING = '[shop/api] spec.ports[0]: Invalid value: "80:abc:x": has 2 ":" separators; expected PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"';
/** A line of a Node stack trace. */
const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

function broken(): App {
  const app = new App();
  new AppService(new Chart(app, 'shop'), 'api', { ports: ['80:abc:x'] });
  return app;
}

function good(): App {
  const app = new App();
  new AppService(new Chart(app, 'shop'), 'api', { selector: { app: 'api' }, ports: ['80:8080'] });
  return app;
}

describe('runApp and synthAndReport', () => {
  let dir: string;
  let text: string;
  const stderr = { write: (s: string): boolean => ((text += s), true) };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-run-app-'));
    text = '';
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exitCode = 0;
  });

  test('success: one summary line, status 0, the files written', () => {
    const outdir = path.join(dir, 'dist');
    expect(runApp(good, { outdir, stderr })).toBe(0);
    expect(process.exitCode).toBe(0);
    expect(text).toBe(`wrote ${path.relative(process.cwd(), outdir)}/ (1 file, 1 object, 1 Service)\n`);
    expect(fs.readdirSync(outdir)).toEqual(['shop.k8s.yaml']);
  });

  test('silenced warnings: --disable and the annotation leave them out and are counted in one line, as appsvc validate counts them', () => {
    const outdir = path.join(dir, 'dist');
    const hinted = (): App => {
      const app = new App();
      const chart = new Chart(app, 'shop');
      const hints = { 'service.kubernetes.io/topology-aware-hints': 'Auto' };
      new AppService(chart, 'api', { selector: { app: 'api' }, ports: ['80:8080'], annotations: hints });
      new AppService(chart, 'web', { selector: { app: 'web' }, ports: ['80:8080'], annotations: { ...hints, 'appsvc.dev/ignore': 'k8s/deprecated-topology-hints' } });
      return app;
    };
    const summary = `wrote ${path.relative(process.cwd(), outdir)}/ (1 file, 2 objects, 2 Services)`;
    expect(runApp(hinted, { outdir, stderr })).toBe(0);
    expect(text.split('\n')).toEqual([expect.stringMatching(/^\[shop\/api\] warning k8s\/deprecated-topology-hints: metadata\.annotations/), '1 warning silenced: k8s/deprecated-topology-hints 1', summary, '']);
    text = '';
    const seen: string[] = [];
    expect(runApp(hinted, { outdir, stderr, disable: ['k8s/deprecated-topology-hints'], onSilenced: (f) => seen.push(f.constructPath) })).toBe(0);
    expect(text).toBe(`2 warnings silenced: k8s/deprecated-topology-hints 2\n${summary.replace('wrote ', '').replace('/ (', '/ is up to date (')}\n`);
    expect(seen).toEqual(['shop/api', 'shop/web']);
  });

  test('.appsvc.yaml, found from configFrom (default: the working directory) upwards, silences as appsvc synth does; options win; a malformed file is one line, status 1', () => {
    const outdir = path.join(dir, 'dist');
    const hinted = (): App => {
      const app = new App();
      new AppService(new Chart(app, 'shop'), 'api', { selector: { app: 'api' }, ports: ['80:8080'], annotations: { 'service.kubernetes.io/topology-aware-hints': 'Auto' } });
      return app;
    };
    const project = path.join(dir, 'project');
    const below = path.join(project, 'charts', 'shop');
    fs.mkdirSync(below, { recursive: true });
    const config = path.join(project, '.appsvc.yaml');
    fs.writeFileSync(config, 'disable: [k8s/deprecated-topology-hints]\n');
    const lines = (): string[] => text.split('\n').filter((l) => l !== '').map((l) => l.replace(/^\[shop\/api\] warning .*/, 'WARNING').replace(/^(wrote .*|.*dist\/ is up to date .*)/, 'SUMMARY'));

    expect(runApp(hinted, { outdir, stderr, configFrom: below })).toBe(0);
    expect(lines()).toEqual(['1 warning silenced: k8s/deprecated-topology-hints 1', 'SUMMARY']);
    text = '';
    expect(runApp(hinted, { outdir, stderr, configFrom: below, enable: ['k8s/deprecated-topology-hints'] })).toBe(0);
    expect(lines()).toEqual(['WARNING', 'SUMMARY']);
    text = '';
    expect(runApp(hinted, { outdir, stderr, configFrom: false })).toBe(0);
    expect(lines()).toEqual(['WARNING', 'SUMMARY']);

    fs.writeFileSync(config, 'disable: k8s/deprecated-topology-hints\n');
    text = '';
    expect(runApp(hinted, { outdir, stderr, configFrom: below })).toBe(1);
    expect(text).toBe(`error: ${config}: disable: must be a list of rule ids\n`);
  });

  test('findings: printed once, no stack trace, status 1 (also as process.exitCode), nothing written', () => {
    const outdir = path.join(dir, 'dist');
    expect(runApp(broken, { outdir, stderr, debug: false })).toBe(1);
    expect(process.exitCode).toBe(1);
    expect(text).toBe(`synthesis failed with 1 error:\n${FINDING}\n`);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('an output directory that is not its own (a project): one line naming a file in it, status 1, nothing touched', () => {
    const project = path.join(dir, 'proj');
    fs.mkdirSync(path.join(project, '.git'), { recursive: true });
    fs.mkdirSync(path.join(project, 'src'));
    fs.writeFileSync(path.join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(project, 'README.md'), '# proj\n');
    fs.writeFileSync(path.join(project, 'src', 'main.ts'), 'export {};\n');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(runApp(good, { outdir: project, stderr, debug: false })).toBe(1);
    } finally {
      process.chdir(cwd);
    }
    expect(text).toBe(
      `refusing to replace "proj": "proj/README.md" is not output appsvc wrote (appsvc replaces only an empty directory or its own output); choose another output directory, or move the file away\n`,
    );
    expect(fs.readdirSync(project).sort()).toEqual(['.git', 'README.md', 'src']);
    expect(fs.readFileSync(path.join(project, 'src', 'main.ts'), 'utf8')).toBe('export {};\n');
    expect(fs.readdirSync(dir)).toEqual(['proj']);
  });

  test('an error thrown while building the app: one line, with the stack trace only when debugging', () => {
    const build = (): App => {
      throw new Error('no such chart');
    };
    expect(synthAndReport(build, { outdir: dir, stderr, debug: false })).toBe(1);
    expect(text).toBe('error: no such chart (run with --debug or APPSVC_DEBUG=1 for the stack trace)\n');
    text = '';
    expect(synthAndReport(build, { outdir: dir, stderr, debug: true })).toBe(1);
    expect(text.split('\n')[0]).toBe('error: no such chart');
    expect(text).toMatch(STACK_LINE);
  });

  test.each([
    [[], {}, false],
    [['--debug'], {}, true],
    [[], { APPSVC_DEBUG: '1' }, true],
    [[], { APPSVC_DEBUG: 'true' }, true],
    [[], { APPSVC_DEBUG: '0' }, false],
    [[], { APPSVC_DEBUG: '' }, false],
  ])('debugRequested(%j, %j) is %s', (argv, env, want) => {
    expect(debugRequested(['node', 'main.js', ...argv], env)).toBe(want);
  });
});

/** A user's project: node_modules/appsvc linked to this repository, as an install would have it. */
describe("a user's main.js, run by node and by the real cdk8s synth", () => {
  let project: string;

  beforeAll(async () => {
    await ensureBuilt();
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-user-app-'));
    fs.mkdirSync(path.join(project, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(project, 'node_modules', 'appsvc'), 'dir');
    for (const m of ['cdk8s', 'cdk8s-plus-28', 'constructs']) fs.symlinkSync(path.join(ROOT, 'node_modules', m), path.join(project, 'node_modules', m), 'dir');
    const app = (call: string): string =>
      [
        "const { App, Chart } = require('cdk8s');",
        "const { AppService, runApp, synthesizeOrExit } = require('appsvc');",
        'function build() {',
        '  const app = new App();',
        "  new AppService(new Chart(app, 'shop'), 'api', { ports: [process.env.PORT_SPEC || '80:abc:x'] });",
        '  return app;',
        '}',
        call,
        '',
      ].join('\n');
    fs.writeFileSync(path.join(project, 'main.js'), app('runApp(build);'));
    fs.writeFileSync(path.join(project, 'exit.js'), app("synthesizeOrExit(build());\nprocess.stderr.write('after synthesizeOrExit\\n');"));
  });
  afterAll(() => {
    fs.rmSync(project, { recursive: true, force: true });
  });

  function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CDK8S_') && k !== 'APPSVC_DEBUG') base[k] = v;
    const r = spawnSync(process.execPath, args, { cwd: project, env: { ...base, CDK8S_CHECK_UPGRADE: 'false', NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 60000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('node main.js: the findings once, no stack trace, exit 1; APPSVC_DEBUG=1 or --debug adds it', () => {
    expect(run(['main.js'])).toEqual({ status: 1, stdout: '', stderr: `synthesis failed with 1 error:\n${FINDING}\n` });
    for (const debug of [run(['main.js'], { APPSVC_DEBUG: '1' }), run(['main.js', '--debug'])]) {
      expect(debug.status).toBe(1);
      expect(debug.stderr.startsWith(`synthesis failed with 1 error:\n${FINDING}\nSynthError: synthesis failed`)).toBe(true);
      expect(debug.stderr).toMatch(STACK_LINE);
    }
  });

  test('node exit.js: synthesizeOrExit stops the process with 1 after the findings', () => {
    expect(run(['exit.js'])).toEqual({ status: 1, stdout: '', stderr: `synthesis failed with 1 error:\n${FINDING}\n` });
    const ok = run(['exit.js'], { PORT_SPEC: '80:8080' });
    expect(ok).toEqual({ status: 0, stdout: '', stderr: 'wrote dist/ (1 file, 1 object, 1 Service)\nafter synthesizeOrExit\n' });
  });

  test('cdk8s synth: the findings once and no stack trace from the app; cdk8s-cli exits 1', () => {
    fs.writeFileSync(path.join(project, 'cdk8s.yaml'), 'app: node main.js\n');
    const r = run([CDK8S, 'synth', '--no-check-upgrade']);
    expect(r.status).toBe(1);
    expect(r.stderr.split(FINDING)).toHaveLength(2);
    expect(r.stderr.startsWith(`synthesis failed with 1 error:\n${FINDING}\n`)).toBe(true);
    // What follows is cdk8s-cli's own report of the app's exit status (its stack frames are in
    // cdk8s-cli, not in the app).
    const after = r.stderr.slice(`synthesis failed with 1 error:\n${FINDING}\n`.length);
    expect(after.split('\n')[0]).toBe(`Error: command "node main.js " at ${fs.realpathSync(project)} returned a non-zero exit code 1`);
    expect(after).not.toContain('node_modules/appsvc');
    expect(after).not.toContain('/lib/src/');
    expect(after).not.toContain('SynthError');
  });

  test('the validation plugin as cdk8s.yaml shows it (a local path) loads without a registry download', () => {
    const documented = fs
      .readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')
      .split('\n')
      .filter((line) => /^# (validations:|  [- ] )/.test(line))
      .map((line) => line.slice(2));
    expect(documented).toEqual(['validations:', '  - package: ./node_modules/appsvc', '    version: 0.1.0', '    class: AppsvcValidation']);
    fs.writeFileSync(path.join(project, 'cdk8s.yaml'), ['app: node main.js', ...documented, ''].join('\n'));
    const r = run([CDK8S, 'synth', '--no-check-upgrade'], { PORT_SPEC: '80:8080' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('Installing validation plugin');
    expect(r.stdout).toContain(`Validation Report (${fs.realpathSync(project)}/node_modules/appsvc@0.1.0)`);
    expect(r.stdout).toContain('Validations ended succesfully');
  });
});
