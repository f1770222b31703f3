/**
 * Validation of Kubernetes 1.28 `v1/Service` manifests, as the API server checks them on create.
 * Pure: no I/O, never throws, never modifies its input.
 */
export { FieldPath } from './field-path';
export { ERROR_TYPES, SEVERITIES, hasErrors, renderMessage, renderValue } from './field-error';
export type { ErrorType, Finding, FindingOptions, Severity } from './field-error';
export { DEFAULT_NODE_PORT_RANGE, PROFILES, REPORTING_MODES } from './options';
export type { PortRange, Profile, ReportingMode, ValidateOptions } from './options';
export { SERVICE_RULES } from './rules';
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
