/**
 * The declarative spec file (`appsvc.yaml`): its data model.
 *
 * ```yaml
 * name: shop                 # names the output file (shop.k8s.yaml); default: the file's stem
 * id: shop-3f9c2a1b          # names this spec on the cluster (label appsvc.dev/spec); default: name
 * namespace: production      # default namespace of the services below
 * services:
 *   - name: api
 *     ports: ["80:8080/TCP"]
 *     selector: { app: api }
 *     clusters: [eu-1, us-1]
 * ```
 */

import {
  IP_FAMILIES,
  IP_FAMILY_POLICIES,
  PROTOCOLS,
  SERVICE_TYPES,
  SESSION_AFFINITIES,
  TRAFFIC_DISTRIBUTIONS,
  TRAFFIC_POLICIES,
  type IpFamily,
  type IpFamilyPolicy,
  type Protocol,
  type ServiceType,
  type SessionAffinity,
  type TrafficDistribution,
  type TrafficPolicy,
} from '../constructs/service-values';

export { PROTOCOLS };

/** A port in long form. */
export interface PortEntry {
  /** The port's name (required when a service has more than one port). */
  readonly name?: string;
  /** The port the service listens on. */
  readonly port: number;
  /** The pod port (number) or named container port (string). @default - the same as `port` */
  readonly targetPort?: number | string;
  /** @default 'TCP' */
  readonly protocol?: Protocol;
  /** The node port, for NodePort and LoadBalancer services. @default - allocated by the cluster */
  readonly nodePort?: number;
  /** The application protocol, e.g. `http` or `kubernetes.io/h2c`. */
  readonly appProtocol?: string;
}

/** A port as written in the spec: the shorthand `"80:8080/TCP"` or the long form. */
export type PortValue = string | PortEntry;

/** One entry of `services`. */
export interface ServiceEntry {
  /** The Service's name (a DNS-1035 label). */
  readonly name: string;
  /** @default - the spec's top-level `namespace`, else `default` */
  readonly namespace?: string;
  /** @default 'ClusterIP' */
  readonly type?: ServiceType;
  /** @default - no ports (valid for headless and ExternalName services only) */
  readonly ports?: readonly PortValue[];
  /** Labels of the pods the service sends traffic to. */
  readonly selector?: Readonly<Record<string, string>>;
  /** True for a headless service (`clusterIP: None`). @default false */
  readonly headless?: boolean;
  /** The DNS name an ExternalName service points to. */
  readonly externalName?: string;
  /** For NodePort and LoadBalancer services. @default - the cluster's default (`Cluster`) */
  readonly externalTrafficPolicy?: TrafficPolicy;
  /** @default - the cluster's default (`Cluster`) */
  readonly internalTrafficPolicy?: TrafficPolicy;
  /** Prefer endpoints close to the client (Kubernetes 1.30+). */
  readonly trafficDistribution?: TrafficDistribution;
  /** @default - the cluster's default (`None`) */
  readonly sessionAffinity?: SessionAffinity;
  /** Session stickiness timeout for `sessionAffinity: ClientIP`. @default - 10800 */
  readonly sessionAffinityTimeoutSeconds?: number;
  /** A fixed cluster IP (`None` for headless; prefer `headless`). @default - allocated by the cluster */
  readonly clusterIP?: string;
  /** Fixed cluster IPs, one per IP family. @default - allocated by the cluster */
  readonly clusterIPs?: readonly string[];
  /** Addresses on which nodes also accept traffic for this Service. */
  readonly externalIPs?: readonly string[];
  /** @default - the cluster's choice */
  readonly ipFamilies?: readonly IpFamily[];
  /** @default - the cluster's default (`SingleStack`) */
  readonly ipFamilyPolicy?: IpFamilyPolicy;
  /** Deprecated upstream; not validated by the API server. */
  readonly loadBalancerIP?: string;
  /** Client CIDRs allowed through the cloud load balancer. @default - all clients */
  readonly loadBalancerSourceRanges?: readonly string[];
  /** The load-balancer implementation. @default - the cluster's default */
  readonly loadBalancerClass?: string;
  /** LoadBalancer only. @default - the cluster's default (true) */
  readonly allocateLoadBalancerNodePorts?: boolean;
  /** LoadBalancer with `externalTrafficPolicy: Local` only. @default - allocated by the cluster */
  readonly healthCheckNodePort?: number;
  /** Publish endpoints of pods that are not ready. @default false */
  readonly publishNotReadyAddresses?: boolean;
  /** Extra labels of the Service. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the Service. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Clusters this service is written for (one output directory each). @default - the common output directory */
  readonly clusters?: readonly string[];
}

/** A whole spec file. */
export interface Spec {
  /** Names the spec and its output file (`<name>.k8s.yaml`). @default - the file name without extension */
  readonly name?: string;
  /**
   * Names this spec on the cluster: the value of the label `appsvc.dev/spec`, by which
   * `appsvc apply --prune` finds its Services. Written once, with a random part, into every spec
   * `appsvc service upsert` or `appsvc import` creates. @default - the spec's name
   */
  readonly id?: string;
  /** Default namespace of every entry. @default 'default' */
  readonly namespace?: string;
  /** The Kubernetes version of the clusters the services are for (1.28 to 1.37; a patch is ignored). @default '1.28' */
  readonly kubernetesVersion?: string;
  /** The services, in file order. */
  readonly services: readonly ServiceEntry[];
}

