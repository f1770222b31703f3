import type { IPodSelector } from 'cdk8s-plus-28';

/**
 * What an AppService can send traffic to: any cdk8s-plus-28 pod selector. Its pod selector labels
 * become the Service's `spec.selector`:
 *
 * - a workload (`Deployment`, `StatefulSet`, `DaemonSet`, `Job`): its match labels (`select()`
 *   calls made after the Service is defined count); a workload without match labels (a `Job`,
 *   or `select: false`) by the `cdk8s.io/metadata.addr` label of its pod template;
 * - a `Pod`: the label cdk8s-plus gives the pod to select it by;
 * - `Pods.select(scope, id, { labels })`: those labels.
 */
export type ServiceTarget = IPodSelector;

/** A target's pod selector, read when the app is synthesized. */
export interface TargetSelector {
  /** The labels the pods carry; the Service selects them. */
  readonly labels: Record<string, string>;
  /** How many match expressions the target also needs (a Service selector cannot express them). */
  readonly expressions: number;
  /** Namespace names the target restricts its pods to; `undefined` when it does not restrict them. */
  readonly namespaces: readonly string[] | undefined;
  /** True when the target selects namespaces by label (a Service cannot select pods in other namespaces). */
  readonly namespaceLabels: boolean;
}

/** The public selector state of a cdk8s-plus workload. */
interface WorkloadSelector {
  readonly matchLabels: Record<string, string>;
  readonly matchExpressions: readonly unknown[];
}

function isWorkload(target: object): target is WorkloadSelector {
  const w = target as Partial<Record<keyof WorkloadSelector, unknown>>;
  return typeof w.matchLabels === 'object' && w.matchLabels !== null && Array.isArray(w.matchExpressions);
}

/** True when `target` is a workload that selects its pods by labels or expressions of its own. */
function selectsOwnPods(target: object): target is WorkloadSelector {
  return isWorkload(target) && (Object.keys(target.matchLabels).length > 0 || target.matchExpressions.length > 0);
}

/**
 * The pod selector of `target`: a workload's match labels and expressions, otherwise the label
 * selector of its `toPodSelectorConfig()` (a `Pod`, `Pods`, a `Job`, or any other cdk8s-plus pod
 * selector).
 */
export function targetSelector(target: ServiceTarget): TargetSelector {
  if (selectsOwnPods(target)) {
    return { labels: target.matchLabels, expressions: target.matchExpressions.length, namespaces: undefined, namespaceLabels: false };
  }
  const config = target.toPodSelectorConfig();
  const kube = config.labelSelector._toKube();
  const ns = config.namespaces;
  return {
    labels: { ...(kube.matchLabels ?? {}) },
    expressions: kube.matchExpressions?.length ?? 0,
    namespaces: ns?.names !== undefined ? [...ns.names] : undefined,
    namespaceLabels: ns?.labelSelector !== undefined && !ns.labelSelector.isEmpty(),
  };
}

/** The target's pod selector labels: what the Service's `spec.selector` becomes. */
export function targetLabels(target: ServiceTarget): Record<string, string> {
  return selectsOwnPods(target) ? target.matchLabels : targetSelector(target).labels;
}
