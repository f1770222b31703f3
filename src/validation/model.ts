/**
 * The Service as the API server sees it when validation starts: decoded from plain JSON with Go's
 * zero values for absent fields, then defaulted (§D: D1-D9) and normalized by the REST layer
 * (#46 `normalizeClusterIPs`, `ipFamilyPolicy` defaulting).
 *
 * A field whose JSON type is wrong (already reported by the schema checks) is `null` here, meaning
 * "unknown": rules skip it, and rules that depend on it skip too, so nothing is reported twice.
 * Absent optional (pointer) fields are `undefined`; absent plain fields take Go's zero value.
 */
import { defaultBehaviour, type VersionBehaviour } from './behaviour';
import { isInt32, isInt64, isPlainObject, own, ownKeys, type JsonObject } from './json';

/** Map entries in input order; a value of the wrong type is `null`. */
export type Entries = ReadonlyArray<readonly [string, string | null]>;

/** A list whose elements may be of the wrong type (`null`). */
export type Items<T> = ReadonlyArray<T | null>;

/** The metadata fields that Service validation reads. */
export interface MetaModel {
  readonly name: string | null;
  readonly generateName: string | null;
  /** True when `name` was generated from `generateName` (D10). */
  readonly nameGenerated: boolean;
  readonly namespace: string | null;
  readonly generation: number | null;
  readonly labels: Entries | null;
  readonly annotations: Entries | null;
  readonly ownerReferences: Items<OwnerReferenceModel> | null;
  /** `ownerReferences` as written, for messages. */
  readonly rawOwnerReferences: unknown;
  readonly finalizers: Items<string> | null;
}

/** One owner reference. */
export interface OwnerReferenceModel {
  readonly apiVersion: string | null;
  readonly kind: string | null;
  readonly name: string | null;
  readonly uid: string | null;
  readonly controller: boolean | undefined | null;
  /** The element as written, for messages. */
  readonly raw: unknown;
}

/** One `spec.ports[i]`, defaulted (D5 protocol, D6 targetPort). */
export interface PortModel {
  readonly name: string | null;
  readonly protocol: string | null;
  readonly appProtocol: string | undefined | null;
  readonly port: number | null;
  readonly targetPort: number | string | null;
  readonly nodePort: number | null;
}

/** The defaulted Service. */
export interface ServiceModel {
  readonly meta: MetaModel;
  readonly type: string | null;
  readonly ports: Items<PortModel> | null;
  /** `undefined` when absent (nil), entries otherwise. */
  readonly selector: Entries | undefined | null;
  readonly clusterIP: string | null;
  readonly clusterIPs: Items<string> | null;
  readonly externalIPs: Items<string> | null;
  readonly sessionAffinity: string | null;
  /** ClientIP timeout after D3/D4: `undefined` when there is no config. */
  readonly affinityTimeout: number | undefined | null;
  readonly loadBalancerIP: string | null;
  readonly loadBalancerSourceRanges: Items<string> | null;
  readonly externalName: string | null;
  readonly externalTrafficPolicy: string | null;
  readonly healthCheckNodePort: number | null;
  readonly ipFamilies: Items<string> | null;
  /** After the REST layer's defaulting (SingleStack / RequireDualStack); `undefined` for ExternalName. */
  readonly ipFamilyPolicy: string | undefined | null;
  /** True when `ipFamilyPolicy` was given in the manifest. */
  readonly ipFamilyPolicySet: boolean;
  readonly allocateLoadBalancerNodePorts: boolean | undefined | null;
  readonly loadBalancerClass: string | undefined | null;
  readonly internalTrafficPolicy: string | undefined | null;
  /**
   * `spec.trafficDistribution` as validation sees it: `undefined` when absent, in a version
   * without the field, or dropped because ServiceTrafficDistribution is off.
   */
  readonly trafficDistribution: string | undefined | null;
  /** `spec.trafficDistribution` was given and the server drops it (ServiceTrafficDistribution off). */
  readonly trafficDistributionDropped: boolean;
  /** `clusterIPs == ["None"]`; `null` when unknown. */
  readonly headless: boolean | null;
}

/** The Service types. */
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
/** One of {@link SERVICE_TYPES}. */
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Default ClientIP affinity timeout (3 hours), `v1.DefaultClientIPServiceAffinitySeconds`. */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

/** Stand-in for the 5 random characters the server appends to `generateName`. */
export const GENERATED_SUFFIX = 'xxxxx';
/** The server keeps at most this many characters of `generateName`. */
export const GENERATE_NAME_MAX_BASE = 58;

/** A plain string field: absent → `''`, wrong type → `null`. */
function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  return v === undefined || v === null ? '' : null;
}

