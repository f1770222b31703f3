import * as path from 'path';
import type { App } from 'cdk8s';
import type { PortRange, Profile } from '../validation/options';
import { checkObjects, errorsOf, formatObjectFindings } from './check';
import { emitYaml, UnwritableStringError } from './emit';
import { invalid } from '../validation/field-error';
import { allConstructs, appCharts, chartApiObjects, resolveChartsOf, validateConstructsOf } from './resolve';
import type { ObjectFinding, ResolvedObject } from './types';
import { writeDirAtomic } from './write';

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

/** Thrown when an app has error-severity findings; nothing has been written. */
export class SynthError extends Error {
  /** Every finding (errors and warnings), in object order. */
  public readonly findings: readonly ObjectFinding[];

  public constructor(findings: readonly ObjectFinding[]) {
    const errors = errorsOf(findings).length;
    super(`synthesis failed with ${errors} error${errors === 1 ? '' : 's'}:\n${formatObjectFindings(findings)}`);
    this.name = 'SynthError';
    this.findings = findings;
  }
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

/** The YAML of one chart; a string no reader could get back is an error of its object. */
function emitChart(objects: readonly ResolvedObject[]): string {
  try {
    return emitYaml(objects.map((o) => o.manifest));
  } catch (err: unknown) {
    if (!(err instanceof UnwritableStringError)) throw err;
    const obj = objects[err.documentIndex];
    const detail = `holds a lone UTF-16 surrogate (${err.codeUnit}), which UTF-8 cannot encode; remove it or complete the pair`;
    throw new SynthError([{ constructPath: obj?.constructPath ?? '', finding: invalid(err.field, err.value, detail, { rule: 'appsvc/unencodable-string' }) }]);
  }
}

/** {@link synthApp}, returning only the files. */
export function synthToFiles(app: App, options: SynthOptions = {}): Map<string, string> {
  return synthApp(app, options).files;
}

/**
 * Synthesizes `app` into its output directory: resolve, validate every object (Services by the
 * rules of a 1.28 API server, plus cross-object checks), and only when nothing is an error,
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
