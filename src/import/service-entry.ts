/**
 * Turns a `v1/Service` manifest into a spec entry: what `appsvc import` writes into `appsvc.yaml`.
 * Pure: plain objects in, an entry plus the lists of what was dropped and what cannot be expressed.
 */
import type { PortEntry, PortValue, ServiceEntry } from '../spec/model';
import { MANAGED_BY_LABEL, SPEC_LABEL } from '../spec/labels';
import { decodeService } from '../validation/model';

/** kubectl's client-side apply annotation: a copy of the last applied manifest, never part of a spec. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Metadata fields the API server fills in; dropped on import. */
export const SERVER_METADATA = ['uid', 'resourceVersion', 'managedFields', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;

/** Metadata fields a spec entry has no place for. */
const INEXPRESSIBLE_METADATA = ['generateName', 'finalizers', 'ownerReferences'] as const;

/** The ServiceSpec fields a spec entry holds (all of Kubernetes 1.28's). */
const KNOWN_SPEC_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'ports',
  'selector',
  'clusterIP',
  'clusterIPs',
  'externalIPs',
  'sessionAffinity',
  'sessionAffinityConfig',
  'loadBalancerIP',
  'loadBalancerSourceRanges',
  'externalName',
  'externalTrafficPolicy',
  'healthCheckNodePort',
  'publishNotReadyAddresses',
  'ipFamilies',
  'ipFamilyPolicy',
  'allocateLoadBalancerNodePorts',
  'loadBalancerClass',
  'internalTrafficPolicy',
  'trafficDistribution',
]);

/** Options of {@link serviceToEntry}. */
export interface ImportOptions {
  /**
   * Treat the Service as read from a cluster: drop what the API server allocated or defaulted.
   * @default - true when the manifest carries server metadata (uid, resourceVersion, creationTimestamp, managedFields)
   */
  readonly fromServer?: boolean;
  /**
   * Keep the node ports a cluster allocated (`spec.ports[].nodePort`, `spec.healthCheckNodePort`).
   * @default false
   */
  readonly keepNodePorts?: boolean;
}

/** A field left out of the entry, and why. */
export interface DroppedField {
  /** The manifest field, e.g. `spec.clusterIP` or `metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]`. */
  readonly field: string;
  /** Its value, as JSON text, shortened. */
  readonly value: string;
  /** Why it is left out. */
  readonly reason: string;
}

