import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from '../support/build';

/** The repository root. */
const ROOT = path.resolve(__dirname, '..', '..');
/** The CLI as users run it (relative to ROOT). */
const BIN = path.join('bin', 'appsvc.js');

/** What one run of the CLI printed and returned. */
interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly ms: number;
}

/** Runs `node <args>` in the repository root (no shell), feeding `input` to stdin. */
function runNode(args: readonly string[], input?: string | Buffer): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started }));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading everything
    child.stdin.end(input ?? '');
  });
}

/** Runs `appsvc validate <args>`. */
function validate(args: readonly string[], input?: string | Buffer): Promise<Run> {
  return runNode([BIN, 'validate', ...args], input);
}

const FIX = 'test/fixtures/validate';

interface JsonResult {
  file: string;
  index: number;
  apiVersion: string | null;
  kind: string | null;
  namespace: string | null;
  name: string | null;
  errors: Array<{ severity: string; type: string; field: string; value?: unknown; detail: string; message: string; rule?: string }>;
}

function parseReport(stdout: string): { ok: boolean; results: JsonResult[] } {
  return JSON.parse(stdout) as { ok: boolean; results: JsonResult[] };
}

let tmp: string;

beforeAll(async () => {
  await ensureBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-validate-'));
}, 300000);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('appsvc validate: exit status and output', () => {
  it('exits 0 for valid manifests, with nothing on stdout and a summary on stderr', async () => {
    const r = await validate([`${FIX}/service.yaml`]);
    expect([r.code, r.stdout, r.stderr]).toStrictEqual([0, '', '2 objects in 1 file: no errors\n']);
  });

  it('exits 1 and prints each finding with file, line and object', async () => {
    const r = await validate([`${FIX}/invalid-service.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `${FIX}/invalid-service.yaml:10: error k8s/port-range: Service "api" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`,
        `${FIX}/invalid-service.yaml:12: error k8s/port-name-required: Service "api" is invalid: spec.ports[1].name: Required value`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('1 object in 1 file: 2 errors\n');
  });

  it('--errors chooses what is reported where the API server stops at its first failure', async () => {
    const manifest = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  clusterIP: bogus', '  ports:', '  - name: Bad_Name', '    port: 80', ''].join('\n');
    const fields = async (mode: string): Promise<string[]> => {
      const r = await validate(['-o', 'json', '--errors', mode, '-'], manifest);
      expect(r.code).toBe(1);
      return parseReport(r.stdout).results[0]?.errors.map((e) => e.field) ?? [];
    };
    expect(await fields('default')).toStrictEqual(['spec.clusterIPs[0]', 'spec.ports[0].name']);
    expect(await fields('server')).toStrictEqual(['spec.clusterIPs[0]']);
    expect(await fields('all')).toStrictEqual(['spec.clusterIPs[0]', 'spec.ports[0].name']);
  });

  it('says how many errors a failed nodePort allocation hides, as the API server hides them', async () => {
    const manifest = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  type: NodePort', '  ports:', '  - name: Bad_Name', '    port: 80', '    nodePort: 8080', ''].join('\n');
    const r = await validate(['-'], manifest);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('<stdin>:10: error k8s/node-port-range: Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767\n');
    expect(r.stderr).toBe('1 object in 1 file: 1 error\n1 more error is hidden behind a nodePort that cannot be allocated, as the API server hides them; --errors all shows them\n');
    const all = await validate(['--errors', 'all', '-'], manifest);
    expect(all.stderr).toBe('1 object in 1 file: 2 errors\n');
  });

  it('passes warnings, and fails them with --strict', async () => {
    const plain = await validate([`${FIX}/warning.yaml`]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^test\/fixtures\/validate\/warning\.yaml:12: warning lint\/service-named-target-port: Service "metrics": spec\.ports\[0\]\.targetPort: no container /);
    const strict = await validate(['--strict', '-o', 'json', `${FIX}/warning.yaml`]);
    expect(strict.code).toBe(1);
    const report = parseReport(strict.stdout);
    expect(report.ok).toBe(false);
    expect(report.results[0]?.errors.map((e) => [e.severity, e.field])).toStrictEqual([['error', 'spec.ports[0].targetPort']]);
  });

  it('prints the -o json contract, files named as given, one result per object in input order', async () => {
    const input = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'validate', 'service.yaml'));
    const r = await validate(['-o', 'json', `${FIX}/list.json`, `${FIX}/dir/`, '-', `./${FIX}/invalid-service.yaml`], input);
    expect(r.code).toBe(1);
    const report = parseReport(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.results.map((x) => [x.file, x.index, x.apiVersion, x.kind, x.namespace, x.name])).toStrictEqual([
      [`${FIX}/list.json`, 0, 'v1', 'Service', null, 'one'],
      [`${FIX}/list.json`, 1, 'v1', 'ConfigMap', null, 'settings'],
      [`${FIX}/dir/a.yaml`, 0, 'v1', 'ConfigMap', null, 'a'],
      [`${FIX}/dir/c.json`, 0, 'v1', 'ConfigMap', null, 'c'],
      [`${FIX}/dir/sub/b.yml`, 0, 'v1', 'ConfigMap', null, 'b'],
      ['-', 0, 'v1', 'Service', 'shop', 'web'],
      ['-', 1, 'apps/v1', 'Deployment', 'shop', 'web'],
      [`./${FIX}/invalid-service.yaml`, 0, 'v1', 'Service', null, 'api'],
    ]);
    expect(report.results[0]?.errors[0]).toStrictEqual({
      severity: 'error',
      type: 'FieldValueInvalid',
      field: 'spec.ports[0].port',
      value: 70000,
      detail: 'must be between 1 and 65535, inclusive',
      message: 'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      rule: 'k8s/port-range',
    });
    for (const result of report.results) {
      expect(Object.keys(result)).toStrictEqual(['file', 'index', 'apiVersion', 'kind', 'namespace', 'name', 'errors']);
    }
    expect(report.results.slice(1, 7).map((x) => x.errors)).toStrictEqual([[], [], [], [], [], []]);
    expect(r.stderr).toBe('8 objects in 6 files: 4 errors\n');
  });

  it('reads a directory without a trailing slash, and stdin alone', async () => {
    const dir = await validate(['-o', 'json', `${FIX}/dir`]);
    expect(parseReport(dir.stdout).results.map((x) => x.file)).toStrictEqual([`${FIX}/dir/a.yaml`, `${FIX}/dir/c.json`, `${FIX}/dir/sub/b.yml`]);
    const stdin = await validate(['-'], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - port: 0\n');
    expect([stdin.code, stdin.stdout]).toStrictEqual([
      1,
      '<stdin>:7: error k8s/port-range: Service "s" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n' +
        '<stdin>:7: error k8s/target-port: Service "s" is invalid: spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive\n',
    ]);
  });

  it('writes SARIF 2.1.0 with rules and locations', async () => {
    const r = await validate(['-o', 'sarif', `${FIX}/invalid-service.yaml`]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as {
      version: string;
      $schema: string;
      runs: Array<{ tool: { driver: { name: string; version: string; rules: Array<{ id: string; shortDescription: { text: string } }> } }; results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }> }>;
    };
    expect([log.version, log.$schema]).toStrictEqual(['2.1.0', 'https://json.schemastore.org/sarif-2.1.0.json']);
    const run = log.runs[0];
    expect(run?.tool.driver.name).toBe('appsvc');
    expect(run?.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(run?.results.map((x) => [x.ruleId, run.tool.driver.rules[x.ruleIndex]?.id, x.level, x.locations[0]?.physicalLocation.artifactLocation.uri, x.locations[0]?.physicalLocation.region?.startLine])).toStrictEqual([
      ['k8s/port-range', 'k8s/port-range', 'error', `${FIX}/invalid-service.yaml`, 10],
      [expect.any(String), expect.any(String), 'error', `${FIX}/invalid-service.yaml`, 12],
    ]);
    for (const rule of run?.tool.driver.rules ?? []) expect(rule.shortDescription.text.length).toBeGreaterThan(0);
  });
});

describe('appsvc validate: usage errors exit 2', () => {
  it.each([
    ['no inputs', [], "error: missing required argument 'inputs'"],
    ['an unknown option', ['--bogus', 'x.yaml'], "error: unknown option '--bogus'"],
    ['a bad -o value', ['-o', 'xml', 'x.yaml'], "error: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are text, json, sarif."],
    ['a bad --profile', ['--profile', 'gke', 'x.yaml'], "error: option '--profile <profile>' argument 'gke' is invalid. Allowed choices are kubernetes, cce."],
    ['a bad --node-port-range', ['--node-port-range', '32767-30000', 'x.yaml'], "error: option '--node-port-range <min-max>' argument '32767-30000' is invalid."],
  ])('%s', async (_name, args, message) => {
    const r = await validate(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(message)).toBe(true);
  });

  it('prints help with examples, exit 0', async () => {
    const r = await validate(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: appsvc validate [options] <inputs...>');
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('$ kustomize build overlays/prod | appsvc validate -');
  });
});

describe('appsvc validate: input that cannot be read', () => {
  /** Runs on one input and checks: exit 1, one error line naming the file and the rule, no stack trace, quick. */
  async function expectOneLineError(file: string, line: string | RegExp, extra: readonly string[] = []): Promise<void> {
    const r = await validate([...extra, file]);
    expect(r.code).toBe(1);
    const [first, ...others] = r.stderr.split('\n');
    if (typeof line === 'string') expect(first).toBe(line);
    else expect(first).toMatch(line);
    expect(others).toStrictEqual(['0 objects in 1 file: 1 error', '']);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.ms).toBeLessThan(10000);
    const json = await validate(['-o', 'json', ...extra, file]);
    expect(json.code).toBe(1);
    const report = parseReport(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ file, index: 0, apiVersion: null, kind: null, namespace: null, name: null });
    expect(report.results[0]?.errors.map((e) => [e.severity, e.type, e.field])).toStrictEqual([['error', 'FieldValueInvalid', '']]);
  }

  it.each([
    ['bad/tabs.yaml', ':4:1: error manifest/syntax: YAML syntax error: Tabs are not allowed as indentation'],
    ['bad/unclosed-quote.yaml', ':4:9: error manifest/syntax: YAML syntax error: Missing closing "quote'],
    ['bad/bad-indent.yaml', ':5:1: error manifest/syntax: YAML syntax error: All mapping items must start at the same column'],
    ['bad/empty.yaml', ': error manifest/no-objects: no Kubernetes objects in the file (it is empty or holds only comments and ---)'],
    ['bad/only-separators.yaml', ': error manifest/no-objects: no Kubernetes objects in the file (it is empty or holds only comments and ---)'],
    ['bad/list-document.yaml', ':1: error manifest/not-an-object: not a Kubernetes object: the document is a list'],
    ['bad/scalar-document.yaml', ':1: error manifest/not-an-object: not a Kubernetes object: the document is a string ("just some text")'],
    ['bad/alias-bomb.yaml', ':5:26: error manifest/excessive-aliasing: document contains excessive aliasing (an alias bomb?)'],
    ['missing.yaml', ': error manifest/unreadable: no such file or directory'],
  ])('%s', async (name, rest) => {
    await expectOneLineError(`${FIX}/${name}`, `${FIX}/${name}${rest}`);
  });

  it('a directory without manifests', async () => {
    const dir = path.join(tmp, 'no-manifests');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'README.md'), '# nothing here\n');
    await expectOneLineError(dir, `${dir}: error manifest/no-manifests: no .yaml, .yml, .json files in the directory`);
  });

  it('binary data', async () => {
    const file = path.join(tmp, 'image.yaml');
    fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    await expectOneLineError(file, `${file}:3:1: error manifest/encoding: binary data (a NUL byte): not a YAML or JSON manifest`);
  });

  it('invalid UTF-8', async () => {
    const file = path.join(tmp, 'latin1.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  x: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    await expectOneLineError(file, `${file}:4:9: error manifest/encoding: invalid UTF-8 (byte 0xe9)`);
  });

  it('10,000 levels of nesting', async () => {
    const file = path.join(tmp, 'deep.yaml');
    fs.writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(10000)}${']'.repeat(10000)}\n`);
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expectOneLineError(file, new RegExp(`^${escaped}:3:\\d+: error manifest/too-deep: mappings and sequences are nested more than 256 levels deep$`));
  });

  it('a 70 MB file, refused before it is read', async () => {
    const file = path.join(tmp, 'huge.yaml');
    const fd = fs.openSync(file, 'w');
    const chunk = Buffer.from('# padding padding padding padding padding padding padding padding\n'.repeat(16384));
    for (let written = 0; written < 70 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const size = fs.statSync(file).size;
    await expectOneLineError(file, `${file}: error manifest/too-large: file is too large: ${(size / 1048576).toFixed(1)} MiB (the limit is 64 MiB)`);
  });

  it('a 70 MB stdin, refused', async () => {
    const r = await validate(['-'], Buffer.alloc(70 * 1024 * 1024, 0x20));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('<stdin>: error manifest/too-large: input is too large: more than 64 MiB\n0 objects in 1 file: 1 error\n');
    expect(r.ms).toBeLessThan(10000);
  });

  it('keeps validating the other inputs', async () => {
    const r = await validate(['-o', 'json', `${FIX}/bad/tabs.yaml`, `${FIX}/service.yaml`]);
    expect(r.code).toBe(1);
    expect(parseReport(r.stdout).results.map((x) => [x.file, x.kind, x.errors.length])).toStrictEqual([
      [`${FIX}/bad/tabs.yaml`, null, 1],
      [`${FIX}/service.yaml`, 'Service', 0],
      [`${FIX}/service.yaml`, 'Deployment', 0],
    ]);
    expect(r.stderr).toBe(`${FIX}/bad/tabs.yaml:4:1: error manifest/syntax: YAML syntax error: Tabs are not allowed as indentation\n2 objects in 2 files: 1 error\n`);
  });
});

describe('appsvc validate: what it loads', () => {
  it('never loads cdk8s, cdk8s-plus or constructs', async () => {
    const script = `
      const { main } = require('./lib/src/cli/main.js');
      const out = process.stdout.write.bind(process.stdout);
      process.stdout.write = () => true;
      main(['validate', '-o', 'json', '${FIX}/service.yaml', '${FIX}/invalid-service.yaml', '${FIX}/list.json']).then((code) => {
        const loaded = Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/](cdk8s[^\\\\/]*|constructs)[\\\\/]/.test(f));
        const ours = Object.keys(require.cache).filter((f) => f.includes('/lib/src/')).map((f) => f.slice(f.indexOf('/lib/src/') + 9));
        out(JSON.stringify({ code, loaded, validation: ours.includes('validation/index.js'), lint: ours.includes('lint/index.js') }));
      });`;
    const r = await runNode(['-e', script]);
    expect(JSON.parse(r.stdout)).toStrictEqual({ code: 1, loaded: [], validation: true, lint: true });
  });
});
