import { ApiObject, App, Chart, DependencyGraph, Names } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { findingMapper, objectFindings } from '../constructs/object-findings';
import type { ObjectFinding, ResolvedObject } from './types';

export type { ResolvedObject } from './types';

/** The ids cdk8s and cdk8s-plus give the API object a construct owns. */
const OWNED_OBJECT_IDS: ReadonlySet<string> = new Set(['Resource', 'Default']);

/**
 * Resolves every API object of `app` to its manifest, in the order `App.synth()` writes them:
 * charts in dependency order, objects in each chart in dependency order, each rendered by cdk8s's
 * own `chart.toJson()`. The `chart` of each object is the file stem `App.synth()` uses with
 * `YamlOutputType.FILE_PER_CHART` (prefixed "0000-", "0001-", ... when charts depend on each other).
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
  const indexed = prepareDependencies(app);
  return app.charts.map((chart, i) => {
    const stem = indexed ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart);
    const apiObjects = chartApiObjects(chart);
    const manifests: unknown[] = chart.toJson();
    if (manifests.length !== apiObjects.length) {
      throw new Error(`chart ${chart.node.path} rendered ${manifests.length} objects for ${apiObjects.length} API objects`);
    }
    const objects = apiObjects.map((obj, j): ResolvedObject => {
      const manifest = manifests[j];
      if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
        throw new Error(`[${obj.node.path}] did not render to an object`);
      }
      const constructFindings = objectFindings(obj);
      const mapFinding = findingMapper(obj);
      return {
        constructPath: ownerPath(obj),
        chart: stem,
        manifest: manifest as Record<string, unknown>,
        ...(constructFindings.length > 0 ? { constructFindings } : {}),
        ...(mapFinding !== undefined ? { mapFinding } : {}),
      };
    });
    return { chart, stem, objects };
  });
}

/**
 * Runs every construct's own validations (`node.validate()`, as `App.synth()` does) and returns
 * their messages as findings instead of throwing the first batch.
 */
export function validateConstructs(app: App): ObjectFinding[] {
  const out: ObjectFinding[] = [];
  for (const c of app.node.findAll()) {
    for (const message of c.node.validate()) {
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
  if (OWNED_OBJECT_IDS.has(obj.node.id) && scope !== undefined && scope.node.path !== '' && !(scope instanceof Chart)) return scope.node.path;
  return obj.node.path;
}

/** The API objects of one chart in the order `chart.toJson()` renders them. */
export function chartApiObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node)
    .topology()
    .filter((x): x is ApiObject => x instanceof ApiObject)
    .filter((x) => Chart.of(x) === chart);
}

/**
 * Adds the dependencies `App.synth()` infers before ordering charts (nested charts, and
 * constructs that depend on constructs of another chart), and tells whether any chart depends on
 * another (then cdk8s prefixes file names with an index). Mirrors cdk8s's own step; adding a
 * dependency twice is harmless.
 */
function prepareDependencies(app: App): boolean {
  const all = app.node.findAll();
  let dependent = false;
  for (const parent of all.filter((x): x is Chart => x instanceof Chart)) {
    for (const child of parent.node.children.filter((x): x is Chart => x instanceof Chart)) {
      parent.node.addDependency(child);
      dependent = true;
    }
  }
  const dependencies = (): Array<{ source: IConstruct; target: IConstruct }> =>
    all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of dependencies()) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      dependent = true;
    }
  }
  // As in cdk8s, this pass also sees the chart-to-chart dependencies added above.
  for (const { source, target } of dependencies()) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    const targets = target.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === targetChart);
    const sources = source.node.findAll().filter((c) => c instanceof ApiObject && Chart.of(c) === sourceChart);
    for (const t of targets) for (const s of sources) if (t !== s) s.node.addDependency(t);
  }
  return dependent;
}
