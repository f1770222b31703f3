import type * as k8s from '../../imports/k8s';
import { FieldPath } from '../validation/field-path';
import { forbidden, invalid, type Finding } from '../validation/field-error';
import type { AppServiceProps } from './app-service';
import { withField, type FindingMapper } from './object-findings';
import { nameUnnamedPorts, parsePortShorthand, type ServicePortInput, type ServicePortSpec } from './port-spec';
import { targetLabels, targetSelector } from './service-target';
import type { ServiceType } from './service-values';

const SPEC = FieldPath.root('spec');
const PORTS = SPEC.child('ports');
const SELECTOR = SPEC.child('selector');
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

let k8sModule: typeof k8s | undefined;

/** The Kubernetes 1.28 bindings, loaded on first use: only cdk8s's generic rendering path needs them. */
export function kube(): typeof k8s {
  k8sModule ??= require('../../imports/k8s') as typeof k8s;
  return k8sModule;
}

/** The ports of a Service as rendered, with where each came from in the user's list. */
export interface ResolvedPorts {
  /** The ports that parsed, unnamed ones named. */
  readonly ports: readonly ServicePortSpec[];
  /** For each rendered port, its index in the user's list; `undefined` when they are the same. */
  readonly indexes: readonly number[] | undefined;
  /** A finding for each shorthand that did not parse. */
  readonly problems: readonly Finding[];
}

/**
 * The `spec` of an AppService's Service: its props, its type and its ports (more can be added
 * until synthesis). It renders the manifest's `spec` directly ({@link ServiceSpecDefinition.render}),
 * and stands for the spec in the props cdk8s sees: cdk8s's implicit-token resolver calls
 * {@link ServiceSpecDefinition.resolve} when the object is rendered by cdk8s's generic path.
 */
export class ServiceSpecDefinition {
  /** The AppService's props. */
  public readonly props: AppServiceProps;
  /** `spec.type`. */
  public readonly type: ServiceType;
  private readonly portInputs: ServicePortInput[];
  /** Whether a port was given as a shorthand string (which may not parse). */
  private hasShorthand: boolean;
  /** The ports as last resolved; cleared when a port is added. */
  private resolved: ResolvedPorts | undefined;

  /**
   * @param props the AppService's props
   * @param type `spec.type`
   */
  public constructor(props: AppServiceProps, type: ServiceType) {
    this.props = props;
    this.type = type;
    const ports = props.ports;
    this.portInputs = ports !== undefined ? ports.slice() : [];
    let shorthand = false;
    if (ports !== undefined) for (let i = 0; i < ports.length; i++) if (typeof ports[i] === 'string') shorthand = true;
    this.hasShorthand = shorthand;
  }

  /** Adds a port (structured or shorthand); it is rendered at synthesis. */
  public addPort(port: ServicePortInput): void {
    this.portInputs.push(port);
    if (typeof port === 'string') this.hasShorthand = true;
    this.resolved = undefined;
  }

  /** The selector the Service renders: the `selector` prop, or the target's pod selector labels. */
  public get selector(): Record<string, string> | undefined {
    if (this.props.selector !== undefined) return { ...this.props.selector };
    if (this.props.target !== undefined) return targetLabels(this.props.target);
    return undefined;
  }

  /**
   * The ports as rendered: shorthands parsed, unnamed ports named when there are several. Worked
   * out once (rendering, the findings and their mapping all ask for them).
   */
  public resolvePorts(): ResolvedPorts {
    return (this.resolved ??= this.parsePorts());
  }

  private parsePorts(): ResolvedPorts {
    const inputs = this.portInputs;
    if (!this.hasShorthand && allNamedOrSingle(inputs as readonly ServicePortSpec[])) {
      // Nothing to parse or name: the ports are the inputs.
      return { ports: inputs as readonly ServicePortSpec[], indexes: undefined, problems: NO_FINDINGS };
    }
    const parsed: ServicePortSpec[] = [];
    const indexes: number[] = [];
    const problems: Finding[] = [];
    inputs.forEach((input, i) => {
      if (typeof input !== 'string') {
        parsed.push(input);
        indexes.push(i);
        return;
      }
      const result = parsePortShorthand(input);
      if (result.ok) {
        parsed.push(result.port);
        indexes.push(i);
      } else {
        for (const problem of result.problems) problems.push(invalid(PORTS.index(i), input, problem, { rule: 'appsvc/port-shorthand' }));
      }
    });
    // Names are derived over every port the user gave, parsed or not, so fixing a shorthand
    // does not rename the others.
    return { ports: nameUnnamedPorts(parsed, inputs.length > 1), indexes, problems };
  }

