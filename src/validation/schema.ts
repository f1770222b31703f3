/**
 * Structural checks of a v1 Service, as kubectl's strict field validation and the API server's JSON
 * decoding apply them before anything else: unknown and removed fields, and wrong JSON types.
 * `null` is accepted for every field (Go decodes it as unset).
 */
import { forbidden, invalid, required, type Finding } from './field-error';
import { FieldPath } from './field-path';
import { INT32_MAX, INT32_MIN, isInt32, isInt64, isPlainObject, own, ownKeys } from './json';

/** A node of the schema: the JSON type a field must have. */
type SchemaNode =
  | { readonly kind: 'string' | 'int32' | 'int64' | 'boolean' | 'intOrString' | 'time' | 'stringMap' | 'any' }
  | { readonly kind: 'array'; readonly items: SchemaNode }
  | ObjectNode;

interface ObjectNode {
  readonly kind: 'object';
  readonly fields: ReadonlyMap<string, SchemaNode>;
  /** Fields added after 1.28: the Kubernetes minor version that added each. */
  readonly since: ReadonlyMap<string, number>;
  /** Fields that are not part of the 1.28 schema but are worth a specific explanation. */
  readonly notes: ReadonlyMap<string, { readonly rule: 'k8s/schema-removed-field' | 'k8s/schema-unknown-field'; readonly detail: string }>;
}

const STRING = { kind: 'string' } as const;
const INT32 = { kind: 'int32' } as const;
const INT64 = { kind: 'int64' } as const;
const BOOLEAN = { kind: 'boolean' } as const;
const TIME = { kind: 'time' } as const;
const STRING_MAP = { kind: 'stringMap' } as const;

function array(items: SchemaNode): SchemaNode {
  return { kind: 'array', items };
}

function object(fields: Record<string, SchemaNode>, notes: ObjectNode['notes'] = new Map(), since: Record<string, number> = {}): ObjectNode {
  return { kind: 'object', fields: new Map(Object.entries(fields)), notes, since: new Map(Object.entries(since)) };
}

const OWNER_REFERENCE = object({ apiVersion: STRING, kind: STRING, name: STRING, uid: STRING, controller: BOOLEAN, blockOwnerDeletion: BOOLEAN });

const MANAGED_FIELDS_ENTRY = object({
  manager: STRING,
  operation: STRING,
  apiVersion: STRING,
  time: TIME,
  fieldsType: STRING,
  fieldsV1: { kind: 'any' },
  subresource: STRING,
});

const OBJECT_META = object(
  {
    name: STRING,
    generateName: STRING,
    namespace: STRING,
    selfLink: STRING,
    uid: STRING,
    resourceVersion: STRING,
    generation: INT64,
    creationTimestamp: TIME,
    deletionTimestamp: TIME,
    deletionGracePeriodSeconds: INT64,
    labels: STRING_MAP,
    annotations: STRING_MAP,
    ownerReferences: array(OWNER_REFERENCE),
    finalizers: array(STRING),
    managedFields: array(MANAGED_FIELDS_ENTRY),
  },
  new Map([['clusterName', { rule: 'k8s/schema-removed-field', detail: 'metadata.clusterName was removed in Kubernetes 1.25; delete it' }]]),
);

const SERVICE_PORT = object({ name: STRING, protocol: STRING, appProtocol: STRING, port: INT32, targetPort: { kind: 'intOrString' }, nodePort: INT32 });

