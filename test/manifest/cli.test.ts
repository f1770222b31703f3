import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, runCli, tempDir } from '../reliability/harness';

/**
 * Reading as kubectl reads, through the built CLI (`appsvc validate`). kubectl's behaviour on each
 * input was recorded with kubectl v1.32.4 (`kubectl annotate --local -o json -f F x=y`, and
 * `kubectl create --dry-run=client --validate=false -o name -f F` for directories), as noted per test.
 */

let work: string;

beforeAll(async () => {
  work = tempDir('appsvc-reading-');
  await ensureBuilt();
}, 180000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';

interface JsonReport {
  readonly ok: boolean;
  readonly results: ReadonlyArray<{ readonly file: string; readonly errors: ReadonlyArray<{ readonly severity: string; readonly field: string; readonly rule?: string; readonly message: string }> }>;
}

function write(name: string, text: string): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe('appsvc validate reads as kubectl does', () => {
  it('skips an empty or comment-only file inside a directory, with a note on stderr', async () => {
    // kubectl: `create -f DIR` goes past both files to svc.yaml.
    const dir = path.join(work, 'set');
    write('set/empty.yaml', '');
    write('set/notes.yaml', '# nothing deployed here yet\n---\n');
    write('set/svc.yaml', SERVICE);
    const run = await runCli(['validate', '-o', 'json', dir]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results.map((r) => path.basename(r.file))).toStrictEqual(['svc.yaml']);
    const notes = run.stderr.split('\n').filter((l) => l.includes('skipped'));
    expect(notes).toStrictEqual([
      `${path.join(dir, 'empty.yaml')}: skipped: no Kubernetes objects (the file is empty or holds only comments and ---)`,
      `${path.join(dir, 'notes.yaml')}: skipped: no Kubernetes objects (the file is empty or holds only comments and ---)`,
    ]);
  });

  it('refuses a comment-only file named explicitly', async () => {
    // kubectl: `create -f notes.yaml` says `error: no objects passed to create`.
    const file = write('alone/notes.yaml', '# nothing\n');
    const run = await runCli(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${file}: error manifest/no-objects: no Kubernetes objects in the file (it is empty or holds only comments and ---)\n0 objects in 1 file: 1 error\n`);
  });

  it('warns about a duplicate key (kubectl keeps the last value) and passes unless --strict', async () => {
    // kubectl: prints spec.ports [{"port": 8080}], no warning.
    const file = write('dup.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      port: 8080\n');
    const run = await runCli(['validate', '-o', 'json', file]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results[0]?.errors.map((e) => [e.severity, e.rule, e.message])).toStrictEqual([
      ['warning', 'manifest/duplicate-key', 'spec.ports[0].port: key "port" is set twice, at lines 9 and 10: kubectl keeps the value of line 10 and drops the other'],
    ]);
    const strict = await runCli(['validate', '--strict', file]);
    expect(strict.code).toBe(1);
  });

  it('reads a quoted annotation continued at the parent key indentation', async () => {
    // kubectl: metadata.annotations {"description": "a Service for the web tier"}.
    const file = write('quoted.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    description: "a Service\n  for the web tier"\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n');
    const run = await runCli(['validate', '-o', 'json', file]);
    expect(run.stderr).toBe('1 object in 1 file: no errors\n');
    expect(run.code).toBe(0);
  });
});