/** What one Service turns into. */
export interface ImportedService {
  readonly name: string;
  /** The manifest's namespace, or undefined when it names none. */
  readonly namespace: string | undefined;
  readonly entry: ServiceEntry;
  readonly dropped: readonly DroppedField[];
  /** Fields the spec format cannot express, one sentence each; the Service cannot be imported when any. */
  readonly inexpressible: readonly string[];
  /** Whether the server's allocations and defaults were dropped. */
  readonly fromServer: boolean;
  /** Whether allocated node ports were kept. */
  readonly keepNodePorts: boolean;
}

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** JSON text of a value, cut to 60 characters. */
export function shortValue(v: unknown): string {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** True when a manifest carries metadata only the API server writes. */
export function hasServerMetadata(obj: unknown): boolean {
  const meta = isObj(obj) ? obj['metadata'] : undefined;
  return isObj(meta) && ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields'].some((k) => meta[k] !== undefined);
}

/**
 * The spec entry for a Service that the validator accepted. Fields are copied as written, except:
 * server metadata, `status` and kubectl's last-applied annotation are dropped; so are the labels
 * `app.kubernetes.io/managed-by` and `appsvc.dev/spec` (the spec sets them when it compiles: the
 * Service is managed by appsvc from now on); a `clusterIP: None` becomes `headless: true`. For a
 * Service read from a cluster, what the API server allocated (cluster IPs, node ports, the
 * single-stack IP family) and the values it defaulted are dropped too, so the entry says what a
 * person would write.
 */
export function serviceToEntry(obj: Obj, options: ImportOptions = {}): ImportedService {
  const fromServer = options.fromServer ?? hasServerMetadata(obj);
  const keepNodePorts = options.keepNodePorts === true;
  const dropped: DroppedField[] = [];
  const inexpressible: string[] = [];
  const drop = (field: string, value: unknown, reason: string): void => {
    dropped.push({ field, value: shortValue(value), reason });
  };
  const meta = isObj(obj['metadata']) ? obj['metadata'] : {};
  const spec = isObj(obj['spec']) ? obj['spec'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : undefined;
  const entry: Record<string, unknown> = { name };
  if (namespace !== undefined) entry['namespace'] = namespace;

  // metadata
  for (const key of Object.keys(meta)) {
    if ((SERVER_METADATA as readonly string[]).includes(key)) drop(`metadata.${key}`, meta[key], 'set by the API server');
    else if ((INEXPRESSIBLE_METADATA as readonly string[]).includes(key)) inexpressible.push(`metadata.${key}: a spec entry has no ${key} (add it with a JSON patch on the AppService, or leave this Service out)`);
    else if (!['name', 'namespace', 'labels', 'annotations'].includes(key)) inexpressible.push(`metadata.${key}: not a field a spec entry has`);
  }
  const labels = stringMap(meta['labels']) ?? {};
  for (const key of [MANAGED_BY_LABEL, SPEC_LABEL]) {
    if (labels[key] !== undefined) {
      drop(`metadata.labels[${JSON.stringify(key)}]`, labels[key], 'the spec sets it (appsvc manages the Service from now on)');
      delete labels[key];
    }
  }
  if (Object.keys(labels).length > 0) entry['labels'] = labels;
  const annotations = stringMap(meta['annotations']) ?? {};
  if (annotations[LAST_APPLIED_ANNOTATION] !== undefined) {
    drop(`metadata.annotations[${JSON.stringify(LAST_APPLIED_ANNOTATION)}]`, annotations[LAST_APPLIED_ANNOTATION], "kubectl's record of its last apply");
    delete annotations[LAST_APPLIED_ANNOTATION];
  }
  if (Object.keys(annotations).length > 0) entry['annotations'] = annotations;
  if (obj['status'] !== undefined) drop('status', obj['status'], 'set by the cluster');
  for (const key of Object.keys(obj)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(key)) inexpressible.push(`${key}: not a field a spec entry has`);
  }

  // spec
  for (const key of Object.keys(spec)) if (!KNOWN_SPEC_FIELDS.has(key)) inexpressible.push(`spec.${key}: not a field a spec entry has`);
  // The server's defaults, to tell a defaulted value from a chosen one.
  const model = decodeService(obj);
  const defaulted = (field: string, value: unknown, defaultValue: unknown): boolean => {
    if (!fromServer || value === undefined || JSON.stringify(value) !== JSON.stringify(defaultValue)) return false;
    drop(field, value, 'the API server default');
    return true;
  };
  const type = spec['type'];
  if (typeof type === 'string' && !defaulted('spec.type', type, 'ClusterIP')) entry['type'] = type;

  const clusterIP = spec['clusterIP'];
  const clusterIPs = stringList(spec['clusterIPs']);
  if (clusterIP === 'None' || (clusterIP === undefined && clusterIPs?.length === 1 && clusterIPs[0] === 'None')) {
    entry['headless'] = true;
  } else if (fromServer) {
    if (clusterIP !== undefined && clusterIP !== '') drop('spec.clusterIP', clusterIP, 'allocated by the cluster');
    if (clusterIPs !== undefined && clusterIPs.length > 0) drop('spec.clusterIPs', clusterIPs, 'allocated by the cluster');
  } else {
    if (typeof clusterIP === 'string' && clusterIP !== '') entry['clusterIP'] = clusterIP;
    if (clusterIPs !== undefined && clusterIPs.length > 0) entry['clusterIPs'] = clusterIPs;
  }
  if (entry['headless'] === true && clusterIPs !== undefined && !(clusterIPs.length === 1 && clusterIPs[0] === 'None')) entry['clusterIPs'] = clusterIPs;

  if (typeof spec['externalName'] === 'string' && spec['externalName'] !== '') entry['externalName'] = spec['externalName'];

  const ports = Array.isArray(spec['ports']) ? spec['ports'] : [];
  if (ports.length > 0) entry['ports'] = ports.map((p, i) => portValue(p, i, fromServer && !keepNodePorts, drop));

  const selector = stringMap(spec['selector']);
  if (selector !== undefined && Object.keys(selector).length > 0) entry['selector'] = selector;

  const etp = spec['externalTrafficPolicy'];
  const lbOrNodePort = model.type === 'NodePort' || model.type === 'LoadBalancer';
  if (typeof etp === 'string' && !(lbOrNodePort && defaulted('spec.externalTrafficPolicy', etp, 'Cluster'))) entry['externalTrafficPolicy'] = etp;
  const itp = spec['internalTrafficPolicy'];
  if (typeof itp === 'string' && !(model.type !== 'ExternalName' && defaulted('spec.internalTrafficPolicy', itp, 'Cluster'))) entry['internalTrafficPolicy'] = itp;
  const affinity = spec['sessionAffinity'];
  if (typeof affinity === 'string' && !defaulted('spec.sessionAffinity', affinity, 'None')) entry['sessionAffinity'] = affinity;
  const config = spec['sessionAffinityConfig'];
  const timeout = isObj(config) && isObj(config['clientIP']) ? config['clientIP']['timeoutSeconds'] : undefined;
  if (config !== undefined && (!isObj(config) || Object.keys(config).some((k) => k !== 'clientIP') || (isObj(config['clientIP']) && Object.keys(config['clientIP']).some((k) => k !== 'timeoutSeconds')))) {
    inexpressible.push('spec.sessionAffinityConfig: only clientIP.timeoutSeconds is expressible (as sessionAffinityTimeoutSeconds)');
  }
  if (typeof timeout === 'number' && !(affinity === 'ClientIP' && defaulted('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 10800))) entry['sessionAffinityTimeoutSeconds'] = timeout;

  const externalIPs = stringList(spec['externalIPs']);
  if (externalIPs !== undefined && externalIPs.length > 0) entry['externalIPs'] = externalIPs;

  const families = stringList(spec['ipFamilies']);
  const policy = spec['ipFamilyPolicy'];
  // The policy the server would choose without one: SingleStack (RequireDualStack for a selector-less headless Service).
  const defaultPolicy = entry['headless'] === true && selector === undefined ? 'RequireDualStack' : 'SingleStack';
  const policyDefaulted = typeof policy === 'string' && model.type !== 'ExternalName' && defaulted('spec.ipFamilyPolicy', policy, defaultPolicy);
  if (typeof policy === 'string' && !policyDefaulted) entry['ipFamilyPolicy'] = policy;
  if (families !== undefined && families.length > 0) {
    // On a single-stack Service the cluster fills in its primary family.
    if (fromServer && policy === 'SingleStack' && families.length === 1) drop('spec.ipFamilies', families, "the cluster's primary IP family, set by the API server");
    else if (fromServer && policyDefaulted && defaultPolicy === 'RequireDualStack' && families.length === 2) drop('spec.ipFamilies', families, "the cluster's IP families, set by the API server");
    else entry['ipFamilies'] = families;
  }

  if (typeof spec['loadBalancerIP'] === 'string' && spec['loadBalancerIP'] !== '') entry['loadBalancerIP'] = spec['loadBalancerIP'];
  const ranges = stringList(spec['loadBalancerSourceRanges']);
  if (ranges !== undefined && ranges.length > 0) entry['loadBalancerSourceRanges'] = ranges;
  if (typeof spec['loadBalancerClass'] === 'string') entry['loadBalancerClass'] = spec['loadBalancerClass'];
  const alloc = spec['allocateLoadBalancerNodePorts'];
  if (typeof alloc === 'boolean' && !(model.type === 'LoadBalancer' && defaulted('spec.allocateLoadBalancerNodePorts', alloc, true))) entry['allocateLoadBalancerNodePorts'] = alloc;
  const hc = spec['healthCheckNodePort'];
  if (typeof hc === 'number' && hc !== 0) {
    if (fromServer && !keepNodePorts) drop('spec.healthCheckNodePort', hc, 'allocated by the cluster (--keep-node-ports keeps it)');
    else entry['healthCheckNodePort'] = hc;
  }
  const distribution = spec['trafficDistribution'];
  if (typeof distribution === 'string') entry['trafficDistribution'] = distribution;
  if (spec['publishNotReadyAddresses'] === true) entry['publishNotReadyAddresses'] = true;
  else if (spec['publishNotReadyAddresses'] === false) {
    if (!defaulted('spec.publishNotReadyAddresses', false, false)) entry['publishNotReadyAddresses'] = false;
  }

  return { name, namespace, entry: entry as unknown as ServiceEntry, dropped, inexpressible, fromServer, keepNodePorts };
}

/**
 * One port of the entry: the shorthand `"80:8080/UDP"` when it says everything (no name, node
 * port or appProtocol), the long form otherwise. The protocol is written only when not TCP, the
 * targetPort only when not the port.
 */
function portValue(p: unknown, index: number, dropNodePort: boolean, drop: (field: string, value: unknown, reason: string) => void): PortValue {
  const o = isObj(p) ? p : {};
  const port = typeof o['port'] === 'number' ? o['port'] : 0;
  const rawTarget = o['targetPort'];
  const target = rawTarget === undefined || rawTarget === 0 || rawTarget === '' || rawTarget === port ? undefined : (rawTarget as number | string);
  const protocol = typeof o['protocol'] === 'string' && o['protocol'] !== 'TCP' ? (o['protocol'] as PortEntry['protocol']) : undefined;
  const name = typeof o['name'] === 'string' && o['name'] !== '' ? o['name'] : undefined;
  const appProtocol = typeof o['appProtocol'] === 'string' ? o['appProtocol'] : undefined;
  let nodePort = typeof o['nodePort'] === 'number' && o['nodePort'] !== 0 ? o['nodePort'] : undefined;
  if (nodePort !== undefined && dropNodePort) {
    drop(`spec.ports[${index}].nodePort`, nodePort, 'allocated by the cluster (--keep-node-ports keeps it)');
    nodePort = undefined;
  }
  // An unnamed port without node port or appProtocol is a shorthand (several ports are named).
  if (name === undefined && nodePort === undefined && appProtocol === undefined) {
    let s = String(port);
    if (target !== undefined) s += `:${target}`;
    if (protocol !== undefined) s += `/${protocol}`;
    return s;
  }
  const entry: Record<string, unknown> = {};
  if (name !== undefined) entry['name'] = name;
  entry['port'] = port;
  if (target !== undefined) entry['targetPort'] = target;
  if (protocol !== undefined) entry['protocol'] = protocol;
  if (nodePort !== undefined) entry['nodePort'] = nodePort;
  if (appProtocol !== undefined) entry['appProtocol'] = appProtocol;
  return entry as unknown as PortEntry;
}
