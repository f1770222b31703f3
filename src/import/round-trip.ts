/**
 * The round-trip check of `appsvc import`: the Service compiled from an imported entry must equal
 * the input after the API server's defaulting (the validator's `decodeService`), apart from what
 * the import dropped on purpose. Pure.
 */
import { MANAGED_BY_LABEL, SPEC_LABEL } from '../spec/labels';
import { decodeService, type Entries, type ServiceModel } from '../validation/model';

/** A field that differs: its name in the defaulted Service, and both values as JSON text. */
export interface RoundTripDifference {
  readonly field: string;
  readonly input: string;
  readonly output: string;
}

/** Options of {@link roundTripDifferences}. */
export interface RoundTripOptions {
  /** Fields the import dropped on purpose (`spec.clusterIP`, `spec.ports[0].nodePort`, `metadata.labels["k"]`…); left out of the comparison. */
  readonly dropped?: readonly string[];
  /** The namespace an input without one ends up in. @default 'default' */
  readonly defaultNamespace?: string;
}

/** The labels the spec puts on every compiled Service; not compared. */
const SPEC_LABEL_KEYS: ReadonlySet<string> = new Set([MANAGED_BY_LABEL, SPEC_LABEL]);

/**
 * The fields in which `output` (a compiled Service) differs from `input` (the imported manifest),
 * both defaulted as the API server defaults them; empty when the round trip holds.
 */
export function roundTripDifferences(input: unknown, output: unknown, options: RoundTripOptions = {}): RoundTripDifference[] {
  const ns = options.defaultNamespace ?? 'default';
  const a = comparable(withoutFields(input, options.dropped ?? []), ns);
  const b = comparable(output, ns);
  const out: RoundTripDifference[] = [];
  for (const key of Object.keys(a)) {
    const x = JSON.stringify(a[key]);
    const y = JSON.stringify(b[key]);
    if (x !== y) out.push({ field: key, input: x ?? 'null', output: y ?? 'null' });
  }
  return out;
}

/** The defaulted Service as a flat record of comparable values. */
export function comparable(obj: unknown, defaultNamespace: string): Record<string, unknown> {
  const m: ServiceModel = decodeService(obj);
  const spec = isObj(obj) && isObj(obj['spec']) ? obj['spec'] : {};
  return {
    'metadata.name': m.meta.name,
    'metadata.namespace': m.meta.namespace === '' || m.meta.namespace === null ? defaultNamespace : m.meta.namespace,
    'metadata.labels': sorted(m.meta.labels, SPEC_LABEL_KEYS),
    'metadata.annotations': sorted(m.meta.annotations),
    'spec.type': m.type,
    'spec.ports': m.ports,
    'spec.selector': m.selector === undefined || m.selector === null || m.selector.length === 0 ? null : sorted(m.selector),
    'spec.clusterIP': m.clusterIP,
    'spec.clusterIPs': m.clusterIPs,
    'spec.externalIPs': m.externalIPs,
    'spec.sessionAffinity': m.sessionAffinity,
    'spec.sessionAffinityConfig.clientIP.timeoutSeconds': m.affinityTimeout ?? null,
    'spec.loadBalancerIP': m.loadBalancerIP,
    'spec.loadBalancerSourceRanges': m.loadBalancerSourceRanges,
    'spec.externalName': m.externalName,
    'spec.externalTrafficPolicy': m.externalTrafficPolicy,
    'spec.healthCheckNodePort': m.healthCheckNodePort,
    'spec.ipFamilies': m.ipFamilies,
    'spec.ipFamilyPolicy': m.ipFamilyPolicy ?? null,
    'spec.allocateLoadBalancerNodePorts': m.allocateLoadBalancerNodePorts ?? null,
    'spec.loadBalancerClass': m.loadBalancerClass ?? null,
    'spec.internalTrafficPolicy': m.internalTrafficPolicy ?? null,
    'spec.publishNotReadyAddresses': spec['publishNotReadyAddresses'] === true,
    // Compared as given: which versions keep it is the validator's business.
    'spec.trafficDistribution': typeof spec['trafficDistribution'] === 'string' ? spec['trafficDistribution'] : null,
  };
}

function sorted(entries: Entries | null | undefined, skip: ReadonlySet<string> = new Set()): Array<readonly [string, string | null]> {
  return [...(entries ?? [])].filter(([k]) => !skip.has(k)).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A deep copy of `obj` without the given fields. Paths are dotted, with `[i]` list indices and
 * `["key"]` map keys: `spec.ports[0].nodePort`, `metadata.labels["app.kubernetes.io/managed-by"]`.
 */
export function withoutFields(obj: unknown, fields: readonly string[]): unknown {
  const copy: unknown = structuredClone(obj);
  for (const field of fields) {
    const parts = splitPath(field);
    let node: unknown = copy;
    for (let i = 0; i < parts.length - 1; i++) node = step(node, parts[i] as string | number);
    const last = parts[parts.length - 1];
    if (last === undefined) continue;
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1, undefined);
    else if (isObj(node)) delete node[String(last)];
  }
  return copy;
}

function step(node: unknown, part: string | number): unknown {
  if (Array.isArray(node) && typeof part === 'number') return node[part];
  return isObj(node) ? node[String(part)] : undefined;
}

function splitPath(path: string): Array<string | number> {
  const parts: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[3] !== undefined) parts.push(JSON.parse(m[3]) as string);
  }
  return parts;
}
