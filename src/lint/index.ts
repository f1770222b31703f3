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
 *   (as the endpoints controller does); init containers are checked for port-name validity only.
 */
import type { Finding } from '../validation/field-error';
import { checkContainerPorts } from './container-ports';
import { isObj, isService, objectRef } from './objects';
import { LINT_RULES } from './rules';
import { checkServiceClashes } from './service-clashes';
import { checkServiceTargets, type ServiceEntry } from './service-targets';
import { checkStatefulSetServices } from './statefulset-service';
import type { LintFinding, LintOptions } from './types';
import { isTemplateKind, podTemplateOf, type PodTemplate } from './workloads';

export { LINT_RULES, lintRule } from './rules';
export type { LintRule, LintRuleId } from './rules';
export type { LintFinding, LintOptions } from './types';

/**
 * Runs every cross-object check over `objects` (the whole app at synth, or every input of a
 * validate run). Findings are ordered by object index, then by rule (the order of `LINT_RULES`),
 * then by field within a rule. With `options.strict`, warnings are returned with severity `error`.
 */
export function lintManifests(objects: readonly unknown[], options: LintOptions = {}): LintFinding[] {
  // Only workloads have pod templates: other objects (Services above all) are passed over
  // without building their identity.
  const templates: PodTemplate[] = [];
  for (let index = 0; index < objects.length; index++) {
    const obj = objects[index];
    if (!isObj(obj)) continue;
    const kind = obj['kind'];
    if (typeof kind !== 'string' || !isTemplateKind(kind)) continue;
    const ref = objectRef(obj, index);
    const template = ref === undefined ? undefined : podTemplateOf(obj, ref);
    if (template !== undefined) templates.push(template);
  }
  const found: LintFinding[] = [];
  // The checks against pod templates have nothing to look at in a set without any.
  if (templates.length > 0) {
    const services = serviceEntries(objects);
    append(found, checkServiceTargets(services, templates));
    append(found, checkContainerPorts(templates));
    append(found, checkStatefulSetServices(templates, objects, services));
  }
  append(found, checkServiceClashes(objects));
  if (found.length === 0) return found;
  const ordered = found.map((f, order) => ({ f, order })).sort((a, b) => a.f.index - b.f.index || ruleOrder(a.f.finding) - ruleOrder(b.f.finding) || a.order - b.order);
  return ordered.map(({ f }) => (options.strict === true && f.finding.severity === 'warning' ? { index: f.index, finding: { ...f.finding, severity: 'error' } } : f));
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
