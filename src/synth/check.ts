import { isSilenced, lintManifests, type RuleSwitches } from '../lint';
import { isCertainlyValidService } from '../validation/certainly-valid';
import { validateManifest } from '../validation/manifest';
import type { Finding } from '../validation/field-error';
import type { PortRange, Profile } from '../validation/options';
import type { ObjectFinding, ResolvedObject } from './types';

export type { ObjectFinding } from './types';

/** Options of {@link checkObjects}: also which rules run (`enable`, `disable`, as `appsvc validate --enable/--disable`). */
export interface CheckOptions extends RuleSwitches {
  /**
   * The Kubernetes version whose API server the manifests are checked against: 1.28 to 1.37 (a
   * patch such as 1.33.3 is ignored).
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  /**
   * kube-apiserver feature gates that differ from the version's defaults, e.g.
   * `{ StrictIPCIDRValidation: true }`.
   * @default - the version's defaults
   */
  readonly featureGates?: Readonly<Record<string, boolean>>;
  /**
   * The validation profile.
   * @default 'kubernetes'
   */
  readonly profile?: Profile;
  /**
   * The cluster's node port range.
   * @default { min: 30000, max: 32767 }
   */
  readonly nodePortRange?: PortRange;
  /**
   * Report cross-object warnings as errors.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Called with each warning left out because its rule is off (`disable`, or off by default) or
   * the object's `appsvc.dev/ignore` annotation names it (to count them).
   * @default - silenced findings are dropped
   */
  readonly onSilenced?: (finding: ObjectFinding) => void;
}

/**
 * Checks every resolved object: the construct's own findings, the validator's findings for each
 * manifest (Services by the rules of the chosen version's API server; other kinds pass), then the cross-object
 * checks over the whole set. Findings are mapped to the construct's terms first (a construct may
 * make a warning certain, hence an error), then warnings of rules that are off, or that an object
 * names in its `appsvc.dev/ignore` annotation, are left out (errors never are), then `strict`
 * makes the remaining cross-object warnings errors. Returns everything, in object order; never
 * throws on bad input.
 */
export function checkObjects(objs: readonly ResolvedObject[], options: CheckOptions = {}): ObjectFinding[] {
  const validateOptions = {
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.nodePortRange !== undefined ? { nodePortRange: options.nodePortRange } : {}),
    ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: options.kubernetesVersion } : {}),
    ...(options.featureGates !== undefined ? { featureGates: options.featureGates } : {}),
  };
  const switches: RuleSwitches = {
    ...(options.enable !== undefined ? { enable: options.enable } : {}),
    ...(options.disable !== undefined ? { disable: options.disable } : {}),
  };
  /** The finding as reported, or undefined when it is silenced (and passed to `onSilenced`). */
  const kept = (obj: ResolvedObject, finding: Finding): ObjectFinding | undefined => {
    const f = { constructPath: obj.constructPath, finding };
    if (!isSilenced(finding, obj.manifest, switches)) return f;
    options.onSilenced?.(f);
    return undefined;
  };
  // Most objects have no findings: lists are only made for those that do.
  const perObject: Array<ObjectFinding[] | undefined> = new Array<ObjectFinding[] | undefined>(objs.length);
  const manifests: Array<Record<string, unknown>> = new Array<Record<string, unknown>>(objs.length);
  for (let i = 0; i < objs.length; i++) {
    const obj = objs[i] as ResolvedObject;
    const manifest = obj.manifest;
    manifests[i] = manifest;
    const own = obj.constructFindings;
    // The everyday Service is recognised in one pass, without a list of its (no) findings.
    if ((own === undefined || own.length === 0) && isCertainlyValidService(manifest, validateOptions)) continue;
    const validated = validateManifest(manifest, validateOptions);
    if (validated.length === 0 && (own === undefined || own.length === 0)) continue;
    for (const finding of [...(own ?? []), ...mapped(obj, validated)]) {
      const f = kept(obj, finding);
      if (f !== undefined) (perObject[i] ??= []).push(f);
    }
  }
  // Silenced after mapping, so that what the construct makes an error stays one.
  const lint = lintManifests(manifests, { ...switches, silence: false });
  for (const { index, finding } of lint) {
    const obj = objs[index];
    if (obj === undefined) continue;
    for (const m of mapped(obj, [finding])) {
      const f = kept(obj, m);
      if (f === undefined) continue;
      (perObject[index] ??= []).push(options.strict === true && f.finding.severity === 'warning' ? { ...f, finding: { ...f.finding, severity: 'error' } } : f);
    }
  }
  const out: ObjectFinding[] = [];
  for (const list of perObject) if (list !== undefined) for (const f of list) out.push(f);
  return out;
}

/** `findings` mapped by the object's `mapFinding`, without the dropped ones. */
function mapped(obj: ResolvedObject, findings: readonly Finding[]): Finding[] {
  const map = obj.mapFinding;
  if (map === undefined) return [...findings];
  return findings.flatMap((f) => {
    const m = map(f);
    return m === undefined ? [] : [m];
  });
}

/** The error-severity findings of `list`. */
export function errorsOf(list: readonly ObjectFinding[]): ObjectFinding[] {
  return list.filter((f) => f.finding.severity === 'error');
}

/**
 * Renders findings one per line, errors first, then warnings, each in the given order:
 * `[example/api] spec.ports[1].targetPort: Invalid value: "http_web": ...`; warnings read
 * `[example/api] warning: ...`. Ends without a newline; empty for no findings.
 */
export function formatObjectFindings(list: readonly ObjectFinding[]): string {
  // A warning names its rule, which `disable` (and `appsvc synth --disable`) takes.
  const line = (f: ObjectFinding): string => `[${f.constructPath}] ${f.finding.severity === 'warning' ? `warning ${f.finding.rule ?? `k8s/${f.finding.type}`}: ` : ''}${f.finding.message}`;
  const errors = list.filter((f) => f.finding.severity === 'error').map(line);
  const warnings = list.filter((f) => f.finding.severity !== 'error').map(line);
  return [...errors, ...warnings].join('\n');
}
