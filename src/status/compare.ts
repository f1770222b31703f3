/**
 * The state of the spec's Services in the cluster: whether each exists, its type, cluster IP,
 * load-balancer address, ready endpoints per port (from EndpointSlices), and how it drifted from
 * the spec. Pure: desired manifests and live objects in, statuses out.
 */
import { isObj } from '../lint/objects';
import { roundTripDifferences } from '../import/round-trip';
import { serviceToEntry } from '../import/service-entry';

/** The EndpointSlice label naming the Service a slice belongs to. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Ready endpoints of one Service port. */
export interface PortStatus {
  readonly name: string | null;
  readonly port: number;
  readonly protocol: string;
  /** Endpoints ready to receive traffic. */
  readonly ready: number;
  /** Endpoints that exist but are not ready (starting, failing probes, terminating). */
  readonly notReady: number;
}

/** A field of the live Service that differs from the spec. */
export interface Drift {
  readonly field: string;
  /** The spec's value, as JSON text. */
  readonly spec: string;
  /** The cluster's value, as JSON text. */
  readonly cluster: string;
}

/** One Service of the spec, as the cluster has it. */
export interface ServiceStatus {
  readonly namespace: string;
  readonly name: string;
  readonly exists: boolean;
  /** The live type (the spec's when the Service does not exist). */
  readonly type: string;
  readonly clusterIP: string | null;
  /** Load-balancer ingress addresses (IPs or host names); null when not a LoadBalancer. An empty list: pending. */
  readonly loadBalancer: readonly string[] | null;
  readonly ports: readonly PortStatus[];
  readonly drift: readonly Drift[];
}

/** A live object, as kubectl prints it. */
export type LiveObject = Readonly<Record<string, unknown>>;

/** Live Services and EndpointSlices by `namespace/name`. */
export interface LiveState {
  readonly services: ReadonlyMap<string, LiveObject>;
  readonly slices: ReadonlyMap<string, LiveObject>;
}

/** `namespace/name` of a live object. */
export function keyOf(obj: unknown): string | undefined {
  const meta = isObj(obj) ? obj['metadata'] : undefined;
  if (!isObj(meta) || typeof meta['name'] !== 'string') return undefined;
  return `${typeof meta['namespace'] === 'string' ? meta['namespace'] : 'default'}/${meta['name']}`;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The status of the Service `desired` (a compiled manifest, namespace set) in `live`. */
export function serviceStatus(desired: LiveObject, live: LiveState): ServiceStatus {
  const key = keyOf(desired) ?? '';
  const [namespace = '', name = ''] = key.split('/');
  const dspec = isObj(desired['spec']) ? desired['spec'] : {};
  const svc = live.services.get(key);
  if (svc === undefined) {
    return { namespace, name, exists: false, type: str(dspec['type']) ?? 'ClusterIP', clusterIP: null, loadBalancer: null, ports: [], drift: [] };
  }
  const spec = isObj(svc['spec']) ? svc['spec'] : {};
  const type = str(spec['type']) ?? 'ClusterIP';
  const status = isObj(svc['status']) ? svc['status'] : {};
  const lb = isObj(status['loadBalancer']) ? status['loadBalancer'] : {};
  const ingress = Array.isArray(lb['ingress']) ? lb['ingress'] : [];
  const loadBalancer = type === 'LoadBalancer' ? ingress.flatMap((i) => (isObj(i) ? [str(i['ip']) ?? str(i['hostname'])].filter((x): x is string => x !== null) : [])) : null;
  const slices = [...live.slices.values()].filter((s) => keyOf(s)?.startsWith(`${namespace}/`) === true && sliceService(s) === name);
  const ports = (Array.isArray(spec['ports']) ? spec['ports'] : []).map((p) => portStatus(p, slices));
  const keepNodePorts = (Array.isArray(dspec['ports']) ? dspec['ports'] : []).some((p) => isObj(p) && typeof p['nodePort'] === 'number');
  const imported = serviceToEntry(svc, { fromServer: true, keepNodePorts });
  // The spec's own clusterIP, when it fixes one, is compared; an allocated one is not.
  const fixed = typeof dspec['clusterIP'] === 'string' || Array.isArray(dspec['clusterIPs']);
  const dropped = imported.dropped.map((d) => d.field).filter((f) => !(fixed && (f === 'spec.clusterIP' || f === 'spec.clusterIPs')));
  const drift = roundTripDifferences(svc, desired, { dropped }).map((d) => ({ field: d.field, spec: d.output, cluster: d.input }));
  return { namespace, name, exists: true, type, clusterIP: str(spec['clusterIP']), loadBalancer, ports, drift };
}

function sliceService(slice: LiveObject): string | undefined {
  const meta = isObj(slice['metadata']) ? slice['metadata'] : {};
  const labels = isObj(meta['labels']) ? meta['labels'] : {};
  const v = labels[SERVICE_NAME_LABEL];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Ready and not-ready endpoints of one Service port over the Service's slices. A slice port matches
 * by name and protocol (an unnamed Service port is the slice port named ""). An endpoint is ready
 * unless `conditions.ready` is false (unset means ready, as the API documents); an address counted
 * in several slices counts once.
 */
function portStatus(p: unknown, slices: readonly LiveObject[]): PortStatus {
  const o = isObj(p) ? p : {};
  const name = str(o['name']) ?? '';
  const protocol = str(o['protocol']) ?? 'TCP';
  const ready = new Set<string>();
  const notReady = new Set<string>();
  for (const s of slices) {
    const ports = Array.isArray(s['ports']) ? s['ports'] : [];
    const has = ports.some((sp) => isObj(sp) && (str(sp['name']) ?? '') === name && (str(sp['protocol']) ?? 'TCP') === protocol);
    if (!has) continue;
    for (const e of Array.isArray(s['endpoints']) ? s['endpoints'] : []) {
      if (!isObj(e)) continue;
      const addresses = Array.isArray(e['addresses']) ? e['addresses'].filter((a): a is string => typeof a === 'string') : [];
      const id = addresses[0] ?? JSON.stringify(e);
      const conditions = isObj(e['conditions']) ? e['conditions'] : {};
      if (conditions['ready'] === false) notReady.add(id);
      else ready.add(id);
    }
  }
  for (const id of ready) notReady.delete(id);
  return { name: name === '' ? null : name, port: typeof o['port'] === 'number' ? o['port'] : 0, protocol, ready: ready.size, notReady: notReady.size };
}
