import { App, Chart } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { AppService } from '../../src/constructs/app-service';
import { runKubectl } from '../../src/kubectl/runner';
import { parseManifests } from '../../src/manifest/parse';
import { loadSpecText, SpecError } from '../../src/spec/load';
import { synthesize, synthToFiles } from '../../src/synth/synthesize';
import { checkOutputPaths, OutputPathError, writeDirAtomic } from '../../src/synth/write';
import { ensureBuilt, lines, runCli, snapshotTree, stackLines, tempDir } from './harness';

/**
 * Nothing a user, a spec file or a manifest says is ever run, and nothing is written outside the
 * output directory: kubectl gets its arguments as a list (no shell), output paths that would leave
 * the output directory are refused, and YAML tags construct nothing.
 */

const scratch: string[] = [];
function workDir(): string {
  const dir = tempDir('appsvc-safety-');
  scratch.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A kubectl stand-in: appends its argument list (one JSON array per line) to `$ARGV_LOG` and
 * exits 0. It runs nothing itself.
 */
function writeStandIn(dir: string): string {
  const file = path.join(dir, 'kubectl');
  fs.writeFileSync(file, `#!${process.execPath}\nrequire('fs').appendFileSync(process.env.ARGV_LOG, JSON.stringify(process.argv.slice(2)) + '\\n');\n`, { mode: 0o755 });
  return file;
}

function recorded(log: string): string[][] {
  return fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as string[])
    : [];
}

describe('kubectl runs without a shell', () => {
  test('shell syntax in arguments reaches kubectl literally and runs nothing', async () => {
    const dir = workDir();
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, 'keep-me'), 'still here\n');
    const kubectl = writeStandIn(dir);
    const log = path.join(dir, 'argv.log');
    const pwned = (what: string): string => path.join(dir, `pwned-${what}`);
    const hostile = [
      'a;rm -rf ~',
      '$(id)',
      '`id`',
      `x; touch ${pwned('semicolon')}`,
      `$(touch ${pwned('substitution')})`,
      `\`touch ${pwned('backtick')}\``,
      `a && touch ${pwned('and')}`,
      `a | touch ${pwned('pipe')}`,
      `'; touch ${pwned('quote')}; '`,
      `--context=$(touch ${pwned('flag')})`,
      `> ${pwned('redirect')}`,
      '*',
      '~',
      '$HOME',
      'line\nbreak',
    ];
    const r = await runKubectl(kubectl, ['apply', ...hostile], { env: { ...process.env, ARGV_LOG: log, HOME: home }, captureStdout: true });
    expect(r).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    expect(recorded(log)).toEqual([['apply', ...hostile]]);
    expect(fs.readdirSync(dir).sort()).toEqual(['argv.log', 'home', 'kubectl']);
    expect(fs.readdirSync(home)).toEqual(['keep-me']);
  });

  test('a kubectl path with shell syntax is a file name that does not exist, not a command line', async () => {
    const dir = workDir();
    const kubectl = writeStandIn(dir);
    const sentinel = path.join(dir, 'pwned');
    await expect(runKubectl(`${kubectl}; touch ${sentinel}`, ['version'], { env: { ...process.env, ARGV_LOG: path.join(dir, 'argv.log') } })).rejects.toMatchObject({ name: 'KubectlNotFoundError' });
    await expect(runKubectl(`$(touch ${sentinel})`, ['version'])).rejects.toMatchObject({ name: 'KubectlNotFoundError' });
    expect(fs.existsSync(sentinel)).toBe(false);
  });

  test('appsvc diff passes a hostile --context to kubectl as one literal argument (built CLI)', async () => {
    await ensureBuilt();
    const dir = workDir();
    const kubectl = writeStandIn(dir);
    const log = path.join(dir, 'argv.log');
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n');
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, 'keep-me'), 'still here\n');
    const context = `$(touch ${path.join(dir, 'pwned')}); a;rm -rf ~`;
    const run = await runCli(['diff', '--file', 'appsvc.yaml', '--out', 'dist', '--kubectl', kubectl, '--context', context], { cwd: dir, env: { ARGV_LOG: log, HOME: home } });
    expect({ code: run.code, stack: stackLines(run.stderr) }).toEqual({ code: 0, stack: [] });
    const calls = recorded(log);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.filter((a) => a.startsWith('--context'))).toEqual([`--context=${context}`]);
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['appsvc.k8s.yaml']);
    expect(fs.readdirSync(home)).toEqual(['keep-me']);
  });
});

