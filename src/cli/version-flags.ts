/**
 * `--kubernetes-version` and `--feature-gates`, shared by `appsvc validate` and `appsvc synth`.
 * Only the light `versions` module is loaded here, so `--help` stays fast.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from './errors';
import {
  DEFAULT_KUBERNETES_VERSION,
  featureGateProblems,
  KUBERNETES_VERSIONS,
  parseFeatureGates,
  parseKubernetesVersion,
  unknownVersionMessage,
  type FeatureGates,
  type KubernetesVersion,
} from '../validation/versions';

/** The version and gates chosen on the command line. */
export interface VersionChoice {
  /** Given with `--kubernetes-version` (the patch dropped); `undefined` when not given. */
  readonly kubernetesVersion?: KubernetesVersion;
  /** Given with `--feature-gates`; `undefined` when not given. */
  readonly featureGates?: FeatureGates;
}

/** `--kubernetes-version V`: 1.28-1.37, a patch accepted and ignored; anything else is a usage error (exit 2). */
export function parseVersionArgument(value: string): KubernetesVersion {
  const version = parseKubernetesVersion(value);
  if (version === undefined) throw new InvalidArgumentError(unknownVersionMessage(value));
  return version;
}

/** `--feature-gates Name=true,Other=false` (kube-apiserver's syntax); repeated flags add up. */
export function parseGatesArgument(value: string, previous: FeatureGates | undefined): FeatureGates {
  const parsed = parseFeatureGates(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return { ...previous, ...parsed.gates };
}

/** The help text of `--kubernetes-version`. */
export const VERSION_OPTION_HELP = `the Kubernetes version of the cluster's API server: ${KUBERNETES_VERSIONS[0]} to ${KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]} (${KUBERNETES_VERSIONS.join(', ')}; a patch such as 1.33.3 is ignored)`;

/** Adds both options to `cmd`. `specDefault` says where the default comes from when not given. */
export function addVersionOptions(cmd: Command, specDefault?: string): Command {
  const defaultText = specDefault ?? DEFAULT_KUBERNETES_VERSION;
  return cmd
    .addOption(new Option('--kubernetes-version <version>', `${VERSION_OPTION_HELP} (default: ${defaultText})`).argParser(parseVersionArgument))
    .addOption(
      new Option('--feature-gates <gates>', "kube-apiserver feature gates that differ from the version's defaults, e.g. StrictIPCIDRValidation=true,PreferSameTrafficDistribution=false").argParser(
        parseGatesArgument,
      ),
    );
}

/**
 * The version and gates of parsed options. Gates the version does not have or has locked are a
 * usage error naming the versions where they can be set; `version` is the one they apply to
 * (the spec file's, when the command line gives none).
 */
export function versionChoice(opts: Record<string, unknown>, fallbackVersion?: KubernetesVersion): VersionChoice {
  const given = opts['kubernetesVersion'];
  const kubernetesVersion = typeof given === 'string' ? parseKubernetesVersion(given) : undefined;
  const gates = opts['featureGates'];
  const featureGates = typeof gates === 'object' && gates !== null ? (gates as FeatureGates) : undefined;
  if (featureGates !== undefined) {
    const problems = featureGateProblems(kubernetesVersion ?? fallbackVersion ?? DEFAULT_KUBERNETES_VERSION, featureGates);
    if (problems.length > 0) throw new UsageError(`--feature-gates: ${problems.join('; ')}`);
  }
  return { ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }), ...(featureGates === undefined ? {} : { featureGates }) };
}