/** The kind of value a field holds; drives checking, the JSON Schema and the CLI flags. */
export type FieldKind = 'string' | 'enum' | 'enumList' | 'boolean' | 'integer' | 'stringMap' | 'stringList' | 'ports';

/** Describes one field of a service entry. */
export interface FieldInfo {
  /** The key in the spec file. */
  readonly key: keyof ServiceEntry;
  /** What it holds. */
  readonly kind: FieldKind;
  /** The allowed values of an `enum` or `enumList` field. */
  readonly values?: readonly string[];
  /** One sentence for the schema and the help. */
  readonly description: string;
}

/** Every field of a service entry, in the order they are written to the file. */
export const SERVICE_FIELDS: readonly FieldInfo[] = [
  { key: 'name', kind: 'string', description: 'The Service name: lowercase letters, digits and "-", starting with a letter, at most 63 characters.' },
  { key: 'namespace', kind: 'string', description: 'The namespace; defaults to the top-level namespace, else "default".' },
  { key: 'type', kind: 'enum', values: SERVICE_TYPES, description: 'The Service type; defaults to ClusterIP.' },
  { key: 'headless', kind: 'boolean', description: 'True for a headless Service (clusterIP: None).' },
  { key: 'externalName', kind: 'string', description: 'The DNS name an ExternalName Service points to.' },
  { key: 'ports', kind: 'ports', description: 'Ports, as "port[:targetPort][/protocol]" (e.g. "80:8080/TCP") or as mappings.' },
  { key: 'selector', kind: 'stringMap', description: 'Labels of the pods that receive the traffic.' },
  { key: 'externalTrafficPolicy', kind: 'enum', values: TRAFFIC_POLICIES, description: 'For NodePort and LoadBalancer Services: Cluster or Local.' },
  { key: 'internalTrafficPolicy', kind: 'enum', values: TRAFFIC_POLICIES, description: 'Cluster or Local.' },
  {
    key: 'trafficDistribution',
    kind: 'enum',
    values: TRAFFIC_DISTRIBUTIONS,
    description: 'Prefer endpoints close to the client (Kubernetes 1.30+; PreferSameZone and PreferSameNode from 1.34).',
  },
  { key: 'sessionAffinity', kind: 'enum', values: SESSION_AFFINITIES, description: 'None or ClientIP.' },
  { key: 'sessionAffinityTimeoutSeconds', kind: 'integer', description: 'Stickiness timeout for ClientIP affinity, 1 to 86400 seconds.' },
  { key: 'clusterIP', kind: 'string', description: 'A fixed cluster IP; prefer headless over "None".' },
  { key: 'clusterIPs', kind: 'stringList', description: 'Fixed cluster IPs, one per IP family; the first equals clusterIP.' },
  { key: 'externalIPs', kind: 'stringList', description: 'Addresses on which nodes also accept traffic for this Service.' },
  { key: 'ipFamilies', kind: 'enumList', values: IP_FAMILIES, description: 'IP families: IPv4, IPv6.' },
  { key: 'ipFamilyPolicy', kind: 'enum', values: IP_FAMILY_POLICIES, description: 'SingleStack, PreferDualStack or RequireDualStack.' },
  { key: 'loadBalancerIP', kind: 'string', description: 'Deprecated upstream: a requested load-balancer address.' },
  { key: 'loadBalancerSourceRanges', kind: 'stringList', description: 'Client CIDRs allowed through the cloud load balancer (LoadBalancer only).' },
  { key: 'loadBalancerClass', kind: 'string', description: 'The load-balancer implementation (LoadBalancer only).' },
  { key: 'allocateLoadBalancerNodePorts', kind: 'boolean', description: 'Whether a LoadBalancer Service gets node ports.' },
  { key: 'healthCheckNodePort', kind: 'integer', description: 'Health-check node port of a LoadBalancer Service with externalTrafficPolicy Local.' },
  { key: 'publishNotReadyAddresses', kind: 'boolean', description: 'Publish endpoints of pods that are not ready.' },
  { key: 'labels', kind: 'stringMap', description: 'Labels of the Service.' },
  { key: 'annotations', kind: 'stringMap', description: 'Annotations of the Service.' },
  { key: 'clusters', kind: 'stringList', description: 'Clusters this Service is written for: one output directory per cluster.' },
];

/** Keys of a long-form port. */
export const PORT_FIELDS = ['name', 'port', 'targetPort', 'protocol', 'nodePort', 'appProtocol'] as const;

/** Top-level keys of a spec file. */
export const SPEC_FIELDS = ['name', 'id', 'namespace', 'kubernetesVersion', 'services'] as const;

/** The namespace of entries that name none, in a spec that names none. */
export const DEFAULT_NAMESPACE = 'default';

/** The namespace an entry compiles to. */
export function entryNamespace(spec: Pick<Spec, 'namespace'>, entry: Pick<ServiceEntry, 'namespace'>): string {
  return entry.namespace ?? spec.namespace ?? DEFAULT_NAMESPACE;
}
