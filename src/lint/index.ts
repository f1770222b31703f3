/**
 * Cross-object checks over a set of manifests: Services against the workloads they select,
 * container port names, StatefulSet governing Services, and clashes between Services.
 *
 * Pure: no file system, console or cdk8s, so `appsvc validate` can load it without cdk8s.
 * Objects are plain decoded manifests and may be malformed; nothing here throws on bad input.
 *
 * Conventions:
 * - an object without `metadata.namespace` (or with an empty one) is in namespace `default`;
 * - pod templates are read from Deployment, StatefulSet, DaemonSet, ReplicaSet (`apps`, `extensions`),
 *   ReplicationController and Pod (core), Job and CronJob (`batch`); Services are core `v1` Services;
 * - a Service's targetPort is matched against the `ports` of the pods' regular `containers` only
 *   (as the endpoints controller does); init containers are checked for port-name validity only;
 * - an object of an API group Kubernetes does not serve itself is a custom resource: an operator
 *   may make pods for it, so "selects no pods" is not reported in its namespace.
 *
 * Severity: `error` only where the API server rejects the object itself (container port names);
 * everything else is appsvc's own `warning`.
 */
import type { Finding } from '../validation/field-error';
import { checkContainerPorts } from './container-ports';
import { apiGroup, isObj, isService, metadataNamespace, objectRef } from './objects';
import { LINT_RULES } from './rules';
import { isRuleOn, isSilenced } from './silence';
import { checkServiceClashes } from './service-clashes';
import { checkServiceTargets, type ServiceEntry } from './service-targets';
import { checkStatefulSetServices } from './statefulset-service';
import type { LintFinding, LintOptions } from './types';
import { isTemplateKind, podTemplateOf, type PodTemplate } from './workloads';

export { LINT_RULES, lintRule } from './rules';
export type { LintRule, LintRuleId } from './rules';
export type { LintFinding, LintOptions } from './types';
export { IGNORE_ANNOTATION, ignoredRules, isRuleOn, isSilenced } from './silence';
export type { RuleSwitches } from './silence';

/**
 * Runs every cross-object check over `objects`, one set of objects applied together (the whole app
 * at synth; one file, one directory's own files or one stdin stream of a validate run). Findings
 * are ordered by object index, then by rule (the order of `LINT_RULES`), then by field within a
 * rule. Warnings of rules switched off (`options.enable`/`disable`, rules off by default) and of
 * rules an object names in its `appsvc.dev/ignore` annotation are left out (and passed to
 * `options.onSilenced`). With `options.strict`, the remaining warnings have severity `error`.
 */
export function lintManifests(objects: readonly unknown[], options: LintOptions = {}): LintFinding[] {
  // Only workloads have pod templates: other objects (Services above all) are passed over
  // without building their identity.
  const templates: PodTemplate[] = [];
  const customResourceNamespaces = new Set<string>();
  for (let index = 0; index < objects.length; index++) {
    const obj = objects[index];
    if (!isObj(obj)) continue;
    const kind = obj['kind'];
    const apiVersion = obj['apiVersion'];
    if (typeof apiVersion === 'string' && isCustomResourceVersion(apiVersion)) customResourceNamespaces.add(metadataNamespace(obj));
    if (typeof kind !== 'string' || !isTemplateKind(kind)) continue;
    const ref = objectRef(obj, index);
    const template = ref === undefined ? undefined : podTemplateOf(obj, ref);
    if (template !== undefined) templates.push(template);
  }
  const found: LintFinding[] = [];
  // The checks against pod templates have nothing to look at in a set without any.
  if (templates.length > 0) {
    const services = serviceEntries(objects);
    append(found, checkServiceTargets(services, templates, { objects, customResourceNamespaces, numericTargetPort: isRuleOn('lint/service-numeric-target-port', options) }));
    append(found, checkContainerPorts(templates));
    append(found, checkStatefulSetServices(templates, objects, services));
  }
  append(found, checkServiceClashes(objects));
  if (found.length === 0) return found;
  const ordered = found.map((f, order) => ({ f, order })).sort((a, b) => a.f.index - b.f.index || ruleOrder(a.f.finding) - ruleOrder(b.f.finding) || a.order - b.order);
  const out: LintFinding[] = [];
  for (const { f } of ordered) {
    if (options.silence !== false && isSilenced(f.finding, objects[f.index], options)) options.onSilenced?.(f);
    else out.push(options.strict === true && f.finding.severity === 'warning' ? { index: f.index, finding: { ...f.finding, severity: 'error' } } : f);
  }
  return out;
}

/**
 * API groups the Kubernetes API server serves itself (`*.k8s.io` besides these); an object of any
 * other group is a custom resource.
 */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set(['', 'apps', 'batch', 'extensions', 'policy', 'autoscaling']);

/** True for the `apiVersion` of a custom resource (`monitoring.coreos.com/v1`, `argoproj.io/v1alpha1`). */
export function isCustomResourceVersion(apiVersion: string): boolean {
  const group = apiGroup(apiVersion);
  return !BUILT_IN_GROUPS.has(group) && !group.endsWith('.k8s.io') && group !== 'k8s.io';
}

/** The core `v1` Services of `objects`, in object order. */
function serviceEntries(objects: readonly unknown[]): ServiceEntry[] {
  const services: ServiceEntry[] = [];
  for (let index = 0; index < objects.length; index++) {
    const obj = objects[index];
    const ref = objectRef(obj, index);
    if (ref !== undefined && isService(ref)) services.push({ ref, obj });
  }
  return services;
}

function append(to: LintFinding[], list: readonly LintFinding[]): void {
  for (const f of list) to.push(f);
}

function ruleOrder(f: Finding): number {
  return RULE_ORDER.get(f.rule ?? '') ?? RULE_ORDER.size;
}

const RULE_ORDER: ReadonlyMap<string, number> = new Map(LINT_RULES.map((r, i) => [r.id, i]));
