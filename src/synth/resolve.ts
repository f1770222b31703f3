import { ApiObject, App, Chart, DependencyGraph, Names } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { findingMapper, objectFindings } from '../constructs/object-findings';
import { withRenderEnvironment } from '../constructs/render-environment';
import { childrenOf, dependenciesOf, validationMessagesOf } from './construct-tree';
import type { ObjectFinding, ResolvedObject } from './types';

export type { ResolvedObject } from './types';

// cdk8s's exports are getters: the tests used once per construct are taken once.
const isChart = Chart.isChart;
const isApiObject = ApiObject.isApiObject;

/** The ids cdk8s and cdk8s-plus give the API object a construct owns. */
const OWNED_OBJECT_IDS: ReadonlySet<string> = new Set(['Resource', 'Default']);

/**
 * Resolves every API object of `app` to its manifest, in the order `App.synth()` writes them:
 * charts in dependency order, objects in each chart in dependency order, each rendered by its own
 * `toJson()`, as `chart.toJson()` renders it. The `chart` of each object is the file stem
 * `App.synth()` uses with `YamlOutputType.FILE_PER_CHART` (prefixed "0000-", "0001-", ... when
 * charts depend on each other).
 *
 * Throws what cdk8s throws (construct validation errors, unresolvable values); use
 * {@link validateConstructs} first to get construct validation errors as findings.
 */
export function resolveApp(app: App): ResolvedObject[] {
  return resolveCharts(app).flatMap((c) => c.objects);
}

/** The resolved objects of one chart, with the file stem `App.synth()` gives the chart. */
export interface ResolvedChart {
  /** The chart. */
  readonly chart: Chart;
  /** The output file stem, e.g. "example" for `example.k8s.yaml`. */
  readonly stem: string;
  /** The chart's objects, in output order (may be empty: cdk8s still writes the file). */
  readonly objects: readonly ResolvedObject[];
}

/** {@link resolveApp}, grouped by chart, in `App.synth()` order, including charts without objects. */
export function resolveCharts(app: App): ResolvedChart[] {
  return resolveChartsOf(app, allConstructs(app));
}

/**
 * {@link resolveCharts} given every construct of the app as `app.node.findAll()` lists them, so
 * that synthesis walks the tree once.
 */
export function resolveChartsOf(app: App, all: readonly IConstruct[]): ResolvedChart[] {
  const { dependent, dependencies, charts, objectsByChart } = prepareDependencies(all);
  const ordered = dependencies.length === 0 ? charts : chartsInOrder(app, all, dependencies);
  return withRenderEnvironment(() =>
    ordered.map((chart, i) => {
      const stem = dependent ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart);
      // Each object renders itself as `chart.toJson()` would render it; the app-wide preparation
      // that `chart.toJson()` repeats for every chart was done once above. Without dependencies,
      // a chart's objects come in tree order, as collected then.
      const inOrder = dependencies.length === 0 ? (objectsByChart.get(chart) ?? []) : apiObjectsInOrder(chart, subtree(chart, all), dependencies);
      const objects = inOrder.map(resolveObject(stem));
      return { chart, stem, objects };
    }),
  );
}

/**
 * Every construct of the tree under `root`, `root` first, in the order `root.node.findAll()` lists
 * them (depth-first, pre-order), without a call per construct.
 */
export function allConstructs(root: IConstruct): IConstruct[] {
  const out: IConstruct[] = [];
  const stack: IConstruct[] = [root];
  while (stack.length > 0) {
    const c = stack.pop() as IConstruct;
    out.push(c);
    const children = childrenOf(c);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as IConstruct);
  }
  return out;
}

function resolveObject(stem: string): (obj: ApiObject) => ResolvedObject {
  return (obj) => {
    const manifest: unknown = obj.toJson();
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
      throw new Error(`[${obj.node.path}] did not render to an object`);
    }
    const constructFindings = objectFindings(obj);
    const mapFinding = findingMapper(obj);
    // ownerPath(obj), knowing that a scope that is a chart is the object's own chart.
    const scope = obj.node.scope;
    const owned = OWNED_OBJECT_IDS.has(obj.node.id) && scope !== undefined && scope !== obj.chart && scope.node.path !== '';
    const constructPath = owned ? scope.node.path : obj.node.path;
    const resolved: { -readonly [K in keyof ResolvedObject]: ResolvedObject[K] } = { constructPath, chart: stem, manifest: manifest as Record<string, unknown> };
    if (constructFindings.length > 0) resolved.constructFindings = constructFindings;
    if (mapFinding !== undefined) resolved.mapFinding = mapFinding;
    return resolved;
  };
}