  /**
   * Problems the props show that the manifest cannot: unparseable shorthands, a target in another
   * app (`root` is the root of the Service's own construct tree) or namespace (`namespace` is the
   * Service's), ...
   */
  public findings(root: unknown, namespace?: string): readonly Finding[] {
    const { selector, target, headless, clusterIP, sessionAffinity, sessionAffinityTimeoutSeconds } = this.props;
    // Each check below needs one of these.
    if (!this.hasShorthand && target === undefined && headless !== true && sessionAffinityTimeoutSeconds === undefined) return NO_FINDINGS;
    const out: Finding[] = this.hasShorthand ? [...this.resolvePorts().problems] : [];
    if (selector !== undefined && target !== undefined) {
      out.push(forbidden(SELECTOR, 'may not be given together with a target workload; give one of them', { rule: 'appsvc/selector-target' }));
    } else if (target !== undefined) {
      const path = target.node.path;
      const selected = targetSelector(target);
      if (target.node.root !== root) {
        out.push(invalid(SELECTOR, path, 'the target workload must be in the same app as the Service', { rule: 'appsvc/selector-target' }));
      }
      if (selected.expressions > 0) {
        out.push(invalid(SELECTOR, path, 'the target workload selects its pods with match expressions, which a Service selector cannot express', { rule: 'appsvc/selector-target' }));
      }
      if (Object.keys(selected.labels).length === 0) {
        out.push(invalid(SELECTOR, path, 'the target workload has no pod selector labels to select', { rule: 'appsvc/selector-target' }));
      }
      const own = namespace ?? 'default';
      if (selected.namespaceLabels || (selected.namespaces !== undefined && (selected.namespaces.length !== 1 || selected.namespaces[0] !== own))) {
        out.push(invalid(SELECTOR, path, `the target selects pods in other namespaces; a Service selects pods in its own namespace ("${own}") only`, { rule: 'appsvc/selector-target' }));
      }
    }
    if (headless === true && clusterIP !== undefined && clusterIP !== 'None') {
      out.push(invalid(SPEC.child('clusterIP'), clusterIP, 'a headless Service has clusterIP "None"; remove clusterIP or headless', { rule: 'appsvc/headless' }));
    }
    if (sessionAffinityTimeoutSeconds !== undefined && sessionAffinity !== 'ClientIP') {
      out.push(forbidden(SPEC.child('sessionAffinityConfig'), 'may only be set when sessionAffinity is "ClientIP"', { rule: 'appsvc/session-affinity' }));
    }
    return out;
  }

  /**
   * Maps a finding about the manifest to the user's terms, or `undefined` when findings apply as
   * they are. Only needed when a shorthand did not parse: then `spec.ports[k]` of the manifest is
   * the k-th port that parsed, renumbered to the port's index in the user's list, and
   * "spec.ports: Required value" is dropped when ports were given but none parsed (each shorthand
   * problem is reported already).
   */
  public findingMapper(): FindingMapper | undefined {
    const ports = this.portMapper();
    if (this.props.target === undefined) return ports;
    // With a target workload the construct knows the pods: a named targetPort none of its
    // containers declares is certain to reach nothing, so it fails synthesis.
    return (finding) => {
      const f = finding.rule === 'lint/service-named-target-port' && finding.severity === 'warning' ? { ...finding, severity: 'error' as const } : finding;
      return ports === undefined ? f : ports(f);
    };
  }

  private portMapper(): FindingMapper | undefined {
    if (!this.hasShorthand) return undefined;
    const { ports, indexes, problems } = this.resolvePorts();
    if (problems.length === 0) return undefined;
    const given = this.portInputs.length;
    return (finding) => {
      if (finding.field === 'spec.ports' && finding.type === 'FieldValueRequired' && ports.length === 0 && given > 0) return undefined;
      const match = /^spec\.ports\[(\d+)\]/.exec(finding.field);
      if (match === null) return finding;
      const userIndex = indexes === undefined ? Number(match[1]) : indexes[Number(match[1])];
      return userIndex === undefined ? finding : withField(finding, `spec.ports[${userIndex}]${finding.field.slice(match[0].length)}`);
    };
  }

