/**
 * `appsvc import`: reads Services from manifests or a cluster, checks them, and writes them into
 * the spec file (or prints AppService code). Nothing is written unless every Service imports.
 */
import { readInputs, type InputSource } from '../manifest/read';
import { parseManifests } from '../manifest/parse';
import { buildRun } from '../report/run';
import { renderProblemLines, renderText } from '../report/text';
import { runOk } from '../report/model';
import { validateManifest } from '../validation/manifest';
import type { JsonObject } from '../manifest/types';
import { compileEntry, compileSpec, SpecCompileError } from '../spec/compile';
import { applyEdit, canonical, findEntry } from '../spec/edit';
import { fullReaderTooLarge, loadSimpleSpecText, loadSpecText, readSpecText, specNameOf, formatProblem, tooLargeForFullReader, type LoadedSpec } from '../spec/load';
import { upsertServiceItem } from '../spec/edit-items';
import { DEFAULT_NAMESPACE, SERVICE_FIELDS, type ServiceEntry, type Spec } from '../spec/model';
import { newSpecStart } from '../spec/new-spec';
import { parseSpecText } from '../spec/parse';
import { editFileLocked } from '../spec/store';
import { runKubectl, unreachableMessage } from '../kubectl/runner';
import { roundTripDifferences, withoutFields } from './round-trip';
import { serviceToEntry, type DroppedField, type ImportedService } from './service-entry';
import { renderTypeScript } from './typescript';
import { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion, type FeatureGates, type KubernetesVersion } from '../validation/versions';

/** Output formats of `appsvc import`. */
export const IMPORT_FORMATS = ['spec', 'ts'] as const;
/** One of {@link IMPORT_FORMATS}. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Where to read Services from the cluster. */
export interface ClusterSource {
  readonly kubectl: string;
  readonly context?: string;
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
}

/** What `appsvc import` is asked to do. */
export interface ImportRequest {
  /** Files, directories, `-`; empty with `cluster`. */
  readonly inputs: readonly string[];
  readonly cluster?: ClusterSource;
  /** The spec file written with format `spec`, and whose namespace the entries default to. */
  readonly specFile: string;
  readonly format: ImportFormat;
  readonly keepNodePorts: boolean;
  /**
   * The Kubernetes version the input is validated for (`--kubernetes-version`); a new spec file is
   * created with it. @default - the spec file's `kubernetesVersion`, else 1.28
   */
  readonly kubernetesVersion?: KubernetesVersion;
  /** kube-apiserver feature gates for validating the input (`--feature-gates`). */
  readonly featureGates?: FeatureGates;
}

/** What happened to one Service. */
export interface ImportOutcome {
  /** The input it came from (`cluster` for --from-cluster). */
  readonly file: string;
  readonly name: string;
  /** Its namespace in the spec. */
  readonly namespace: string;
  readonly action: 'created' | 'updated' | 'unchanged' | 'generated';
  readonly dropped: readonly DroppedField[];
}

/** The result of an import. */
export interface ImportResult {
  readonly outcomes: readonly ImportOutcome[];
  /** Notes for stderr: skipped Services, duplicates. */
  readonly notes: readonly string[];
  /** Objects of the input that are not v1 Services. */
  readonly otherObjects: number;
  /** The generated code, with format `ts`. */
  readonly code?: string;
}

/** The import cannot be done: every reason, one line each; nothing was written. */
export class ImportError extends Error {
  public constructor(
    public readonly lines: readonly string[],
    /** A validation report (text) to print before the lines. */
    public readonly report: string = '',
  ) {
    super(lines.join('\n'));
    this.name = 'ImportError';
  }
}

/** The name of the cluster as an input, in messages. */
export const CLUSTER_INPUT = 'cluster';