const SERVICE_SPEC = object(
  {
    ports: array(SERVICE_PORT),
    selector: STRING_MAP,
    clusterIP: STRING,
    clusterIPs: array(STRING),
    type: STRING,
    externalIPs: array(STRING),
    sessionAffinity: STRING,
    loadBalancerIP: STRING,
    loadBalancerSourceRanges: array(STRING),
    externalName: STRING,
    externalTrafficPolicy: STRING,
    healthCheckNodePort: INT32,
    publishNotReadyAddresses: BOOLEAN,
    trafficDistribution: STRING,
    sessionAffinityConfig: object({ clientIP: object({ timeoutSeconds: INT32 }) }),
    ipFamilies: array(STRING),
    ipFamilyPolicy: STRING,
    allocateLoadBalancerNodePorts: BOOLEAN,
    loadBalancerClass: STRING,
    internalTrafficPolicy: STRING,
  },
  new Map([
    [
      'topologyKeys',
      {
        rule: 'k8s/schema-removed-field',
        detail: 'spec.topologyKeys was removed in Kubernetes 1.22; use topology aware routing (the service.kubernetes.io/topology-mode annotation) instead',
      },
    ],
    ['ipFamily', { rule: 'k8s/schema-removed-field', detail: 'spec.ipFamily was removed with dual-stack Services; use spec.ipFamilies and spec.ipFamilyPolicy instead' }],
  ]),
  { trafficDistribution: 30 },
);

const SERVICE_STATUS = object({
  loadBalancer: object({
    ingress: array(
      object(
        { ip: STRING, hostname: STRING, ipMode: STRING, ports: array(object({ port: INT32, protocol: STRING, error: STRING })) },
        new Map(),
        { ipMode: 29 },
      ),
    ),
  }),
  conditions: array(object({ type: STRING, status: STRING, observedGeneration: INT64, lastTransitionTime: TIME, reason: STRING, message: STRING })),
});

const SERVICE = object({ apiVersion: STRING, kind: STRING, metadata: OBJECT_META, spec: SERVICE_SPEC, status: SERVICE_STATUS });

