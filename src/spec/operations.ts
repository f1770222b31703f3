import * as fs from 'fs';
import * as path from 'path';
import { parsePortShorthand, type ServicePortSpec } from '../constructs/port-spec';
import { DEFAULT_CLUSTER_DOMAIN } from '../constructs/service-values';
import type * as WriteModule from '../synth/write';
import { checkEntry, type SpecPath } from './check';
import type * as CompileModule from './compile';
import type { CompiledSpec, CompileOptions } from './compile';
import type * as EditModule from './edit';
import type * as EntryManifestModule from './entry-manifest';
import { findEntry, type FindResult } from './find';
import type * as EditItemsModule from './edit-items';
import { fullReaderTooLarge, loadParsedSpec, loadSimpleSpecText, loadSpecFile, loadSpecText, SpecError, specNameOf, tooLargeForFullReader, type LoadedSpec, type SpecProblem } from './load';
import { DEFAULT_NAMESPACE, entryNamespace, PORT_FIELDS, SERVICE_FIELDS, type ServiceEntry, type Spec } from './model';
import type * as NewSpecModule from './new-spec';
import type * as ParseModule from './parse';
import type * as StoreModule from './store';

/**
 * Modules only some operations need, loaded when first used: `service list` and `get` load
 * neither cdk8s nor the yaml library, nor the lock and write modules; `list` loads neither the
 * Service validator nor the cross-object checks.
 */
/* eslint-disable @typescript-eslint/no-var-requires */
const compileModule = (): typeof CompileModule => require('./compile') as typeof CompileModule;
const editModule = (): typeof EditModule => require('./edit') as typeof EditModule;
const editItemsModule = (): typeof EditItemsModule => require('./edit-items') as typeof EditItemsModule;
const entryManifestModule = (): typeof EntryManifestModule => require('./entry-manifest') as typeof EntryManifestModule;
const newSpecModule = (): typeof NewSpecModule => require('./new-spec') as typeof NewSpecModule;
const parseModule = (): typeof ParseModule => require('./parse') as typeof ParseModule;
const storeModule = (): typeof StoreModule => require('./store') as typeof StoreModule;
const writeModule = (): typeof WriteModule => require('../synth/write') as typeof WriteModule;
/* eslint-enable @typescript-eslint/no-var-requires */

/** An operation on the spec that the user asked for cannot be done (unknown name, ambiguous name…). */
export class SpecOperationError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SpecOperationError';
  }
}

/** What `appsvc service upsert` asks for. */
export interface UpsertRequest {
  /** The spec file. */
  readonly file: string;
  /** The Service name. */
  readonly name: string;
  /** The namespace (finds the entry in it; written to a new entry when not the spec's default). */
  readonly namespace?: string;
  /** Fields to set (from flags); fields not given keep their value. */
  readonly set: Partial<Omit<ServiceEntry, 'name' | 'namespace'>>;
  /** Fields to remove. */
  readonly unset?: readonly (keyof ServiceEntry)[];
  /** Node ports to give to ports of the entry (after `set`), by port number. */
  readonly nodePorts?: readonly NodePortRequest[];
}

/** `--node-port PORT:NODEPORT`: every port of the entry numbered `port` gets `nodePort`. */
export interface NodePortRequest {
  readonly port: number;
  readonly nodePort: number;
}

/** What an upsert did. */
export interface UpsertResult {
  readonly action: 'created' | 'updated' | 'unchanged';
  /** The entry as it now is in the file. */
  readonly entry: ServiceEntry;
  /** Its effective namespace. */
  readonly namespace: string;
}

/**
 * Creates or updates a spec entry. The would-be entry is checked and compiled (AppService and
 * the Service validator) before the file is touched; on any problem the file is left byte for
 * byte as it was. The edit runs under the spec file's lock and is written by write-then-rename.
 *
 * @throws SpecError for a spec file that does not load, SpecCompileError for an invalid entry,
 *   SpecOperationError for an ambiguous name
 */
