import { isSilenced, lintManifests } from '../lint';
import { validateManifest } from '../validation/manifest';
import { PROFILES, type Profile } from '../validation/options';
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
}

const PROPERTY_NAMES = ['profile', 'strict', 'enable', 'disable'] as const;

/**
 * A cdk8s-cli validation plugin: `cdk8s synth` runs it over every manifest the app synthesized.
 * Each `v1/Service` is checked as a Kubernetes 1.28 API server would check it, and the whole set
 * gets the cross-object checks (Services against the workloads they select, container port names,
 * StatefulSet governing Services, nodePort and name clashes).
 *
 * Every finding becomes a violation named by its rule id, with the resource, its manifest, the
 * field path and (through cdk8s-cli's construct metadata) the construct path. The report fails
 * when a finding has severity error (with `strict`, any finding). Warnings of rules switched off
 * (`disable`, rules off by default unless in `enable`) and of rules an object names in its
 * `appsvc.dev/ignore` annotation are left out and counted (`Silenced`). The plugin writes nothing
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

  /** @throws Error when a property is unknown or has the wrong type (cdk8s-cli shows the message). */
  public constructor(props: AppsvcValidationProps = {}) {
    const p: unknown = props;
    const problems = propertyProblems(p);
    if (problems.length > 0) throw new Error(`appsvc validation plugin: ${problems.join('; ')}`);
    const given = p as AppsvcValidationProps;
    this.profile = given.profile ?? 'kubernetes';
    this.strict = given.strict ?? false;
    this.enable = given.enable ?? [];
    this.disable = given.disable ?? [];
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
      for (const finding of validateManifest(document.object, { profile: this.profile })) {
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
  return out;
}
