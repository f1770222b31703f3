import { FieldPath } from '../validation/field-path';
import type { Finding } from '../validation/field-error';
import { arrField, refName, refNameNamespaced, field, isObj, labelMap, objField, renderLabels, strField, type ObjectRef } from './objects';
import { isValidPortName } from '../validation/formats';
import { ownFinding } from './finding';
import { selectTemplates } from './select';
import { TemplateIndex } from './template-index';
import { WORKLOAD_KINDS, type PodTemplate } from './workloads';
import type { LintFinding } from './types';

/** What the target checks need besides the Services and templates. */
export interface TargetCheckContext {
  /** The objects of the set (templates and Services point into it by index). */
  readonly objects: readonly unknown[];
  /** Namespaces that hold a custom resource: an operator may make pods there. */
  readonly customResourceNamespaces: ReadonlySet<string>;
  /** Whether `lint/service-numeric-target-port` runs. */
  readonly numericTargetPort: boolean;
}

/** A Service of the set with the parts the target checks use. */
export interface ServiceEntry {
  readonly ref: ObjectRef;
  readonly obj: unknown;
}

/**
 * Checks each Service with a selector against the pod templates of the set:
 * `lint/service-selector-matches-no-pods`, `lint/service-named-target-port`,
 * `lint/service-numeric-target-port`. Selectors match the template labels and the labels the
 * control plane adds to each kind's pods.
 *
 * Skipped: ExternalName Services, Services without a selector (or with an empty or malformed one),
 * every Service when the set holds no pod template at all (the workloads live elsewhere, so the set
 * cannot tell), and "selects no pods" in a namespace that holds a custom resource (an operator may
 * make the pods).
 *
 * Linear in the set: each Service costs its selector's smallest label list, and the hint for a
 * Service that selects nothing looks at a bounded number of templates.
 */
export function checkServiceTargets(services: readonly ServiceEntry[], templates: readonly PodTemplate[], context: TargetCheckContext): LintFinding[] {
  if (templates.length === 0) return [];
  const index = new TemplateIndex(templates);
  const out: LintFinding[] = [];
  for (const { ref, obj } of services) {
    const spec = objField(obj, 'spec');
    if (strField(spec, 'type') === 'ExternalName') continue;
    const selector = labelMap(field(spec, 'selector'));
    if (selector.size === 0) continue;
    const specPath = FieldPath.root('spec');
    const selected = selectTemplates(index, context.objects, ref.namespace, selector).map((s) => s.template);
    if (selected.length === 0) {
      if (context.customResourceNamespaces.has(ref.namespace)) continue;
      const detail = `selects no pods: no pod template (${WORKLOAD_KINDS.join(', ')}) in namespace ${JSON.stringify(ref.namespace)} of the set has the labels ${renderLabels(selector)}${closestHint(ref, selector, index)}`;
      out.push({ index: ref.index, finding: ownFinding('lint/service-selector-matches-no-pods', specPath.child('selector'), field(spec, 'selector'), detail) });
      continue;
    }
    arrField(spec, 'ports').forEach((port, i) => {
      const f = checkTargetPort(port, specPath.child('ports').index(i), selected, context.numericTargetPort);
      if (f !== undefined) out.push({ index: ref.index, finding: f });
    });
  }
  return out;
}

/** How many templates per selector label the closest-match hint looks at. */
const HINT_CANDIDATES = 200;

/** Names the workload whose pod labels come closest to the selector, or one in another namespace that matches. */
function closestHint(service: ObjectRef, selector: ReadonlyMap<string, string>, index: TemplateIndex): string {
  // One bounded lookup over every namespace at once: a loop over the namespaces would make the
  // check quadratic in a set of one Service per namespace.
  const elsewhere = index.selectInAnyNamespace(selector, HINT_CANDIDATES).find((t) => t.owner.namespace !== service.namespace);
  if (elsewhere !== undefined) return ` (${refNameNamespaced(elsewhere.owner)} matches, in another namespace)`;
  // The template sharing the most selector entries (the first in set order on a tie). Only the
  // first HINT_CANDIDATES templates of each label are looked at, so the hint stays cheap in huge sets.
  const scores = new Map<PodTemplate, number>();
  for (const [k, v] of selector) {
    for (const t of index.withLabel(service.namespace, k, v).slice(0, HINT_CANDIDATES)) scores.set(t, (scores.get(t) ?? 0) + 1);
  }
  let best: PodTemplate | undefined;
  let bestScore = 0;
  for (const [t, score] of scores) {
    if (score > bestScore || (score === bestScore && best !== undefined && t.owner.index < best.owner.index)) {
      best = t;
      bestScore = score;
    }
  }
  if (best === undefined) return '';
  return ` (closest: ${refName(best.owner)} with pod labels ${renderLabels(best.labels)})`;
}

/** The target checks for one Service port; undefined when the port reaches a declared container port. */
function checkTargetPort(port: unknown, path: FieldPath, selected: readonly PodTemplate[], numericTargetPort: boolean): Finding | undefined {
  if (!isObj(port)) return undefined;
  const protocol = strField(port, 'protocol') ?? 'TCP';
  const target = port['targetPort'];
  const owners = selected.map((t) => refName(t.owner)).join(', ');
  const declared = selected.flatMap((t) => t.containers.filter((c) => c.list === 'containers').flatMap((c) => c.ports));

  if (typeof target === 'string') {
    // A malformed name is the Service validator's finding; here only well-formed names are looked up.
    if (isValidPortName(target).length > 0) return undefined;
    if (declared.some((p) => p.name === target && p.protocol === protocol)) return undefined;
    const sameName = declared.find((p) => p.name === target);
    const names = [...new Set(declared.flatMap((p) => (p.name === undefined ? [] : [p.name])))].sort();
    const detail =
      sameName !== undefined
        ? `no container of the selected pods (${owners}) declares a port named ${JSON.stringify(target)} with protocol ${protocol}; ${sameName.path.toString()} uses ${sameName.protocol}`
        : `no container of the selected pods (${owners}) declares a port named ${JSON.stringify(target)}; declared: ${names.length === 0 ? 'none' : names.map((n) => JSON.stringify(n)).join(', ')}`;
    return ownFinding('lint/service-named-target-port', path.child('targetPort'), target, detail);
  }
  if (!numericTargetPort) return undefined;

  // Without targetPort the API server defaults it to port.
  const defaulted = target === undefined || target === null || target === 0;
  const number = defaulted ? port['port'] : target;
  if (typeof number !== 'number' || !Number.isInteger(number)) return undefined;
  // Pods that declare no port at all say nothing about the ports they listen on (most real sets).
  if (!declared.some((p) => p.containerPort !== undefined)) return undefined;
  if (declared.some((p) => p.containerPort === number && p.protocol === protocol)) return undefined;
  const numbers = [...new Set(declared.flatMap((p) => (p.containerPort === undefined ? [] : [p.containerPort])))]
    .sort((a, b) => a - b)
    .flatMap((n) => [...new Set(declared.filter((p) => p.containerPort === n).map((p) => `${n}/${p.protocol}`))]);
  const detail = `${defaulted ? 'targetPort defaults to port, and ' : ''}no container of the selected pods (${owners}) declares containerPort ${number}/${protocol}; declared: ${numbers.join(', ')}`;
  return ownFinding('lint/service-numeric-target-port', defaulted ? path.child('port') : path.child('targetPort'), number, detail);
}
