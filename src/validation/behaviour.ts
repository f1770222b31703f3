/**
 * What changes in a `v1/Service` create from one Kubernetes version to the next, resolved once
 * per version and set of feature gates: the validator's rules read these flags instead of
 * comparing version numbers.
 */
import type { ValidateOptions } from './options';
import {
  DEFAULT_KUBERNETES_VERSION,
  featureGateProblems,
  gateEnabled,
  KUBERNETES_VERSIONS,
  minorOf,
  parseKubernetesVersion,
  unknownVersionMessage,
  type FeatureGates,
  type KubernetesVersion,
} from './versions';

/** The supported values of `spec.trafficDistribution`, in the order the server lists them. */
export const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'] as const;

/** How one Kubernetes version (with its feature gates) handles a Service create. */
export interface VersionBehaviour {
  readonly version: KubernetesVersion;
  readonly minor: number;
  /**
   * `spec.trafficDistribution`: an unknown field (before 1.30), dropped without a word
   * (ServiceTrafficDistribution off), or validated.
   */
  readonly trafficDistribution: 'unknown' | 'dropped' | 'validated';
  /** The values `spec.trafficDistribution` accepts when validated. */
  readonly trafficDistributionValues: readonly string[];
  /** `PreferClose` draws a deprecation warning (1.35). */
  readonly preferCloseDeprecated: boolean;
  /**
   * `externalTrafficPolicy` belongs to every externally-accessible Service (ClusterIP with
   * externalIPs too), and is defaulted for them (1.29+).
   */
  readonly externallyAccessibleTrafficPolicy: boolean;
  /** Load-balancer source ranges get one error per bad entry (1.30+) rather than one for the list. */
  readonly sourceRangesPerEntry: boolean;
  /** A LoadBalancer may not expose port 10250 (until 1.32). */
  readonly kubeletPortRule: boolean;
  /** StrictIPCIDRValidation. */
  readonly strictIPCIDR: boolean;
  /** RelaxedServiceNameValidation: names are RFC 1123 labels. */
  readonly relaxedServiceName: boolean;
  /** `field.TooLong` says `may not be more than N bytes` (1.32+). */
  readonly tooLongMayNot: boolean;
  /** Non-scalar values are rendered as JSON (1.34+) rather than Go syntax. */
  readonly jsonValues: boolean;
  /** Wording of the IP and CIDR warnings: before 1.33, 1.33-1.35, 1.36+. */
  readonly ipWarnings: 'legacy' | 'non-standard' | 'invalid';
  /** Warnings for fields a headless Service ignores (1.34+). */
  readonly headlessWarnings: boolean;
  /** Label key and value messages count bytes (1.35+). */
  readonly labelMessagesInBytes: boolean;
  /** Owner reference messages say only `must not be empty` (1.34+). */
  readonly shortOwnerReferenceMessages: boolean;
  /** `status.loadBalancer.ingress[].ipMode` exists (1.29+). */
  readonly ipModeField: boolean;
}

function build(version: KubernetesVersion, gates: FeatureGates | undefined): VersionBehaviour {
  const minor = minorOf(version);
  const on = (name: string): boolean => gateEnabled(version, gates, name);
  const trafficDistribution = minor < 30 ? 'unknown' : on('ServiceTrafficDistribution') ? 'validated' : 'dropped';
  return Object.freeze({
    version,
    minor,
    trafficDistribution,
    trafficDistributionValues: on('PreferSameTrafficDistribution') ? TRAFFIC_DISTRIBUTIONS : TRAFFIC_DISTRIBUTIONS.slice(0, 1),
    preferCloseDeprecated: minor >= 35,
    externallyAccessibleTrafficPolicy: minor >= 29,
    sourceRangesPerEntry: minor >= 30,
    kubeletPortRule: minor < 33,
    strictIPCIDR: on('StrictIPCIDRValidation'),
    relaxedServiceName: on('RelaxedServiceNameValidation'),
    tooLongMayNot: minor >= 32,
    jsonValues: minor >= 34,
    ipWarnings: minor < 33 ? 'legacy' : minor < 36 ? 'non-standard' : 'invalid',
    headlessWarnings: minor >= 34,
    labelMessagesInBytes: minor >= 35,
    shortOwnerReferenceMessages: minor >= 34,
    ipModeField: minor >= 29,
  } as const);
}

const DEFAULTS: ReadonlyMap<string, VersionBehaviour> = new Map(KUBERNETES_VERSIONS.map((v) => [v, build(v, undefined)]));
const WITH_GATES = new WeakMap<FeatureGates, Map<string, VersionBehaviour>>();

/** The behaviour of a version with its default feature gates. */
export function defaultBehaviour(version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION): VersionBehaviour {
  return DEFAULTS.get(version) as VersionBehaviour;
}

/**
 * Checks the version and feature gates of `options`: the problems, each one line (empty when
 * kube-apiserver would start with them).
 */
export function validationOptionProblems(options: ValidateOptions): string[] {
  const given = options.kubernetesVersion;
  if (given !== undefined && (typeof given !== 'string' || parseKubernetesVersion(given) === undefined)) return [unknownVersionMessage(String(given))];
  const version = given === undefined ? DEFAULT_KUBERNETES_VERSION : (parseKubernetesVersion(given) as KubernetesVersion);
  return options.featureGates === undefined ? [] : featureGateProblems(version, options.featureGates);
}

/**
 * The behaviour `options` ask for. Throws a `RangeError` for a version appsvc does not model or
 * feature gates the version does not accept (see {@link validationOptionProblems}): the options
 * are the caller's, not the validated data.
 */
export function behaviourOf(options: ValidateOptions): VersionBehaviour {
  const given = options.kubernetesVersion;
  const gates = options.featureGates;
  if (gates === undefined) {
    const known = given === undefined ? DEFAULTS.get(DEFAULT_KUBERNETES_VERSION) : DEFAULTS.get(given);
    if (known !== undefined) return known;
  } else {
    const cached = WITH_GATES.get(gates)?.get(given ?? DEFAULT_KUBERNETES_VERSION);
    if (cached !== undefined) return cached;
  }
  const problems = validationOptionProblems(options);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const version = given === undefined ? DEFAULT_KUBERNETES_VERSION : (parseKubernetesVersion(given) as KubernetesVersion);
  const behaviour = gates === undefined ? defaultBehaviour(version) : build(version, gates);
  if (gates !== undefined) {
    let byVersion = WITH_GATES.get(gates);
    if (byVersion === undefined) WITH_GATES.set(gates, (byVersion = new Map()));
    byVersion.set(given ?? DEFAULT_KUBERNETES_VERSION, behaviour);
  }
  return behaviour;
}
