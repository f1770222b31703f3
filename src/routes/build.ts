/**
 * Where each Service port sends traffic: the workloads whose pods the selector matches and the
 * container port the targetPort resolves to. Pure: decoded manifests in, routes out. Pod templates
 * and selector matching are the cross-object checks' (`src/lint`).
 */
import { arrField, field, isObj, isService, labelMap, objectRef, objField, strField, type ObjectRef } from '../lint/objects';
import { TemplateIndex } from '../lint/template-index';
import { podTemplateOf, type PodTemplate } from '../lint/workloads';
import { selectTemplates } from '../lint/select';

/** A Service, as routes name it. */
export interface RouteService {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  /** `clusterIP: None`: DNS names the pods, no virtual IP. */
  readonly headless: boolean;
}

/** One Service port, defaulted as the API server defaults it. */
export interface RoutePort {
  readonly name: string | undefined;
  readonly port: number;
  readonly protocol: string;
  /** The targetPort as written (the port's number when omitted). */
  readonly targetPort: number | string;
}

/** Where one port of one Service reaches, in one workload. */
export interface RouteTarget {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The container that declares the port, when one does. */
  readonly container: string | undefined;
  /** The port number traffic reaches on the pod; undefined when a named targetPort resolves to nothing. */
  readonly containerPort: number | undefined;
  /** The declared port's name, when it has one. */
  readonly portName: string | undefined;
  /** Only these pods are selected (a selector on `statefulset.kubernetes.io/pod-name`…); undefined: all of them. */
  readonly pods: readonly string[] | undefined;
  /** What is wrong on this path (empty when nothing). */
  readonly problems: readonly string[];
}

/** One Service port and where it reaches. */
export interface Route {
  readonly service: RouteService;
  readonly port: RoutePort | undefined;
  readonly targets: readonly RouteTarget[];
  /** What is wrong with the port as a whole (selects no pods, no selector…). */
  readonly problems: readonly string[];
  /** For an ExternalName Service: where its DNS name points. */
  readonly externalName?: string;
}

/** True when a route, or one of its targets, has a problem. */
export function hasProblem(r: Route): boolean {
  return r.problems.length > 0 || r.targets.some((t) => t.problems.length > 0);
}

/**
 * The routes of every v1 Service of `objects`, in object order, one per port (one without a port
 * for a Service without ports), matched against every pod template of `objects`.
 */
export function buildRoutes(objects: readonly unknown[]): Route[] {
  const templates: PodTemplate[] = [];
  const services: Array<{ ref: ObjectRef; obj: unknown }> = [];
  objects.forEach((obj, index) => {
    const ref = objectRef(obj, index);
    if (ref === undefined) return;
    if (isService(ref)) services.push({ ref, obj });
    const template = podTemplateOf(obj, ref);
    if (template !== undefined) templates.push(template);
  });
  const index = new TemplateIndex(templates);
  const routes: Route[] = [];
  for (const { ref, obj } of services) {
    const spec = objField(obj, 'spec');
    const type = strField(spec, 'type') ?? 'ClusterIP';
    const service: RouteService = { namespace: ref.namespace, name: ref.name, type, headless: strField(spec, 'clusterIP') === 'None' };
    const ports = arrField(spec, 'ports').map(portOf);
    const portList: Array<RoutePort | undefined> = ports.length === 0 ? [undefined] : ports;
    if (type === 'ExternalName') {
      const externalName = strField(spec, 'externalName') ?? '';
      for (const port of portList) routes.push({ service, port, targets: [], problems: [], externalName });
      continue;
    }
    const selector = labelMap(field(spec, 'selector'));
    if (selector.size === 0) {
      for (const port of portList) routes.push({ service, port, targets: [], problems: ['no selector: its endpoints are managed by hand (EndpointSlices)'] });
      continue;
    }
    const selected = selectTemplates(index, objects, ref.namespace, selector);
    if (selected.length === 0) {
      const problem = templates.length === 0 ? 'no workloads in the input to match the selector against' : `selects no pods: no workload in namespace ${JSON.stringify(ref.namespace)} has pods labelled ${render(selector)}`;
      for (const port of portList) routes.push({ service, port, targets: [], problems: [problem] });
      continue;
    }
    for (const port of portList) {
      routes.push({ service, port, targets: selected.map((s) => targetOf(s.template, s.pods, s.problems, port)), problems: [] });
    }
  }
  return routes;
}

function portOf(p: unknown): RoutePort {
  const port = isObj(p) && typeof p['port'] === 'number' ? p['port'] : 0;
  const raw = field(p, 'targetPort');
  const targetPort = typeof raw === 'string' && raw !== '' ? raw : typeof raw === 'number' && raw !== 0 ? raw : port;
  const name = strField(p, 'name');
  return { name: name === '' ? undefined : name, port, protocol: strField(p, 'protocol') ?? 'TCP', targetPort };
}

/** Where `port` reaches in the pods of `template`: the first regular container port that matches, as the endpoints controller resolves it. */
function targetOf(template: PodTemplate, pods: readonly string[] | undefined, selectProblems: readonly string[], port: RoutePort | undefined): RouteTarget {
  const base = { kind: template.owner.kind, namespace: template.owner.namespace, name: template.owner.name, pods };
  const problems = [...selectProblems];
  if (port === undefined) return { ...base, container: undefined, containerPort: undefined, portName: undefined, problems };
  const containers = template.containers.filter((c) => c.list === 'containers');
  if (typeof port.targetPort === 'string') {
    for (const c of containers) {
      const p = c.ports.find((d) => d.name === port.targetPort && d.protocol === port.protocol);
      if (p !== undefined) return { ...base, container: c.name, containerPort: p.containerPort, portName: p.name, problems };
    }
    problems.push(`no container declares a port named ${JSON.stringify(port.targetPort)} (${port.protocol}): the Service has no endpoints for this port`);
    return { ...base, container: undefined, containerPort: undefined, portName: undefined, problems };
  }
  for (const c of containers) {
    const p = c.ports.find((d) => d.containerPort === port.targetPort && d.protocol === port.protocol);
    if (p !== undefined) return { ...base, container: c.name, containerPort: port.targetPort, portName: p.name, problems };
  }
  problems.push(`no container declares containerPort ${port.targetPort}/${port.protocol}: traffic reaches it only if a process listens there`);
  return { ...base, container: undefined, containerPort: port.targetPort, portName: undefined, problems };
}

function render(labels: ReadonlyMap<string, string>): string {
  return [...labels].map(([k, v]) => `${k}=${v}`).join(',');
}
