import { controlPlaneMatch, isControlPlaneLabelOfAnyKind } from './control-plane-labels';
import type { TemplateIndex } from './template-index';
import type { PodTemplate } from './workloads';

/** A pod template a selector matches, and how. */
export interface SelectedTemplate {
  readonly template: PodTemplate;
  /** Only these pods are selected (a selector on `statefulset.kubernetes.io/pod-name`…); undefined: all of them. */
  readonly pods: readonly string[] | undefined;
  /** Why the match may not hold (a selector on a value the control plane generates). */
  readonly problems: readonly string[];
}

/**
 * The templates of `namespace` whose pods `selector` matches: on the template's own labels, and on
 * the labels the control plane adds to the pods of each kind (see `control-plane-labels.ts`).
 * `objects` are the objects the templates' `owner.index` points into (a StatefulSet's replica count
 * tells which `pod-name` values exist).
 *
 * Costs the smallest matching label list of the index when the selector has an entry on an
 * ordinary label; a selector only on control-plane labels looks at the namespace's templates.
 */
export function selectTemplates(index: TemplateIndex, objects: readonly unknown[], namespace: string, selector: ReadonlyMap<string, string>): SelectedTemplate[] {
  const own = new Map([...selector].filter(([k]) => !isControlPlaneLabelOfAnyKind(k)));
  if (own.size === selector.size) return index.select(namespace, selector).map((template) => ({ template, pods: undefined, problems: [] }));
  const candidates = own.size > 0 ? index.select(namespace, own) : index.inNamespace(namespace);
  const out: SelectedTemplate[] = [];
  for (const template of candidates) {
    let pods: readonly string[] | undefined;
    const problems: string[] = [];
    let ok = true;
    for (const [k, v] of selector) {
      if (own.has(k) || template.labels.get(k) === v) continue;
      const m = template.labels.has(k) ? undefined : controlPlaneMatch(template, objects[template.owner.index], k, v);
      if (m === undefined || m.kind === 'no-match') {
        ok = false;
        break;
      }
      if (m.kind === 'generated') problems.push(`selects on ${k}=${v}, a value the control plane generates: it changes with every rollout`);
      else if (m.pods !== undefined) pods = m.pods;
    }
    if (ok) out.push({ template, pods, problems });
  }
  return out;
}
