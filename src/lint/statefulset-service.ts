import { FieldPath } from '../validation/field-path';
import { invalid } from '../validation/field-error';
import { arrField, field, labelMap, objField, strField } from './objects';
import type { ServiceEntry } from './service-targets';
import type { LintFinding } from './types';
import { selects, type PodTemplate } from './workloads';

/**
 * `lint/statefulset-service-name`: a StatefulSet's `spec.serviceName` must name a headless Service
 * (`clusterIP: None`) of its namespace in the set, and that Service should select the StatefulSet's
 * pods (else the pods get no DNS records).
 *
 * Skipped: StatefulSets without a serviceName, and every StatefulSet when the set holds no Service
 * at all (the Services live elsewhere, so the set cannot tell).
 */
export function checkStatefulSetServices(templates: readonly PodTemplate[], objects: readonly unknown[], services: readonly ServiceEntry[]): LintFinding[] {
  if (services.length === 0 || !templates.some((t) => t.owner.kind === 'StatefulSet')) return [];
  const byName = new Map<string, ServiceEntry>();
  const headlessByNamespace = new Map<string, string[]>();
  for (const s of services) {
    const key = `${s.ref.namespace}/${s.ref.name}`;
    if (!byName.has(key)) byName.set(key, s);
    if (!isHeadless(s.obj)) continue;
    const names = headlessByNamespace.get(s.ref.namespace);
    if (names === undefined) headlessByNamespace.set(s.ref.namespace, [JSON.stringify(s.ref.name)]);
    else names.push(JSON.stringify(s.ref.name));
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
      const names = headlessByNamespace.get(t.owner.namespace) ?? [];
      detail = `no Service named ${JSON.stringify(serviceName)} in namespace ${ns}${names.length > 0 ? `; headless Services there: ${names.join(', ')}` : ''}`;
    } else if (!isHeadless(svc.obj)) {
      const clusterIP = strField(objField(svc.obj, 'spec'), 'clusterIP');
      detail = `Service ${JSON.stringify(serviceName)} is not headless (spec.clusterIP is ${clusterIP === undefined ? 'unset' : JSON.stringify(clusterIP)}); set its spec.clusterIP to "None"`;
    } else if (!selects(labelMap(field(objField(svc.obj, 'spec'), 'selector')), t.labels)) {
      detail = `headless Service ${JSON.stringify(serviceName)} does not select the pods of this StatefulSet, so they get no DNS records`;
    }
    if (detail !== undefined) out.push({ index: t.owner.index, finding: invalid(path, serviceName, detail, { rule: 'lint/statefulset-service-name' }) });
  }
  return out;
}

/** True for a headless Service: `spec.clusterIP` or `spec.clusterIPs[0]` is `None`. */
export function isHeadless(service: unknown): boolean {
  const spec = objField(service, 'spec');
  return strField(spec, 'clusterIP') === 'None' || arrField(spec, 'clusterIPs')[0] === 'None';
}
