import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppService } from '../../src/constructs/app-service';
import { allConstructs, ownerPath, resolveApp, resolveCharts, validateConstructs } from '../../src/synth/resolve';
import { synthToFiles } from '../../src/synth/synthesize';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-resolve-'));
}

/** What cdk8s's own App.synth() writes for `build`, file name → content. */
function cdk8sFiles(build: (app: App) => void): Map<string, string> {
  const outdir = tmpdir();
  const app = new App({ outdir });
  build(app);
  app.synth();
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(outdir).sort()) files.set(f, fs.readFileSync(path.join(outdir, f), 'utf8'));
  fs.rmSync(outdir, { recursive: true, force: true });
  return files;
}

function ourFiles(build: (app: App) => void): Map<string, string> {
  const app = new App({ outdir: tmpdir() });
  build(app);
  const files = synthToFiles(app);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

const layouts: Array<[string, (app: App) => void]> = [
  [
    'two independent charts',
    (app) => {
      const a = new Chart(app, 'frontend');
      new AppService(a, 'web', { ports: ['80'] });
      const b = new Chart(app, 'backend', { namespace: 'prod' });
      new AppService(b, 'api', { ports: ['80:8080', '443:https'] });
      new AppService(b, 'db', { headless: true });
    },
  ],
  [
    'charts depending on each other (indexed file names) and an empty chart',
    (app) => {
      const a = new Chart(app, 'a');
      const b = new Chart(app, 'b');
      new Chart(app, 'empty');
      new AppService(a, 'x', { ports: ['80'] });
      new AppService(b, 'y', { ports: ['81'] });
      a.addDependency(b);
    },
  ],
  [
    'a nested chart',
    (app) => {
      const outer = new Chart(app, 'outer');
      new AppService(outer, 'x', { ports: ['80'] });
      const inner = new Chart(outer, 'inner');
      new AppService(inner, 'y', { ports: ['81'] });
    },
  ],
  [
    'cdk8s-plus workloads and object dependencies',
    (app) => {
      const chart = new Chart(app, 'apps');
      const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', ports: [{ number: 8080, name: 'http' }] }] });
      const svc = new AppService(chart, 'svc', { target: web, ports: ['80:http'] });
      ApiObject.of(web).addDependency(svc);
    },
  ],
  [
    'charts whose ids are numbers (cdk8s lists array-index paths first, in numeric order)',
    (app) => {
      for (const id of ['b', '10', '2', 'a', '0']) new AppService(new Chart(app, id), `svc-${id}`, { ports: ['80'] });
    },
  ],
  [
    'objects at several depths of two charts, without dependencies',
    (app) => {
      const a = new Chart(app, 'a');
      const group = new Construct(a, 'group');
      new AppService(group, 'inner', { ports: ['80'] });
      new ApiObject(a, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' } });
      new AppService(new Construct(group, 'deeper'), 'deepest', { ports: ['81'] });
      const b = new Chart(app, 'b');
      new AppService(b, 'outer', { ports: ['82'] });
      new AppService(a, 'last', { ports: ['83'] });
    },
  ],
  [
    'objects ordered by their dependencies, across constructs and charts',
    (app) => {
      const chart = new Chart(app, 'apps');
      const first = new AppService(chart, 'first', { ports: ['80'] });
      const second = new AppService(chart, 'second', { ports: ['80'] });
      const third = new AppService(chart, 'third', { ports: ['80'] });
      first.addDependency(third);
      third.node.addDependency(second);
      const other = new Chart(app, 'other');
      new AppService(other, 'x', { ports: ['80'] }).node.addDependency(first);
    },
  ],
];

describe('resolveApp', () => {
  test.each(layouts)('%s: same files and bytes as cdk8s App.synth()', (_name, build) => {
    expect(ourFiles(build)).toEqual(cdk8sFiles(build));
  });

  test.each(layouts)('%s: charts and objects in the order of app.charts and chart.toJson()', (_name, build) => {
    const app = Testing.app();
    build(app);
    const ours = resolveCharts(app).map((c) => [c.chart.node.path, JSON.stringify(c.objects.map((o) => o.manifest))]);
    expect(ours).toEqual(app.charts.map((chart) => [chart.node.path, JSON.stringify(chart.toJson())]));
  });

  test('a dependency cycle is reported as cdk8s reports it', () => {
    const build = (app: App): void => {
      const chart = new Chart(app, 'c');
      const a = new AppService(chart, 'a', { ports: ['80'] });
      const b = new AppService(chart, 'b', { ports: ['80'] });
      a.addDependency(b);
      b.addDependency(a);
    };
    const theirs = ((): string => {
      try {
        cdk8sFiles(build);
        return 'no error';
      } catch (err: unknown) {
        return err instanceof Error ? err.message : String(err);
      }
    })();
    expect(theirs).toMatch(/^Dependency cycle detected: /);
    expect(() => ourFiles(build)).toThrow(theirs);
  });

  test('objects carry their owner\'s construct path and the chart\'s file stem', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'example');
    new AppService(new Construct(chart, 'group'), 'api', { ports: ['80'] });
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' } });
    expect(resolveApp(app).map((o) => [o.constructPath, o.chart, o.manifest['kind']])).toEqual([
      ['example/group/api', 'example', 'Service'],
      ['example/raw', 'example', 'ConfigMap'],
    ]);
  });

  test('resolveCharts lists every chart, with its stem, in output order', () => {
    const app = Testing.app();
    new Chart(app, 'one');
    new Chart(app, 'two');
    expect(resolveCharts(app).map((c) => [c.stem, c.objects.length])).toEqual([
      ['one', 0],
      ['two', 0],
    ]);
  });

  test('ownerPath: the owner of a Resource child, else the object itself', () => {
    const chart = new Chart(Testing.app(), 'c');
    const svc = new AppService(chart, 'api');
    expect(ownerPath(svc)).toBe('c/api');
    expect(ownerPath(new ApiObject(new Construct(chart, 'web'), 'Resource', { apiVersion: 'v1', kind: 'ConfigMap' }))).toBe('c/web');
    expect(ownerPath(new ApiObject(new Construct(chart, 'db'), 'Default', { apiVersion: 'v1', kind: 'ConfigMap' }))).toBe('c/db');
    expect(ownerPath(new ApiObject(chart, 'Resource', { apiVersion: 'v1', kind: 'ConfigMap' }))).toBe('c/Resource');
  });

  test('allConstructs lists the tree as node.findAll() does', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const group = new Construct(a, 'group');
    new AppService(group, 'x');
    new Construct(group, 'empty');
    new AppService(new Chart(app, 'b'), 'y');
    new AppService(a, 'z');
    expect(allConstructs(app).map((c) => c.node.path)).toEqual(['', 'a', 'a/group', 'a/group/x', 'a/group/empty', 'a/z', 'b', 'b/y']);
    expect(allConstructs(a)).toEqual(a.node.findAll());
  });

  test('validateConstructs returns construct validation messages as findings', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const broken = new Construct(chart, 'broken');
    broken.node.addValidation({ validate: () => ['first problem', 'second problem'] });
    expect(validateConstructs(app).map((f) => `[${f.constructPath}] ${f.finding.message}`)).toEqual(['[c/broken] first problem', '[c/broken] second problem']);
  });
});
