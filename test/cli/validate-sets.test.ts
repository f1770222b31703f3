import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from '../support/build';

/** The CLI as users run it. */
const BIN = path.resolve(__dirname, '..', '..', 'bin', 'appsvc.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `appsvc validate <args>` in `cwd` (no shell), feeding `input` to stdin. */
function validate(cwd: string, args: readonly string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'validate', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** The Service and Deployment one cluster's output directory holds. */
const API = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1
          ports:
            - name: http
              containerPort: 8080
`;

/** A Service whose selector matches nothing in its set. */
const ORPHAN = `apiVersion: v1
kind: Service
metadata:
  name: orphan
  namespace: shop
spec:
  selector:
    app: nothing
  ports:
    - port: 80
`;

let tmp: string;

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  await ensureBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-sets-'));
  write('dist/eu-1/shop.k8s.yaml', API);
  write('dist/us-1/shop.k8s.yaml', API);
  write('variants/a.yaml', API);
  write('variants/b.yaml', API);
  write('orphan/all.yaml', `${API}---\n${ORPHAN}`);
}, 300000);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('appsvc validate: sets of objects applied together', () => {
  it('each subdirectory is its own set: per-cluster output never collides', async () => {
    const r = await validate(tmp, ['dist/']);
    expect([r.code, r.stdout, r.stderr]).toStrictEqual([0, '', '4 objects in 2 files: no errors\n']);
  });

  it('--one-set merges every input into one set', async () => {
    const r = await validate(tmp, ['--one-set', 'dist/']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'dist/us-1/shop.k8s.yaml:4: warning lint/service-name-unique: Service "api": metadata.name: Service "shop/api" is defined twice in the set (first as object 1); the one applied second replaces the first\n',
    );
    expect((await validate(tmp, ['--one-set', '--strict', 'dist/'])).code).toBe(1);
  });

  it('the files of one directory are one set; files given one by one are sets of their own', async () => {
    const dir = await validate(tmp, ['variants']);
    expect(dir.stdout).toMatch(/^variants\/b\.yaml:4: warning lint\/service-name-unique: /);
    expect(dir.code).toBe(0);
    const files = await validate(tmp, ['variants/a.yaml', 'variants/b.yaml']);
    expect([files.code, files.stdout]).toStrictEqual([0, '']);
  });

  it('standard input is a set of its own', async () => {
    const r = await validate(tmp, ['-', 'variants/a.yaml'], API);
    expect([r.code, r.stdout]).toStrictEqual([0, '']);
    const merged = await validate(tmp, ['--one-set', '-', 'variants/a.yaml'], API);
    expect(merged.stdout).toMatch(/^variants\/a\.yaml:4: warning lint\/service-name-unique: /);
  });

  it('a workload in another file of the same directory counts; one in a file given apart does not', async () => {
    write('split/deploy.yaml', API.split('---\n')[1] ?? '');
    write('split/svc.yaml', API.split('---\n')[0] ?? '');
    expect((await validate(tmp, ['split'])).stdout).toBe('');
    // The Service alone: its set holds no workload, so nothing can be said.
    expect((await validate(tmp, ['split/svc.yaml'])).stdout).toBe('');
  });
});

describe('appsvc validate: severity, silencing and counts', () => {
  it('appsvc\'s own findings are warnings with their rule id, failing only with --strict', async () => {
    const r = await validate(tmp, ['orphan']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'orphan/all.yaml:41: warning lint/service-selector-matches-no-pods: Service "orphan": spec.selector: selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "shop" of the set has the labels app=nothing\n',
    );
    expect(r.stderr).toBe('3 objects in 1 file: 1 warning\n');
    const strict = await validate(tmp, ['--strict', 'orphan']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^orphan\/all\.yaml:41: error lint\/service-selector-matches-no-pods: Service "orphan": spec\.selector: selects no pods/);
  });

  it('--disable silences a rule and counts it on stderr; --enable runs a rule that is off by default', async () => {
    const r = await validate(tmp, ['--strict', '--disable', 'lint/service-selector-matches-no-pods', 'orphan']);
    expect([r.code, r.stdout, r.stderr]).toStrictEqual([0, '', '1 warning silenced: lint/service-selector-matches-no-pods 1\n3 objects in 1 file: no errors\n']);
    write('numeric/all.yaml', API.replace('targetPort: http', 'targetPort: 9000'));
    expect((await validate(tmp, ['numeric'])).stdout).toBe('');
    const on = await validate(tmp, ['--enable', 'lint/service-numeric-target-port', 'numeric']);
    expect(on.stdout).toBe(
      'numeric/all.yaml:12: warning lint/service-numeric-target-port: Service "api": spec.ports[0].targetPort: no container of the selected pods (Deployment "api") declares containerPort 9000/TCP; declared: 8080/TCP\n',
    );
  });

  it('an unknown rule is a usage error', async () => {
    const r = await validate(tmp, ['--disable', 'lint/no-such-rule', 'orphan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown rule "lint/no-such-rule" (rule ids: docs/rules.md)\n');
  });

  it('the annotation appsvc.dev/ignore silences rules for one object', async () => {
    write('annotated/all.yaml', `${API}---\n${ORPHAN.replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    appsvc.dev/ignore: lint/service-selector-matches-no-pods\n')}`);
    const r = await validate(tmp, ['--strict', 'annotated']);
    expect([r.code, r.stdout, r.stderr]).toStrictEqual([0, '', '1 warning silenced: lint/service-selector-matches-no-pods 1\n3 objects in 1 file: no errors\n']);
  });

  it('reads .appsvc.yaml from the working directory or above; the flags win over it', async () => {
    const project = path.join(tmp, 'project');
    write('project/.appsvc.yaml', '# rules for this repository\ndisable:\n  - lint/service-selector-matches-no-pods\n');
    write('project/deploy/orphan.yaml', ORPHAN);
    write('project/deploy/api.yaml', API);
    const below = path.join(project, 'deploy');
    const r = await validate(below, ['--strict', '.']);
    expect([r.code, r.stdout]).toStrictEqual([0, '']);
    expect(r.stderr).toBe('1 warning silenced: lint/service-selector-matches-no-pods 1\n3 objects in 2 files: no errors\n');
    expect((await validate(below, ['--strict', '--enable', 'lint/service-selector-matches-no-pods', '.'])).code).toBe(1);
  });

  it('a malformed config file is a one-line error naming the file and the field', async () => {
    write('broken/.appsvc.yaml', 'disable: [lint/nope]\nstrict: true\n');
    write('broken/svc.yaml', ORPHAN);
    const r = await validate(path.join(tmp, 'broken'), ['svc.yaml']);
    expect(r.code).toBe(1);
    const file = path.join(fs.realpathSync(path.join(tmp, 'broken')), '.appsvc.yaml');
    expect(r.stderr).toBe(`error: ${file}: strict: unknown key (supported: enable, disable); ${file}: disable[0]: unknown rule "lint/nope"\n`);
  });

  it('a big run ends with a count per rule', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ORPHAN.replace('name: orphan', `name: orphan-${i}`)).join('---\n');
    write('big/all.yaml', `${API}---\n${many}`);
    const r = await validate(tmp, ['big']);
    expect(r.stdout.split('\n').filter((l) => l !== '')).toHaveLength(12);
    expect(r.stderr).toBe('findings per rule:\n  12 warning lint/service-selector-matches-no-pods\n14 objects in 1 file: 12 warnings\n');
  });
});
