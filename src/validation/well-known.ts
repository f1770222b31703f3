/**
 * Names and limits the Service rules share, in a module of their own so that the one-pass check
 * of `certainly-valid.ts` can use them without loading the full validator.
 */

/** Total size limit of annotation keys and values, in bytes (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 262144;

/** The deprecated topology annotation. */
export const ANNOTATION_TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
/** The topology annotation that replaces it. */
export const ANNOTATION_TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';

/** The annotation that carries load-balancer source ranges when the field is empty. */
export const ANNOTATION_LB_SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** The kubelet port a LoadBalancer may not expose (#26). */
export const KUBELET_PORT = 10250;

/** Longest Service name CCE accepts. */
export const CCE_MAX_SERVICE_NAME_LENGTH = 24;
