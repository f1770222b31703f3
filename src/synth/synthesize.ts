import * as path from 'path';
import type { App } from 'cdk8s';
import type { PortRange, Profile } from '../validation/options';
import { checkObjects, errorsOf } from './check';
import { allConstructs, appCharts, chartApiObjects, resolveChartsOf, validateConstructsOf } from './resolve';
import { emitChart, SynthError } from './synth-objects';
import type { ObjectFinding, ResolvedObject } from './types';
import { writeDirAtomic } from './write';

export { SynthError } from './synth-objects';

/** Options of {@link synthesize} and {@link synthToFiles}. */
export interface SynthOptions {
  /**
   * The Kubernetes version whose API server the manifests are checked against: 1.28 to 1.37 (a
   * patch such as 1.33.3 is ignored).
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  /**
   * kube-apiserver feature gates that differ from the version's defaults, e.g.
   * `{ StrictIPCIDRValidation: true }`.
   * @default - the version's defaults
   */
  readonly featureGates?: Readonly<Record<string, boolean>>;
  /**
   * The output directory.
   * @default - `CDK8S_OUTDIR` when set (as the cdk8s CLI sets it), otherwise "dist"
   */
  readonly outdir?: string;
  /**
   * The validation profile.
   * @default 'kubernetes'
   */
  readonly profile?: Profile;
  /**
   * The cluster's node port range.
   * @default { min: 30000, max: 32767 }
   */
  readonly nodePortRange?: PortRange;
  /**
   * Report cross-object warnings as errors.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Rules to run, also those off by default (`lint/service-numeric-target-port`), as
   * `appsvc synth --enable`.
   * @default []
   */
  readonly enable?: readonly string[];
  /**
   * Rules whose warnings are left out, as `appsvc synth --disable`. Errors are never left out.
   * @default []
   */
  readonly disable?: readonly string[];
  /**
   * Called with each warning left out (its rule is disabled or off by default, or the object's
   * `appsvc.dev/ignore` annotation names it), to count them.
   * @default - silenced warnings are dropped
   */
  readonly onSilenced?: (finding: ObjectFinding) => void;
  /**
   * Also write `construct-metadata.json` (object name → construct path), as cdk8s does for its
   * validation plugins.
   * @default - true when `CDK8S_RECORD_CONSTRUCT_METADATA` is "true" (the cdk8s CLI sets it when
   *   validation plugins are configured), otherwise false
   */
  readonly recordConstructMetadata?: boolean;
}

/** What {@link synthesize} did. */
export interface SynthResult {
  /** The absolute output directory. */
  readonly outdir: string;
  /** The files of the output directory (relative path → content), in write order. */
  readonly files: ReadonlyMap<string, string>;
  /** Every resolved object, in output order. */
  readonly objects: readonly ResolvedObject[];
  /** Warning-severity findings (errors stop synthesis). */
  readonly warnings: readonly ObjectFinding[];
  /** False when the output directory already held exactly these files and was left untouched. */
  readonly changed: boolean;
}

/** The files of a synthesized app and what was found on the way. */
export interface SynthFiles {
  /** Output file path (relative) → content. */
  readonly files: Map<string, string>;
  /** Every resolved object, in output order. */
  readonly objects: readonly ResolvedObject[];
  /** Every finding; without error-severity ones (those throw). */
  readonly warnings: readonly ObjectFinding[];
}

/**
 * Resolves and checks `app`, and renders one file per chart exactly as `App.synth()` names and
 * writes them (`<chart>.k8s.yaml`, YAML as cdk8s's `Yaml.stringify`), without writing anything.
 *
 * @throws SynthError with every finding when any is an error
 */
export function synthApp(app: App, options: SynthOptions = {}): SynthFiles {
  const all = allConstructs(app);
  const constructErrors = validateConstructsOf(all);
  if (constructErrors.length > 0) throw new SynthError(constructErrors);
  const charts = resolveChartsOf(app, all);
  const objects = charts.flatMap((c) => c.objects);
  const findings = checkObjects(objects, options);
  if (errorsOf(findings).length > 0) throw new SynthError(findings);

  const files = new Map<string, string>();
  for (const chart of charts) files.set(`${chart.stem}${app.outputFileExtension}`, emitChart(chart.objects));
  if (options.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true') {
    files.set('construct-metadata.json', constructMetadata(app));
  }
  return { files, objects, warnings: findings };
}

/** {@link synthApp}, returning only the files. */
export function synthToFiles(app: App, options: SynthOptions = {}): Map<string, string> {
  return synthApp(app, options).files;
}

/**
 * Synthesizes `app` into its output directory: resolve, validate every object (Services by the
 * rules of the chosen Kubernetes version's API server (1.28 by default), plus cross-object checks), and only when nothing is an error,
 * replace the directory atomically with one file per chart.
 *
 * @throws SynthError with every finding when any is an error; the directory is left as it was
 */
export function synthesize(app: App, options: SynthOptions = {}): SynthResult {
  const outdir = path.resolve(options.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist');
  const { files, objects, warnings } = synthApp(app, options);
  const changed = writeDirAtomic(outdir, files);
  return { outdir, files, objects, warnings, changed };
}

function constructMetadata(app: App): string {
  const resources: Record<string, { path: string }> = {};
  for (const obj of appCharts(app).flatMap(chartApiObjects)) resources[obj.name] = { path: obj.node.path };
  return JSON.stringify({ version: '1.0.0', resources });
}
