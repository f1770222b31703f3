/**
 * A one-pass check that recognises the everyday Service a full validation run would find nothing
 * in: a ClusterIP, NodePort or LoadBalancer Service with a name, labels, a selector and well-formed
 * ports, and none of the fields whose rules need the whole machinery (cluster IPs other than
 * `None`, external IPs, source ranges, affinity configuration, owner references, ...).
 *
 * It answers "certainly valid" or "look closer", never "invalid": whenever anything is unusual
 * (an unexpected field, a value of an unexpected type, a value some rule could object to) it
 * answers `false` and the caller runs every check. So it may only return `true` for input the full
 * validator returns no finding for (no error and no warning) under the same options.
 *
 * Properties are read as the decoder reads them. Objects with named fields (the Service, its
 * metadata, spec and ports) are read by their own properties (`Object.getOwnPropertyNames` lists
 * every own string-keyed property, enumerable or not, so no field the decoder would read is
 * missed). String maps (labels, selector, annotations), which the decoder reads by their own
 * enumerable keys, are walked with `for...in`: it visits every such key without building a list,
 * and the inherited enumerable keys it may visit as well only add checks.
 */
import { behaviourOf, type VersionBehaviour } from './behaviour';
import { byteLength, goToLower, isDNS1035Label, isDNS1123Label, isQualifiedName, isValidLabelValue, isValidPortName } from './formats';
import { isInt32, isInt64 } from './json';
import { DEFAULT_NODE_PORT_RANGE, type PortRange, type ValidateOptions } from './options';
import {
  ANNOTATION_LB_SOURCE_RANGES,
  ANNOTATION_TOPOLOGY_AWARE_HINTS,
  ANNOTATION_TOPOLOGY_MODE,
  CCE_MAX_SERVICE_NAME_LENGTH,
  KUBELET_PORT,
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
} from './well-known';

type Props = Record<string, unknown>;

