import type { Severity } from '../validation/field-error';

/** A cross-object rule: its stable id, the severity of its findings, and what it checks. */
export interface LintRule {
  /** Stable id carried in `Finding.rule`. */
  readonly id: string;
  /**
   * Severity of the rule's findings before `strict` is applied: `error` only for what the API
   * server itself rejects in the object; everything appsvc adds is a `warning`.
   */
  readonly severity: Severity;
  /**
   * Whether the rule runs unless enabled explicitly (`--enable RULE`, the config file).
   * @default true
   */
  readonly enabledByDefault?: boolean;
  /** One sentence: what the rule reports. */
  readonly description: string;
  /** How to fix a finding of the rule. */
  readonly fix: string;
}

/** Every cross-object rule, in the order `lintManifests` reports them for one object. */
export const LINT_RULES = [
  {
    id: 'lint/service-selector-matches-no-pods',
    severity: 'warning',
    description:
      'A Service selector matches the pods of no workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) of its namespace in the set, counting the labels the control plane adds to pods, so it would have no endpoints. Not reported when the set holds no workload, or a custom resource in the namespace (an operator may make the pods).',
    fix: 'Make spec.selector a subset of the pod template labels of the workload the Service fronts, in the Service namespace.',
  },
  {
    id: 'lint/service-named-target-port',
    severity: 'warning',
    description: 'A Service port has a named targetPort that no container of the selected pods declares, so traffic to it would go nowhere. At synth, an AppService whose target is a workload reports it as an error.',
    fix: 'Name the targetPort after a port a container of the selected pods declares (spec.containers[].ports[].name), or declare that port in the container.',
  },
  {
    id: 'lint/service-numeric-target-port',
    severity: 'warning',
    enabledByDefault: false,
    description:
      'A Service port has a numeric targetPort that the containers of the selected pods do not declare, while they declare other ports (off by default: a container may listen on a port it does not declare).',
    fix: 'Declare the port in the container (ports[].containerPort) or point targetPort at a declared one.',
  },
  {
    id: 'lint/container-port-name',
    severity: 'error',
    description: 'A container port name is not a valid IANA service name (at most 15 characters, lowercase letters, digits and single hyphens, at least one letter); the API server rejects the pod template.',
    fix: 'Use at most 15 lowercase letters, digits and single hyphens, with at least one letter, e.g. "http" or "metrics-9090".',
  },
  {
    id: 'lint/container-port-name-unique',
    severity: 'error',
    description:
      'A container port name repeats: within one container the API server rejects the pod template (error); across the containers of one pod it is accepted, but a named targetPort reaches only the first (warning).',
    fix: 'Give each port of the pod its own name.',
  },
  {
    id: 'lint/statefulset-service-name',
    severity: 'warning',
    description:
      'A StatefulSet names a governing Service (spec.serviceName) that is not a headless Service of its namespace in the set, or one that does not select its pods, so the pods get no DNS records of their own. The API server does not check it.',
    fix: 'Point spec.serviceName at a headless Service (spec.clusterIP: None) of the same namespace that selects the StatefulSet pods, or define one (a NodePort or LoadBalancer Service cannot be headless: add a separate headless Service).',
  },
  {
    id: 'lint/service-node-port-unique',
    severity: 'warning',
    description: 'Two Services of the set request the same nodePort; node ports are allocated once per cluster, so the one applied second would be refused.',
    fix: 'Give each Service its own nodePort, or leave nodePort unset so the cluster allocates one.',
  },
  {
    id: 'lint/service-name-unique',
    severity: 'warning',
    description: 'Two Services of the set have the same namespace and name; the one applied second replaces the first.',
    fix: 'Rename or remove one of the Services, or keep variants of the same Services in separate directories (each directory is its own set).',
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

/** True when `rule` runs unless enabled explicitly. */
export function isEnabledByDefault(rule: LintRule): boolean {
  return rule.enabledByDefault ?? true;
}
