import type { Severity } from '../validation/field-error';

/** A cross-object rule: its stable id, the severity of its findings, and what it checks. */
export interface LintRule {
  /** Stable id carried in `Finding.rule`. */
  readonly id: string;
  /** Severity of the rule's findings before `strict` is applied. */
  readonly severity: Severity;
  /** One sentence: what the rule reports. */
  readonly description: string;
  /** How to fix a finding of the rule. */
  readonly fix: string;
}

/** Every cross-object rule, in the order `lintManifests` reports them for one object. */
export const LINT_RULES = [
  {
    id: 'lint/service-selector-matches-no-pods',
    severity: 'error',
    description: 'A Service selector matches the pod template labels of no workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in its namespace, so it has no endpoints.',
    fix: 'Make spec.selector a subset of the pod template labels of the workload the Service fronts, in the Service namespace.',
  },
  {
    id: 'lint/service-named-target-port',
    severity: 'error',
    description: 'A Service port has a named targetPort that no container of the selected pods declares, so traffic to it goes nowhere.',
    fix: 'Name the targetPort after a port a container of the selected pods declares (spec.containers[].ports[].name), or declare that port in the container.',
  },
  {
    id: 'lint/service-numeric-target-port',
    severity: 'warning',
    description: 'A Service port has a numeric targetPort that no container of the selected pods declares in its ports list (the container may still listen on it).',
    fix: 'Declare the port in the container (ports[].containerPort) or point targetPort at a declared one.',
  },
  {
    id: 'lint/container-port-name',
    severity: 'error',
    description: 'A container port name is not a valid IANA service name (at most 15 characters, lowercase letters, digits and single hyphens, at least one letter).',
    fix: 'Use at most 15 lowercase letters, digits and single hyphens, with at least one letter, e.g. "http" or "metrics-9090".',
  },
  {
    id: 'lint/container-port-name-unique',
    severity: 'error',
    description: 'A container port name repeats within one pod (across its containers), so a named targetPort would be ambiguous.',
    fix: 'Give each port of the pod its own name.',
  },
  {
    id: 'lint/statefulset-service-name',
    severity: 'error',
    description: 'A StatefulSet names a governing Service (spec.serviceName) that is not a headless Service (clusterIP: None) in its namespace in the set.',
    fix: 'Set spec.serviceName to a headless Service (spec.clusterIP: None) of the same namespace that selects the StatefulSet pods, or define that Service.',
  },
  {
    id: 'lint/service-node-port-unique',
    severity: 'error',
    description: 'Two Services in the set request the same nodePort; the API server allocates each nodePort once per cluster.',
    fix: 'Give each Service its own nodePort, or leave nodePort unset so the cluster allocates one.',
  },
  {
    id: 'lint/service-name-unique',
    severity: 'error',
    description: 'Two Services in the set have the same namespace and name; the second would replace the first.',
    fix: 'Rename or remove one of the Services.',
  },
] as const satisfies readonly LintRule[];

/** The id of one lint rule. */
export type LintRuleId = (typeof LINT_RULES)[number]['id'];

/** Looks up a rule by id. */
export function lintRule(id: LintRuleId): LintRule {
  const rule = LINT_RULES.find((r) => r.id === id);
  if (rule === undefined) throw new Error(`unknown lint rule ${id}`);
  return rule;
}