/** Go's `time.RFC3339` layout, with optional fractional seconds as Go's parser accepts them. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

export { isInt32, isInt64 } from './json';

/** True when `s` is a date-time Go's `time.Parse(time.RFC3339, s)` accepts. */
export function isRFC3339(s: string): boolean {
  const m = RFC3339.exec(s);
  if (m === null) return false;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const year = Number(m[1]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const zoneOk = m[7] === undefined || (Number(m[7]) < 24 && Number(m[8]) < 60);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60 && zoneOk;
}

function typeError(path: FieldPath, value: unknown, type: string): Finding {
  return invalid(path, value, `must be of type ${type}`, { rule: 'k8s/schema-type' });
}

function intError(path: FieldPath, value: unknown, type: string): Finding {
  return typeof value === 'number' && Number.isInteger(value)
    ? invalid(path, value, `must be a 32-bit integer (between ${INT32_MIN} and ${INT32_MAX})`, { rule: 'k8s/schema-type' })
    : typeError(path, value, type);
}

function checkNode(value: unknown, node: SchemaNode, path: FieldPath, minor: number, out: Finding[]): void {
  if (value === null || value === undefined) return;
  switch (node.kind) {
    case 'string':
      if (typeof value !== 'string') out.push(typeError(path, value, 'string'));
      return;
    case 'int32':
      if (!isInt32(value)) out.push(intError(path, value, 'integer'));
      return;
    case 'int64':
      if (!isInt64(value)) out.push(typeError(path, value, 'integer'));
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(typeError(path, value, 'boolean'));
      return;
    case 'intOrString':
      if (typeof value !== 'string' && !isInt32(value)) {
        out.push(intError(path, value, 'integer or string'));
      }
      return;
    case 'time':
      if (typeof value !== 'string') out.push(typeError(path, value, 'string'));
      else if (!isRFC3339(value)) out.push(invalid(path, value, 'must be an RFC 3339 date-time (e.g. 2006-01-02T15:04:05Z)', { rule: 'k8s/schema-type' }));
      return;
    case 'any':
      return;
    case 'stringMap':
      if (!isPlainObject(value)) {
        out.push(typeError(path, value, 'object'));
        return;
      }
      for (const k of ownKeys(value)) {
        const v = value[k];
        if (v !== null && v !== undefined && typeof v !== 'string') out.push(typeError(path.key(k), v, 'string'));
      }
      return;
    case 'array':
      if (!Array.isArray(value)) {
        out.push(typeError(path, value, 'array'));
        return;
      }
      for (let i = 0; i < value.length; i++) checkNode(value[i], node.items, path.index(i), minor, out);
      return;
    case 'object':
      if (!isPlainObject(value)) {
        out.push(typeError(path, value, 'object'));
        return;
      }
      for (const k of ownKeys(value)) {
        const child = node.fields.get(k);
        const since = node.since.get(k);
        if (child !== undefined && (since === undefined || since <= minor)) {
          checkNode(value[k], child, path.child(k), minor, out);
          continue;
        }
        const note = node.notes.get(k);
        if (since !== undefined) out.push(laterField(path.child(k), since));
        else if (note !== undefined) out.push(forbidden(path.child(k), note.detail, { rule: note.rule }));
        else out.push(forbidden(path.child(k), unknownFieldDetail(k, knownFields(node, minor)), { rule: 'k8s/schema-unknown-field' }));
      }
      return;
  }
}

/** The fields of `node` that exist in Kubernetes 1.`minor`. */
function knownFields(node: ObjectNode, minor: number): Iterable<string> {
  if (node.since.size === 0) return node.fields.keys();
  return [...node.fields.keys()].filter((k) => (node.since.get(k) ?? 0) <= minor);
}

/**
 * The strict decoding error of a field a later version added, saying which version:
 * `spec.trafficDistribution: unknown field; it exists from Kubernetes 1.30 (see
 * --kubernetes-version) [strict decoding error: unknown field "spec.trafficDistribution"]`.
 */
function laterField(path: FieldPath, since: number): Finding {
  const field = path.toString();
  const detail = `unknown field; it exists from Kubernetes 1.${since} (see --kubernetes-version) [strict decoding error: unknown field ${JSON.stringify(field)}]`;
  return { ...forbidden(path, detail, { rule: 'k8s/schema-unknown-field' }), message: `${field}: ${detail}` };
}

/** `unknown field "x"`, with a suggestion among `known` when one is close enough. */
export function unknownFieldDetail(name: string, known: Iterable<string>): string {
  const suggestion = suggest(name, known);
  return suggestion === undefined ? `unknown field ${JSON.stringify(name)}` : `unknown field ${JSON.stringify(name)}; did you mean ${JSON.stringify(suggestion)}?`;
}

/** The known name closest to `name`: equal ignoring case, else within a small edit distance. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = (name.length <= 3 ? 1 : name.length <= 8 ? 2 : 3) + 1;
  for (const k of known) {
    const kl = k.toLowerCase();
    if (kl === lower) return k;
    const d = editDistance(lower, kl, bestDistance - 1);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}

/**
 * Structural findings for a decoded Service: `apiVersion`/`kind`, unknown and removed fields,
 * wrong JSON types, for the schema of Kubernetes 1.`minor` (fields added later are unknown).
 * Returns an empty list for a well-formed object.
 */
export function checkServiceSchema(obj: unknown, minor = 28): Finding[] {
  const out: Finding[] = [];
  if (!isPlainObject(obj)) {
    out.push(invalid('', obj, 'must be of type object', { rule: 'k8s/schema-type' }));
    return out;
  }
  const apiVersion = own(obj, 'apiVersion');
  const kind = own(obj, 'kind');
  if (apiVersion === undefined || apiVersion === null || apiVersion === '') out.push(required(FieldPath.root('apiVersion'), 'must be "v1"', { rule: 'k8s/schema-kind' }));
  else if (typeof apiVersion === 'string' && apiVersion !== 'v1') out.push(invalid(FieldPath.root('apiVersion'), apiVersion, 'must be "v1"', { rule: 'k8s/schema-kind' }));
  if (kind === undefined || kind === null || kind === '') out.push(required(FieldPath.root('kind'), 'must be "Service"', { rule: 'k8s/schema-kind' }));
  else if (typeof kind === 'string' && kind !== 'Service') out.push(invalid(FieldPath.root('kind'), kind, 'must be "Service"', { rule: 'k8s/schema-kind' }));
  for (const k of ownKeys(obj)) {
    const child = SERVICE.fields.get(k);
    if (child !== undefined) checkNode(obj[k], child, FieldPath.root(k), minor, out);
    else out.push(forbidden(FieldPath.root(k), unknownFieldDetail(k, SERVICE.fields.keys()), { rule: 'k8s/schema-unknown-field' }));
  }
  return out;
}