export async function upsertService(req: UpsertRequest): Promise<UpsertResult> {
  const { applyEdit, canonical } = editModule();
  const { parseSpecText } = parseModule();
  return storeModule().editFileLocked(req.file, (current) => {
    // A missing file, or one without content (nothing, comments, a bare `---`), starts a new spec.
    // A file in plain block YAML is read once, by the quick reader, and only its edited entry is
    // parsed by the yaml library.
    const simple = current === undefined ? undefined : loadSimpleSpecText(req.file, current);
    // A file too large for the yaml library: its problems, or the refusal.
    if (simple === undefined && current !== undefined && tooLargeForFullReader(current)) throw problemsOf(req.file, current);
    const parsed = current === undefined || simple !== undefined ? undefined : parseSpecText(current);
    const blank = simple === undefined && (parsed === undefined || (parsed.problems.length === 0 && parsed.empty));
    const loaded = simple ?? (blank || current === undefined || parsed === undefined ? blankSpec(req.file) : loadParsedSpec(req.file, current, parsed));
    const { spec } = loaded;
    const found = findOne(spec, req.name, req.namespace, req.file, true);
    const index = found.kind === 'found' ? found.index : undefined;
    const base: Record<string, unknown> = found.kind === 'found' ? { ...found.entry } : { name: req.name };
    if (found.kind !== 'found' && req.namespace !== undefined && req.namespace !== (spec.namespace ?? DEFAULT_NAMESPACE)) base.namespace = req.namespace;
    for (const [k, v] of Object.entries(req.set)) if (v !== undefined) base[k] = v;
    for (const k of req.unset ?? []) delete base[k];
    if (req.nodePorts !== undefined && req.nodePorts.length > 0) base.ports = withNodePorts(req.file, req.name, base.ports, req.nodePorts);
    const entry = base as unknown as ServiceEntry;

    const problems: SpecProblem[] = [];
    checkEntry(entry, [], (_p: SpecPath, finding) => {
      problems.push({ file: req.file, line: 0, col: 0, message: `service ${JSON.stringify(req.name)}: ${finding.message}` });
    });
    if (problems.length > 0) throw new SpecError(problems);
    // The would-be entry is not in the file yet: report by service and field, without a line.
    entryManifestModule().compileEntryManifest({ file: req.file, spec, specName: loaded.specName }, entry, index);

    const namespace = entryNamespace(spec, entry);
    if (found.kind === 'found' && canonical(orderedFields(found.entry)) === canonical(orderedFields(entry))) {
      return { text: undefined, result: { action: 'unchanged', entry: found.entry, namespace } };
    }
    const quick = simple !== undefined ? editItemsModule().upsertServiceItem(simple, entry, index) : undefined;
    if (quick === undefined && current !== undefined && tooLargeForFullReader(current)) throw fullReaderTooLarge(req.file, current, 'edit');
    const text = quick?.text ?? applyEdit(current ?? '', { op: 'upsert', entry, index }, blank ? newSpecModule().newSpecStart(req.file) : undefined);
    const after = quick?.after ?? loadSpecText(req.file, text);
    const now = findEntry(after.spec, req.name, namespace);
    const written = now.kind === 'found' ? now.entry : entry;
    const unchanged = text === current;
    return { text, result: { action: unchanged ? 'unchanged' : found.kind === 'found' ? 'updated' : 'created', entry: written, namespace } };
  });
}

/**
 * Removes a spec entry after `confirm` agrees (asked before the file is locked; the entry is
 * looked up again under the lock).
 *
 * @returns false when `confirm` declined
 * @throws SpecOperationError when there is no such entry
 */
export async function deleteService(file: string, name: string, namespace: string | undefined, confirm: (entry: ServiceEntry, namespace: string) => Promise<boolean>): Promise<boolean> {
  const loaded = await loadSpecFile(file);
  const found = findOne(loaded.spec, name, namespace, file, false);
  if (found.kind !== 'found') throw new SpecOperationError(noSuchService(file, name, namespace));
  if (!(await confirm(found.entry, entryNamespace(loaded.spec, found.entry)))) return false;
  const { applyEdit } = editModule();
  return storeModule().editFileLocked(file, (current) => {
    if (current === undefined) throw new SpecOperationError(noSuchService(file, name, namespace));
    const again = loadSpecText(file, current);
    const hit = findOne(again.spec, name, namespace, file, false);
    if (hit.kind !== 'found') throw new SpecOperationError(noSuchService(file, name, namespace));
    // A file in plain block YAML loses the entry's lines only, without the yaml library (which a
    // spec over its size limit could not be given).
    const quick = editItemsModule().deleteServiceItem(again, hit.index);
    if (quick !== undefined) return { text: quick, result: true };
    if (tooLargeForFullReader(current)) throw fullReaderTooLarge(file, current, 'edit');
    return { text: applyEdit(current, { op: 'delete', index: hit.index }), result: true };
  });
}

