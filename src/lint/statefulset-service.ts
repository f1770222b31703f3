import { FieldPath } from '../validation/field-path';
import { ownFinding } from './finding';
import { arrField, field, labelMap, objField, strField } from './objects';
import type { ServiceEntry } from './service-targets';
import type { LintFinding } from './types';
import { selects, type PodTemplate } from './workloads';

/**
 * `lint/statefulset-service-name`: a StatefulSet's `spec.serviceName` must name a headless Service
 * (`clusterIP: None`) of its namespace in the set, and that Service should select the StatefulSet's
 * pods (else the pods get no DNS records).
 *
 * Skipped: StatefulSets without a serviceName, every StatefulSet when the set holds no Service at
 * all (the Services live elsewhere, so the set cannot tell), and a serviceName that names no
 * Service of the set unless a headless Service of the namespace selects the pods (then the name is
 * likely a slip; else the Service may live elsewhere, or the pods need no DNS records, as Argo CD's
 * application controller).
 */
export function checkStatefulSetServices(templates: readonly PodTemplate[], objects: readonly unknown[], services: readonly ServiceEntry[]): LintFinding[] {
  if (services.length === 0 || !templates.some((t) => t.owner.kind === 'StatefulSet')) return [];
  const byName = new Map<string, ServiceEntry>();
  const headlessByNamespace = new Map<string, ServiceEntry[]>();
  for (const s of services) {
    const key = `${s.ref.namespace}/${s.ref.name}`;
    if (!byName.has(key)) byName.set(key, s);
    if (!isHeadless(s.obj)) continue;
    const names = headlessByNamespace.get(s.ref.namespace);
    if (names === undefined) headlessByNamespace.set(s.ref.namespace, [s]);
    else names.push(s);
  }
  const out: LintFinding[] = [];
  for (const t of templates) {
    if (t.owner.kind !== 'StatefulSet') continue;
    const serviceName = strField(objField(objects[t.owner.index], 'spec'), 'serviceName');
    if (serviceName === undefined || serviceName === '') continue;
    const path = FieldPath.root('spec').child('serviceName');
    const ns = JSON.stringify(t.owner.namespace);
    const svc = byName.get(`${t.owner.namespace}/${serviceName}`);
    let detail: string | undefined;
    if (svc === undefined) {
      const names = (headlessByNamespace.get(t.owner.namespace) ?? []).filter((h) => selects(labelMap(field(objField(h.obj, 'spec'), 'selector')), t.labels)).map((h) => JSON.stringify(h.ref.name));
      if (names.length > 0) detail = `no Service named ${JSON.stringify(serviceName)} in namespace ${ns} of the set; headless Services there that select the pods: ${names.join(', ')}`;
    } else if (!isHeadless(svc.obj)) {
      const spec = objField(svc.obj, 'spec');
      const clusterIP = strField(spec, 'clusterIP');
      const type = strField(spec, 'type') ?? 'ClusterIP';
      // A NodePort or LoadBalancer Service cannot be headless (the API server rejects it): the
      // StatefulSet needs a headless Service of its own then.
      const advice = type === 'ClusterIP' ? 'set its spec.clusterIP to "None" or' : `a ${type} Service cannot be headless, so`;
      detail = `Service ${JSON.stringify(serviceName)} is not headless (spec.clusterIP is ${clusterIP === undefined ? 'unset' : JSON.stringify(clusterIP)}), so the pods get no DNS records of their own; ${advice} point spec.serviceName at a headless Service`;
    } else if (!selects(labelMap(field(objField(svc.obj, 'spec'), 'selector')), t.labels)) {
      detail = `headless Service ${JSON.stringify(serviceName)} does not select the pods of this StatefulSet, so they get no DNS records`;
    }
    if (detail !== undefined) out.push({ index: t.owner.index, finding: ownFinding('lint/statefulset-service-name', path, serviceName, detail) });
  }
  return out;
}

/** True for a headless Service: `spec.clusterIP` or `spec.clusterIPs[0]` is `None`. */
export function isHeadless(service: unknown): boolean {
  const spec = objField(service, 'spec');
  return strField(spec, 'clusterIP') === 'None' || arrField(spec, 'clusterIPs')[0] === 'None';
}