  /** `spec` for cdk8s's generic path: KubeService's property names, `IntOrString` target ports. */
  public resolve(): k8s.ServiceSpec {
    const p = this.props;
    const { IntOrString } = kube();
    const ports = this.resolvePorts().ports.map((port): k8s.ServicePort => ({
      port: port.port,
      ...(port.name !== undefined ? { name: port.name } : {}),
      ...(port.protocol !== undefined ? { protocol: port.protocol } : {}),
      ...(port.targetPort !== undefined ? { targetPort: typeof port.targetPort === 'number' ? IntOrString.fromNumber(port.targetPort) : IntOrString.fromString(port.targetPort) } : {}),
      ...(port.nodePort !== undefined ? { nodePort: port.nodePort } : {}),
      ...(port.appProtocol !== undefined ? { appProtocol: port.appProtocol } : {}),
    }));
    const selector = this.selector;
    const clusterIP = p.headless === true ? 'None' : p.clusterIP;
    return {
      type: this.type,
      ...(nonEmptyMap(selector) ? { selector } : {}),
      ...(ports.length > 0 ? { ports } : {}),
      ...(clusterIP !== undefined ? { clusterIp: clusterIP } : {}),
      ...(nonEmptyList(p.clusterIPs) ? { clusterIPs: [...p.clusterIPs] } : {}),
      ...(p.externalName !== undefined ? { externalName: p.externalName } : {}),
      ...(nonEmptyList(p.externalIPs) ? { externalIPs: [...p.externalIPs] } : {}),
      ...(p.sessionAffinity !== undefined ? { sessionAffinity: p.sessionAffinity } : {}),
      ...(p.sessionAffinityTimeoutSeconds !== undefined ? { sessionAffinityConfig: { clientIp: { timeoutSeconds: p.sessionAffinityTimeoutSeconds } } } : {}),
      ...(p.loadBalancerIP !== undefined ? { loadBalancerIp: p.loadBalancerIP } : {}),
      ...(nonEmptyList(p.loadBalancerSourceRanges) ? { loadBalancerSourceRanges: [...p.loadBalancerSourceRanges] } : {}),
      ...(p.loadBalancerClass !== undefined ? { loadBalancerClass: p.loadBalancerClass } : {}),
      ...(p.allocateLoadBalancerNodePorts !== undefined ? { allocateLoadBalancerNodePorts: p.allocateLoadBalancerNodePorts } : {}),
      ...(p.externalTrafficPolicy !== undefined ? { externalTrafficPolicy: p.externalTrafficPolicy } : {}),
      ...(p.internalTrafficPolicy !== undefined ? { internalTrafficPolicy: p.internalTrafficPolicy } : {}),
      ...(p.healthCheckNodePort !== undefined ? { healthCheckNodePort: p.healthCheckNodePort } : {}),
      ...(nonEmptyList(p.ipFamilies) ? { ipFamilies: [...p.ipFamilies] } : {}),
      ...(p.ipFamilyPolicy !== undefined ? { ipFamilyPolicy: p.ipFamilyPolicy } : {}),
      ...(p.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: p.publishNotReadyAddresses } : {}),
    };
  }

  /**
   * The manifest's `spec` with its field names in sorted order (as the generated bindings write
   * them), or `undefined` when a value is not a plain string, number, boolean, list of strings
   * or map of strings (cdk8s's generic path renders it then).
   */
  public render(): Record<string, unknown> | undefined {
    const p = this.props;
    const spec: Record<string, unknown> = {};
    // Most Services set none of the fields before `ports`: one test skips them all.
    const anyBeforePorts =
      p.allocateLoadBalancerNodePorts !== undefined || p.clusterIP !== undefined || p.headless === true || p.clusterIPs !== undefined ||
      p.externalIPs !== undefined || p.externalName !== undefined || p.externalTrafficPolicy !== undefined || p.healthCheckNodePort !== undefined ||
      p.internalTrafficPolicy !== undefined || p.ipFamilies !== undefined || p.ipFamilyPolicy !== undefined || p.loadBalancerClass !== undefined ||
      p.loadBalancerIP !== undefined || p.loadBalancerSourceRanges !== undefined;
    if (anyBeforePorts) {
      for (const [key, kind] of COPIED_BEFORE_PORTS) {
        const value = key === 'clusterIP' && p.headless === true ? 'None' : p[key];
        if (!copyField(spec, key, kind, value)) return undefined;
      }
    }
    const ports = this.resolvePorts().ports;
    if (ports.length > 0) {
      const rendered = new Array<Record<string, unknown>>(ports.length);
      for (let i = 0; i < ports.length; i++) {
        const port = renderPort(ports[i] as ServicePortSpec);
        if (port === undefined) return undefined;
        rendered[i] = port;
      }
      spec.ports = rendered;
    }
    if (!copyField(spec, 'publishNotReadyAddresses', 'scalar', p.publishNotReadyAddresses)) return undefined;
    const given = p.selector;
    const selector = given !== undefined ? given : p.target !== undefined ? targetLabels(p.target) : undefined;
    if (nonEmptyMap(selector)) {
      const copy = sortedStringMap(given !== undefined && given.constructor !== Object ? { ...given } : selector);
      if (copy === undefined) return undefined;
      if (copy !== null) spec.selector = copy;
    }
    if (!copyField(spec, 'sessionAffinity', 'scalar', p.sessionAffinity)) return undefined;
    const timeout = p.sessionAffinityTimeoutSeconds;
    if (timeout !== undefined) {
      if (!isPrimitive(timeout)) return undefined;
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: timeout } };
    }
    if (!copyField(spec, 'trafficDistribution', 'scalar', p.trafficDistribution)) return undefined;
    const type = this.type;
    if (!isPrimitive(type)) return undefined;
    spec.type = type;
    return spec;
  }
}