/** One row of `appsvc service list`. */
export interface ServiceRow {
  readonly name: string;
  readonly namespace: string;
  readonly type: string;
  /** Ports as `PORT:TARGETPORT/PROTOCOL`. */
  readonly ports: readonly string[];
  readonly selector: Readonly<Record<string, string>>;
  /** The in-cluster DNS name: `api.production.svc.cluster.local`. */
  readonly dns: string;
  /** `dns:port` for every port (the DNS name alone for a Service without ports). */
  readonly addresses: readonly string[];
  /** The clusters it is written for (empty: the common output directory). */
  readonly clusters: readonly string[];
}

/** The rows of `appsvc service list`, in file order, optionally of one namespace. */
export async function listServices(file: string, namespace?: string, clusterDomain: string = DEFAULT_CLUSTER_DOMAIN): Promise<ServiceRow[]> {
  const loaded = await loadSpecFile(file);
  return serviceRows(loaded.spec, clusterDomain).filter((r) => namespace === undefined || r.namespace === namespace);
}

/** The rows of a spec (see {@link listServices}). */
export function serviceRows(spec: Spec, clusterDomain: string = DEFAULT_CLUSTER_DOMAIN): ServiceRow[] {
  const rows: ServiceRow[] = new Array<ServiceRow>(spec.services.length);
  spec.services.forEach((entry, i) => {
    const namespace = entryNamespace(spec, entry);
    const dns = `${entry.name}.${namespace}.svc.${clusterDomain}`;
    const specs = entry.ports ?? [];
    const ports: string[] = new Array<string>(specs.length);
    const addresses: string[] = new Array<string>(specs.length);
    specs.forEach((item, j) => {
      const p = portSpecOf(item);
      // As formatPortShorthand writes a port whose target port and protocol are given.
      ports[j] = typeof p === 'string' ? p : `${p.port}:${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`;
      addresses[j] = typeof p === 'string' ? dns : `${dns}:${p.port}`;
    });
    rows[i] = {
      name: entry.name,
      namespace,
      type: entry.type ?? (entry.externalName !== undefined ? 'ExternalName' : 'ClusterIP'),
      ports,
      selector: { ...(entry.selector ?? {}) },
      dns,
      addresses: specs.length === 0 ? [dns] : addresses,
      clusters: [...(entry.clusters ?? [])],
    };
  });
  return rows;
}

/** The manifest an entry compiles to (validated). */
export async function getServiceManifest(file: string, name: string, namespace?: string): Promise<Record<string, unknown>> {
  const loaded = await loadSpecFile(file);
  const found = findOne(loaded.spec, name, namespace, file, false);
  if (found.kind !== 'found') throw new SpecOperationError(noSuchService(file, name, namespace));
  return entryManifestModule().compileEntryManifest(loaded, found.entry, found.index);
}

/** What `appsvc synth` did. */
export interface SynthSpecResult {
  readonly loaded: LoadedSpec;
  readonly compiled: CompiledSpec;
  /** The absolute output directory. */
  readonly outdir: string;
  /** False when the output directory already held exactly these files. */
  readonly changed: boolean;
}

/**
 * Compiles the spec file and replaces the output directory with the result in one atomic step:
 * on any error, nothing in the output directory changes. `beforeWrite` sees the compiled spec
 * before anything is written; what it throws stops the write.
 */
export async function synthSpec(
  file: string,
  outdir: string,
  onProgress?: (line: string) => void,
  versions: Pick<CompileOptions, 'kubernetesVersion' | 'featureGates' | 'enable' | 'disable' | 'onSilenced'> = {},
  beforeWrite?: (compiled: CompiledSpec) => void,
): Promise<SynthSpecResult> {
  const loaded = await loadSpecFile(file);
  const compiled = compileModule().compileSpec(loaded, { ...versions, ...(onProgress !== undefined ? { onProgress } : {}) });
  beforeWrite?.(compiled);
  const abs = path.resolve(outdir);
  checkOutputParents(outdir, abs);
  const changed = writeModule().writeDirAtomic(abs, compiled.files);
  return { loaded, compiled, outdir: abs, changed };
}

