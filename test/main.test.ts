import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { AppService } from '../src/constructs/app-service';
import { buildExampleApp, ExampleChart, main } from '../src/main';
import { synthToFiles } from '../src/synth/synthesize';
import { synthChart } from '../src/testing';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** Every file under `dir` (relative path → bytes). */
function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (abs: string, rel: string): void => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else files.set(r, fs.readFileSync(path.join(abs, e.name)));
    }
  };
  walk(dir, '');
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

function expected(): Map<string, Buffer> {
  const files = synthToFiles(buildExampleApp(new App()), { recordConstructMetadata: false });
  return new Map([...files].map(([f, s]): [string, Buffer] => [f, Buffer.from(s, 'utf8')]).sort(([a], [b]) => a.localeCompare(b)));
}

describe('the example app', () => {
  test('golden manifests', () => {
    const chart = new ExampleChart(Testing.app(), 'example');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('passes validation: the validated manifests are the ones cdk8s renders', () => {
    const app = Testing.app();
    const chart = new ExampleChart(app, 'example');
    expect(synthChart(chart)).toEqual(Testing.synth(chart));
  });

  test('covers each kind of Service', () => {
    const specs = synthChart(new ExampleChart(Testing.app(), 'example'))
      .filter((m) => m.kind === 'Service')
      .map((m) => [m.metadata.name, m['spec']] as const);
    const byName = new Map(specs);
    expect([...byName.keys()]).toEqual(['api', 'gateway', 'db', 'admin', 'public', 'billing']);
    expect(byName.get('api')).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 'http' }] });
    expect(byName.get('gateway')).toMatchObject({ ports: [{ name: 'http' }, { name: 'https' }, { name: 'metrics' }] });
    expect(byName.get('db')).toMatchObject({ clusterIP: 'None' });
    expect(byName.get('admin')).toMatchObject({ type: 'NodePort', ports: [{ nodePort: 30080 }] });
    expect(byName.get('public')).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerSourceRanges: ['203.0.113.0/24', '198.51.100.0/24'] });
    expect(byName.get('billing')).toEqual({ type: 'ExternalName', externalName: 'billing.payments.example.com' });
  });

  test('dist/ is up to date with src/ (run `npm run synth` and commit dist/ when this fails)', () => {
    expect(fs.existsSync(DIST)).toBe(true);
    const want = expected();
    const have = readTree(DIST);
    expect([...have.keys()]).toEqual([...want.keys()]);
    for (const [file, bytes] of want) {
      expect(`${file}:\n${have.get(file)?.toString('utf8')}`).toBe(`${file}:\n${bytes.toString('utf8')}`);
    }
  });
});

describe('main', () => {
  let root: string;
  let saved: string | undefined;
  let stderr: string;
  let spy: jest.SpyInstance;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-main-'));
    saved = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = path.join(root, 'dist');
    stderr = '';
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    });
  });

  afterEach(() => {
    spy.mockRestore();
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('writes the example into CDK8S_OUTDIR and returns 0', () => {
    expect(main()).toBe(0);
    expect(readTree(path.join(root, 'dist'))).toEqual(expected());
    const dir = path.relative(process.cwd(), path.join(root, 'dist'));
    expect(stderr).toBe(`wrote ${dir}/ (1 file, 9 objects, 6 Services)\n`);
    stderr = '';
    expect(main()).toBe(0);
    expect(stderr).toBe(`${dir}/ is up to date (1 file, 9 objects, 6 Services)\n`);
  });

  test('on errors: prints every finding to stderr, returns 1, leaves the output as it was', () => {
    expect(main()).toBe(0);
    const before = readTree(path.join(root, 'dist'));
    stderr = '';
    const status = main(() => {
      const app = new App();
      new AppService(new Chart(app, 'example'), 'api', { ports: ['80:abc:x'] });
      return app;
    });
    expect(status).toBe(1);
    expect(stderr).toBe(
      'synthesis failed with 1 error:\n[example/api] spec.ports[0]: Invalid value: "80:abc:x": has 2 ":" separators; expected PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"\n',
    );
    expect(readTree(path.join(root, 'dist'))).toEqual(before);
  });
});

describe('the cdk8s CLI', () => {
  test('`cdk8s synth --no-check-upgrade` writes the same files as `npm run synth`', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-cli-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', NO_COLOR: '1' };
      delete env['CDK8S_OUTDIR'];
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade', '-o', outdir], { cwd: ROOT, env, stdio: 'pipe' });
      expect(readTree(outdir)).toEqual(expected());

      // The compiled entry point, as `npm run synth` runs it, writes the same files.
      const again = path.join(outdir, 'again');
      const run = spawnSync(process.execPath, [path.join(ROOT, 'lib/src/main.js')], { cwd: ROOT, env: { ...env, CDK8S_OUTDIR: again }, encoding: 'utf8' });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: `wrote ${path.relative(ROOT, again)}/ (1 file, 9 objects, 6 Services)\n` });
      expect(readTree(again)).toEqual(expected());
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