/**
 * Runs every construct's own validations (`node.validate()`, as `App.synth()` does) and returns
 * their messages as findings instead of throwing the first batch.
 */
export function validateConstructs(app: App): ObjectFinding[] {
  return validateConstructsOf(allConstructs(app));
}

/** {@link validateConstructs} given every construct of the app, as `app.node.findAll()` lists them. */
export function validateConstructsOf(all: readonly IConstruct[]): ObjectFinding[] {
  const out: ObjectFinding[] = [];
  for (let i = 0; i < all.length; i++) {
    const c = all[i] as IConstruct;
    const messages = validationMessagesOf(c);
    if (messages.length === 0) continue;
    for (const message of messages) {
      out.push({
        constructPath: c.node.path,
        finding: { severity: 'error', type: 'FieldValueInvalid', field: '', detail: message, message, rule: 'cdk8s/construct-validation' },
      });
    }
  }
  return out;
}

/** The path an object is reported under: its owner's for a `Resource`/`Default` child, else its own. */
export function ownerPath(obj: IConstruct): string {
  const scope = obj.node.scope;
  if (OWNED_OBJECT_IDS.has(obj.node.id) && scope !== undefined && scope.node.path !== '' && !isChart(scope)) return scope.node.path;
  return obj.node.path;
}

/** The API objects of one chart in the order `chart.toJson()` renders them. */
export function chartApiObjects(chart: Chart): ApiObject[] {
  const all = chart.node.findAll();
  return apiObjectsInOrder(chart, all, allDependencies(all));
}

/** The charts of `app` in the order `app.charts` lists them (and `App.synth()` writes them). */
export function appCharts(app: App): Chart[] {
  const all = app.node.findAll();
  return chartsInOrder(app, all, allDependencies(all));
}

/** A dependency of one construct on another (`source.node.addDependency(target)`). */
interface Dependency {
  readonly source: IConstruct;
  readonly target: IConstruct;
}

function chartsInOrder(app: App, all: readonly IConstruct[], dependencies: readonly Dependency[]): Chart[] {
  return dependencyOrder(app, all, dependencies).filter((x): x is Chart => isChart(x));
}

function apiObjectsInOrder(chart: Chart, all: readonly IConstruct[], dependencies: readonly Dependency[]): ApiObject[] {
  // An ApiObject's `chart` is its closest chart (`Chart.of`), fixed when it is defined.
  return dependencyOrder(chart, all, dependencies).filter((x): x is ApiObject => isApiObject(x) && x.chart === chart);
}

/** Every dependency of the constructs `all`, in their order, each construct's in its own order. */
function allDependencies(all: readonly IConstruct[]): Dependency[] {
  const out: Dependency[] = [];
  for (const source of all) for (const target of dependenciesOf(source)) out.push({ source, target });
  return out;
}

/** The constructs of `root`'s subtree, from `all` (a pre-order list of a tree that holds `root`). */
function subtree(root: IConstruct, all: readonly IConstruct[]): readonly IConstruct[] {
  const start = all.indexOf(root);
  if (start === -1) return root.node.findAll();
  let end = start + 1;
  while (end < all.length && isWithin(all[end] as IConstruct, root)) end++;
  return start === 0 && end === all.length ? all : all.slice(start, end);
}

/**
 * The constructs of `root`'s subtree (`all`, as `root.node.findAll()` lists them) in the order
 * cdk8s's `new DependencyGraph(root.node).topology()` gives them, without building a graph of every
 * construct: constructs come in the order of the graph's vertex table, except that dependencies
 * inside the subtree are followed depth-first, each construct after what it depends on. The vertex
 * table is keyed by construct path, so it lists paths that are array indices first, in numeric
 * order; only a top-level chart's path ("0") can be one, and `findAll()` lists those first already
 * (a construct's children are keyed by id). When the dependencies form a cycle, cdk8s's own graph
 * is built, so that the cycle is reported as cdk8s reports it.
 */
