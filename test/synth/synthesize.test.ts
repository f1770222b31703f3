import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { AppService } from '../../src/constructs/app-service';
import { synthesize, SynthError, synthToFiles } from '../../src/synth/synthesize';

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-synth-'));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function validApp(): App {
  const app = new App();
  const chart = new Chart(app, 'example');
  new AppService(chart, 'api', { ports: ['80:8080'] });
  return app;
}

function invalidApp(): App {
  const app = new App();
  const chart = new Chart(app, 'example');
  new AppService(chart, 'api', { ports: ['80:abc:x', '81:'] });
  new AppService(chart, 'web', { ports: ['http'] });
  return app;
}

describe('synthesize', () => {
  test('writes one file per chart, named as cdk8s names them', () => {
    const outdir = path.join(root, 'dist');
    const result = synthesize(validApp(), { outdir });
    expect(result.outdir).toBe(outdir);
    expect(result.changed).toBe(true);
    expect(fs.readdirSync(outdir)).toEqual(['example.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'example.k8s.yaml'), 'utf8')).toBe(
      ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: api', 'spec:', '  ports:', '    - port: 80', '      targetPort: 8080', '  type: ClusterIP', ''].join('\n'),
    );
    expect(synthesize(validApp(), { outdir }).changed).toBe(false);
  });

  test('defaults to CDK8S_OUTDIR', () => {
    const outdir = path.join(root, 'from-env');
    const saved = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      expect(synthesize(validApp()).outdir).toBe(outdir);
    } finally {
      if (saved === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = saved;
    }
    expect(fs.readdirSync(outdir)).toEqual(['example.k8s.yaml']);
  });

  test('a failed synthesis reports every error at once and leaves the directory byte-identical', () => {
    const outdir = path.join(root, 'dist');
    synthesize(validApp(), { outdir });
    fs.writeFileSync(path.join(outdir, 'hand-made.txt'), 'keep me');
    const before = new Map(fs.readdirSync(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f))]));

    let caught: unknown;
    try {
      synthesize(invalidApp(), { outdir });
    } catch (err: unknown) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SynthError);
    const error = caught as SynthError;
    expect(error.message).toBe(
      [
        'synthesis failed with 3 errors:',
        '[example/api] spec.ports[0]: Invalid value: "80:abc:x": has 2 ":" separators; expected PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"',
        '[example/api] spec.ports[1]: Invalid value: "81:": the targetPort after ":" must not be empty',
        '[example/web] spec.ports[0]: Invalid value: "http": port "http" must be a number; expected PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"',
      ].join('\n'),
    );
    expect(error.findings.map((f) => [f.constructPath, f.finding.field])).toEqual([
      ['example/api', 'spec.ports[0]'],
      ['example/api', 'spec.ports[1]'],
      ['example/web', 'spec.ports[0]'],
    ]);
    const after = new Map(fs.readdirSync(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f))]));
    expect(after).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['dist']);
  });

  test('construct validation errors are reported as findings too', () => {
    const app = validApp();
    app.node.findChild('example').node.addValidation({ validate: () => ['chart is incomplete'] });
    expect(() => synthToFiles(app)).toThrow(SynthError);
    expect(() => synthToFiles(app)).toThrow('synthesis failed with 1 error:\n[example] chart is incomplete');
  });

  test('construct-metadata.json when asked, as cdk8s writes it', () => {
    const files = synthToFiles(validApp(), { recordConstructMetadata: true });
    expect([...files.keys()]).toEqual(['example.k8s.yaml', 'construct-metadata.json']);
    expect(JSON.parse(files.get('construct-metadata.json') ?? '')).toEqual({ version: '1.0.0', resources: { api: { path: 'example/api' } } });
  });
});
