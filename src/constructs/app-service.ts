import { ApiObject, ApiObjectMetadataDefinition, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Deployment, StatefulSet } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IntOrString, KubeService, ServicePort, ServiceSpec } from '../../imports/k8s';
import { FieldPath } from '../validation/field-path';
import { forbidden, invalid, type Finding } from '../validation/field-error';
import { registerFindingMapper, registerObjectFindings, withField } from './object-findings';
import { nameUnnamedPorts, parsePortShorthand, type ServicePortInput, type ServicePortSpec } from './port-spec';
import { generateServiceName } from './service-name';
import type { IpFamily, IpFamilyPolicy, ServiceType, SessionAffinity, TrafficPolicy } from './service-values';

/** The cluster DNS domain Kubernetes uses unless the cluster was set up otherwise. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** A workload an AppService can send traffic to: its pod selector labels become the Service selector. */
export type ServiceTarget = Deployment | StatefulSet;

/**
 * Properties of an {@link AppService}. Every field of a Kubernetes 1.28 `v1/ServiceSpec` has a
 * prop, named and spelled as in the manifest; values are the manifest's wire values.
 *
 * Props are not checked when the construct is created: synthesis validates the whole app by the
 * rules of a 1.28 API server and reports every problem at once, with construct and field paths.
 */
export interface AppServiceProps {
  /**
   * `metadata.name`: a DNS-1035 label.
   * @default - derived from the construct ids below the chart ("api" for `new AppService(chart, 'api')`);
   *   ids that are not a DNS-1035 label are normalised and get a stable hash suffix
   */
  readonly name?: string;
  /**
   * `metadata.namespace`.
   * @default - the chart's namespace; none when the chart has none (the cluster's "default")
   */
  readonly namespace?: string;
  /**
   * `metadata.labels`, added to the chart's labels.
   * @default - the chart's labels only
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * `metadata.annotations`.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * `spec.selector`: the labels of the pods that receive the traffic. Give this or `target`.
   * @default - the target's pod selector labels, or no selector (endpoints managed by hand)
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * A cdk8s-plus-28 Deployment or StatefulSet in the same app whose pod selector labels become
   * `spec.selector` (read when the app is synthesized, so later `select()` calls count).
   * A headless AppService that targets a StatefulSet also becomes that StatefulSet's governing
   * Service (see `governStatefulSet`).
   * @default - none
   */
  readonly target?: ServiceTarget;
  /**
   * Make this headless Service the governing Service of the target StatefulSet: its
   * `spec.serviceName` names this Service, and the headless Service cdk8s-plus-28 creates for
   * every StatefulSet is removed. Only applies to a headless AppService whose target is a
   * StatefulSet.
   * @default true
   */
  readonly governStatefulSet?: boolean;
  /**
   * `spec.ports`: structured ports or shorthands such as "80:8080", "443:https", "53:53/UDP".
   * With several ports, unnamed ports are named as `kubectl create service` names them.
   * @default - none (allowed for headless and ExternalName Services); see `addPort()`
   */
  readonly ports?: readonly ServicePortInput[];
  /**
   * `spec.type`.
   * @default - "ExternalName" when `externalName` is given, otherwise "ClusterIP"
   */
  readonly type?: ServiceType;
  /**
   * A headless Service: `spec.clusterIP: None`. Ports are optional.
   * @default false
   */
  readonly headless?: boolean;
  /**
   * `spec.externalName`: the DNS name an ExternalName Service is an alias (CNAME) for.
   * @default - none
   */
  readonly externalName?: string;
  /**
   * `spec.clusterIP`: a fixed cluster IP, or "None" (prefer `headless`).
   * @default - allocated by the API server
   */
  readonly clusterIP?: string;
  /**
   * `spec.clusterIPs`: fixed cluster IPs, one per IP family; the first equals `clusterIP`.
   * @default - allocated by the API server
   */
  readonly clusterIPs?: readonly string[];
  /**
   * `spec.externalIPs`: addresses on which nodes also accept traffic for this Service.
   * @default - none
   */
  readonly externalIPs?: readonly string[];
  /**
   * `spec.sessionAffinity`.
   * @default - "None" (set by the API server)
   */
  readonly sessionAffinity?: SessionAffinity;
  /**
   * `spec.sessionAffinityConfig.clientIP.timeoutSeconds`, 1-86400; with `sessionAffinity: 'ClientIP'` only.
   * @default - 10800 (set by the API server)
   */
  readonly sessionAffinityTimeoutSeconds?: number;
  /**
   * `spec.loadBalancerIP` (deprecated upstream; not validated by the API server).
   * @default - none
   */
  readonly loadBalancerIP?: string;
  /**
   * `spec.loadBalancerSourceRanges`: client CIDRs allowed through the cloud load balancer.
   * @default - none (all clients)
   */
  readonly loadBalancerSourceRanges?: readonly string[];
  /**
   * `spec.loadBalancerClass`: the load-balancer implementation, a qualified name.
   * @default - the cluster's default implementation
   */
  readonly loadBalancerClass?: string;
  /**
   * `spec.allocateLoadBalancerNodePorts` (LoadBalancer only).
   * @default - true (set by the API server for LoadBalancer Services)
   */
  readonly allocateLoadBalancerNodePorts?: boolean;
  /**
   * `spec.externalTrafficPolicy` (NodePort and LoadBalancer only).
   * @default - "Cluster" (set by the API server for NodePort and LoadBalancer Services)
   */
  readonly externalTrafficPolicy?: TrafficPolicy;
  /**
   * `spec.internalTrafficPolicy`.
   * @default - "Cluster" (set by the API server)
   */
  readonly internalTrafficPolicy?: TrafficPolicy;
  /**
   * `spec.healthCheckNodePort` (LoadBalancer with externalTrafficPolicy "Local" only).
   * @default - allocated by the API server when needed
   */
  readonly healthCheckNodePort?: number;
  /**
   * `spec.ipFamilies`.
   * @default - chosen by the API server from `ipFamilyPolicy` and the cluster
   */
  readonly ipFamilies?: readonly IpFamily[];
  /**
   * `spec.ipFamilyPolicy`.
   * @default - "SingleStack" (headless selector-less Services: "RequireDualStack"), set by the API server
   */
  readonly ipFamilyPolicy?: IpFamilyPolicy;
  /**
   * `spec.publishNotReadyAddresses`: publish endpoints of pods that are not ready.
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
  /**
   * The cluster DNS domain, for {@link AppService.dnsName}.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
}

/** One port as the user gave it; its index in `portEntries` is its index in the user's list. */
interface PortEntry {
  readonly input: ServicePortInput;
}

const SPEC = FieldPath.root('spec');

/**
 * A Kubernetes `v1/Service`, with every ServiceSpec field of Kubernetes 1.28 as a typed prop.
 *
 * ```ts
 * new AppService(chart, 'api', { target: deployment, ports: ['80:http'] });
 * ```
 *
 * The spec is rendered when the app is synthesized, so `addPort()` after construction reaches the
 * output. Empty lists and maps are left out of the manifest.
 */
export class AppService extends Construct {
  /** The Service's `metadata.name`. */
  public readonly name: string;
  /** The Service's namespace, when it has one (its own, or the chart's). */
  public readonly namespace: string | undefined;
  /** The Service's `spec.type`. */
  public readonly type: ServiceType;
  /** The Service's metadata; add labels and annotations after construction with it. */
  public readonly metadata: ApiObjectMetadataDefinition;
  /** The emitted API object. */
  public readonly apiObject: KubeService;

