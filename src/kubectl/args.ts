/**
 * kubectl command lines for `appsvc diff` and `appsvc apply`, as argument lists. Values are
 * passed as `--flag=value` so none can be mistaken for a flag.
 */

/** The field manager of every server-side apply. */
export const FIELD_MANAGER = 'appsvc';

/** Where kubectl talks to. */
export interface TargetOptions {
  /** The kubeconfig context. @default - the current context */
  readonly context?: string | undefined;
}

/** Options of {@link applyArgs} and {@link deleteArgs}. */
export interface ChangeOptions extends TargetOptions {
  /** Run on the server without persisting anything. @default false */
  readonly dryRunServer?: boolean;
  /**
   * kubectl's own dry run (`--dry-run=client`), which kubectl allows only with client-side apply:
   * the apply drops `--server-side`. @default false
   */
  readonly dryRunClient?: boolean;
}

function dryRun(o: ChangeOptions): string[] {
  return o.dryRunServer === true ? ['--dry-run=server'] : o.dryRunClient === true ? ['--dry-run=client'] : [];
}

/** A Service's identity in a cluster. */
export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
}

function target(o: TargetOptions): string[] {
  return o.context !== undefined ? [`--context=${o.context}`] : [];
}

/**
 * `--filename=PATH`, one path per flag. kubectl reads each value of `--filename` as a CSV record
 * (it is a string-slice flag), so `--filename=dist,out/a.yaml` would name `dist` and `out/a.yaml`:
 * a path holding a comma, a double quote or a line break is written as a quoted CSV field
 * (`--filename="dist,out/a.yaml"`, inner quotes doubled), which kubectl reads back as that one path.
 */
export function filenameArg(file: string): string {
  return /[",\r\n]/.test(file) ? `--filename="${file.replace(/"/g, '""')}"` : `--filename=${file}`;
}

function fileArgs(files: readonly string[]): string[] {
  return files.map(filenameArg);
}

/** `kubectl diff --server-side --field-manager=appsvc -f …`. */
export function diffArgs(files: readonly string[], o: TargetOptions = {}): string[] {
  return ['diff', '--server-side', `--field-manager=${FIELD_MANAGER}`, ...target(o), ...fileArgs(files)];
}

/** `kubectl apply --server-side --field-manager=appsvc [--dry-run=server] -f …` (`--dry-run=client` without `--server-side`). */
export function applyArgs(files: readonly string[], o: ChangeOptions = {}): string[] {
  const side = o.dryRunClient === true && o.dryRunServer !== true ? [] : ['--server-side'];
  return ['apply', ...side, `--field-manager=${FIELD_MANAGER}`, ...dryRun(o), ...target(o), ...fileArgs(files)];
}

/** `kubectl get services --all-namespaces -l SELECTOR -o json`: the live Services of a spec. */
export function listServicesArgs(selector: string, o: TargetOptions = {}): string[] {
  return ['get', 'services', '--all-namespaces', `--selector=${selector}`, '--output=json', ...target(o)];
}

/** `kubectl delete services --namespace=NS NAME…`. */
export function deleteServicesArgs(namespace: string, names: readonly string[], o: ChangeOptions = {}): string[] {
  return ['delete', 'services', `--namespace=${namespace}`, ...dryRun(o), ...target(o), ...names];
}

/** The Services of a `kubectl get services -o json` list; anything unexpected is skipped. */
export function parseServiceList(json: string): ServiceRef[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new Error('kubectl get services did not print JSON');
  }
  const items = typeof doc === 'object' && doc !== null && 'items' in doc && Array.isArray(doc.items) ? (doc.items as unknown[]) : [];
  const out: ServiceRef[] = [];
  for (const item of items) {
    const meta = typeof item === 'object' && item !== null && 'metadata' in item ? item.metadata : undefined;
    if (typeof meta !== 'object' || meta === null) continue;
    const name = 'name' in meta ? meta.name : undefined;
    const namespace = 'namespace' in meta ? meta.namespace : undefined;
    if (typeof name === 'string' && typeof namespace === 'string') out.push({ namespace, name });
  }
  return out;
}

/**
 * The live Services to delete: those carrying the spec's labels that the spec no longer holds,
 * grouped by namespace (namespaces and names sorted).
 */
export function pruneSet(live: readonly ServiceRef[], desired: readonly ServiceRef[]): Map<string, string[]> {
  const keep = new Set(desired.map((s) => `${s.namespace}/${s.name}`));
  const out = new Map<string, string[]>();
  for (const s of [...live].sort((a, b) => (a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace)))) {
    if (keep.has(`${s.namespace}/${s.name}`)) continue;
    const list = out.get(s.namespace);
    if (list === undefined) out.set(s.namespace, [s.name]);
    else if (!list.includes(s.name)) list.push(s.name);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
