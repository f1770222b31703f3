/**
 * Labels the control plane puts on pods besides the template's own: a Service may select on them
 * (`statefulset.kubernetes.io/pod-name: web-0` to reach one pod of a StatefulSet, `job-name` for a
 * Job's pods). The one list the cross-object checks and `appsvc routes` use. Pure.
 *
 * Per kind, as the Kubernetes 1.28 controllers and API server set them:
 * - Deployment: `pod-template-hash` (the deployment controller adds it to each ReplicaSet's template);
 * - StatefulSet: `controller-revision-hash`, `statefulset.kubernetes.io/pod-name`,
 *   `apps.kubernetes.io/pod-index` (pod index label, on by default since 1.28);
 * - DaemonSet: `controller-revision-hash`, `pod-template-generation`;
 * - Job (and the Jobs of a CronJob): `controller-uid`, `batch.kubernetes.io/controller-uid`,
 *   `job-name`, `batch.kubernetes.io/job-name` (the API server adds them to the template when
 *   `manualSelector` is not set), and `batch.kubernetes.io/job-completion-index` for Indexed Jobs;
 * - ReplicaSet, ReplicationController and Pod: none.
 */
import { field } from './objects';
import type { PodTemplate } from './workloads';

/** What the control plane adds, per workload kind: label key → how its values are known. */
const ADDED: Readonly<Record<string, Readonly<Record<string, 'generated' | 'pod-name' | 'pod-index' | 'owner-name' | 'completion-index'>>>> = {
  Deployment: { 'pod-template-hash': 'generated' },
  ReplicaSet: {},
  StatefulSet: { 'controller-revision-hash': 'generated', 'statefulset.kubernetes.io/pod-name': 'pod-name', 'apps.kubernetes.io/pod-index': 'pod-index' },
  DaemonSet: { 'controller-revision-hash': 'generated', 'pod-template-generation': 'generated' },
  Job: {
    'job-name': 'owner-name',
    'batch.kubernetes.io/job-name': 'owner-name',
    'controller-uid': 'generated',
    'batch.kubernetes.io/controller-uid': 'generated',
    'batch.kubernetes.io/job-completion-index': 'completion-index',
  },
  CronJob: {
    'job-name': 'generated',
    'batch.kubernetes.io/job-name': 'generated',
    'controller-uid': 'generated',
    'batch.kubernetes.io/controller-uid': 'generated',
    'batch.kubernetes.io/job-completion-index': 'completion-index',
  },
};

/** How a selector entry on a control-plane label relates to a workload's pods. */
export type ControlPlaneMatch =
  /** Some of the pods carry it (which: `pods`, when known). */
  | { readonly kind: 'matches'; readonly pods?: readonly string[] }
  /** None of the pods carry it. */
  | { readonly kind: 'no-match' }
  /** The value is generated (a hash, a uid): it may match today and not after the next rollout. */
  | { readonly kind: 'generated' };

/** True when the control plane sets `key` on the pods of `workloadKind`. */
export function isControlPlaneLabel(workloadKind: string, key: string): boolean {
  return ADDED[workloadKind]?.[key] !== undefined;
}

/** True when the control plane sets `key` on the pods of some workload kind. */
export function isControlPlaneLabelOfAnyKind(key: string): boolean {
  return ANY_KIND.has(key);
}

const ANY_KIND: ReadonlySet<string> = new Set(Object.values(ADDED).flatMap((labels) => Object.keys(labels)));

/** The StatefulSet's replica count (1 when not given, as the API server defaults it). */
function replicas(obj: unknown): number {
  const r = field(field(obj, 'spec'), 'replicas');
  return typeof r === 'number' && Number.isInteger(r) && r >= 0 ? r : 1;
}

/**
 * How the selector entry `key=value` on a label the control plane adds relates to the pods of
 * `template` (whose workload is `obj`); undefined when the control plane does not add `key` there.
 */
export function controlPlaneMatch(template: PodTemplate, obj: unknown, key: string, value: string): ControlPlaneMatch | undefined {
  const how = ADDED[template.owner.kind]?.[key];
  if (how === undefined) return undefined;
  const name = template.owner.name;
  switch (how) {
    case 'generated':
      return { kind: 'generated' };
    case 'owner-name':
      return value === name ? { kind: 'matches' } : { kind: 'no-match' };
    case 'pod-name': {
      const n = replicas(obj);
      const m = new RegExp(`^${escapeRegExp(name)}-(0|[1-9][0-9]*)$`).exec(value);
      return m !== null && Number(m[1]) < n ? { kind: 'matches', pods: [value] } : { kind: 'no-match' };
    }
    case 'completion-index':
      return /^(0|[1-9][0-9]*)$/.test(value) ? { kind: 'matches' } : { kind: 'no-match' };
    case 'pod-index': {
      const n = replicas(obj);
      return /^(0|[1-9][0-9]*)$/.test(value) && Number(value) < n ? { kind: 'matches', pods: [`${name}-${value}`] } : { kind: 'no-match' };
    }
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
