import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LINT_RULES } from '../src/lint';
import { MANIFEST_RULES } from '../src/manifest/problems';
import { SERVICE_RULES } from '../src/validation';
import { docBlocks, runSequence, runShell, sandbox, sequence, sequenceNames, showsCommands } from './docs/doc-blocks';
import { ensureBuilt } from './support/build';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const RULES_PAGE = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');

describe('README', () => {
  test('is at most 20 KB', () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(20 * 1024);
  });

  test('gives the two commands a developer of appsvc runs', () => {
    expect(README).toContain('npm install && npm run synth');
    expect(README).toContain('npm test');
  });

  test('has an Install section and the three five-minute starts', () => {
    const headings = README.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(
      expect.arrayContaining([
        '## Install',
        '## Five-minute start: a TypeScript app',
        '## Five-minute start: a spec file, no TypeScript',
        '## Five-minute start: validate manifests in CI',
      ]),
    );
  });

  test('documents the exit statuses', () => {
    expect(README).toMatch(/\| 0 \| success \|/);
    expect(README).toMatch(/\| 1 \| invalid input/);
    expect(README).toMatch(/\| 2 \| usage error/);
  });
});

describe('docs/rules.md', () => {
  test.each([...SERVICE_RULES, ...LINT_RULES, ...MANIFEST_RULES].map((r) => [r.id]))('documents rule %s', (id) => {
    expect(RULES_PAGE).toContain(`\`${id}\``);
  });
});

/** A Deployment and the Service that selects it, as a chart or a kustomization would render them. */
const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1.0
          ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
`;

describe('README command sequences, each in a fresh directory', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 180000);

  test('every block that shows commands is run by a test or skipped with a reason', () => {
    const unmarked = docBlocks('README.md')
      .filter((b) => showsCommands(b) && (b.marker === undefined || b.badMarker !== undefined))
      .map((b) => `README.md:${b.line}`);
    expect(unmarked).toEqual([]);
    expect(sequenceNames('README.md')).toEqual(['start-ts', 'install-cli', 'install-ci', 'start-ts-failure', 'start-spec', 'start-validate', 'routes']);
  });

  test('start-spec: two services, a list, a synth; the invalid service is refused and the file keeps its bytes', () => {
    const box = sandbox(os.tmpdir());
    const [commands, refused] = sequence('README.md', 'start-spec');
    if (commands === undefined || refused === undefined) throw new Error('start-spec has two blocks');
    const [out] = runSequence(box, [commands]);
    const spec = fs.readFileSync(path.join(box.dir, 'appsvc.yaml'), 'utf8');
    expect(spec).toMatch(/- name: api\n/);
    expect(spec).toMatch(/- name: web\n/);
    expect(spec.match(/- name: /g)).toHaveLength(2);
    expect(out).toMatch(/^api +default +ClusterIP +80:8080\/TCP +app=api /m);
    expect(out).toMatch(/^web +default +LoadBalancer +80:http\/TCP +app=web /m);
    const written = fs.readdirSync(path.join(box.dir, 'dist'));
    expect(written).toHaveLength(1);
    expect(fs.readFileSync(path.join(box.dir, 'dist', written[0] ?? ''), 'utf8').match(/^kind: Service$/gm)).toHaveLength(2);
    runSequence(box, [refused]);
    expect(fs.readFileSync(path.join(box.dir, 'appsvc.yaml'), 'utf8')).toBe(spec);
  });

  test('start-validate: a directory, a helm template on stdin, a JSON report', () => {
    const box = sandbox(os.tmpdir());
    fs.mkdirSync(path.join(box.dir, 'manifests'));
    fs.writeFileSync(path.join(box.dir, 'manifests', 'web.yaml'), MANIFESTS);
    const rendered = path.join(box.dir, '..', `${path.basename(box.dir)}-helm.yaml`);
    fs.writeFileSync(rendered, MANIFESTS);
    runSequence(box, sequence('README.md', 'start-validate'), { FAKE_HELM_OUTPUT: rendered });
    const report = JSON.parse(fs.readFileSync(path.join(box.dir, 'report.json'), 'utf8')) as { ok: boolean; results: { file: string; kind: string }[] };
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => [r.file, r.kind])).toEqual([
      ['manifests/web.yaml', 'Deployment'],
      ['manifests/web.yaml', 'Service'],
    ]);
  });

  test('routes: the diagram README shows is what appsvc routes prints for the CI start\'s manifests', () => {
    const box = sandbox(os.tmpdir());
    fs.mkdirSync(path.join(box.dir, 'manifests'));
    fs.writeFileSync(path.join(box.dir, 'manifests', 'web.yaml'), MANIFESTS);
    const [command] = sequence('README.md', 'routes');
    if (command === undefined) throw new Error('routes has a command block');
    runSequence(box, [command]);
    // The diagram is the command's standard output; its summary line goes to standard error.
    const stdout = runShell(box, `${command.body.trim()} 2>/dev/null`);
    const diagram = docBlocks('README.md').find((b) => b.lang === 'mermaid');
    expect(diagram?.body).toBeDefined();
    expect(stdout).toEqual({ status: 0, output: diagram?.body });
  });
});
