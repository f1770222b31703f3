import type { App, Chart } from 'cdk8s';
import type * as AppServiceModule from '../constructs/app-service';
import { SynthError, synthObjects } from '../synth/synth-objects';
import type * as SynthesizeModule from '../synth/synthesize';
import type { SynthOptions } from '../synth/synthesize';
import type { CheckOptions } from '../synth/check';
import type { ObjectFinding, ResolvedObject } from '../synth/types';
import { dedupe, locateFinding, SpecCompileError, type SpecSource } from './compile-problems';
import { renderEntry } from './entry-manifest';
import { constructId, entryProps } from './entry-props';
import { specLabels } from './labels';
import type { SpecProblem } from './load';
import type { ServiceEntry, Spec } from './model';

export { SpecCompileError, type SpecSource } from './compile-problems';

/* eslint-disable @typescript-eslint/no-var-requires */
/** cdk8s and the constructs, loaded only for what the direct rendering does not reproduce. */
const cdk8s = (): typeof import('cdk8s') => require('cdk8s') as typeof import('cdk8s');
const appServiceModule = (): typeof AppServiceModule => require('../constructs/app-service') as typeof AppServiceModule;
const synthesizeModule = (): typeof SynthesizeModule => require('../synth/synthesize') as typeof SynthesizeModule;
/* eslint-enable @typescript-eslint/no-var-requires */

/** Spec names that are their own file stem (cdk8s gives any other chart name a hash suffix). */
const PLAIN_STEM = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export { entryProps } from './entry-props';

/** Options of {@link compileSpec}. */
export interface CompileOptions extends Pick<SynthOptions, 'profile' | 'nodePortRange' | 'strict' | 'kubernetesVersion' | 'featureGates' | 'enable' | 'disable' | 'onSilenced'> {
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
  return compileSpecDirect(loaded, options) ?? compileSpecThroughCdk8s(loaded, options);
}

