import { LintConfigError, mergeSwitches, readLintConfig, type LintConfig } from '../lint/config-file';
import { isSilenced, lintManifests } from '../lint';
import { validateManifest } from '../validation/manifest';
import { PROFILES, type Profile, type ValidateOptions } from '../validation/options';
import { DEFAULT_KUBERNETES_VERSION, featureGateProblems, parseFeatureGates, parseKubernetesVersion, unknownVersionMessage, type FeatureGates } from '../validation/versions';
import type { Context, Plugin } from './contract';
import { readManifests } from './read-manifests';
import { isSynthToStdout, keepStdoutForManifests } from './stdout';
import { buildViolations, type DocumentFinding } from './violations';

/** The `properties` a `cdk8s.yaml` entry may give the plugin. */
export interface AppsvcValidationProps {
  /**
   * Which Service rules apply.
   * @default 'kubernetes'
   */
  readonly profile?: Profile;
  /**
   * Fail on warnings too.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Rules to run, also those off by default (as `appsvc validate --enable`).
   * @default []
   */
  readonly enable?: readonly string[];
  /**
   * Rules whose warnings are left out (as `appsvc validate --disable`).
   * @default []
   */
  readonly disable?: readonly string[];
  /**
   * The Kubernetes version whose API server the Services are checked against: "1.28" to "1.37"
   * (quoted in YAML; a patch such as "1.33.3" is ignored).
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  /**
   * kube-apiserver feature gates that differ from the version's defaults: a mapping
   * (`{ StrictIPCIDRValidation: true }`) or the flag's syntax (`"StrictIPCIDRValidation=true"`).
   * @default - the version's defaults
   */
  readonly featureGates?: Readonly<Record<string, boolean>> | string;
}

const PROPERTY_NAMES = ['profile', 'strict', 'enable', 'disable', 'kubernetesVersion', 'featureGates'] as const;

/**
 * A cdk8s-cli validation plugin: `cdk8s synth` runs it over every manifest the app synthesized.
 * Each `v1/Service` is checked as the API server of `kubernetesVersion` (default 1.28) would check it, and the whole set
 * gets the cross-object checks (Services against the workloads they select, container port names,
 * StatefulSet governing Services, nodePort and name clashes).
 *
 * Every finding becomes a violation named by its rule id, with the resource, its manifest, the
 * field path and (through cdk8s-cli's construct metadata) the construct path. The report fails
 * when a finding has severity error (with `strict`, any finding). Warnings of rules switched off
 * (`disable`, rules off by default unless in `enable`) and of rules an object names in its
 * `appsvc.dev/ignore` annotation are left out and counted (`Silenced`). The project's `.appsvc.yaml`
 * (found from the working directory upwards, as `appsvc validate` finds it) applies under `enable`
 * and `disable`. The plugin writes nothing
 * itself: cdk8s-cli prints the report; with `cdk8s synth --stdout` the plugin sends cdk8s-cli's
 * `console.log` output to stderr so that stdout carries only the manifests.
 *
 * In `cdk8s.yaml`:
 * ```yaml
 * validations:
 *   - package: ./node_modules/appsvc/lib/src/plugin
 *     version: 0.1.0
 *     class: AppsvcValidation
 *     properties:
 *       strict: true
 * ```
 */
export class AppsvcValidation implements Plugin {
  private readonly profile: Profile;
  private readonly strict: boolean;
  private readonly enable: readonly string[];
  private readonly disable: readonly string[];
  private readonly versions: Pick<ValidateOptions, 'kubernetesVersion' | 'featureGates'>;

  /** @throws Error when a property is unknown or has the wrong type (cdk8s-cli shows the message). */
  public constructor(props: AppsvcValidationProps = {}) {
    const p: unknown = props;
    const problems = propertyProblems(p);
    if (problems.length > 0) throw new Error(`appsvc validation plugin: ${problems.join('; ')}`);
    const given = p as AppsvcValidationProps;
    this.profile = given.profile ?? 'kubernetes';
    this.strict = given.strict ?? false;
    // The project's `.appsvc.yaml` (cdk8s-cli runs in the project), under the properties.
    let config: LintConfig | undefined;
    try {
      config = readLintConfig(process.cwd());
    } catch (err: unknown) {
      if (err instanceof LintConfigError) throw new Error(`appsvc validation plugin: ${err.message}`);
      throw err;
    }
    const switches = mergeSwitches(config, given.enable ?? [], given.disable ?? []);
    this.enable = switches.enable;
    this.disable = switches.disable;
    const gates = featureGatesOf(given.featureGates);
    this.versions = {
      ...(given.kubernetesVersion === undefined ? {} : { kubernetesVersion: given.kubernetesVersion }),
      ...(gates === undefined || 'error' in gates ? {} : { featureGates: gates.gates }),
    };
    // cdk8s-cli constructs the plugin before it prints its first progress line.
    if (isSynthToStdout(process.argv, process.env)) keepStdoutForManifests();
  }