/** A pointer string field: absent → `undefined`, wrong type → `null`. */
function optStr(v: unknown): string | undefined | null {
  if (typeof v === 'string') return v;
  return v === undefined || v === null ? undefined : null;
}

function int32(v: unknown): number | null {
  if (isInt32(v)) return v;
  return v === undefined || v === null ? 0 : null;
}

function optBool(v: unknown): boolean | undefined | null {
  if (typeof v === 'boolean') return v;
  return v === undefined || v === null ? undefined : null;
}

/** A list field: absent → `[]`, wrong type → `null`; elements decoded by `item`. */
function list<T>(v: unknown, item: (x: unknown) => T | null): Items<T> | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return null;
  return v.map(item);
}

function strItem(v: unknown): string | null {
  return str(v);
}

/** A `map[string]string`: absent → `undefined`, wrong type → `null`. */
function entries(v: unknown): Entries | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) return null;
  return ownKeys(v).map((k) => [k, str(v[k])] as const);
}

/** A map with absent treated as empty (Go's nil map), keeping `null` for the wrong type. */
function orEmpty(e: Entries | undefined | null): Entries | null {
  return e === undefined ? [] : e;
}

function objectOrEmpty(v: unknown): JsonObject | null {
  if (v === undefined || v === null) return {};
  return isPlainObject(v) ? v : null;
}

function decodeOwnerReference(v: unknown): OwnerReferenceModel | null {
  const o = objectOrEmpty(v);
  if (o === null) return null;
  return {
    apiVersion: str(own(o, 'apiVersion')),
    kind: str(own(o, 'kind')),
    name: str(own(o, 'name')),
    uid: str(own(o, 'uid')),
    controller: optBool(own(o, 'controller')),
    raw: v,
  };
}

function decodeMeta(v: unknown): MetaModel {
  const o = objectOrEmpty(v) ?? {};
  const givenName = str(own(o, 'name'));
  const generateName = str(own(o, 'generateName'));
  const generation = own(o, 'generation');
  let name = givenName;
  let nameGenerated = false;
  if (givenName === '' && generateName === null) name = null;
  else if (givenName === '' && generateName !== null && generateName !== '') {
    name = generateName.slice(0, GENERATE_NAME_MAX_BASE) + GENERATED_SUFFIX;
    nameGenerated = true;
  }
  return {
    name,
    generateName,
    nameGenerated,
    namespace: str(own(o, 'namespace')),
    generation: isInt64(generation) ? generation : generation === undefined || generation === null ? 0 : null,
    labels: orEmpty(entries(own(o, 'labels'))),
    annotations: orEmpty(entries(own(o, 'annotations'))),
    ownerReferences: list(own(o, 'ownerReferences'), decodeOwnerReference),
    rawOwnerReferences: own(o, 'ownerReferences'),
    finalizers: list(own(o, 'finalizers'), strItem),
  };
}

function decodePort(v: unknown): PortModel | null {
  const o = objectOrEmpty(v);
  if (o === null) return null;
  const port = int32(own(o, 'port'));
  const protocol = str(own(o, 'protocol'));
  const rawTarget = own(o, 'targetPort');
  let targetPort: number | string | null = typeof rawTarget === 'string' || isInt32(rawTarget) ? rawTarget : rawTarget === undefined || rawTarget === null ? 0 : null;
  // D6: an omitted, 0 or "" targetPort takes the port's value.
  if (targetPort === 0 || targetPort === '') targetPort = port;
  return {
    name: str(own(o, 'name')),
    protocol: protocol === '' ? 'TCP' : protocol, // D5
    appProtocol: optStr(own(o, 'appProtocol')),
    port,
    targetPort,
    nodePort: int32(own(o, 'nodePort')),
  };
}

/** ClientIP timeout as written: `undefined` when any level is missing, `null` when any has the wrong type. */
function decodeAffinityTimeout(v: unknown): number | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) return null;
  const clientIP = own(v, 'clientIP');
  if (clientIP === undefined || clientIP === null) return undefined;
  if (!isPlainObject(clientIP)) return null;
  const t = own(clientIP, 'timeoutSeconds');
  if (t === undefined || t === null) return undefined;
  return isInt32(t) ? t : null;
}

/**
 * Decodes a Service object (any value; wrong types become `null`) and applies the server's
 * defaulting and REST-layer normalization, as `behaviour`'s version does them. The input is not
 * modified.
 */
