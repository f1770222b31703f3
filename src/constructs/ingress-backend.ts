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

/** `{ number }` or `{ name }` of `backend.service.port`, or `undefined` when the request matches no single port. */
export function backendPort(request: BackendPortRequest, ports: readonly ServicePortSpec[]): { number: number } | { name: string } | undefined {
  if (request === undefined) {
    const only = ports.length === 1 ? ports[0] : undefined;
    return only !== undefined ? { number: only.port } : undefined;
  }
  if (typeof request === 'number') return ports.some((p) => p.port === request) ? { number: request } : undefined;
  return ports.some((p) => p.name === request) ? { name: request } : undefined;
}

/** Why `request` names no single port of `ports`, as a finding on `spec.ports`; `undefined` when it does. */
export function backendPortFinding(request: BackendPortRequest, ports: readonly ServicePortSpec[]): Finding | undefined {
  if (backendPort(request, ports) !== undefined) return undefined;
  if (ports.length === 0) return required(PORTS, 'an Ingress backend needs a port of this Service; add one', RULE);
  const listed = ports.map((p) => (p.name !== undefined ? `${p.port} ("${p.name}")` : String(p.port))).join(', ');
  if (request === undefined) {
    return invalid(PORTS, ports.map((p) => p.port), `an Ingress backend of a Service with several ports must name one: ingressBackend({ port }) with one of ${listed}`, RULE);
  }
  const what = typeof request === 'number' ? `port ${request}` : `a port named "${request}"`;
  return invalid(PORTS, ports.map((p) => p.port), `the Ingress backend asks for ${what}, which this Service does not have; its ports: ${listed}`, RULE);
}

/** The private constructor of cdk8s-plus's IngressBackend, which takes the backend as the manifest spells it. */
type IngressBackendConstructor = new (backend: unknown) => kplus.IngressBackend;

/**
 * A cdk8s-plus-28 IngressBackend for the Service `name`, whose port is chosen when the app is
 * synthesized (ports added later count). A request that matches no single port renders no port
 * (`{}`); synthesis reports it (see {@link backendPortFinding}).
 */
export function serviceIngressBackend(name: string, request: BackendPortRequest, ports: () => readonly ServicePortSpec[]): kplus.IngressBackend {
  const { IngressBackend } = require('cdk8s-plus-28') as typeof kplus;
  const port = Lazy.any({ produce: () => backendPort(request, ports()) ?? {} });
  return new (IngressBackend as unknown as IngressBackendConstructor)({ service: { name, port } });
}