  /** Reads every manifest, checks it, and submits the report. */
  public async validate(context: Context): Promise<void> {
    if (context.stdout === true) keepStdoutForManifests();
    const { documents, problems } = readManifests(context.manifests);
    const findings: DocumentFinding[] = [];
    const objects = documents.map((d) => d.object);
    const lintByIndex = new Map<number, DocumentFinding['finding'][]>();
    const switches = { enable: this.enable, disable: this.disable };
    let silenced = 0;
    const onSilenced = (): void => {
      silenced++;
    };
    for (const l of lintManifests(objects, { strict: this.strict, ...switches, onSilenced })) lintByIndex.set(l.index, [...(lintByIndex.get(l.index) ?? []), l.finding]);
    documents.forEach((document, i) => {
      for (const finding of validateManifest(document.object, { profile: this.profile, ...this.versions })) {
        if (isSilenced(finding, document.object, switches)) onSilenced();
        else findings.push({ document, finding: this.strict ? { ...finding, severity: 'error' } : finding });
      }
      for (const finding of lintByIndex.get(i) ?? []) findings.push({ document, finding });
    });
    for (const violation of buildViolations(findings, documents, problems)) context.report.addViolation(violation);
    const errors = findings.filter((f) => f.finding.severity === 'error').length + problems.length;
    context.report.submit(errors > 0 ? 'failure' : 'success', {
      Manifests: String(context.manifests.length),
      Resources: String(documents.length),
      Errors: String(errors),
      Warnings: String(findings.length + problems.length - errors),
      Silenced: String(silenced),
      Profile: this.profile,
      'Kubernetes version': parseKubernetesVersion(this.versions.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION) ?? DEFAULT_KUBERNETES_VERSION,
      Strict: String(this.strict),
    });
  }
}

function propertyProblems(p: unknown): string[] {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return ['properties must be a mapping'];
  const o = p as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(o)) {
    if (!(PROPERTY_NAMES as readonly string[]).includes(key)) out.push(`unknown property ${JSON.stringify(key)} (supported: ${PROPERTY_NAMES.join(', ')})`);
  }
  const profile = o['profile'];
  if (profile !== undefined && !(PROFILES as readonly unknown[]).includes(profile)) {
    out.push(`properties.profile: Unsupported value: ${JSON.stringify(profile)}: supported values: ${PROFILES.map((x) => JSON.stringify(x)).join(', ')}`);
  }
  const strict = o['strict'];
  if (strict !== undefined && typeof strict !== 'boolean') out.push(`properties.strict: Invalid value: ${JSON.stringify(strict)}: must be true or false`);
  for (const key of ['enable', 'disable'] as const) {
    const list = o[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((r) => typeof r === 'string'))) out.push(`properties.${key}: Invalid value: ${JSON.stringify(list)}: must be a list of rule ids`);
  }
  const version = o['kubernetesVersion'];
  const parsedVersion = typeof version === 'string' ? parseKubernetesVersion(version) : undefined;
  if (version !== undefined && parsedVersion === undefined) out.push(`properties.kubernetesVersion: ${unknownVersionMessage(String(version))}`);
  const gates = featureGatesOf(o['featureGates']);
  if (gates !== undefined) {
    if ('error' in gates) out.push(`properties.featureGates: ${gates.error}`);
    else for (const problem of featureGateProblems(parsedVersion ?? DEFAULT_KUBERNETES_VERSION, gates.gates)) out.push(`properties.featureGates: ${problem}`);
  }
  return out;
}

/** `featureGates` as a mapping of booleans or in the flag's syntax; `undefined` when not given. */
function featureGatesOf(v: unknown): { readonly gates: FeatureGates } | { readonly error: string } | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return parseFeatureGates(v);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'must be a mapping of gate names to true or false, or "Name=true,Other=false"' };
  const gates: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(v)) {
    if (typeof value !== 'boolean') return { error: `${name} must be true or false` };
    gates[name] = value;
  }
  return { gates };
}