/** `kubectl get services -o json` for the chosen namespace(s) and context. */
export function getServicesArgs(c: Omit<ClusterSource, 'kubectl'>): string[] {
  const args = ['get', 'services', '--output=json'];
  if (c.allNamespaces === true) args.push('--all-namespaces');
  else if (c.namespace !== undefined) args.push(`--namespace=${c.namespace}`);
  if (c.context !== undefined) args.push(`--context=${c.context}`);
  return args;
}

/** Runs the import. @throws ImportError, SpecError, SpecLockedError, KubectlNotFoundError */
export async function runImport(req: ImportRequest): Promise<ImportResult> {
  const sources = req.cluster !== undefined ? [await readCluster(req.cluster)] : await readInputs(req.inputs);
  // The spec file as it is now: its version validates the input, and the edit below reuses it
  // when the file has not changed since (it is read again under the lock).
  const before = req.format === 'spec' ? await readSpecBefore(req.specFile) : undefined;
  const kubernetesVersion = req.kubernetesVersion ?? versionOf(before?.loaded.spec.kubernetesVersion) ?? DEFAULT_KUBERNETES_VERSION;
  const versions = { kubernetesVersion, ...(req.featureGates === undefined ? {} : { featureGates: req.featureGates }) };
  // `status` is dropped, so it is not checked: a newer cluster's status fields do not stop an import.
  const run = buildRun(sources, (o) => validateManifest(withoutFields(o, ['status']), versions));
  if (!runOk(run)) {
    // The lines `appsvc validate` prints for the same input: what could not be read, then the rejections.
    const report = [...renderProblemLines(run), ...renderText(run).split('\n').filter((l) => / is invalid: /.test(l))];
    throw new ImportError(['nothing was imported: the input has errors (see above); `appsvc validate` shows the same findings'], report.join('\n'));
  }
  const { services, others } = collectServices(sources);
  if (services.length === 0) throw new ImportError([`no v1 Service in ${req.cluster !== undefined ? 'the cluster' : req.inputs.join(', ')}${others > 0 ? ` (${others} other object${others === 1 ? '' : 's'})` : ''}; nothing was imported`]);

  const notes: string[] = [];
  const chosen = new Map<string, { file: string; object: JsonObject; imported: ImportedService }>();
  const problems: string[] = [];
  for (const { file, object } of services) {
    if (isApiServerService(object)) {
      notes.push(`${file}: skipped service "default/kubernetes": the API server manages it`);
      continue;
    }
    const imported = serviceToEntry(object, { keepNodePorts: req.keepNodePorts, ...(req.cluster !== undefined ? { fromServer: true } : {}) });
    const key = `${imported.namespace ?? ''}/${imported.name}`;
    const earlier = chosen.get(key);
    if (earlier !== undefined) notes.push(`${file}: service ${show(imported)} is also in ${earlier.file}; the later one is imported`);
    for (const reason of imported.inexpressible) problems.push(`${file}: service ${show(imported)}: ${reason}`);
    chosen.set(key, { file, object, imported });
  }
  if (problems.length > 0) throw new ImportError([...problems, 'nothing was imported: the spec format cannot express the fields above']);

  // A new spec file (and the TypeScript, which has no spec file) is compiled at the version given.
  const newSpec: Spec = { ...(req.kubernetesVersion === undefined ? {} : { kubernetesVersion: req.kubernetesVersion }), services: [] };
  if (req.format === 'ts') {
    const list = [...chosen.values()];
    const source = specSourceFor(req.specFile, newSpec);
    checkRoundTrips(list, source);
    const code = renderTypeScript(
      list.map((c) => ({ entry: c.imported.entry, namespace: c.imported.namespace ?? DEFAULT_NAMESPACE })),
      req.cluster !== undefined ? [] : req.inputs,
    );
    const outcomes = list.map((c) => ({ file: c.file, name: c.imported.name, namespace: c.imported.namespace ?? DEFAULT_NAMESPACE, action: 'generated' as const, dropped: c.imported.dropped }));
    return { outcomes, notes, otherObjects: others, code };
  }

  const outcomes = await editFileLocked(req.specFile, (current) => {
    // A file in plain block YAML is read by the quick reader and edited entry by entry; the yaml
    // library reads (and edits) only other files, up to its size limit.
    const reused = before !== undefined && current === before.text ? before.loaded : undefined;
    const simple = reused ?? (current === undefined ? undefined : loadSimpleSpecText(req.specFile, current));
    const blank = current === undefined || (simple === undefined && !tooLargeForFullReader(current) && parseSpecText(current).empty);
    let text = current ?? '';
    let loaded: LoadedSpec | undefined = blank ? undefined : (simple ?? loadSpecText(req.specFile, text));
    const specNamespace = loaded?.spec.namespace ?? DEFAULT_NAMESPACE;
    const written = loaded === undefined ? undefined : versionOf(loaded.spec.kubernetesVersion);
    const mismatch =
      loaded !== undefined && req.kubernetesVersion !== undefined && req.kubernetesVersion !== written
        ? `${req.specFile}: its entries are compiled for Kubernetes ${written ?? `${DEFAULT_KUBERNETES_VERSION} (the default)`}, not ${req.kubernetesVersion} as given; set kubernetesVersion: "${req.kubernetesVersion}" in it to compile them for that version`
        : undefined;
    if (mismatch !== undefined) notes.push(mismatch);
    const list = [...chosen.values()];
    try {
      checkRoundTrips(list, loaded ?? specSourceFor(req.specFile, newSpec));
    } catch (err: unknown) {
      if (mismatch === undefined || !(err instanceof ImportError)) throw err;
      throw new ImportError([...err.lines.slice(0, -1), mismatch, ...err.lines.slice(-1)], err.report);
    }
    const done: ImportOutcome[] = [];
    for (const c of list) {
      const namespace = c.imported.namespace ?? specNamespace;
      const spec = loaded?.spec ?? { services: [] };
      const found = findEntry(spec, c.imported.name, namespace);
      const wanted = entryFor(c.imported.entry, specNamespace, found.kind === 'found' ? found.entry : undefined);
      let action: ImportOutcome['action'];
      if (found.kind === 'found' && canonical(ordered(found.entry)) === canonical(ordered(wanted))) action = 'unchanged';
      else {
        const index = found.kind === 'found' ? found.index : undefined;
        const quick = loaded?.serviceItems !== undefined ? upsertServiceItem(loaded, wanted, index) : undefined;
        if (quick !== undefined) {
          text = quick.text;
          loaded = quick.after;
        } else {
          if (tooLargeForFullReader(text)) throw fullReaderTooLarge(req.specFile, text, 'edit');
          text = applyEdit(text, { op: 'upsert', entry: wanted, index }, loaded === undefined ? newSpecStart(req.specFile, req.kubernetesVersion) : undefined);
          loaded = loadSpecText(req.specFile, text);
        }
        action = found.kind === 'found' ? 'updated' : 'created';
      }
      done.push({ file: c.file, name: c.imported.name, namespace, action, dropped: c.imported.dropped });
    }
    // The whole spec must still compile (cross-object errors, clashes with entries already there).
    if (loaded !== undefined && text !== current) compileSpec(loaded);
    return { text: text === current ? undefined : text, result: done };
  });
  return { outcomes, notes, otherObjects: others };
}

