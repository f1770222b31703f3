import { PROTOCOLS, type Protocol } from './service-values';

/**
 * One port of a Service, in the words of the manifest (`spec.ports[*]`).
 */
export interface ServicePortSpec {
  /** The port the Service exposes (`port`), 1-65535. */
  readonly port: number;
  /**
   * The port's name (`name`), a DNS-1123 label, unique within the Service.
   * @default - none for a Service with one port; with several ports, a name derived from the
   *   port as `kubectl create service` derives it ("80-8080", "80", or the targetPort's name)
   */
  readonly name?: string;
  /**
   * The protocol (`protocol`).
   * @default - "TCP" (set by the API server)
   */
  readonly protocol?: Protocol;
  /**
   * The port on the pods (`targetPort`): a number, or the name of a container port.
   * @default - the value of `port` (set by the API server)
   */
  readonly targetPort?: number | string;
  /**
   * The port on every node (`nodePort`) for NodePort and LoadBalancer Services.
   * @default - allocated by the API server when the Service type needs one
   */
  readonly nodePort?: number;
  /**
   * The application protocol (`appProtocol`), e.g. "http" or "kubernetes.io/h2c".
   * @default - none
   */
  readonly appProtocol?: string;
}

/**
 * A port as AppService accepts it: the structured form, or a shorthand string
 * `PORT[:TARGETPORT][/PROTOCOL]` such as "80", "80:8080", "443:https" or "53:53/UDP".
 */
export type ServicePortInput = ServicePortSpec | string;

/** What {@link parsePortShorthand} returns: the port, or every problem found in the text. */
export type PortShorthandResult =
  | { readonly ok: true; readonly port: ServicePortSpec }
  | { readonly ok: false; readonly problems: readonly string[] };

/** The grammar, as quoted in messages. */
export const PORT_SHORTHAND_FORM = 'PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"';

const DIGITS = /^[0-9]+$/;

/**
 * Parses the shorthand `PORT[:TARGETPORT][/PROTOCOL]`.
 *
 * Only the form is checked here; value rules (port range, port-name format) are the validator's,
 * so a shorthand and the equivalent structured port produce the same messages. A TARGETPORT made
 * only of digits is a number; anything else is a port name. PROTOCOL is spelled as in the
 * manifest (`TCP`, `UDP`, `SCTP`).
 */
export function parsePortShorthand(text: string): PortShorthandResult {
  const problems: string[] = [];
  if (text.length === 0) return { ok: false, problems: [`must not be empty; expected ${PORT_SHORTHAND_FORM}`] };
  if (/\s/.test(text)) problems.push('must not contain whitespace');

  const slash = text.split('/');
  if (slash.length > 2) {
    problems.push(`has ${slash.length - 1} "/" separators; expected ${PORT_SHORTHAND_FORM}`);
    return { ok: false, problems };
  }
  const [ports = '', protocolText] = slash;
  const colon = ports.split(':');
  if (colon.length > 2) {
    problems.push(`has ${colon.length - 1} ":" separators; expected ${PORT_SHORTHAND_FORM}`);
    return { ok: false, problems };
  }
  const [portText = '', targetText] = colon;

  let port = 0;
  if (portText.length === 0) problems.push(`the port before ":" or "/" must not be empty; expected ${PORT_SHORTHAND_FORM}`);
  else if (!DIGITS.test(portText)) problems.push(`port ${JSON.stringify(portText)} must be a number; expected ${PORT_SHORTHAND_FORM}`);
  else port = Number(portText);

  let targetPort: number | string | undefined;
  if (targetText !== undefined) {
    if (targetText.length === 0) problems.push('the targetPort after ":" must not be empty');
    else targetPort = DIGITS.test(targetText) ? Number(targetText) : targetText;
  }

  let protocol: Protocol | undefined;
  if (protocolText !== undefined) {
    if (protocolText.length === 0) problems.push('the protocol after "/" must not be empty');
    else {
      const found = PROTOCOLS.find((p) => p === protocolText);
      if (found !== undefined) protocol = found;
      else {
        const hint = PROTOCOLS.find((p) => p === protocolText.toUpperCase());
        const supported = PROTOCOLS.map((p) => JSON.stringify(p)).join(', ');
        problems.push(`protocol ${JSON.stringify(protocolText)} is not supported: supported values: ${supported}${hint !== undefined ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`);
      }
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  const result: { -readonly [K in keyof ServicePortSpec]: ServicePortSpec[K] } = { port };
  if (targetPort !== undefined) result.targetPort = targetPort;
  if (protocol !== undefined) result.protocol = protocol;
  return { ok: true, port: result };
}

/** Renders a port back as a shorthand (name, nodePort and appProtocol are not part of it). */
export function formatPortShorthand(port: ServicePortSpec): string {
  let s = String(port.port);
  if (port.targetPort !== undefined) s += `:${port.targetPort}`;
  if (port.protocol !== undefined) s += `/${port.protocol}`;
  return s;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The name `kubectl create service` gives a port: the targetPort's name when it is a name, else
 * `<port>-<targetPort>` ("80-8080"), or `<port>` when there is no targetPort. A targetPort name
 * that could not be a port name (the validator reports it on `targetPort`) is not copied: the
 * port number is used instead, so the mistake is reported once.
 */
export function defaultPortName(port: ServicePortSpec): string {
  if (typeof port.targetPort === 'string') return port.targetPort.length <= 63 && DNS_1123_LABEL.test(port.targetPort) ? port.targetPort : String(port.port);
  if (port.targetPort === undefined) return String(port.port);
  return `${port.port}-${port.targetPort}`;
}

/**
 * Fills in the names of unnamed ports when there are several ports, as {@link defaultPortName}
 * derives them. When derived names coincide, each of them gets the protocol as a suffix
 * ("53-53-tcp", "53-53-udp"), and any that still coincide a counter ("80-tcp", "80-tcp-2"), so a
 * repeated port is reported once, as a repeated port. A port that has a name keeps it. With one
 * port, nothing changes.
 *
 * @param several whether the Service has several ports; defaults to `ports.length > 1`
 */
export function nameUnnamedPorts(ports: readonly ServicePortSpec[], several: boolean = ports.length > 1): ServicePortSpec[] {
  if (!several) return [...ports];
  const count = (names: ReadonlyArray<string | undefined>): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const n of names) if (n !== undefined) counts.set(n, (counts.get(n) ?? 0) + 1);
    return counts;
  };
  const derived = ports.map((p) => (p.name === undefined ? defaultPortName(p) : undefined));
  const derivedCounts = count(derived);
  const withProtocol = derived.map((d, i) => (d !== undefined && (derivedCounts.get(d) ?? 0) > 1 ? `${d}-${(ports[i]?.protocol ?? 'TCP').toLowerCase()}` : d));
  const seen = new Map<string, number>();
  return ports.map((p, i) => {
    const d = withProtocol[i];
    if (d === undefined) return p;
    const n = (seen.get(d) ?? 0) + 1;
    seen.set(d, n);
    return { ...p, name: n === 1 ? d : `${d}-${n}` };
  });
}
