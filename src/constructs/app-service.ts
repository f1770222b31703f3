import { ApiObject, type ApiObjectMetadata, JsonPatch } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import type { StatefulSet } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Finding } from '../validation/field-error';
import { type AppServiceExposeViaIngressOptions, type AppServiceIngressBackendOptions, type BackendPortRequest, backendPortFinding, serviceIngressBackend } from './ingress-backend';
import { FINDING_MAPPER, type FindingMapper, type ObjectFindingSource, OWN_FINDINGS } from './object-findings';
import type { ServicePortInput, ServicePortSpec } from './port-spec';
import { serviceNameFor } from './service-name';
import { isSortDisabled } from './render-environment';
import { renderServiceDirect, renderServiceGeneric } from './service-render';
import { ServiceSpecDefinition } from './service-spec';
import type { ServiceTarget } from './service-target';
import { DEFAULT_CLUSTER_DOMAIN, type IpFamily, type IpFamilyPolicy, type ServiceType, type SessionAffinity, type TrafficDistribution, type TrafficPolicy } from './service-values';

export { DEFAULT_CLUSTER_DOMAIN };

export type { ServiceTarget } from './service-target';

/**
 * Properties of an {@link AppService}. Every field of a Kubernetes 1.28 `v1/ServiceSpec` has a
 * prop, named and spelled as in the manifest; values are the manifest's wire values.
 *
 * Props are not checked when the construct is created: synthesis validates the whole app by the
 * rules of the chosen Kubernetes version's API server (1.28 by default) and reports every problem at once, with construct and field paths.
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
   * A cdk8s-plus-28 workload (Deployment, StatefulSet, DaemonSet, Job), Pod or `Pods` selection in
   * the same app whose pod selector labels become `spec.selector` (read when the app is
   * synthesized, so later `select()` calls count). A Job, which selects no pods of its own, is
   * selected by the `cdk8s.io/metadata.addr` label of its pod template.
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
   * `spec.trafficDistribution`: prefer endpoints close to the client. A field of Kubernetes 1.30+
   * (1.30 drops it unless the ServiceTrafficDistribution gate is on); PreferSameZone and
   * PreferSameNode from 1.34. Synthesis for an older `kubernetesVersion` fails naming the version
   * the field needs.
   * @default - none (traffic goes to any endpoint)
   */
  readonly trafficDistribution?: TrafficDistribution;
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

/** Marks AppService objects (see {@link AppService.isAppService}). */
const APP_SERVICE = Symbol.for('appsvc.AppService');

/**
 * A Kubernetes `v1/Service`, with every ServiceSpec field of Kubernetes 1.28 as a typed prop.
 *
 * ```ts
 * new AppService(chart, 'api', { target: deployment, ports: ['80:http'] });
 * ```
 *
 * An AppService is the cdk8s `ApiObject` of its Service (`ApiObject.of(service)` returns it), so
 * JSON patches, dependencies and metadata work as on any API object. The spec is rendered when the
 * app is synthesized, so `addPort()` after construction reaches the output. Empty lists and maps
 * are left out of the manifest.
 *
 * The manifest is rendered directly from the props, with the keys in the order cdk8s's generic
 * `KubeService.toJson()` gives them; when something outside what the direct rendering reproduces
 * is used (a JSON patch, metadata added with `metadata.add()`, finalizers or owner references,
 * custom resolvers, `CDK8S_DISABLE_SORT`, values of unexpected types), cdk8s's generic rendering
 * renders it instead.
 */
export class AppService extends ApiObject implements ObjectFindingSource {
  /**
   * True when `x` is an AppService (also one defined by another copy of this library).
   * @param x any value
   */
  public static isAppService(x: unknown): x is AppService {
    return typeof x === 'object' && x !== null && APP_SERVICE in x;
  }

  /**
   * `x instanceof AppService` is {@link AppService.isAppService} (cdk8s makes `instanceof` of an
   * API object class true for every API object); for a subclass, the usual prototype test.
   */
  public static override [Symbol.hasInstance](x: unknown): x is AppService {
    return this === AppService ? AppService.isAppService(x) : (Function.prototype[Symbol.hasInstance].call(this, x) as boolean);
  }

  /** The Service's namespace, when it has one (its own, or the chart's). */
  public readonly namespace: string | undefined;
  /** The Service's `spec.type`. */
  public readonly type: ServiceType;

  private readonly spec: ServiceSpecDefinition;
  private readonly clusterDomain: string | undefined;
  /** The ports Ingress backends of this Service asked for, checked at synthesis. */
  private readonly backendRequests: BackendPortRequest[] = [];

  /**
   * Defines a Service. Nothing is checked here: problems are reported when the app is synthesized.
   * @param scope the parent construct, usually a Chart
   * @param id the construct id; the Service name is derived from it unless `name` is given
   * @param props the Service's fields
   */
  public constructor(scope: Construct, id: string, props: AppServiceProps = {}) {
    const type = props.type ?? (props.externalName !== undefined ? 'ExternalName' : 'ClusterIP');
    const spec = new ServiceSpecDefinition(props, type);
    // cdk8s copies the labels and annotations into the object's metadata.
    const metadata: { -readonly [K in keyof ApiObjectMetadata]: ApiObjectMetadata[K] } = { name: props.name ?? serviceNameFor(scope, id) };
    if (props.namespace !== undefined) metadata.namespace = props.namespace;
    if (props.labels !== undefined) metadata.labels = props.labels as Record<string, string>;
    if (props.annotations !== undefined) metadata.annotations = props.annotations as Record<string, string>;
    // `spec` is resolved by cdk8s's implicit-token resolver, on the generic path only.
    super(scope, id, { apiVersion: 'v1', kind: 'Service', metadata, spec });
    this.spec = spec;
    this.type = type;
    this.clusterDomain = props.clusterDomain;
    this.namespace = props.namespace ?? this.chart.namespace;

    const target = props.target;
    if (target !== undefined && props.headless === true && (props.governStatefulSet ?? true)) {
      // A target workload means cdk8s-plus-28 is loaded already.
      const { StatefulSet: StatefulSetClass } = require('cdk8s-plus-28') as typeof kplus;
      if (target instanceof StatefulSetClass) this.governStatefulSet(target);
    }
  }

