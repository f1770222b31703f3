/**
 * Read access to plain decoded manifests that may be malformed: every accessor returns
 * `undefined` (or an empty list) instead of throwing.
 */

/** A JSON-like object (not an array, not null). */
export type Obj = Readonly<Record<string, unknown>>;

/** True for a plain object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v[key]` when `v` is an object. */
export function field(v: unknown, key: string): unknown {
  return isObj(v) ? v[key] : undefined;
}

/** `v[key]` when it is an object. */
export function objField(v: unknown, key: string): Obj | undefined {
  const f = field(v, key);
  return isObj(f) ? f : undefined;
}

/** `v[key]` when it is a string. */
export function strField(v: unknown, key: string): string | undefined {
  const f = field(v, key);
  return typeof f === 'string' ? f : undefined;
}

/** `v[key]` when it is an array. */
export function arrField(v: unknown, key: string): readonly unknown[] {
  const f = field(v, key);
  return Array.isArray(f) ? f : [];
}

/** The namespace matching assumes for an object without `metadata.namespace` (or with an empty one). */
export const DEFAULT_NAMESPACE = 'default';

/** Identity of one manifest in the set. */
export interface ObjectRef {
  /** Index into the linted objects. */
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name`, or `""` when missing. */
  readonly name: string;
  /** `metadata.namespace`, or `default` when missing or empty. */
  readonly namespace: string;
}

/** The identity of `obj`, or undefined when it has no string `kind`. */
export function objectRef(obj: unknown, index: number): ObjectRef | undefined {
  // The accessors above, written out: this runs once for every object of the set.
  if (!isObj(obj)) return undefined;
  const kind = obj['kind'];
  if (typeof kind !== 'string') return undefined;
  const apiVersion = obj['apiVersion'];
  return { index, apiVersion: typeof apiVersion === 'string' ? apiVersion : '', kind, name: metadataName(obj), namespace: metadataNamespace(obj) };
}

/** `metadata.name` of a manifest, or `""` when missing. */
export function metadataName(obj: Readonly<Record<string, unknown>>): string {
  const metadata = obj['metadata'];
  const name = isObj(metadata) ? metadata['name'] : undefined;
  return typeof name === 'string' ? name : '';
}

/** `metadata.namespace` of a manifest, or `default` when missing or empty. */
export function metadataNamespace(obj: Readonly<Record<string, unknown>>): string {
  const metadata = obj['metadata'];
  const namespace = isObj(metadata) ? metadata['namespace'] : undefined;
  return typeof namespace === 'string' && namespace !== '' ? namespace : DEFAULT_NAMESPACE;
}

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → `""`). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True for a core `v1` Service. */
export function isService(ref: ObjectRef): boolean {
  return ref.kind === 'Service' && ref.apiVersion === 'v1';
}

/** `Kind "name"`, the way messages name an object. */
export function refName(ref: ObjectRef): string {
  return `${ref.kind} ${JSON.stringify(ref.name)}`;
}

/** `Kind "namespace/name"`, for messages that may cross namespaces. */
export function refNameNamespaced(ref: ObjectRef): string {
  return `${ref.kind} ${JSON.stringify(`${ref.namespace}/${ref.name}`)}`;
}

/**
 * A label map as string pairs. Scalars (numbers, booleans) are compared by their text, as the
 * decoded YAML may hold them; anything else is left out.
 */
export function labelMap(v: unknown): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (!isObj(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') out.set(k, String(val));
  }
  return out;
}

/** `k=v,k2=v2`, keys sorted, the way selectors print. */
export function renderLabels(labels: ReadonlyMap<string, string>): string {
  return [...labels.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
