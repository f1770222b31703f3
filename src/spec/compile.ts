import { App, Chart } from 'cdk8s';
import { AppService, type AppServiceProps } from '../constructs/app-service';
import { SynthError, synthApp, type SynthOptions } from '../synth/synthesize';
import type { ObjectFinding } from '../synth/types';
import { specLabels } from './labels';
import { formatProblem, type SpecProblem } from './load';
import { entryNamespace, SERVICE_FIELDS, type ServiceEntry, type Spec } from './model';
import { locate, type ParsedSpec } from './parse';
import type { SpecPath } from './check';

/** The spec did not compile to valid manifests: every problem, located in the spec file. */
export class SpecCompileError extends Error {
  public constructor(public readonly problems: readonly SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecCompileError';
  }
}

/** Options of {@link compileSpec}. */
export interface CompileOptions extends Pick<SynthOptions, 'profile' | 'nodePortRange' | 'strict'> {
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

/** A spec to compile: where it comes from, its content and name, and (to locate problems) its parsed document. */
export interface SpecSource {
  readonly file: string;
  readonly spec: Spec;
  readonly specName: string;
  /** Without it, problems are reported without a line (`appsvc.yaml: service "api": …`). */
  readonly parsed?: ParsedSpec;
}

/** Specs that compile more Services than this get progress lines. */
const PROGRESS_THRESHOLD = 200;

/**
 * The AppService props an entry maps to: every field of the entry except `clusters`, with the
 * namespace made explicit (the entry's, else the spec's, else "default").
 */
export function entryProps(spec: Pick<Spec, 'namespace'>, entry: ServiceEntry): AppServiceProps {
  const props: Record<string, unknown> = {};
  for (const field of SERVICE_FIELDS) {
    if (field.key === 'clusters') continue;
    const v: unknown = entry[field.key];
    if (v === undefined) continue;
    props[field.key] = field.key === 'ports' && Array.isArray(v) ? v.map((p: unknown) => (typeof p === 'number' ? String(p) : p)) : v;
  }
  props.namespace = entryNamespace(spec, entry);
  return props as AppServiceProps;
}

/**
 * Compiles a spec through the AppService construct: one cdk8s App and Chart per output group
 * (the common directory, and one per cluster named in `clusters`), one AppService per entry,
 * then the synthesis pipeline (validation by the 1.28 API server rules, cross-object checks,
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
      const result = synthApp(app, synthOptions(options));
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
    const result = synthApp(app);
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

function synthOptions(options: CompileOptions): SynthOptions {
  return {
    recordConstructMetadata: false,
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.nodePortRange !== undefined ? { nodePortRange: options.nodePortRange } : {}),
    ...(options.strict !== undefined ? { strict: options.strict } : {}),
  };
}

/** A construct id unique in its chart: the namespace and name (construct ids may not contain "/"). */
function constructId(entry: ServiceEntry, spec: Pick<Spec, 'namespace'>, index: number): string {
  return `${entryNamespace(spec, entry)}.${entry.name}.${index}`;
}

/** Maps a manifest field path to the entry field it comes from, for locating it in the file. */
function specPathOf(field: string, index: number): SpecPath {
  const base: (string | number)[] = ['services', index];
  const m = /^(?:spec|metadata)\.([A-Za-z]+)(?:\[(\d+)\])?/.exec(field);
  if (m === null) return base;
  const key = m[1] ?? '';
  const mapped = key === 'clusterIP' && field.startsWith('spec.clusterIPs') ? 'clusterIPs' : key === 'sessionAffinityConfig' ? 'sessionAffinityTimeoutSeconds' : key;
  if (!SERVICE_FIELDS.some((f) => f.key === mapped)) return base;
  return m[2] !== undefined ? [...base, mapped, Number(m[2])] : [...base, mapped];
}

function locateFinding(
  loaded: SpecSource,
  owners: ReadonlyMap<string, number>,
  f: ObjectFinding,
  fallbackName?: string,
): SpecProblem {
  const index = owners.get(f.constructPath);
  const entry = index === undefined || index < 0 ? undefined : loaded.spec.services[index];
  const name = entry?.name ?? fallbackName ?? f.constructPath;
  const pos = loaded.parsed !== undefined && index !== undefined && index >= 0 ? locate(loaded.parsed, specPathOf(f.finding.field, index)) : undefined;
  const prefix = f.finding.severity === 'warning' ? 'warning: ' : '';
  return { file: loaded.file, line: pos?.line ?? 0, col: pos?.col ?? 0, message: `${prefix}service ${JSON.stringify(name)}: ${f.finding.message}` };
}

function dedupe(list: readonly SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const key = `${p.line}:${p.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