  /**
   * The name other pods use to reach this Service: `<name>.<namespace>.svc.<clusterDomain>`,
   * e.g. `api.production.svc.cluster.local`. A Service without a namespace is assumed to be
   * applied to the "default" namespace.
   */
  public get dnsName(): string {
    return `${this.name}.${this.namespace ?? 'default'}.svc.${this.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN}`;
  }

  /** The ports as they will be rendered (shorthands parsed, unnamed ports named); unparseable ones are left out. */
  public get ports(): ServicePortSpec[] {
    return [...this.spec.resolvePorts().ports];
  }

  /**
   * Adds a port: a structured port or a shorthand such as "80:8080", "443:https", "53:53/UDP".
   * A shorthand that does not parse is reported when the app is synthesized.
   */
  public addPort(port: ServicePortInput): void {
    this.spec.addPort(port);
  }

  /** The selector the Service renders: the `selector` prop, or the target's pod selector labels. */
  public get selector(): Record<string, string> | undefined {
    return this.spec.selector;
  }

  /**
   * A cdk8s-plus-28 Ingress backend that sends traffic to this Service, for `Ingress.addRule()`,
   * `addDefaultBackend()` and the like (cdk8s-plus-28's `IngressBackend.fromService()` takes only
   * its own Service class). The port is chosen when the app is synthesized; a port that is not
   * one of the Service's (or none, when it has several) is reported then, with the other findings.
   *
   * ```ts
   * new Ingress(chart, 'web').addRule('/api', api.ingressBackend({ port: 'http' }));
   * ```
   * @param options the Service port to use: its number or name (default: the only port)
   */
  public ingressBackend(options: AppServiceIngressBackendOptions = {}): kplus.IngressBackend {
    this.backendRequests.push(options.port);
    return serviceIngressBackend(this.name, options.port, () => this.spec.resolvePorts().ports);
  }

  /**
   * Exposes this Service under `path` of an Ingress, as cdk8s-plus-28's `Service.exposeViaIngress()`:
   * adds a rule to `options.ingress`, or to a new Ingress (a child of this construct).
   * @param path the HTTP path, e.g. "/api"
   * @param options the Ingress, the path type and the Service port (see {@link ingressBackend})
   * @returns the Ingress the rule was added to
   */
  public exposeViaIngress(path: string, options: AppServiceExposeViaIngressOptions = {}): kplus.Ingress {
    const { Ingress } = require('cdk8s-plus-28') as typeof kplus;
    const ingress = options.ingress ?? new Ingress(this, 'Ingress');
    ingress.addRule(path, this.ingressBackend(options.port !== undefined ? { port: options.port } : {}), options.pathType);
    return ingress;
  }

  /** Renders the manifest: directly when it can, otherwise by cdk8s's generic rendering (see the class description). */
  public override toJson(): Record<string, unknown> {
    return renderServiceDirect(this, this.spec) ?? withTrafficDistribution(renderServiceGeneric(this), this.spec.props.trafficDistribution);
  }

  /** Problems the props show that the manifest cannot (unparseable shorthands, a target in another app, ...). */
  public [OWN_FINDINGS](): readonly Finding[] {
    const own = this.spec.findings(this.node.root, this.namespace);
    if (this.backendRequests.length === 0) return own;
    const ports = this.spec.resolvePorts().ports;
    const seen = new Set<string>();
    const backend: Finding[] = [];
    for (const request of this.backendRequests) {
      const finding = backendPortFinding(request, ports);
      if (finding !== undefined && !seen.has(finding.message)) {
        seen.add(finding.message);
        backend.push(finding);
      }
    }
    return backend.length === 0 ? own : [...own, ...backend];
  }

  /** How findings about the manifest map to the props (needed when a port shorthand did not parse). */
  public [FINDING_MAPPER](): FindingMapper | undefined {
    return this.spec.findingMapper();
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
}

Object.defineProperty(AppService.prototype, APP_SERVICE, { value: true });

/**
 * `manifest` with `spec.trafficDistribution`, which the Kubernetes 1.28 bindings of the generic
 * rendering do not know (kept in sorted key order unless sorting is disabled).
 */
function withTrafficDistribution(manifest: Record<string, unknown>, value: unknown): Record<string, unknown> {
  const spec = manifest['spec'];
  if (value === undefined || typeof spec !== 'object' || spec === null || Array.isArray(spec) || 'trafficDistribution' in spec) return manifest;
  const entries: Array<[string, unknown]> = [...Object.entries(spec as Record<string, unknown>), ['trafficDistribution', value]];
  if (!isSortDisabled()) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { ...manifest, spec: Object.fromEntries(entries) };
}
