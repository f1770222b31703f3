import { FieldPath } from '../validation/field-path';
import { apiGroup, arrField, field, isObj, labelMap, objField, objectRef, strField, type Obj, type ObjectRef } from './objects';

/**
 * Where each workload kind keeps its pod template, by API group and kind. A `Pod` is its own
 * template. Kinds of other API groups (a custom resource that happens to be called `Deployment`)
 * are not workloads here.
 */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  '/Pod': [],
  '/ReplicationController': ['spec', 'template'],
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  'extensions/Deployment': ['spec', 'template'],
  'extensions/DaemonSet': ['spec', 'template'],
  'extensions/ReplicaSet': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The workload kinds whose pods a Service can select, as messages list them. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod'] as const;

/** One port a container declares. */
export interface DeclaredPort {
  /** `name`, or undefined when unnamed. */
  readonly name: string | undefined;
  /** `containerPort`, when an integer. */
  readonly containerPort: number | undefined;
  /** `protocol`, `TCP` when missing. */
  readonly protocol: string;
  /** Path of this port entry, e.g. `spec.template.spec.containers[0].ports[1]`. */
  readonly path: FieldPath;
}

/** One container of a pod template. */
export interface TemplateContainer {
  readonly name: string;
  /** `containers` or `initContainers`. */
  readonly list: 'containers' | 'initContainers';
  readonly path: FieldPath;
  readonly ports: readonly DeclaredPort[];
}

/** A pod template found in the set: the pods one workload creates. */
export interface PodTemplate {
  readonly owner: ObjectRef;
  /** Labels of the pods (`template.metadata.labels`; a Pod's own labels). */
  readonly labels: ReadonlyMap<string, string>;
  /** Path of the template's pod spec, e.g. `spec.template.spec` (`spec` for a Pod). */
  readonly specPath: FieldPath;
  /** Regular containers, then init containers. */
  readonly containers: readonly TemplateContainer[];
}

/** The kinds that appear in {@link POD_TEMPLATE_PATHS}, to skip other objects without building a key. */
const TEMPLATE_KINDS: ReadonlySet<string> = new Set(Object.keys(POD_TEMPLATE_PATHS).map((key) => key.slice(key.indexOf('/') + 1)));

/** True for a kind some workload of {@link POD_TEMPLATE_PATHS} has (in some API group). */
export function isTemplateKind(kind: string): boolean {
  return TEMPLATE_KINDS.has(kind);
}

/** Every pod template of `objects`, in object order. */
export function podTemplates(objects: readonly unknown[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  objects.forEach((obj, index) => {
    const t = podTemplate(obj, index);
    if (t !== undefined) out.push(t);
  });
  return out;
}

/** The pod template of one object, or undefined when it is not a workload. */
export function podTemplate(obj: unknown, index: number): PodTemplate | undefined {
  const owner = objectRef(obj, index);
  return owner === undefined ? undefined : podTemplateOf(obj, owner);
}

/** The pod template of `obj`, whose identity is `owner`, or undefined when it is not a workload. */
export function podTemplateOf(obj: unknown, owner: ObjectRef): PodTemplate | undefined {
  if (!TEMPLATE_KINDS.has(owner.kind)) return undefined;
  const segments = POD_TEMPLATE_PATHS[`${apiGroup(owner.apiVersion)}/${owner.kind}`];
  if (segments === undefined) return undefined;
  let template: unknown = obj;
  for (const s of segments) template = field(template, s);
  if (!isObj(template)) return undefined;
  let templatePath: FieldPath | undefined;
  for (const s of segments) templatePath = templatePath === undefined ? FieldPath.root(s) : templatePath.child(s);
  const specPath = templatePath === undefined ? FieldPath.root('spec') : templatePath.child('spec');
  const spec = objField(template, 'spec');
  return {
    owner,
    labels: labelMap(field(objField(template, 'metadata'), 'labels')),
    specPath,
    containers: [...containersOf(spec, specPath, 'containers'), ...containersOf(spec, specPath, 'initContainers')],
  };
}

function containersOf(spec: Obj | undefined, specPath: FieldPath, list: 'containers' | 'initContainers'): TemplateContainer[] {
  const out: TemplateContainer[] = [];
  arrField(spec, list).forEach((c, ci) => {
    if (!isObj(c)) return;
    const path = specPath.child(list).index(ci);
    const ports: DeclaredPort[] = [];
    arrField(c, 'ports').forEach((p, pi) => {
      if (!isObj(p)) return;
      const cp = p['containerPort'];
      const name = strField(p, 'name');
      ports.push({
        name: name === '' ? undefined : name,
        containerPort: typeof cp === 'number' && Number.isInteger(cp) ? cp : undefined,
        protocol: strField(p, 'protocol') ?? 'TCP',
        path: path.child('ports').index(pi),
      });
    });
    out.push({ name: strField(c, 'name') ?? '', list, path, ports });
  });
  return out;
}

/** True when every key=value of `selector` is among `labels`. An empty selector selects nothing here. */
export function selects(selector: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>): boolean {
  if (selector.size === 0) return false;
  for (const [k, v] of selector) {
    if (labels.get(k) !== v) return false;
  }
  return true;
}
