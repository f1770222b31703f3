import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { recordedCalls } from '../spec/cli-harness';
import { ensureBuilt } from '../support/build';
import { docBlocks, fileBlock, runSequence, runShell, sandbox, sequence, sequenceNames, showsCommands } from './doc-blocks';

/**
 * The command blocks of the docs/ pages run, in order, each sequence in a fresh directory, with
 * the built CLI as `appsvc` and a kubectl stand-in on the PATH. README.md's sequences run in
 * test/readme.test.ts, the install and CI ones in packaging.test.ts.
 */

/** Which test runs each sequence a page marks (the file must name the sequence). */
const RUN_BY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'README.md': {
    'start-ts': 'test/docs/packaging.test.ts',
    'install-cli': 'test/docs/packaging.test.ts',
    'install-ci': 'test/docs/packaging.test.ts',
    'start-ts-failure': 'test/docs/packaging.test.ts',
    'start-spec': 'test/readme.test.ts',
    'start-validate': 'test/readme.test.ts',
    routes: 'test/readme.test.ts',
  },
  'docs/ci.md': { 'ci-shell': 'test/docs/packaging.test.ts' },
  'docs/cli.md': {
    'list-format': 'test/docs/commands.test.ts',
    'synth-outputs': 'test/docs/commands.test.ts',
    'synth-silence': 'test/docs/commands.test.ts',
    'apply-dry-run': 'test/docs/commands.test.ts',
    'earlier-spellings': 'test/docs/commands.test.ts',
    'did-you-mean': 'test/docs/commands.test.ts',
  },
  'docs/commands.md': {
    'example-spec': 'test/docs/commands.test.ts',
    upsert: 'test/docs/commands.test.ts',
    list: 'test/docs/commands.test.ts',
    'diff-apply': 'test/docs/commands.test.ts',
  },
  'docs/appservice.md': {},
  'docs/kubernetes-versions.md': { 'feature-gate-usage': 'test/docs/commands.test.ts' },
  'docs/output-safety.md': { 'foreign-output': 'test/docs/commands.test.ts' },
  'docs/architecture.md': {},
  'docs/cross-object-checks.md': {},
  'docs/guarantees.md': {},
  'docs/import-routes-status.md': {},
  'docs/performance.md': {},
  'docs/plugin.md': {},
  'docs/rules.md': {},
  'docs/spec-file.md': {},
  'docs/validation.md': {},
  'docs/yaml-output.md': {},
  'docs/yaml-reading.md': {},
};

const ROOT = path.join(__dirname, '..', '..');

/** One Service in a spec named "shop". */
const ONE_SERVICE = `name: shop
services:
  - name: api
    ports: ["80:8080"]
    selector: {app: api}
`;

/** A spec with a Service for every cluster and one for eu-1 only. */
const WITH_CLUSTER = `name: shop
namespace: production
services:
  - name: api
    ports: ["80:8080/TCP"]
    selector: {app: api}
  - name: cache
    ports: ["6379"]
    selector: {app: cache}
    clusters: [eu-1]
`;

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

describe('every documented command block is run or skipped with a reason', () => {
  test.each(Object.keys(RUN_BY))('%s', (page) => {
    const blocks = docBlocks(page);
    expect(blocks.filter((b) => b.badMarker !== undefined).map((b) => `${page}:${b.line}: ${b.badMarker ?? ''}`)).toEqual([]);
    expect(blocks.filter((b) => showsCommands(b) && b.marker === undefined).map((b) => `${page}:${b.line}`)).toEqual([]);
    const runBy = RUN_BY[page] ?? {};
    expect(sequenceNames(page)).toEqual(Object.keys(runBy));
    for (const [name, file] of Object.entries(runBy)) expect([file, fs.readFileSync(path.join(ROOT, file), 'utf8').includes(`'${name}'`)]).toEqual([file, true]);
  });
});

function withSpec(spec: string): ReturnType<typeof sandbox> {
  const box = sandbox(os.tmpdir());
  fs.writeFileSync(path.join(box.dir, 'appsvc.yaml'), spec);
  return box;
}