/**
 * Refuses an output directory that cannot be created because one of its parents exists and is not
 * a directory (a regular file, say): `"out/file" is not a directory`. Parents that do not exist
 * yet are created by the write.
 *
 * @throws OutputPathError
 */
export function checkOutputParents(outdir: string, abs: string = path.resolve(outdir)): void {
  const chain: string[] = [];
  for (let dir = path.dirname(abs); !chain.includes(dir); dir = path.dirname(dir)) chain.unshift(dir);
  for (const dir of chain) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch {
      return; // Missing (created by the write) or unreadable (reported by the write).
    }
    if (!stat.isDirectory()) {
      throw new (writeModule().OutputPathError)(`cannot write the output directory ${JSON.stringify(outdir)}: ${JSON.stringify(shownAs(outdir, dir))} is not a directory`);
    }
  }
}

/** `dir` spelled relative to the current directory when the user gave `outdir` that way. */
function shownAs(outdir: string, dir: string): string {
  if (path.isAbsolute(outdir)) return dir;
  const rel = path.relative(path.resolve('.'), dir);
  return rel === '' ? dir : rel;
}

function portSpecOf(p: unknown): ServicePortSpec | string {
  if (typeof p === 'string' || typeof p === 'number') {
    const r = parsePortShorthand(String(p));
    return r.ok ? r.port : String(p);
  }
  return p as ServicePortSpec;
}

/** The error {@link loadSpecText} throws for text the quick reader does not load. */
function problemsOf(file: string, text: string): unknown {
  try {
    loadSpecText(file, text);
  } catch (err: unknown) {
    return err;
  }
  return fullReaderTooLarge(file, text);
}

function blankSpec(file: string): LoadedSpec {
  const parsed = parseModule().parseSpecText('');
  const specName = specNameOf({}, file);
  return { file, text: '', parsed, spec: { services: [] }, specName, specId: specName };
}

function findOne(spec: Spec, name: string, namespace: string | undefined, file: string, allowMissing: boolean): FindResult {
  const found = findEntry(spec, name, namespace);
  if (found.kind === 'ambiguous') {
    throw new SpecOperationError(`${file}: service ${JSON.stringify(name)} is in several namespaces (${found.namespaces.join(', ')}); choose one with --namespace`);
  }
  if (found.kind === 'missing' && !allowMissing) throw new SpecOperationError(noSuchService(file, name, namespace));
  return found;
}

function noSuchService(file: string, name: string, namespace: string | undefined): string {
  return `${file}: no service ${JSON.stringify(name)}${namespace !== undefined ? ` in namespace ${JSON.stringify(namespace)}` : ''} (see \`appsvc service list\`)`;
}

function orderedFields(entry: ServiceEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of SERVICE_FIELDS) if (entry[f.key] !== undefined) out[f.key] = entry[f.key];
  return out;
}

/**
 * The ports with node ports set: each port numbered as a request names is written in the long
 * form with its `nodePort` (a shorthand `"80:8080/TCP"` becomes `{port: 80, targetPort: 8080,
 * protocol: TCP, nodePort: 30080}`).
 *
 * @throws SpecOperationError when no port has a requested number, or the ports cannot be read
 */
function withNodePorts(file: string, name: string, ports: unknown, requests: readonly NodePortRequest[]): unknown[] {
  const list: unknown[] = Array.isArray(ports) ? [...(ports as unknown[])] : [];
  for (const req of requests) {
    let hits = 0;
    list.forEach((p, i) => {
      const spec = portSpecOf(p);
      if (typeof spec === 'string' || spec.port !== req.port) return;
      hits++;
      const long: Record<string, unknown> = {};
      const source: Record<string, unknown> = { ...spec, nodePort: req.nodePort };
      for (const key of PORT_FIELDS) if (source[key] !== undefined) long[key] = source[key];
      list[i] = long;
    });
    if (hits === 0) {
      const have = list.map((p) => portSpecOf(p)).map((p) => (typeof p === 'string' ? p : String(p.port)));
      throw new SpecOperationError(`${file}: service ${JSON.stringify(name)} has no port ${req.port} to give node port ${req.nodePort} (its ports: ${have.length > 0 ? have.join(', ') : 'none'}; add one with --port)`);
    }
  }
  return list;
}