describe('output paths stay inside the output directory', () => {
  test.each([
    ['../escape.yaml', '".." would leave the output directory'],
    ['a/../../escape.yaml', '".." would leave the output directory'],
    ['..', '".." would leave the output directory'],
    ['/etc/escape.yaml', 'the path is absolute'],
    ['C:\\escape.yaml', 'use "/" to separate directories'],
    ['C:/escape.yaml', 'the path is absolute'],
    ['a\\..\\..\\escape.yaml', 'use "/" to separate directories'],
    ['', 'the path is empty'],
    ['a//b.yaml', 'the path has an empty or "." segment'],
    ['./a.yaml', 'the path has an empty or "." segment'],
    ['a\0b.yaml', 'the path contains a NUL character'],
  ])('%j is refused and nothing is written', (bad, why) => {
    const root = workDir();
    const out = path.join(root, 'out');
    writeDirAtomic(out, new Map([['kept.yaml', 'kept\n']]));
    const before = snapshotTree(root);
    const files = new Map([
      ['fine.yaml', 'fine\n'],
      [bad, 'escaped\n'],
    ]);
    expect(() => checkOutputPaths(files)).toThrow(OutputPathError);
    expect(() => writeDirAtomic(out, files)).toThrow(`refusing to write ${JSON.stringify(bad)}: ${why}`);
    expect(snapshotTree(root)).toEqual(before);
    expect(fs.readdirSync(path.dirname(root)).filter((e) => e === 'escape.yaml')).toEqual([]);
  });

  test.each(['..', '../../escape', '/etc/passwd', 'a/b', 'C:\\x', '.', '~'])('a chart named %j is written as one file directly inside the output directory', (id) => {
    const root = workDir();
    const out = path.join(root, 'nested', 'out');
    const app = new App({ outdir: out });
    new AppService(new Chart(app, id), 'api', { selector: { app: 'api' }, ports: ['80:8080'] });
    const names = [...synthToFiles(app).keys()];
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^[^/\\]+\.k8s\.yaml$/);
    expect(names[0]).not.toBe('..');
    synthesize(app, { outdir: out });
    expect(Object.keys(snapshotTree(root) ?? {})).toEqual(['nested/', 'nested/out/', `nested/out/${names[0] ?? ''}`]);
  });

  test('an output file extension that climbs out of the directory is refused before anything is written', () => {
    const root = workDir();
    const out = path.join(root, 'out');
    const app = new App({ outdir: out, outputFileExtension: '/../../escape.yaml' });
    new AppService(new Chart(app, 'c'), 'api', { selector: { app: 'api' }, ports: ['80:8080'] });
    expect(() => synthesize(app, { outdir: out })).toThrow('refusing to write "c/../../escape.yaml": ".." would leave the output directory');
    expect(snapshotTree(root)).toEqual({});
  });

  test.each(['..', '../x', '/etc', 'a/b', 'a\\b', '.', ''])('a cluster named %j in the spec is refused with the file and line; nothing is written', async (cluster) => {
    await ensureBuilt();
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), `services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n    clusters: [${JSON.stringify(cluster)}]\n`);
    const run = await runCli(['synth', '--file', 'appsvc.yaml', '--out', 'sub/dist'], { cwd: dir });
    expect({ code: run.code, stack: stackLines(run.stderr) }).toEqual({ code: 1, stack: [] });
    expect(lines(run.stderr)).toHaveLength(1);
    expect(lines(run.stderr)[0]).toMatch(/^error: appsvc\.yaml:5:\d+: services\[0\]\.clusters\[0\]: /);
    expect(fs.readdirSync(dir)).toEqual(['appsvc.yaml']);
  });

  test.each(['..', '../x', '/etc', 'a/b'])('service upsert --cluster %j is refused and the spec file is unchanged', async (cluster) => {
    await ensureBuilt();
    const dir = workDir();
    const spec = 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n';
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), spec);
    const run = await runCli(['service', 'upsert', 'api', '--cluster', cluster, '--file', 'appsvc.yaml'], { cwd: dir });
    expect({ code: run.code, stack: stackLines(run.stderr), lines: lines(run.stderr).length }).toEqual({ code: 1, stack: [], lines: 1 });
    expect(lines(run.stderr)[0]).toContain('clusters');
    expect(fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8')).toBe(spec);
  });

  test.each(['../../x', '/abs', 'a/b'])('a spec named %j is refused with the file and line', async (name) => {
    await ensureBuilt();
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), `name: ${JSON.stringify(name)}\nservices:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n`);
    const run = await runCli(['synth', '--file', 'appsvc.yaml', '--out', 'dist'], { cwd: dir });
    expect({ code: run.code, stack: stackLines(run.stderr), lines: lines(run.stderr).length }).toEqual({ code: 1, stack: [], lines: 1 });
    expect(lines(run.stderr)[0]).toMatch(/^error: appsvc\.yaml:1:\d+: name: /);
    expect(fs.readdirSync(dir)).toEqual(['appsvc.yaml']);
  });
});

