/**
 * appsvc: Kubernetes Services as cdk8s constructs, validated by the rules of a Kubernetes 1.28
 * API server before anything is written.
 */

// Constructs and their value types.
export { AppService, DEFAULT_CLUSTER_DOMAIN } from './constructs/app-service';
export type { AppServiceProps, ServiceTarget } from './constructs/app-service';
export type { AppServiceExposeViaIngressOptions, AppServiceIngressBackendOptions } from './constructs/ingress-backend';
export { defaultPortName, formatPortShorthand, nameUnnamedPorts, parsePortShorthand, PORT_SHORTHAND_FORM } from './constructs/port-spec';
export type { PortShorthandResult, ServicePortInput, ServicePortSpec } from './constructs/port-spec';
export { generateServiceName, isDns1035Label, MAX_SERVICE_NAME_LENGTH, serviceNameFromIds } from './constructs/service-name';
export { IP_FAMILIES, IP_FAMILY_POLICIES, PROTOCOLS, SERVICE_TYPES, SESSION_AFFINITIES, TRAFFIC_DISTRIBUTIONS, TRAFFIC_POLICIES } from './constructs/service-values';
export type { IpFamily, IpFamilyPolicy, Protocol, ServiceType, SessionAffinity, TrafficDistribution, TrafficPolicy } from './constructs/service-values';

// Validation (pure).
export {
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_NODE_PORT_RANGE,
  ERROR_TYPES,
  FEATURE_GATES,
  FieldPath,
  hasErrors,
  isService,
  KUBERNETES_VERSIONS,
  parseFeatureGates,
  parseKubernetesVersion,
  PROFILES,
  renderMessage,
  renderValue,
  SEVERITIES,
  validateManifest,
  validateService,
  validationOptionProblems,
} from './validation';
export type { ErrorType, FeatureGates, Finding, FindingOptions, KubernetesVersion, PortRange, Profile, Severity, ValidateOptions } from './validation';

// Synthesis.
export { checkObjects, errorsOf, formatObjectFindings } from './synth/check';
export type { CheckOptions } from './synth/check';
export { chartApiObjects, ownerPath, resolveApp, resolveCharts, validateConstructs } from './synth/resolve';
export type { ResolvedChart } from './synth/resolve';
export { synthApp, synthesize, SynthError, synthToFiles } from './synth/synthesize';
export type { SynthFiles, SynthOptions, SynthResult } from './synth/synthesize';
export type { ObjectFinding, ResolvedObject } from './synth/types';
export { checkOutputPaths, OutputBusyError, OutputPathError, recoverOutputDir, writeDirAtomic } from './synth/write';
export { emitYaml, UnwritableDocumentError, UnwritableStringError } from './synth/emit';
export { debugRequested, runApp, synthAndReport, synthesizeOrExit, synthSummary } from './synth/run-app';
export type { RunAppOptions } from './synth/run-app';

// Testing.
export { AppTesting, isServiceManifest, synthChart, synthServices } from './testing';
export type { Manifest, ManifestMetadata, ServiceManifest, ServicePortManifest, ServiceSpecManifest } from './testing';

// Cross-object checks.
export { LINT_RULES, lintManifests, lintRule } from './lint';
export type { LintFinding, LintOptions, LintRule, LintRuleId } from './lint';

// The cdk8s-cli validation plugin (`validations:` in cdk8s.yaml).
export { AppsvcValidation } from './plugin';
export type { AppsvcValidationProps } from './plugin';

// The spec file's labels, to give a TypeScript chart the same bytes as `appsvc synth`.
export { MANAGED_BY_LABEL, MANAGED_BY_VALUE, SPEC_LABEL, specLabels } from './spec/labels';