describe('docs/cli.md', () => {
  test('list-format: a format the command does not have is refused with the allowed ones', () => {
    runSequence(sandbox(os.tmpdir()), sequence('docs/cli.md', 'list-format'));
  });

  test('synth-outputs: a directory, another directory, stdout as YAML and JSON, piped to kubectl', () => {
    const box = withSpec(ONE_SERVICE);
    const [out] = runSequence(box, sequence('docs/cli.md', 'synth-outputs'));
    expect(fs.readdirSync(path.join(box.dir, 'dist'))).toEqual(['shop.k8s.yaml']);
    const yaml = fs.readFileSync(path.join(box.dir, 'dist', 'shop.k8s.yaml'), 'utf8');
    expect(fs.readFileSync(path.join(box.dir, 'manifests', 'shop.k8s.yaml'), 'utf8')).toBe(yaml);
    expect(out?.split(yaml)).toHaveLength(3); // --stdout and -o yaml print the file's bytes
    expect(out).toContain('"kind": "List"');
    expect(recordedCalls(box.kubectlLog)).toEqual([['apply', '--server-side', '-f', '-']]);
    expect(fs.readFileSync(`${box.kubectlLog}.stdin`, 'utf8')).toBe(yaml);
  });

  test('synth-silence: the config file, a flag over it, the annotation, the count, an unknown rule', () => {
    const box = sandbox(os.tmpdir());
    runSequence(box, sequence('docs/cli.md', 'synth-silence'));
    expect(fs.readdirSync(path.join(box.dir, 'dist'))).toEqual(['shop.k8s.yaml']);
  });

  test('apply-dry-run: server and client dry runs reach kubectl as documented', () => {
    const box = withSpec(ONE_SERVICE);
    runSequence(box, sequence('docs/cli.md', 'apply-dry-run'));
    const calls = recordedCalls(box.kubectlLog);
    expect(calls).toEqual([
      ['apply', '--server-side', '--field-manager=appsvc', '--dry-run=server', '--filename=dist/shop.k8s.yaml'],
      ['apply', '--field-manager=appsvc', '--dry-run=client', '--filename=dist/shop.k8s.yaml'],
    ]);
  });

  test('earlier-spellings: synth -o DIR writes DIR with a note', () => {
    const box = withSpec(ONE_SERVICE);
    runSequence(box, sequence('docs/cli.md', 'earlier-spellings'));
    expect(fs.readdirSync(path.join(box.dir, 'out'))).toEqual(['shop.k8s.yaml']);
  });

  test('did-you-mean: the nearest command and flag', () => {
    runSequence(sandbox(os.tmpdir()), sequence('docs/cli.md', 'did-you-mean'));
  });
});

describe('docs/commands.md', () => {
  test('upsert: the five upserts edit three services', () => {
    const box = sandbox(os.tmpdir());
    runSequence(box, sequence('docs/commands.md', 'upsert'));
    const r = runShell(box, 'appsvc service list -o json');
    const services = JSON.parse(r.output) as { name: string; namespace: string; type: string; ports: unknown }[];
    expect(services.map((s) => [s.name, s.namespace, s.type])).toEqual([
      ['api', 'default', 'LoadBalancer'],
      ['db', 'default', 'ClusterIP'],
      ['legacy', 'default', 'ExternalName'],
    ]);
  });

  test('list: the table shows the service as documented', () => {
    const box = sandbox(os.tmpdir());
    expect(runShell(box, 'appsvc service upsert api --namespace production --port 80:8080 --selector app=api').status).toBe(0);
    runSequence(box, sequence('docs/commands.md', 'list'));
  });

  test('diff-apply: diff, a server dry run, and a pruning apply for one cluster', () => {
    const box = withSpec(WITH_CLUSTER);
    runSequence(box, sequence('docs/commands.md', 'diff-apply'));
    const calls = recordedCalls(box.kubectlLog);
    expect(calls.map((c) => c[0])).toEqual(['diff', 'apply', 'apply', 'get']);
    expect(calls[1]).toContain('--dry-run=server');
    expect(calls[2]).toEqual(['apply', '--server-side', '--field-manager=appsvc', '--context=prod-eu', '--filename=dist/shop.k8s.yaml', '--filename=dist/eu-1/shop.k8s.yaml']);
    expect(calls[3]).toContain('--context=prod-eu');
  });

  test('example-spec: the example spec synthesizes', () => {
    const box = sandbox(os.tmpdir());
    runSequence(box, [fileBlock('docs/commands.md', 'example-spec', 'appsvc.yaml')]);
    const r = runShell(box, 'appsvc synth');
    expect(r).toEqual({ status: 0, output: 'wrote dist (4 services, 3 files, clusters: eu-1, us-1)\n' });
  });

  // Per-cluster output directories are separate sets: the Service written to both dist/eu-1/ and
  // dist/us-1/ is no duplicate (docs/ci.md validates dist/ after synth).
  test('example-spec: validate dist/ after synth passes, as the CI recipe needs', () => {
    const box = sandbox(os.tmpdir());
    runSequence(box, [fileBlock('docs/commands.md', 'example-spec', 'appsvc.yaml')]);
    expect(runShell(box, 'appsvc synth && appsvc validate dist/').status).toBe(0);
  });
});

describe('docs/kubernetes-versions.md', () => {
  test('feature-gate-usage: a gate the version does not have is refused, naming the versions that have it', () => {
    runSequence(sandbox(os.tmpdir()), sequence('docs/kubernetes-versions.md', 'feature-gate-usage'));
  });
});

describe('docs/output-safety.md', () => {
  test('foreign-output: synth refuses to replace the directory that holds its spec, and leaves it as it was', () => {
    const box = sandbox(os.tmpdir());
    fs.mkdirSync(path.join(box.dir, 'deploy'));
    fs.writeFileSync(path.join(box.dir, 'deploy', 'appsvc.yaml'), ONE_SERVICE);
    fs.mkdirSync(path.join(box.dir, 'deploy', 'src'));
    fs.writeFileSync(path.join(box.dir, 'deploy', 'src', 'index.ts'), 'export {};\n');
    runSequence(box, sequence('docs/output-safety.md', 'foreign-output'));
    expect(fs.readdirSync(path.join(box.dir, 'deploy')).sort()).toEqual(['appsvc.yaml', 'src']);
    expect(fs.readdirSync(path.join(box.dir, 'deploy', 'src'))).toEqual(['index.ts']);
    expect(fs.readFileSync(path.join(box.dir, 'deploy', 'appsvc.yaml'), 'utf8')).toBe(ONE_SERVICE);
  });
});
