import type { Profile } from './options';

/** Metadata of one validation rule. */
export interface RuleInfo {
  /** Stable id carried by every finding of the rule, e.g. `k8s/port-range`. */
  readonly id: string;
  /** The profile that adds the rule (`kubernetes` rules apply to every profile). */
  readonly profile: Profile;
  /** What the rule checks, in one line. */
  readonly description: string;
}

/** Every rule of the Service validator, grouped by the stage that reports it (schema, REST layer, validation, profile, warnings). */
export const SERVICE_RULES = [
  { id: 'k8s/schema-kind', profile: 'kubernetes', description: 'the object is a JSON object with apiVersion v1 and kind Service' },
  { id: 'k8s/schema-unknown-field', profile: 'kubernetes', description: 'no field unknown to the v1 Service schema (kubectl strict field validation)' },
  { id: 'k8s/schema-removed-field', profile: 'kubernetes', description: 'no field removed from the API (topologyKeys, ipFamily, clusterName); names the replacement' },
  { id: 'k8s/schema-type', profile: 'kubernetes', description: 'every field has its JSON type (string, integer in int32 range, boolean, object, array, RFC 3339 time)' },
  { id: 'k8s/cluster-ips', profile: 'kubernetes', description: 'clusterIP and clusterIPs agree; clusterIPs are IPs, None only alone, at most one per family, matching ipFamilies' },
  { id: 'k8s/ip-families', profile: 'kubernetes', description: 'ipFamilies are IPv4 or IPv6, without repeats' },
  { id: 'k8s/ip-family-policy', profile: 'kubernetes', description: 'ipFamilyPolicy is SingleStack, PreferDualStack or RequireDualStack' },
  { id: 'k8s/single-stack', profile: 'kubernetes', description: 'SingleStack (also when defaulted) has at most one clusterIP and one ipFamily' },
  { id: 'k8s/node-port-range', profile: 'kubernetes', description: 'requested nodePorts lie in the node port range (default 30000-32767)' },
  { id: 'k8s/node-port-allocated', profile: 'kubernetes', description: 'ports with different port numbers do not request the same nodePort' },
  { id: 'k8s/health-check-node-port-range', profile: 'kubernetes', description: 'a requested healthCheckNodePort lies in the node port range and is not a nodePort of the Service' },
  { id: 'k8s/service-name', profile: 'kubernetes', description: 'metadata.name (or one generated from generateName) is given and is a DNS-1035 label (an RFC 1123 label with RelaxedServiceNameValidation, on from 1.36)' },
  { id: 'k8s/generate-name', profile: 'kubernetes', description: 'metadata.generateName is a DNS-1035 label prefix' },
  { id: 'k8s/namespace', profile: 'kubernetes', description: 'metadata.namespace is a DNS-1123 label' },
  { id: 'k8s/generation', profile: 'kubernetes', description: 'metadata.generation is not negative' },
  { id: 'k8s/labels', profile: 'kubernetes', description: 'label keys are qualified names and label values are label values' },
  { id: 'k8s/annotations', profile: 'kubernetes', description: 'annotation keys are qualified names (case-insensitive)' },
  { id: 'k8s/annotations-size', profile: 'kubernetes', description: 'annotation keys and values together are at most 256 KiB' },
  { id: 'k8s/owner-references', profile: 'kubernetes', description: 'owner references have apiVersion with a version, kind, name and uid; not an Event; at most one controller' },
  { id: 'k8s/finalizers', profile: 'kubernetes', description: 'finalizers are qualified names, unprefixed ones standard; not both orphan and foregroundDeletion' },
  { id: 'k8s/topology-annotations', profile: 'kubernetes', description: 'topology-mode equals topology-aware-hints when both annotations are set' },
  { id: 'k8s/ports-required', profile: 'kubernetes', description: 'ports are given unless the Service is headless or ExternalName' },
  { id: 'k8s/headless-type', profile: 'kubernetes', description: 'NodePort and LoadBalancer Services are not headless' },
  { id: 'k8s/lb-kubelet-port', profile: 'kubernetes', description: 'a LoadBalancer does not expose port 10250 (kubelet); until Kubernetes 1.32' },
  { id: 'k8s/external-name-fields', profile: 'kubernetes', description: 'an ExternalName Service sets no clusterIPs, ipFamilies or ipFamilyPolicy' },
  { id: 'k8s/external-name', profile: 'kubernetes', description: 'an ExternalName Service has an externalName that is a DNS-1123 subdomain' },
  { id: 'k8s/port-name-required', profile: 'kubernetes', description: 'every port has a name when there is more than one port' },
  { id: 'k8s/port-name', profile: 'kubernetes', description: 'port names are DNS-1123 labels' },
  { id: 'k8s/port-name-unique', profile: 'kubernetes', description: 'port names are unique' },
  { id: 'k8s/port-range', profile: 'kubernetes', description: 'port is between 1 and 65535' },
  { id: 'k8s/port-protocol', profile: 'kubernetes', description: 'protocol is TCP, UDP or SCTP' },
  { id: 'k8s/target-port', profile: 'kubernetes', description: 'targetPort is a port number (1-65535) or an IANA service name' },
  { id: 'k8s/app-protocol', profile: 'kubernetes', description: 'appProtocol is a qualified name' },
  { id: 'k8s/selector', profile: 'kubernetes', description: 'selector keys and values are valid label keys and values' },
  { id: 'k8s/session-affinity', profile: 'kubernetes', description: 'sessionAffinity is None or ClientIP' },
  { id: 'k8s/session-affinity-timeout', profile: 'kubernetes', description: 'ClientIP affinity timeoutSeconds is between 1 and 86400' },
  { id: 'k8s/external-ips', profile: 'kubernetes', description: 'externalIPs are IPs, not unspecified, loopback or link-local' },
  { id: 'k8s/service-type', profile: 'kubernetes', description: 'type is ClusterIP, NodePort, LoadBalancer or ExternalName' },
  { id: 'k8s/node-port-forbidden', profile: 'kubernetes', description: 'a ClusterIP Service sets no nodePort' },
  { id: 'k8s/node-port-unique', profile: 'kubernetes', description: '(protocol, nodePort) pairs are unique' },
  { id: 'k8s/port-unique', profile: 'kubernetes', description: '(protocol, port) pairs are unique' },
  { id: 'k8s/lb-source-ranges', profile: 'kubernetes', description: 'load-balancer source ranges (field or annotation) only on LoadBalancer, and are CIDRs' },
  { id: 'k8s/allocate-lb-node-ports', profile: 'kubernetes', description: 'allocateLoadBalancerNodePorts only on LoadBalancer' },
  { id: 'k8s/lb-class', profile: 'kubernetes', description: 'loadBalancerClass only on LoadBalancer, and a qualified name' },
  { id: 'k8s/external-traffic-policy', profile: 'kubernetes', description: 'externalTrafficPolicy only on NodePort/LoadBalancer (from 1.29 also ClusterIP with externalIPs), and Cluster or Local' },
  { id: 'k8s/health-check-node-port', profile: 'kubernetes', description: 'healthCheckNodePort only on LoadBalancer with externalTrafficPolicy Local' },
  { id: 'k8s/internal-traffic-policy', profile: 'kubernetes', description: 'internalTrafficPolicy is Cluster or Local' },
  { id: 'k8s/traffic-distribution', profile: 'kubernetes', description: 'trafficDistribution (from 1.30) is PreferClose, or with PreferSameTrafficDistribution also PreferSameZone or PreferSameNode' },
  { id: 'cce/service-name-length', profile: 'cce', description: 'Huawei Cloud CCE: the Service name is at most 24 characters' },
  { id: 'cce/port-protocol', profile: 'cce', description: 'Huawei Cloud CCE: port protocol is TCP or UDP (no SCTP)' },
  { id: 'k8s/non-canonical-ip', profile: 'kubernetes', description: 'warning: an IP or CIDR the server accepts but will reject later, or IPv6 not in RFC 5952 form' },
  { id: 'k8s/deprecated-topology-hints', profile: 'kubernetes', description: 'warning: the topology-aware-hints annotation is deprecated in favour of topology-mode' },
  { id: 'k8s/headless-ignored', profile: 'kubernetes', description: 'warning (from 1.34): loadBalancerIP, externalIPs or ClientIP affinity of a headless Service are ignored' },
  { id: 'k8s/deprecated-traffic-distribution', profile: 'kubernetes', description: 'warning (from 1.35): trafficDistribution PreferClose is deprecated in favour of PreferSameZone' },
  { id: 'k8s/dropped-field', profile: 'kubernetes', description: 'warning: the server drops trafficDistribution without a word (ServiceTrafficDistribution off, as by default in 1.30)' },
] as const satisfies readonly RuleInfo[];

/** The id of a rule of {@link SERVICE_RULES}. */
export type RuleId = (typeof SERVICE_RULES)[number]['id'];
