/**
 * The wire values of the `v1/Service` fields that take one of a fixed set of strings. Each tuple is
 * both the TypeScript type and the list quoted in "supported values" messages, spelled exactly as
 * in the manifest.
 */

/** `spec.type`. */
export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
/** One of {@link SERVICE_TYPES}. */
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** `spec.ports[*].protocol`. */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
/** One of {@link PROTOCOLS}. */
export type Protocol = (typeof PROTOCOLS)[number];

/** `spec.sessionAffinity`. */
export const SESSION_AFFINITIES = ['None', 'ClientIP'] as const;
/** One of {@link SESSION_AFFINITIES}. */
export type SessionAffinity = (typeof SESSION_AFFINITIES)[number];

/** `spec.externalTrafficPolicy` and `spec.internalTrafficPolicy`. */
export const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;
/** One of {@link TRAFFIC_POLICIES}. */
export type TrafficPolicy = (typeof TRAFFIC_POLICIES)[number];

/**
 * `spec.trafficDistribution` (Kubernetes 1.30+; PreferSameZone and PreferSameNode from 1.34, or
 * 1.33 with the PreferSameTrafficDistribution gate).
 */
export const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'] as const;
/** One of {@link TRAFFIC_DISTRIBUTIONS}. */
export type TrafficDistribution = (typeof TRAFFIC_DISTRIBUTIONS)[number];

/** `spec.ipFamilies[*]`. */
export const IP_FAMILIES = ['IPv4', 'IPv6'] as const;
/** One of {@link IP_FAMILIES}. */
export type IpFamily = (typeof IP_FAMILIES)[number];

/** `spec.ipFamilyPolicy`. */
export const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'] as const;
/** One of {@link IP_FAMILY_POLICIES}. */
export type IpFamilyPolicy = (typeof IP_FAMILY_POLICIES)[number];

/** The cluster DNS domain Kubernetes uses unless the cluster was set up otherwise. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