/** True when there is at most one port, or every port is structured and named (nothing to parse or name). */
function allNamedOrSingle(ports: readonly ServicePortInput[]): boolean {
  if (ports.length <= 1) return true;
  for (let i = 0; i < ports.length; i++) {
    const port = ports[i];
    if (typeof port === 'string' || port === undefined || port.name === undefined) return false;
  }
  return true;
}

/**
 * The spec fields rendered as the props give them, in the manifest's (sorted) key order up to
 * `ports`: a scalar as it is, a list of strings copied (left out when empty).
 */
const COPIED_BEFORE_PORTS = [
  ['allocateLoadBalancerNodePorts', 'scalar'],
  ['clusterIP', 'scalar'],
  ['clusterIPs', 'list'],
  ['externalIPs', 'list'],
  ['externalName', 'scalar'],
  ['externalTrafficPolicy', 'scalar'],
  ['healthCheckNodePort', 'scalar'],
  ['internalTrafficPolicy', 'scalar'],
  ['ipFamilies', 'list'],
  ['ipFamilyPolicy', 'scalar'],
  ['loadBalancerClass', 'scalar'],
  ['loadBalancerIP', 'scalar'],
  ['loadBalancerSourceRanges', 'list'],
] as const satisfies ReadonlyArray<readonly [keyof AppServiceProps, 'scalar' | 'list']>;

/**
 * Copies one field into `spec` (nothing when `value` is undefined, or an empty list); false when the
 * value is outside what the direct rendering handles (the generic path renders it instead).
 */
function copyField(spec: Record<string, unknown>, key: string, kind: 'scalar' | 'list', value: unknown): boolean {
  if (kind === 'list') {
    const list = stringList(value);
    if (list === null) return false;
    if (list !== undefined) spec[key] = list;
    return true;
  }
  if (value === undefined) return true;
  if (!isPrimitive(value)) return false;
  spec[key] = value;
  return true;
}

/** A rendered port: the manifest's field names, assigned in sorted order. */
interface DirectPort {
  appProtocol?: unknown;
  name?: unknown;
  nodePort?: unknown;
  port?: unknown;
  protocol?: unknown;
  targetPort?: number | string;
}