function dependencyOrder(root: IConstruct, all: readonly IConstruct[], dependencies: readonly Dependency[]): IConstruct[] {
  const vertices = all;
  // Dependency edges inside the subtree, in the order the graph adds them.
  const edges = new Map<IConstruct, Set<IConstruct>>();
  const hasInbound = new Set<IConstruct>();
  for (const { source, target } of dependencies) {
    if (!isWithin(source, root) || !isWithin(target, root)) continue;
    let targets = edges.get(source);
    if (targets === undefined) edges.set(source, (targets = new Set()));
    targets.add(target);
    hasInbound.add(target);
  }
  if (edges.size === 0) return vertices.slice();

  const done = new Set<IConstruct>();
  const onPath = new Set<IConstruct>();
  const order: IConstruct[] = [];
  let cyclic = false;
  const visit = (c: IConstruct): void => {
    if (done.has(c)) return;
    if (onPath.has(c)) {
      cyclic = true;
      return;
    }
    onPath.add(c);
    for (const target of edges.get(c) ?? []) visit(target);
    onPath.delete(c);
    done.add(c);
    order.push(c);
  };
  for (const c of vertices) if (!hasInbound.has(c)) visit(c);
  // Without cycles, every construct was reached from one that nothing depends on; what was not
  // is on a cycle or depends on one, which visiting it shows.
  if (order.length !== vertices.length) for (const c of vertices) visit(c);
  if (cyclic) return new DependencyGraph(root.node).topology();
  return order;
}

/** True when `c` is `root` or below it. */
function isWithin(c: IConstruct, root: IConstruct): boolean {
  for (let x: IConstruct | undefined = c; x !== undefined; x = x.node.scope) if (x === root) return true;
  return false;
}

/**
 * Adds the dependencies `App.synth()` infers before ordering charts (nested charts, and
 * constructs that depend on constructs of another chart), and tells whether any chart depends on
 * another (then cdk8s prefixes file names with an index). Mirrors cdk8s's own step; adding a
 * dependency twice is harmless. Returns every dependency afterwards, the charts in `all` order, and
 * each chart's API objects in `all` order.
 */
function prepareDependencies(all: readonly IConstruct[]): {
  dependent: boolean;
  dependencies: Dependency[];
  charts: Chart[];
  objectsByChart: Map<Chart, ApiObject[]>;
} {
  let dependent = false;
  let added = false;
  const charts: Chart[] = [];
  // An ApiObject's `chart` is its closest chart (`Chart.of`), fixed when it is defined.
  const objectsByChart = new Map<Chart, ApiObject[]>();
  let dependencies: Dependency[] = [];
  // One pass: a chart comes before its children (pre-order), so a chart's dependencies on its
  // child charts are added before they are read.
  for (const c of all) {
    if (isApiObject(c)) {
      const list = objectsByChart.get(c.chart);
      if (list === undefined) objectsByChart.set(c.chart, [c]);
      else list.push(c);
    } else if (isChart(c)) {
      charts.push(c);
      for (const child of childrenOf(c)) {
        if (!isChart(child)) continue;
        c.node.addDependency(child);
        dependent = true;
      }
    }
    const targets = dependenciesOf(c);
    for (let i = 0; i < targets.length; i++) dependencies.push({ source: c, target: targets[i] as IConstruct });
  }
  if (dependencies.length === 0) return { dependent, dependencies, charts, objectsByChart };
  for (const { source, target } of dependencies) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      dependent = added = true;
    }
  }
  // As in cdk8s, this pass also sees the chart-to-chart dependencies added above.
  if (added) dependencies = allDependencies(all);
  for (const { source, target } of dependencies) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    const targets = target.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === targetChart);
    const sources = source.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === sourceChart);
    for (const t of targets) {
      for (const s of sources) {
        if (t !== s) {
          s.node.addDependency(t);
          added = true;
        }
      }
    }
  }
  return { dependent, dependencies: added ? allDependencies(all) : dependencies, charts, objectsByChart };
}