/** The spec file's text and what it reads as, when it exists and loads; undefined otherwise (the edit reports its problems). */
async function readSpecBefore(file: string): Promise<{ readonly text: string; readonly loaded: LoadedSpec } | undefined> {
  try {
    const text = await readSpecText(file);
    return text === undefined ? undefined : { text, loaded: loadSpecText(file, text) };
  } catch {
    return undefined;
  }
}

function versionOf(value: string | undefined): KubernetesVersion | undefined {
  return value === undefined ? undefined : parseKubernetesVersion(value);
}

/** Reads the Services of the cluster through kubectl. */
async function readCluster(c: ClusterSource): Promise<InputSource> {
  const result = await runKubectl(c.kubectl, getServicesArgs(c), { captureStdout: true });
  if (result.code !== 0) {
    const unreachable = unreachableMessage(result.stderr, c.context);
    throw new ImportError([unreachable ?? `kubectl get services failed (exit ${result.code}): ${result.stderr.trim().split('\n')[0] ?? ''}`]);
  }
  return { file: CLUSTER_INPUT, text: result.stdout };
}

/** The v1 Services of the inputs, in input order, and how many other objects there were. */
function collectServices(sources: readonly InputSource[]): { services: Array<{ file: string; object: JsonObject }>; others: number } {
  const services: Array<{ file: string; object: JsonObject }> = [];
  let others = 0;
  for (const source of sources) {
    if (!('text' in source)) continue;
    for (const entry of parseManifests(source.text)) {
      if (entry.outcome !== 'object') continue;
      if (entry.object['apiVersion'] === 'v1' && entry.object['kind'] === 'Service') services.push({ file: source.file, object: entry.object });
      else others += 1;
    }
  }
  return { services, others };
}