/** One port with the manifest's field names in sorted order, or `undefined` outside the direct domain. */
function renderPort(port: ServicePortSpec): Record<string, unknown> | undefined {
  const out: DirectPort = {};
  const { appProtocol, name, nodePort, port: number, protocol, targetPort } = port;
  if (appProtocol !== undefined) {
    if (!isPrimitive(appProtocol)) return undefined;
    out.appProtocol = appProtocol;
  }
  if (name !== undefined) {
    if (!isPrimitive(name)) return undefined;
    out.name = name;
  }
  if (nodePort !== undefined) {
    if (!isPrimitive(nodePort)) return undefined;
    out.nodePort = nodePort;
  }
  if (number !== undefined) {
    if (!isPrimitive(number)) return undefined;
    out.port = number;
  }
  if (protocol !== undefined) {
    if (!isPrimitive(protocol)) return undefined;
    out.protocol = protocol;
  }
  if (targetPort !== undefined) {
    if (typeof targetPort !== 'number' && typeof targetPort !== 'string') return undefined;
    out.targetPort = targetPort;
  }
  return out as Record<string, unknown>;
}

/** True for a string, number or boolean: what the direct rendering copies as it is. */
function isPrimitive(value: unknown): value is string | number | boolean {
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean';
}

/**
 * A copy of a non-empty list of strings; `undefined` for `undefined` and `[]` (left out of the
 * manifest); `null` for anything else.
 */
function stringList(value: unknown): string[] | undefined | null {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return null;
  if (value.length === 0) return undefined;
  const copy = new Array<string>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') return null;
    copy[i] = item;
  }
  return copy;
}

/**
 * A copy of a plain map of strings with its keys inserted in sorted order (as cdk8s sorts them),
 * `null` for an empty plain map (left out of the manifest; nothing is copied), or `undefined` for
 * anything else. With `base`, the copy holds `base`'s keys too, under the map's (as
 * `{ ...base, ...value }` would, without building that object).
 */
export function sortedStringMap(value: unknown, base?: Readonly<Record<string, string>>): Record<string, string> | null | undefined {
  if (typeof value !== 'object' || value === null || (value as { constructor?: unknown }).constructor !== Object || Object.getPrototypeOf(value) !== Object.prototype) {
    return undefined;
  }
  const map = value as Record<string, unknown>;
  if (base !== undefined) return sortedStringMapOver(map, base);
  // No key at all, own or inherited, means no own key: empty, without building a list.
  if (!hasAnyKey(map)) return null;
  const keys = sortedKeys(map);
  if (keys.length === 0) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const v = map[key];
    if (typeof v !== 'string') return undefined;
    setData(out, key, v);
  }
  return out;
}

/** {@link sortedStringMap} of `map` with `base`'s keys too (the map's win): the two sorted key lists merged. */
function sortedStringMapOver(map: Record<string, unknown>, base: Readonly<Record<string, string>>): Record<string, string> | null | undefined {
  const own = sortedKeys(map);
  const under = sortedKeys(base);
  if (own.length + under.length === 0) return null;
  const out: Record<string, string> = {};
  let i = 0;
  let j = 0;
  while (i < own.length || j < under.length) {
    const a = own[i];
    const b = under[j];
    if (a !== undefined && (b === undefined || a <= b)) {
      const v = map[a];
      if (typeof v !== 'string') return undefined;
      setData(out, a, v);
      i++;
      if (a === b) j++;
    } else {
      setData(out, b as string, base[b as string] as string);
      j++;
    }
  }
  return out;
}

/** The own enumerable keys of `map`, sorted (in place: most maps are written sorted already). */
function sortedKeys(map: object): string[] {
  const keys = Object.keys(map);
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys.sort();
      break;
    }
  }
  return keys;
}

/** Sets `out[key]`; a `__proto__` key is data like any other: defined rather than assigned. */
function setData(out: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function hasAnyKey(map: object): boolean {
  for (const key in map) return key !== undefined;
  return false;
}

/** True when `m` has an own key. */
function nonEmptyMap(m: Readonly<Record<string, string>> | undefined): m is Readonly<Record<string, string>> {
  if (m === undefined) return false;
  for (const key in m) if (Object.prototype.hasOwnProperty.call(m, key)) return true;
  return false;
}

function nonEmptyList<T>(l: readonly T[] | undefined): l is readonly T[] {
  return l !== undefined && l.length > 0;
}
