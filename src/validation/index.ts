/**
 * Validation of `v1/Service` manifests, as the API server of a chosen Kubernetes version (1.28 to
 * 1.37, with its feature gates) checks them on create.
 * Pure: no I/O, never throws, never modifies its input.
 */
export { FieldPath } from './field-path';
export { ERROR_TYPES, SEVERITIES, hasErrors, renderMessage, renderValue } from './field-error';
export type { ErrorType, Finding, FindingOptions, Severity } from './field-error';
export { DEFAULT_NODE_PORT_RANGE, PROFILES, REPORTING_MODES } from './options';
export type { PortRange, Profile, ReportingMode, ValidateOptions } from './options';
export { SERVICE_RULES } from './rules';
export {
  DEFAULT_KUBERNETES_VERSION,
  FEATURE_GATES,
  KUBERNETES_VERSIONS,
  featureGateProblems,
  parseFeatureGates,
  parseKubernetesVersion,
} from './versions';
export type { FeatureGates, GateInfo, GateState, KubernetesVersion } from './versions';
export { TRAFFIC_DISTRIBUTIONS, validationOptionProblems } from './behaviour';
export type { RuleId, RuleInfo } from './rules';
export { validateService } from './service';
export { isService, validateManifest } from './manifest';
export { SERVICE_TYPES } from './model';
export type { ServiceType } from './model';
export { PORT_PROTOCOLS } from './ports';
export type { PortProtocol } from './ports';
export { IP_FAMILIES, IP_FAMILY_POLICIES } from './cluster-ips';
export type { IPFamily, IPFamilyPolicy } from './cluster-ips';
export { SESSION_AFFINITIES, TRAFFIC_POLICIES } from './service-rules';
export {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
} from './formats';
export { parseCIDRSloppy, parseIPSloppy } from './ip';
export type { IPBytes, ParsedCIDR } from './ip';