/** The entries' indices by output group ('' for the common directory, else the cluster), groups sorted. */
function groupsOf(spec: SpecSource['spec']): [string, number[]][] {
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
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * {@link compileSpec} without a cdk8s app: each entry rendered as its AppService renders it
 * ({@link renderEntry}), the objects of each output group checked and written as synthesis
 * checks and writes the objects of a chart. Undefined when an entry or the spec's name needs
 * cdk8s (then {@link compileSpecThroughCdk8s} compiles it). `test/spec/compile-direct.test.ts`
 * holds the two to the same files, services, warnings and errors.
 */
function compileSpecDirect(loaded: SpecSource, options: CompileOptions): CompiledSpec | undefined {
  const { spec } = loaded;
  if (!PLAIN_STEM.test(loaded.specName)) return undefined;
  const groups = groupsOf(spec);
  const rendered: [string, ResolvedObject[], number[]][] = [];
  for (const [group, indices] of groups) {
    const objects: ResolvedObject[] = [];
    for (const index of indices) {
      const entry = spec.services[index];
      if (entry === undefined) continue;
      const obj = renderEntry(loaded, entry, index);
      if (obj === undefined) return undefined;
      objects.push(obj);
    }
    rendered.push([group, objects, indices]);
  }
  const files = new Map<string, string>();
  const services: CompiledService[] = [];
  const errors: ObjectFinding[] = [];
  const warnings: SpecProblem[] = [];
  // Which entry each construct path comes from: only needed to locate a finding.
  let owners: Map<string, number> | undefined;
  const ownersOf = (): Map<string, number> => {
    if (owners === undefined) {
      const map = new Map<string, number>();
      for (const [, objects, indices] of rendered) objects.forEach((obj, i) => map.set(obj.constructPath, indices[i] ?? -1));
      owners = map;
    }
    return owners;
  };
  const work = rendered.reduce((n, [, objects]) => n + objects.length, 0);
  const progress = work > PROGRESS_THRESHOLD ? options.onProgress : undefined;
  for (const [group, objects, indices] of rendered) {
    progress?.(`compiling and validating ${indices.length} service${indices.length === 1 ? '' : 's'}${group === '' ? '' : ` for cluster ${group}`}`);
    try {
      const result = synthObjects(loaded.specName, objects, checkOptions(options, spec));
      files.set(group === '' ? result.file : `${group}/${result.file}`, result.text);
      objects.forEach((obj, i) => services.push({ index: indices[i] ?? -1, cluster: group === '' ? undefined : group, manifest: obj.manifest }));
      // Loops, not push(...list): a list of 100,000 findings would overflow the call stack.
      for (const w of result.warnings) if (w.finding.severity !== 'error') warnings.push(locateFinding(loaded, ownersOf(), w));
    } catch (err: unknown) {
      if (!(err instanceof SynthError)) throw err;
      for (const f of err.findings) if (f.finding.severity === 'error') errors.push(f);
    }
  }
  if (errors.length > 0) throw new SpecCompileError(dedupe(errors.map((f) => locateFinding(loaded, ownersOf(), f))));
  progress?.(`compiled ${spec.services.length} services into ${files.size} file${files.size === 1 ? '' : 's'}`);
  return { files, clusters: groups.map(([g]) => g).filter((g) => g !== ''), services, warnings: dedupe(warnings) };
}

/** What the objects of a spec are checked with: {@link synthOptions} without what only an app needs. */
function checkOptions(options: CompileOptions, spec: Pick<Spec, 'kubernetesVersion'>): CheckOptions {
  const { recordConstructMetadata: _unused, ...check } = synthOptions(options, spec);
  return check;
}

/** {@link compileSpec} through a cdk8s app of AppService constructs. */
export function compileSpecThroughCdk8s(loaded: SpecSource, options: CompileOptions = {}): CompiledSpec {
  const { spec } = loaded;
  const sorted = groupsOf(spec);
  const groups = new Map(sorted);
  const ordered = sorted.map(([group]) => group);
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
    const { app, chart } = newApp(loaded);
    for (const index of indices) {
      const entry = spec.services[index];
      if (entry === undefined) continue;
      const id = constructId(entry, spec, index);
      owners.set(`${chart.node.path}/${id}`, index);
      new (appServiceModule().AppService)(chart, id, entryProps(spec, entry));
    }
    progress?.(`compiling and validating ${indices.length} service${indices.length === 1 ? '' : 's'}${group === '' ? '' : ` for cluster ${group}`}`);
    try {
      const result = synthesizeModule().synthApp(app, synthOptions(options, spec));
      for (const [name, content] of result.files) files.set(group === '' ? name : `${group}/${name}`, content);
      result.objects.forEach((obj) => {
        const index = owners.get(obj.constructPath);
        if (index !== undefined) services.push({ index, cluster: group === '' ? undefined : group, manifest: obj.manifest });
      });
      // Loops, not push(...list): a list of 100,000 findings would overflow the call stack.
      for (const w of result.warnings) if (w.finding.severity !== 'error') warnings.push(locateFinding(loaded, owners, w));
    } catch (err: unknown) {
      if (!(err instanceof SynthError)) throw err;
      for (const f of err.findings) if (f.finding.severity === 'error') errors.push(f);
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
  const { app, chart } = newApp(source);
  const id = constructId(entry, source.spec, index ?? source.spec.services.length);
  new (appServiceModule().AppService)(chart, id, entryProps(source.spec, entry));
  const owners = new Map<string, number>([[`${chart.node.path}/${id}`, index ?? -1]]);
  try {
    const result = synthesizeModule().synthApp(app, synthOptions({}, source.spec));
    const obj = result.objects[0];
    if (obj === undefined) throw new Error(`service ${JSON.stringify(entry.name)} compiled to nothing`);
    return obj.manifest;
  } catch (err: unknown) {
    if (!(err instanceof SynthError)) throw err;
    throw new SpecCompileError(dedupe(err.findings.filter((f) => f.finding.severity === 'error').map((f) => locateFinding(source, owners, f, entry.name))));
  }
}

/** The App and Chart of a spec: the chart (and its output file) is named after the spec, its labels carry the spec's id. */
function newApp(source: SpecSource): { app: App; chart: Chart } {
  const { App: AppClass, Chart: ChartClass } = cdk8s();
  const app = new AppClass({ outdir: '.' });
  const chart = new ChartClass(app, source.specName, { labels: specLabels(source.spec.id ?? source.specName) });
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
    ...(options.enable !== undefined ? { enable: options.enable } : {}),
    ...(options.disable !== undefined ? { disable: options.disable } : {}),
    ...(options.onSilenced !== undefined ? { onSilenced: options.onSilenced } : {}),
  };
}

