import type { AppServiceProps } from '../constructs/app-service';
import { entryNamespace, SERVICE_FIELDS, type ServiceEntry, type Spec } from './model';

/**
 * The AppService props an entry maps to: every field of the entry except `clusters`, with the
 * namespace made explicit (the entry's, else the spec's, else "default").
 */
export function entryProps(spec: Pick<Spec, 'namespace'>, entry: ServiceEntry): AppServiceProps {
  const props: Record<string, unknown> = {};
  for (const field of SERVICE_FIELDS) {
    if (field.key === 'clusters') continue;
    const v: unknown = entry[field.key];
    if (v === undefined) continue;
    props[field.key] = field.key === 'ports' && Array.isArray(v) ? v.map((p: unknown) => (typeof p === 'number' ? String(p) : p)) : v;
  }
  props.namespace = entryNamespace(spec, entry);
  return props as AppServiceProps;
}

/** A construct id unique in its chart: the namespace and name (construct ids may not contain "/"). */
export function constructId(entry: ServiceEntry, spec: Pick<Spec, 'namespace'>, index: number): string {
  return `${entryNamespace(spec, entry)}.${entry.name}.${index}`;
}