/** An object that is not `null` and not an array (what the decoder takes for a JSON object). */
function isObject(v: unknown): v is Props {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How many strings each remembering check keeps: bounded, since values are often unique. */
const CACHE_LIMIT = 2048;

/**
 * `check` (a format check returning its problems) as a predicate that remembers which strings
 * passed, so that the label keys, values and names that repeat across a set of Services are
 * checked once.
 */
function rememberingValid(check: (s: string) => readonly string[]): (s: string) => boolean {
  const good = new Set<string>();
  return (s) => {
    if (good.has(s)) return true;
    if (check(s).length > 0) return false;
    if (good.size < CACHE_LIMIT) good.add(s);
    return true;
  };
}

const isGoodLabelKey = rememberingValid(isQualifiedName);
const isGoodLabelValue = rememberingValid(isValidLabelValue);
const isGoodDNS1123Label = rememberingValid(isDNS1123Label);
const isGoodPortName = rememberingValid(isValidPortName);

/**
 * The number of keys of a label map (labels, selector) whose keys and values are all valid, or -1.
 * Inherited enumerable keys, which the decoder does not read, are checked and counted as well:
 * a larger count only makes {@link goodSpec} more cautious.
 */
function goodLabels(v: unknown): number {
  if (!isObject(v)) return -1;
  let n = 0;
  for (const k in v) {
    const value = v[k];
    if (typeof value !== 'string' || !isGoodLabelKey(k) || !isGoodLabelValue(value)) return -1;
    n++;
  }
  return n;
}

function goodAnnotations(v: unknown): boolean {
  if (!isObject(v)) return false;
  let size = 0;
  for (const k in v) {
    const value = v[k];
    if (typeof value !== 'string') return false;
    if (k === ANNOTATION_TOPOLOGY_AWARE_HINTS || k === ANNOTATION_TOPOLOGY_MODE || k === ANNOTATION_LB_SOURCE_RANGES) return false;
    if (!isGoodLabelKey(k) && isQualifiedName(goToLower(k)).length > 0) return false;
    size += byteLength(k) + byteLength(value);
  }
  return size <= TOTAL_ANNOTATION_SIZE_LIMIT_BYTES;
}

function goodMetadata(v: unknown, cce: boolean, relaxedNames: boolean): boolean {
  if (!isObject(v)) return false;
  let named = false;
  const names = Object.getOwnPropertyNames(v);
  for (let f = 0; f < names.length; f++) {
    const k = names[f] as string;
    const value = v[k];
    switch (k) {
      case 'name':
        if (typeof value !== 'string' || value === '' || (relaxedNames ? !isGoodDNS1123Label(value) : isDNS1035Label(value).length > 0)) return false;
        if (cce && byteLength(value) > CCE_MAX_SERVICE_NAME_LENGTH) return false;
        named = true;
        break;
      case 'namespace':
        if (typeof value !== 'string' || (value !== '' && isDNS1123Label(value).length > 0)) return false;
        break;
      case 'labels':
        if (goodLabels(value) < 0) return false;
        break;
      case 'annotations':
        if (!goodAnnotations(value)) return false;
        break;
      case 'generation':
        if (!isInt64(value) || value < 0) return false;
        break;
      case 'uid':
      case 'resourceVersion':
      case 'selfLink':
        if (typeof value !== 'string') return false;
        break;
      default:
        return false;
    }
  }
  return named;
}

/** Types the check handles; an absent type is ClusterIP. */
type Kind = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

function isPortNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

/**
 * A list for {@link portsAreGood} that no call is using, kept so that checking a Service allocates
 * no list. Taken while in use: a call made meanwhile (from a property getter) makes its own.
 */
let spareSeen: Array<string | number> | undefined = [];

/**
 * The ports: names given (when several), distinct and DNS-1123 labels; ports 1-65535 with distinct
 * (protocol, port) pairs; known protocols; valid target ports and appProtocols; nodePorts only on
 * NodePort and LoadBalancer, in range and distinct.
 */
function goodPorts(v: unknown, type: Kind, range: PortRange, cce: boolean, kubeletPortRule: boolean): boolean {
  if (!Array.isArray(v)) return false;
  const seen = spareSeen ?? [];
  spareSeen = undefined;
  const good = portsAreGood(v, type, range, cce, kubeletPortRule, seen);
  spareSeen = seen;
  return good;
}

/** Up to this many ports, earlier ports are compared one by one (cheaper than sets for short lists). */
const PAIRWISE_MAX_PORTS = 16;

/**
 * {@link goodPorts} of an array, given a list to note the earlier ports in: the name, protocol,
 * port and nodePort of each, four entries per port (only the first entries are current).
 */
function portsAreGood(v: readonly unknown[], type: Kind, range: PortRange, cce: boolean, kubeletPortRule: boolean, seen: Array<string | number>): boolean {
  const n = v.length;
  // What the pairwise checks compare, as the decoder defaults it; only needed for several ports.
  let count = 0;
  // A long list is checked with sets instead, so the cost stays linear.
  const sets = n > PAIRWISE_MAX_PORTS ? { names: new Set<string>(), pairs: new Set<string>(), nodePorts: new Set<number>() } : undefined;
  for (let i = 0; i < n; i++) {
    const item: unknown = v[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
    const p = item as Props;
    let name = '';
    let protocol = 'TCP';
    let port = 0;
    let nodePort = 0;
    const names = Object.getOwnPropertyNames(p);
    for (let f = 0; f < names.length; f++) {
      const k = names[f] as string;
      const value = p[k];
      switch (k) {
        case 'name':
          if (typeof value !== 'string') return false;
          name = value;
          break;
        case 'protocol':
          if (typeof value !== 'string') return false;
          if (value !== '') protocol = value;
          break;
        case 'port':
          if (!isPortNumber(value)) return false;
          port = value;
          break;
        case 'targetPort':
          if (typeof value === 'string') {
            if (value !== '' && !isGoodPortName(value)) return false;
          } else if (value !== 0 && !isPortNumber(value)) return false;
          break;
        case 'nodePort':
          if (!isInt32(value)) return false;
          nodePort = value;
          break;
        case 'appProtocol':
          if (typeof value !== 'string' || isQualifiedName(value).length > 0) return false;
          break;
        default:
          return false;
      }
    }
    if (port === 0) return false;
    if (protocol !== 'TCP' && protocol !== 'UDP' && (protocol !== 'SCTP' || cce)) return false;
    if (kubeletPortRule && type === 'LoadBalancer' && port === KUBELET_PORT) return false;
    if (name === '') {
      if (n > 1) return false;
    } else if (!isGoodDNS1123Label(name)) return false;
    if (nodePort !== 0 && (type === 'ClusterIP' || nodePort < range.min || nodePort > range.max)) return false;
    if (n === 1) continue;
    if (sets !== undefined) {
      // Names, (protocol, port) pairs and explicit nodePorts are distinct: looked up in sets.
      const pair = `${protocol}:${port}`;
      if (sets.names.has(name) || sets.pairs.has(pair) || (nodePort !== 0 && sets.nodePorts.has(nodePort))) return false;
      sets.names.add(name);
      sets.pairs.add(pair);
      sets.nodePorts.add(nodePort);
      continue;
    }
    // Pairwise checks against the earlier ports (the list is short): names, (protocol, port)
    // pairs and explicit nodePorts are distinct.
    for (let j = 0; j < count; j += 4) {
      if (seen[j] === name || (seen[j + 1] === protocol && seen[j + 2] === port) || (nodePort !== 0 && seen[j + 3] === nodePort)) return false;
    }
    seen[count] = name;
    seen[count + 1] = protocol;
    seen[count + 2] = port;
    seen[count + 3] = nodePort;
    count += 4;
  }
  return true;
}

function goodSpec(v: unknown, range: PortRange, cce: boolean, behaviour: VersionBehaviour): boolean {
  if (!isObject(v)) return false;
  const keys = Object.getOwnPropertyNames(v);
  let type: Kind = 'ClusterIP';
  if (keys.includes('type')) {
    const given = v['type'];
    if (given !== 'ClusterIP' && given !== 'NodePort' && given !== 'LoadBalancer') return false;
    type = given;
  }
  let ports: unknown;
  let headless = false;
  let selectorSize = 0;
  let policy: unknown;
  let families = 0;
  let affinity: unknown;
  for (let f = 0; f < keys.length; f++) {
    const k = keys[f] as string;
    const value = v[k];
    switch (k) {
      case 'type':
        break;
      case 'ports':
        ports = value;
        break;
      case 'selector':
        selectorSize = goodLabels(value);
        if (selectorSize < 0) return false;
        break;
      case 'clusterIP':
        if (value === 'None' && type === 'ClusterIP') headless = true;
        else if (value !== '') return false;
        break;
      case 'sessionAffinity':
        if (value !== 'None' && value !== 'ClientIP' && value !== '') return false;
        affinity = value;
        break;
      case 'externalTrafficPolicy':
        if (value !== '' && (type === 'ClusterIP' || (value !== 'Cluster' && value !== 'Local'))) return false;
        break;
      case 'internalTrafficPolicy':
        if (value !== 'Cluster' && value !== 'Local') return false;
        break;
      case 'publishNotReadyAddresses':
        if (typeof value !== 'boolean') return false;
        break;
      case 'allocateLoadBalancerNodePorts':
        if (typeof value !== 'boolean' || type !== 'LoadBalancer') return false;
        break;
      case 'loadBalancerClass':
        if (typeof value !== 'string' || type !== 'LoadBalancer' || isQualifiedName(value).length > 0) return false;
        break;
      case 'ipFamilyPolicy':
        if (value !== 'SingleStack' && value !== 'PreferDualStack' && value !== 'RequireDualStack') return false;
        policy = value;
        break;
      case 'ipFamilies':
        families = goodFamilies(value);
        if (families < 0) return false;
        break;
      default:
        return false;
    }
  }
  if (ports === undefined) {
    if (!headless) return false; // ports are required
  } else if (!goodPorts(ports, type, range, cce, behaviour.kubeletPortRule) || (!headless && (ports as unknown[]).length === 0)) {
    return false;
  }
  // From 1.34 a headless Service with ClientIP affinity draws a warning.
  if (headless && affinity === 'ClientIP' && behaviour.headlessWarnings) return false;
  // Two families need a dual-stack policy, given or defaulted (RequireDualStack for a headless
  // Service without selector, else SingleStack).
  if (families === 2) {
    const effective = policy ?? (headless && selectorSize === 0 ? 'RequireDualStack' : 'SingleStack');
    if (effective === 'SingleStack') return false;
  }
  return true;
}

/** The number of entries of a valid `ipFamilies` (known, distinct families), or -1. */
function goodFamilies(v: unknown): number {
  if (!Array.isArray(v) || v.length > 2) return -1;
  for (let i = 0; i < v.length; i++) {
    const f: unknown = v[i];
    if (f !== 'IPv4' && f !== 'IPv6') return -1;
    if (i === 1 && v[0] === f) return -1;
  }
  return v.length;
}

/**
 * True only when {@link validateService} returns no finding for `obj` under `options`; false
 * means the full validation must run (the object may well be valid).
 */
export function isCertainlyValidService(obj: unknown, options: ValidateOptions = {}): boolean {
  if (!isObject(obj)) return false;
  const cce = options.profile === 'cce';
  const behaviour = behaviourOf(options);
  const range = options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE;
  let apiVersion = false;
  let kind = false;
  let spec = false;
  let meta = false;
  const names = Object.getOwnPropertyNames(obj);
  for (let f = 0; f < names.length; f++) {
    const k = names[f] as string;
    const value = obj[k];
    switch (k) {
      case 'apiVersion':
        if (value !== 'v1') return false;
        apiVersion = true;
        break;
      case 'kind':
        if (value !== 'Service') return false;
        kind = true;
        break;
      case 'metadata':
        if (!goodMetadata(value, cce, behaviour.relaxedServiceName)) return false;
        meta = true;
        break;
      case 'spec':
        if (!goodSpec(value, range, cce, behaviour)) return false;
        spec = true;
        break;
      default:
        return false;
    }
  }
  return apiVersion && kind && meta && spec;
}