/** The `default/kubernetes` Service the API server keeps for itself. */
function isApiServerService(obj: JsonObject): boolean {
  const meta = obj['metadata'];
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return false;
  const m = meta as JsonObject;
  const labels = m['labels'];
  const l = typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? (labels as JsonObject) : {};
  return m['name'] === 'kubernetes' && (m['namespace'] === 'default' || m['namespace'] === undefined) && l['component'] === 'apiserver' && l['provider'] === 'kubernetes';
}

function show(s: ImportedService): string {
  return JSON.stringify(s.namespace === undefined ? s.name : `${s.namespace}/${s.name}`);
}

function specSourceFor(file: string, spec: Spec): { file: string; spec: Spec; specName: string } {
  return { file, spec, specName: specNameOf(spec, file) };
}

/**
 * Compiles every imported entry and compares the Service with its input after defaulting.
 * @throws ImportError listing every Service whose round trip does not hold
 */
function checkRoundTrips(list: ReadonlyArray<{ file: string; object: JsonObject; imported: ImportedService }>, source: { file: string; spec: Spec; specName: string }): void {
  const problems: string[] = [];
  const defaultNamespace = source.spec.namespace ?? DEFAULT_NAMESPACE;
  for (const { file, object, imported } of list) {
    const entry = entryFor(imported.entry, defaultNamespace, undefined);
    let manifest: Record<string, unknown>;
    try {
      manifest = compileEntry(source, entry, undefined);
    } catch (err: unknown) {
      if (!(err instanceof SpecCompileError)) throw err;
      for (const p of err.problems) problems.push(`${file}: service ${show(imported)} does not compile: ${formatProblem(p)}`);
      continue;
    }
    const diffs = roundTripDifferences(object, manifest, { dropped: imported.dropped.map((d) => d.field), defaultNamespace });
    for (const d of diffs) problems.push(`${file}: service ${show(imported)}: ${d.field} cannot be expressed exactly: the input has ${d.input}, the spec would give ${d.output}`);
  }
  if (problems.length > 0) throw new ImportError([...problems, 'nothing was imported']);
}

/**
 * The entry written to the spec: the imported fields, the namespace only when it is not the
 * spec's default, and the existing entry's `clusters` (a spec-only field the input cannot have).
 */
function entryFor(imported: ServiceEntry, specNamespace: string, existing: ServiceEntry | undefined): ServiceEntry {
  const out: Record<string, unknown> = {};
  for (const f of SERVICE_FIELDS) {
    const v: unknown = imported[f.key];
    if (v === undefined) continue;
    if (f.key === 'namespace' && v === specNamespace) continue;
    out[f.key] = v;
  }
  if (existing?.clusters !== undefined) out['clusters'] = existing.clusters;
  return out as unknown as ServiceEntry;
}

function ordered(entry: ServiceEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of SERVICE_FIELDS) if (entry[f.key] !== undefined) out[f.key] = entry[f.key];
  return out;
}