describe('YAML tags construct nothing', () => {
  const sentinelDir = tempDir('appsvc-tags-');
  scratch.push(sentinelDir);
  const sentinel = path.join(sentinelDir, 'pwned');
  const payload = `function () { require('fs').writeFileSync(${JSON.stringify(sentinel)}, 'x') }()`;
  /** A tag, the value written with it, and what a manifest reader makes of that value: the untagged data. */
  const TAGGED: ReadonlyArray<readonly [string, string, unknown]> = [
    ['!!js/function', `!!js/function ${JSON.stringify(payload)}`, payload],
    ['!!js/undefined', '!!js/undefined ""', ''],
    ['!!js/regexp', '!!js/regexp /x/', '/x/'],
    ['!!python/object/apply', `!!python/object/apply:os.system ["touch ${sentinel}"]`, [`touch ${sentinel}`]],
    ['!foo', '!foo bar', 'bar'],
    ['!<tag:example.com,2024:x>', '!<tag:example.com,2024:x> y', 'y'],
  ];

  test.each(TAGGED)('the spec loader refuses %s with the file and line, and runs nothing', (tag, value) => {
    const text = `services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n    annotations:\n      example.com/x: ${value}\n`;
    let error: unknown;
    try {
      loadSpecText('appsvc.yaml', text);
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(SpecError);
    const problems = error instanceof SpecError ? error.problems : [];
    expect(problems.map((p) => ({ file: p.file, line: p.line }))).toEqual([{ file: 'appsvc.yaml', line: 6 }]);
    expect(problems[0]?.message).toContain('tag');
    expect(problems[0]?.message).toContain(tag.startsWith('!<') ? 'tag:example.com,2024:x' : tag.replace(/^!!/, ''));
    expect(fs.existsSync(sentinel)).toBe(false);
  });

  test.each(TAGGED)('appsvc synth refuses a spec with %s in one line, writes nothing, runs nothing (built CLI)', async (_tag, value) => {
    await ensureBuilt();
    const dir = workDir();
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), `services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n    annotations:\n      example.com/x: ${value}\n`);
    const run = await runCli(['synth', '--file', 'appsvc.yaml', '--out', 'dist'], { cwd: dir });
    expect({ code: run.code, stack: stackLines(run.stderr), lines: lines(run.stderr).length }).toEqual({ code: 1, stack: [], lines: 1 });
    expect(lines(run.stderr)[0]).toMatch(/^error: appsvc\.yaml:6:\d+: /);
    expect(fs.readdirSync(dir)).toEqual(['appsvc.yaml']);
    expect(fs.existsSync(sentinel)).toBe(false);
  });

  test.each(TAGGED)('appsvc validate reads %s as the untagged data and runs nothing', (_tag, value, data) => {
    const entries = parseManifests(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  x: ${value}\n`);
    expect(entries.map((e) => (e.outcome === 'object' ? e.object['data'] : e.problem))).toEqual([{ x: data }]);
    expect(fs.existsSync(sentinel)).toBe(false);
  });
});

describe('appsvc synth replaces only a directory it owns', () => {
  const SPEC = 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n';

  /** A project: the spec in deploy/, a README, .git and src/. */
  function project(): { root: string; proj: string } {
    const root = tempDir('appsvc-ownership-');
    const proj = path.join(root, 'proj');
    for (const d of ['deploy', '.git', 'src']) fs.mkdirSync(path.join(proj, d), { recursive: true });
    fs.mkdirSync(path.join(root, 'tools'));
    fs.writeFileSync(path.join(proj, 'deploy', 'appsvc.yaml'), SPEC);
    fs.writeFileSync(path.join(proj, 'README.md'), '# proj\n');
    fs.writeFileSync(path.join(proj, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(proj, 'src', 'index.ts'), 'export {};\n');
    return { root, proj };
  }

  const refused = (dir: string, file: string): string =>
    `error: refusing to replace ${JSON.stringify(dir)}: ${JSON.stringify(file)} is not output appsvc wrote (appsvc replaces only an empty directory or its own output); choose another output directory, or move the file away`;

  test.each<[string, readonly string[], string, string, string]>([
    ['synth -f deploy/appsvc.yaml --out deploy', ['synth', '-f', 'deploy/appsvc.yaml', '--out', 'deploy'], 'proj', 'deploy', 'deploy/appsvc.yaml'],
    ['synth --out ../proj from a sibling directory', ['synth', '-f', '../proj/deploy/appsvc.yaml', '--out', '../proj'], 'tools', '../proj', '../proj/README.md'],
  ])('%s: refused with one line naming one file, everything kept', async (_name, args, cwd, dir, file) => {
    const { root } = project();
    try {
      const before = snapshotTree(root);
      const run = await runCli(args, { cwd: path.join(root, cwd) });
      expect({ code: run.code, stdout: run.stdout, stack: stackLines(run.stderr), stderr: lines(run.stderr) }).toEqual({ code: 1, stdout: '', stack: [], stderr: [refused(dir, file)] });
      expect(snapshotTree(root)).toEqual(before);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('its own output is replaced: a second synth into the same directory, and one after the spec was renamed', async () => {
    const { root, proj } = project();
    try {
      const out = ['--out', 'dist'];
      expect((await runCli(['synth', '-f', 'deploy/appsvc.yaml', ...out], { cwd: proj })).code).toBe(0);
      fs.renameSync(path.join(proj, 'deploy', 'appsvc.yaml'), path.join(proj, 'deploy', 'shop.yaml'));
      const again = await runCli(['synth', '-f', 'deploy/shop.yaml', ...out], { cwd: proj });
      expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('wrote dist') });
      expect(fs.readdirSync(path.join(proj, 'dist'))).toEqual(['shop.k8s.yaml']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

