import { App, Chart } from 'cdk8s';
import { AppService } from '../constructs/app-service';
import { SynthError, synthApp, type SynthOptions } from '../synth/synthesize';
import type { ObjectFinding } from '../synth/types';
import { dedupe, locateFinding, SpecCompileError, type SpecSource } from './compile-problems';
import { constructId, entryProps } from './entry-props';
import { specLabels } from './labels';
import type { SpecProblem } from './load';
import type { ServiceEntry, Spec } from './model';

export { SpecCompileError, type SpecSource } from './compile-problems';
export { entryProps } from './entry-props';

/** Options of {@link compileSpec}. */
export interface CompileOptions extends Pick<SynthOptions, 'profile' | 'nodePortRange' | 'strict' | 'kubernetesVersion' | 'featureGates'> {
  /** Called with a progress line for large specs (the CLI prints it on stderr). */
  readonly onProgress?: (line: string) => void;
}

/** The output of a compiled spec. */
export interface CompiledSpec {
  /** Output files: `<spec>.k8s.yaml` for services without clusters, `<cluster>/<spec>.k8s.yaml` per cluster. */
  readonly files: Map<string, string>;
  /** The clusters that have a directory, sorted. */
  readonly clusters: readonly string[];
  /** Every compiled Service: where it is written and which entry it came from. */
  readonly services: readonly CompiledService[];
  /** Warning-severity findings, located in the spec file. */
  readonly warnings: readonly SpecProblem[];
}

/** One Service of a compiled spec. */
export interface CompiledService {
  /** The index of its entry in `services`. */
  readonly index: number;
  /** The cluster directory it is written to, or undefined for the common directory. */
  readonly cluster: string | undefined;
  /** The manifest. */
  readonly manifest: Record<string, unknown>;
}

/** Specs that compile more Services than this get progress lines. */
const PROGRESS_THRESHOLD = 200;

/**
 * Compiles a spec through the AppService construct: one cdk8s App and Chart per output group
 * (the common directory, and one per cluster named in `clusters`), one AppService per entry,
 * then the synthesis pipeline (validation by the API server rules of the spec's
 * `kubernetesVersion` or `options.kubernetesVersion`, default 1.28; cross-object checks,
 * deterministic YAML). Nothing is written.
 *
 * @throws SpecCompileError with every error-severity finding, located at its entry
 */
export function compileSpec(loaded: SpecSource, options: CompileOptions = {}): CompiledSpec {
  const { spec } = loaded;
  const groups = new Map<string, number[]>();
  const addTo = (group: string, index: number): void => {
    const list = groups.get(group);
    if (list === undefined) groups.set(group, [index]);
    else list.push(index);
  };
  spec.services.forEach((entry, index) => {
    if (entry.clusters === undefined || entry.clusters.length === 0) addTo('', index);
    else for (const c of entry.clusters) addTo(c, index);
  });
  const ordered = [...groups.keys()].sort();
  const files = new Map<string, string>();
  const services: CompiledService[] = [];
  const errors: ObjectFinding[] = [];
  const warnings: SpecProblem[] = [];
  const owners = new Map<string, number>();
  const total = spec.services.length;
  // A service written for several clusters is compiled once per cluster.
  const work = [...groups.values()].reduce((n, list) => n + list.length, 0);
  const progress = work > PROGRESS_THRESHOLD ? options.onProgress : undefined;
  for (const group of ordered) {
    const indices = groups.get(group) ?? [];
    const { app, chart } = newApp(loaded.specName);
    for (const index of indices) {
      const entry = spec.services[index];
      if (entry === undefined) continue;
      const id = constructId(entry, spec, index);
      owners.set(`${chart.node.path}/${id}`, index);
      new AppService(chart, id, entryProps(spec, entry));
    }
    progress?.(`compiling and validating ${indices.length} service${indices.length === 1 ? '' : 's'}${group === '' ? '' : ` for cluster ${group}`}`);
    try {
      const result = synthApp(app, synthOptions(options, spec));
      for (const [name, content] of result.files) files.set(group === '' ? name : `${group}/${name}`, content);
      result.objects.forEach((obj) => {
        const index = owners.get(obj.constructPath);
        if (index !== undefined) services.push({ index, cluster: group === '' ? undefined : group, manifest: obj.manifest });
      });
      warnings.push(...result.warnings.filter((w) => w.finding.severity !== 'error').map((w) => locateFinding(loaded, owners, w)));
    } catch (err: unknown) {
      if (!(err instanceof SynthError)) throw err;
      errors.push(...err.findings.filter((f) => f.finding.severity === 'error'));
    }
  }
  if (errors.length > 0) throw new SpecCompileError(dedupe(errors.map((f) => locateFinding(loaded, owners, f))));
  progress?.(`compiled ${total} services into ${files.size} file${files.size === 1 ? '' : 's'}`);
  return { files, clusters: ordered.filter((g) => g !== ''), services, warnings: dedupe(warnings) };
}

/**
 * Compiles one entry (as it is, or as it would be after an edit) and returns its manifest.
 *
 * @param index the entry's index in the file, for locating problems; undefined for a new entry
 * @throws SpecCompileError with every error-severity finding
 */
export function compileEntry(source: SpecSource, entry: ServiceEntry, index: number | undefined): Record<string, unknown> {
  const { app, chart } = newApp(source.specName);
  const id = constructId(entry, source.spec, index ?? source.spec.services.length);
  new AppService(chart, id, entryProps(source.spec, entry));
  const owners = new Map<string, number>([[`${chart.node.path}/${id}`, index ?? -1]]);
  try {
    const result = synthApp(app, synthOptions({}, source.spec));
    const obj = result.objects[0];
    if (obj === undefined) throw new Error(`service ${JSON.stringify(entry.name)} compiled to nothing`);
    return obj.manifest;
  } catch (err: unknown) {
    if (!(err instanceof SynthError)) throw err;
    throw new SpecCompileError(dedupe(err.findings.filter((f) => f.finding.severity === 'error').map((f) => locateFinding(source, owners, f, entry.name))));
  }
}

function newApp(specName: string): { app: App; chart: Chart } {
  const app = new App({ outdir: '.' });
  const chart = new Chart(app, specName, { labels: specLabels(specName) });
  return { app, chart };
}

/** The synthesis options: `options`, with the spec's `kubernetesVersion` unless `options` names one. */
function synthOptions(options: CompileOptions, spec: Pick<Spec, 'kubernetesVersion'>): SynthOptions {
  const kubernetesVersion = options.kubernetesVersion ?? spec.kubernetesVersion;
  return {
    recordConstructMetadata: false,
    ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.nodePortRange !== undefined ? { nodePortRange: options.nodePortRange } : {}),
    ...(options.strict !== undefined ? { strict: options.strict } : {}),
    ...(options.featureGates !== undefined ? { featureGates: options.featureGates } : {}),
  };
}