  private readonly props: AppServiceProps;
  private readonly portEntries: PortEntry[] = [];

  /**
   * Defines a Service. Nothing is checked here: problems are reported when the app is synthesized.
   * @param scope the parent construct, usually a Chart
   * @param id the construct id; the Service name is derived from it unless `name` is given
   * @param props the Service's fields
   */
  public constructor(scope: Construct, id: string, props: AppServiceProps = {}) {
    super(scope, id);
    this.props = props;
    this.name = props.name ?? generateServiceName(this);
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.type = props.type ?? (props.externalName !== undefined ? 'ExternalName' : 'ClusterIP');

    this.apiObject = new KubeService(this, 'Resource', {
      metadata: {
        name: this.name,
        ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
        ...(nonEmptyMap(props.labels) ? { labels: { ...props.labels } } : {}),
        ...(nonEmptyMap(props.annotations) ? { annotations: { ...props.annotations } } : {}),
      },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.metadata = this.apiObject.metadata;
    registerObjectFindings(this.apiObject, () => this.findings());
    registerFindingMapper(this.apiObject, (finding) => this.mapFinding(finding));

    for (const p of props.ports ?? []) this.addPort(p);

    if (props.target instanceof StatefulSet && props.headless === true && (props.governStatefulSet ?? true)) {
      this.governStatefulSet(props.target);
    }
  }

  /**
   * The name other pods use to reach this Service: `<name>.<namespace>.svc.<clusterDomain>`,
   * e.g. `api.production.svc.cluster.local`. A Service without a namespace is assumed to be
   * applied to the "default" namespace.
   */
  public get dnsName(): string {
    return `${this.name}.${this.namespace ?? 'default'}.svc.${this.props.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN}`;
  }

  /** The ports as they will be rendered (shorthands parsed, unnamed ports named); unparseable ones are left out. */
  public get ports(): ServicePortSpec[] {
    return this.resolvePorts().ports;
  }

  /**
   * Adds a port: a structured port or a shorthand such as "80:8080", "443:https", "53:53/UDP".
   * A shorthand that does not parse is reported when the app is synthesized.
   */
  public addPort(port: ServicePortInput): void {
    this.portEntries.push({ input: port });
  }

  /** The selector the Service renders: the `selector` prop, or the target's pod selector labels. */
  public get selector(): Record<string, string> | undefined {
    if (this.props.selector !== undefined) return { ...this.props.selector };
    if (this.props.target !== undefined) return this.props.target.matchLabels;
    return undefined;
  }

  private governStatefulSet(sts: StatefulSet): void {
    const stsObject = ApiObject.of(sts);
    stsObject.addJsonPatch(JsonPatch.replace('/spec/serviceName', this.name));
    const generated = sts.service;
    if (generated !== undefined && generated.node.scope === sts) {
      stsObject.node.removeDependency(generated);
      sts.node.tryRemoveChild(generated.node.id);
    }
  }

  /**
   * Maps a finding about the manifest to the user's terms: `spec.ports[k]` of the manifest is the
   * k-th port that parsed, so it is renumbered to the port's index in the user's list; and
   * "spec.ports: Required value" is dropped when ports were given but none parsed (each shorthand
   * problem is reported already).
   */
  private mapFinding(finding: Finding): Finding | undefined {
    const { ports, indexes } = this.resolvePorts();
    if (finding.field === 'spec.ports' && finding.type === 'FieldValueRequired' && ports.length === 0 && this.portEntries.length > 0) return undefined;
    const match = /^spec\.ports\[(\d+)\]/.exec(finding.field);
    if (match === null) return finding;
    const userIndex = indexes[Number(match[1])];
    return userIndex === undefined ? finding : withField(finding, `spec.ports[${userIndex}]${finding.field.slice(match[0].length)}`);
  }

  private resolvePorts(): { ports: ServicePortSpec[]; indexes: number[]; problems: Finding[] } {
    const parsed: ServicePortSpec[] = [];
    const indexes: number[] = [];
    const problems: Finding[] = [];
    this.portEntries.forEach((entry, i) => {
      if (typeof entry.input !== 'string') {
        parsed.push(entry.input);
        indexes.push(i);
        return;
      }
      const result = parsePortShorthand(entry.input);
      if (result.ok) {
        parsed.push(result.port);
        indexes.push(i);
      } else {
        for (const problem of result.problems) {
          problems.push(invalid(SPEC.child('ports').index(i), entry.input, problem, { rule: 'appsvc/port-shorthand' }));
        }
      }
    });
    // Names are derived over every port the user gave, parsed or not, so fixing a shorthand
    // does not rename the others.
    return { ports: nameUnnamedPorts(parsed, this.portEntries.length > 1), indexes, problems };
  }

  private findings(): Finding[] {
    const out: Finding[] = [...this.resolvePorts().problems];
    const { selector, target, headless, clusterIP, sessionAffinity, sessionAffinityTimeoutSeconds } = this.props;
    const selectorPath = SPEC.child('selector');
    if (selector !== undefined && target !== undefined) {
      out.push(forbidden(selectorPath, 'may not be given together with a target workload; give one of them', { rule: 'appsvc/selector-target' }));
    } else if (target !== undefined) {
      if (target.node.root !== this.node.root) {
        out.push(invalid(selectorPath, target.node.path, 'the target workload must be in the same app as the Service', { rule: 'appsvc/selector-target' }));
      }
      if (target.matchExpressions.length > 0) {
        out.push(invalid(selectorPath, target.node.path, 'the target workload selects its pods with match expressions, which a Service selector cannot express', { rule: 'appsvc/selector-target' }));
      }
      if (Object.keys(target.matchLabels).length === 0) {
        out.push(invalid(selectorPath, target.node.path, 'the target workload has no pod selector labels to select', { rule: 'appsvc/selector-target' }));
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

  private renderSpec(): ServiceSpec {
    const p = this.props;
    const ports = this.resolvePorts().ports.map(toKubePort);
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
}

function toKubePort(p: ServicePortSpec): ServicePort {
  return {
    port: p.port,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.protocol !== undefined ? { protocol: p.protocol } : {}),
    ...(p.targetPort !== undefined ? { targetPort: typeof p.targetPort === 'number' ? IntOrString.fromNumber(p.targetPort) : IntOrString.fromString(p.targetPort) } : {}),
    ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
    ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
  };
}

function nonEmptyMap(m: Readonly<Record<string, string>> | undefined): m is Readonly<Record<string, string>> {
  return m !== undefined && Object.keys(m).length > 0;
}

function nonEmptyList<T>(l: readonly T[] | undefined): l is readonly T[] {
  return l !== undefined && l.length > 0;
}
