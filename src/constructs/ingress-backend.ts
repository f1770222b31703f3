import { Lazy } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { FieldPath } from '../validation/field-path';
import { invalid, required, type Finding } from '../validation/field-error';
import type { ServicePortSpec } from './port-spec';

/**
 * Options of `AppService.ingressBackend()`: which port of the Service the Ingress sends traffic to.
 */
export interface AppServiceIngressBackendOptions {
  /**
   * The Service port: its number (`spec.ports[*].port`) or its name (`spec.ports[*].name`).
   * A name is written as `backend.service.port.name`, a number as `backend.service.port.number`.
   * @default - the Service's only port (an error at synthesis when it has none or several)
   */
  readonly port?: number | string;
}

/** Options of `AppService.exposeViaIngress()`, as cdk8s-plus-28's `Service.exposeViaIngress()` takes them. */
export interface AppServiceExposeViaIngressOptions extends AppServiceIngressBackendOptions {
  /**
   * The Ingress to add the rule to.
   * @default - a new Ingress, a child of the Service construct with id "Ingress"
   */
  readonly ingress?: kplus.Ingress;
  /**
   * How the path is matched.
   * @default - cdk8s-plus-28's default, `Prefix`
   */
  readonly pathType?: kplus.HttpIngressPathType;
}

/** The port a backend asks for (`undefined`: the Service's only port). */
export type BackendPortRequest = number | string | undefined;

const PORTS = FieldPath.root('spec').child('ports');
const RULE = { rule: 'appsvc/ingress-backend' };

/**
 * `{ number }` or `{ name }` of `backend.service.port`: the port asked for, as asked (a port the
 * Service does not have is rendered anyway, as kubectl would send it, and reported as a warning);
 * without a request the Service's only port, or `undefined` when it has none or several.
 */
export function backendPort(request: BackendPortRequest, ports: readonly ServicePortSpec[]): { number: number } | { name: string } | undefined {
  if (request === undefined) {
    const only = ports.length === 1 ? ports[0] : undefined;
    return only !== undefined ? { number: only.port } : undefined;
  }
  return typeof request === 'number' ? { number: request } : { name: request };
}

/**
 * Why `request` names no single port of `ports`, as a finding on `spec.ports`; `undefined` when it
 * does. No request with none or several ports is an error: the backend has no port, which the API
 * server rejects for the Ingress. A number or name the Service does not have is a warning: the API
 * server accepts the Ingress, and its controller answers 503 on that path.
 */
export function backendPortFinding(request: BackendPortRequest, ports: readonly ServicePortSpec[]): Finding | undefined {
  const listed = ports.map((p) => (p.name !== undefined ? `${p.port} ("${p.name}")` : String(p.port))).join(', ');
  if (request === undefined) {
    if (ports.length === 1) return undefined;
    if (ports.length === 0) return required(PORTS, 'an Ingress backend needs a port of this Service; add one', RULE);
    return invalid(PORTS, ports.map((p) => p.port), `an Ingress backend of a Service with several ports must name one: ingressBackend({ port }) with one of ${listed}`, RULE);
  }
  const found = typeof request === 'number' ? ports.some((p) => p.port === request) : ports.some((p) => p.name === request);
  if (found) return undefined;
  const what = typeof request === 'number' ? `port ${request}` : `a port named "${request}"`;
  return invalid(PORTS, ports.map((p) => p.port), `the Ingress backend asks for ${what}, which this Service does not have${ports.length > 0 ? `; its ports: ${listed}` : ''}`, { ...RULE, severity: 'warning' });
}

/** The private constructor of cdk8s-plus's IngressBackend, which takes the backend as the manifest spells it. */
type IngressBackendConstructor = new (backend: unknown) => kplus.IngressBackend;

/**
 * A cdk8s-plus-28 IngressBackend for the Service `name`, whose port is chosen when the app is
 * synthesized (ports added later count). Without a request, a Service with none or several ports
 * renders no port (`{}`); synthesis reports it (see {@link backendPortFinding}).
 */
export function serviceIngressBackend(name: string, request: BackendPortRequest, ports: () => readonly ServicePortSpec[]): kplus.IngressBackend {
  const { IngressBackend } = require('cdk8s-plus-28') as typeof kplus;
  const port = Lazy.any({ produce: () => backendPort(request, ports()) ?? {} });
  return new (IngressBackend as unknown as IngressBackendConstructor)({ service: { name, port } });
}