export function decodeService(obj: unknown, behaviour: VersionBehaviour = defaultBehaviour()): ServiceModel {
  const root = objectOrEmpty(obj) ?? {};
  const meta = decodeMeta(own(root, 'metadata'));
  const spec = objectOrEmpty(own(root, 'spec')) ?? {};

  // D1
  const rawType = str(own(spec, 'type'));
  const type = rawType === '' ? 'ClusterIP' : rawType;

  // D2-D4
  const rawAffinity = str(own(spec, 'sessionAffinity'));
  const sessionAffinity = rawAffinity === '' ? 'None' : rawAffinity;
  let affinityTimeout = decodeAffinityTimeout(own(spec, 'sessionAffinityConfig'));
  if (sessionAffinity === 'None') affinityTimeout = undefined;
  else if (sessionAffinity === 'ClientIP' && affinityTimeout === undefined) affinityTimeout = DEFAULT_CLIENT_IP_TIMEOUT_SECONDS;

  // D7: NodePort and LoadBalancer; from 1.29 every externally-accessible Service (ClusterIP with externalIPs too).
  const externalIPs = list(own(spec, 'externalIPs'), strItem);
  let externalTrafficPolicy = str(own(spec, 'externalTrafficPolicy'));
  if (externalTrafficPolicy === '' && isExternallyAccessible(type, externalIPs, behaviour)) externalTrafficPolicy = 'Cluster';

  // D8
  let internalTrafficPolicy = optStr(own(spec, 'internalTrafficPolicy'));
  if (internalTrafficPolicy === undefined && (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer')) internalTrafficPolicy = 'Cluster';

  // D9
  let allocateLoadBalancerNodePorts = optBool(own(spec, 'allocateLoadBalancerNodePorts'));
  if (allocateLoadBalancerNodePorts === undefined && type === 'LoadBalancer') allocateLoadBalancerNodePorts = true;

  // #46 normalizeClusterIPs: a lone clusterIP is copied into clusterIPs.
  const clusterIP = str(own(spec, 'clusterIP'));
  let clusterIPs = list(own(spec, 'clusterIPs'), strItem);
  if (clusterIP !== null && clusterIP !== '' && clusterIPs !== null && clusterIPs.length === 0) clusterIPs = [clusterIP];

  const selector = entries(own(spec, 'selector'));

  // REST-layer ipFamilyPolicy defaulting (initIPFamilyFields), skipped for ExternalName.
  const givenPolicy = optStr(own(spec, 'ipFamilyPolicy'));
  let ipFamilyPolicy = givenPolicy;
  if (givenPolicy === undefined && type !== null && type !== 'ExternalName') {
    if (clusterIP === null || selector === null) ipFamilyPolicy = null;
    else ipFamilyPolicy = clusterIP === 'None' && (selector === undefined || selector.length === 0) ? 'RequireDualStack' : 'SingleStack';
  }

  let headless: boolean | null = null;
  if (clusterIPs !== null) headless = clusterIPs.length === 1 && clusterIPs[0] === 'None';

  return {
    meta,
    type,
    ports: list(own(spec, 'ports'), decodePort),
    selector,
    clusterIP,
    clusterIPs,
    externalIPs,
    sessionAffinity,
    affinityTimeout,
    loadBalancerIP: str(own(spec, 'loadBalancerIP')),
    loadBalancerSourceRanges: list(own(spec, 'loadBalancerSourceRanges'), strItem),
    externalName: str(own(spec, 'externalName')),
    externalTrafficPolicy,
    healthCheckNodePort: int32(own(spec, 'healthCheckNodePort')),
    ipFamilies: list(own(spec, 'ipFamilies'), strItem),
    ipFamilyPolicy,
    ipFamilyPolicySet: givenPolicy !== undefined,
    allocateLoadBalancerNodePorts,
    loadBalancerClass: optStr(own(spec, 'loadBalancerClass')),
    internalTrafficPolicy,
    trafficDistribution: behaviour.trafficDistribution === 'validated' ? optStr(own(spec, 'trafficDistribution')) : undefined,
    trafficDistributionDropped: behaviour.trafficDistribution === 'dropped' && optStr(own(spec, 'trafficDistribution')) !== undefined,
    headless,
  };
}

/**
 * `service.ExternallyAccessible`: NodePort and LoadBalancer; from 1.29 also a ClusterIP Service
 * with externalIPs. An unknown type or list (`null`) is not.
 */
export function isExternallyAccessible(type: string | null, externalIPs: Items<string> | null, behaviour: VersionBehaviour): boolean {
  if (type === 'NodePort' || type === 'LoadBalancer') return true;
  return behaviour.externallyAccessibleTrafficPolicy && type === 'ClusterIP' && externalIPs !== null && externalIPs.length > 0;
}
