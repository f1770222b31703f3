/**
 * Port rules of `ValidateService` (#15-#26): each `spec.ports[i]` (`validateServicePort`) and the
 * checks across ports.
 */
import { duplicate, forbidden, invalid, notSupported, required, type Finding } from './field-error';
import type { FieldPath } from './field-path';
import { isDNS1123Label, isQualifiedName, isValidPortName, isValidPortNum } from './formats';
import type { Items, PortModel } from './model';
import { KUBELET_PORT } from './well-known';

/** The port protocols of Kubernetes 1.28, in the order the server lists them. */
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
/** One of {@link PORT_PROTOCOLS}. */
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];
const PROTOCOL_SET: ReadonlySet<string> = new Set(PORT_PROTOCOLS);

export { KUBELET_PORT } from './well-known';

/** `validateServicePort` (#15, #16, #17, #18, #19, #20/#21, #22). */
function validateServicePort(sp: PortModel, requireName: boolean, names: Set<string>, path: FieldPath, out: Finding[]): void {
  const { name } = sp;
  if (name !== null) {
    if (requireName && name === '') {
      out.push(required(path.child('name'), '', { rule: 'k8s/port-name-required' }));
    } else if (name !== '') {
      for (const msg of isDNS1123Label(name)) out.push(invalid(path.child('name'), name, msg, { rule: 'k8s/port-name' }));
      if (names.has(name)) out.push(duplicate(path.child('name'), name, { rule: 'k8s/port-name-unique' }));
      else names.add(name);
    }
  }
  if (sp.port !== null) {
    for (const msg of isValidPortNum(sp.port)) out.push(invalid(path.child('port'), sp.port, msg, { rule: 'k8s/port-range' }));
  }
  if (sp.protocol !== null && !PROTOCOL_SET.has(sp.protocol)) {
    out.push(notSupported(path.child('protocol'), sp.protocol, PORT_PROTOCOLS, { rule: 'k8s/port-protocol' }));
  }
  const target = sp.targetPort;
  if (typeof target === 'number') {
    for (const msg of isValidPortNum(target)) out.push(invalid(path.child('targetPort'), target, msg, { rule: 'k8s/target-port' }));
  } else if (typeof target === 'string') {
    for (const msg of isValidPortName(target)) out.push(invalid(path.child('targetPort'), target, msg, { rule: 'k8s/target-port' }));
  }
  if (typeof sp.appProtocol === 'string') {
    for (const msg of isQualifiedName(sp.appProtocol)) out.push(invalid(path.child('appProtocol'), sp.appProtocol, msg, { rule: 'k8s/app-protocol' }));
  }
}

/** #15-#22 for every port. */
export function validatePorts(ports: Items<PortModel>, path: FieldPath, out: Finding[]): void {
  const names = new Set<string>();
  const requireName = ports.length > 1;
  ports.forEach((p, i) => {
    if (p !== null) validateServicePort(p, requireName, names, path.index(i), out);
  });
}

/** #26: a LoadBalancer may not expose the kubelet port. */
export function validateKubeletPort(ports: Items<PortModel>, path: FieldPath, out: Finding[]): void {
  ports.forEach((p, i) => {
    if (p !== null && p.port === KUBELET_PORT) {
      out.push(invalid(path.index(i), p.port, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`, { rule: 'k8s/lb-kubelet-port' }));
    }
  });
}

/** #24: no nodePort on a ClusterIP Service. */
export function validateNoNodePorts(ports: Items<PortModel>, path: FieldPath, out: Finding[]): void {
  ports.forEach((p, i) => {
    if (p !== null && p.nodePort !== null && p.nodePort !== 0) {
      out.push(forbidden(path.index(i).child('nodePort'), "may not be used when `type` is 'ClusterIP'", { rule: 'k8s/node-port-forbidden' }));
    }
  });
}

/**
 * #25: `(protocol, nodePort)` pairs are unique. Indices in `alreadyReported` (where the nodePort
 * allocator already reported the same path) are skipped.
 */
export function validateUniqueNodePorts(ports: Items<PortModel>, path: FieldPath, alreadyReported: ReadonlySet<number>, out: Finding[]): void {
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (p === null || p.nodePort === null || p.nodePort === 0 || p.protocol === null) return;
    const key = `${p.protocol}:${p.nodePort}`;
    if (seen.has(key)) {
      if (!alreadyReported.has(i)) out.push(duplicate(path.index(i).child('nodePort'), p.nodePort, { rule: 'k8s/node-port-unique' }));
    } else {
      seen.add(key);
    }
  });
}

/** #23: `(protocol, port)` pairs are unique; reported on the whole later port. */
export function validateUniquePorts(ports: Items<PortModel>, path: FieldPath, out: Finding[]): void {
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    if (p === null || p.port === null || p.protocol === null) return;
    const key = `${p.protocol}:${p.port}`;
    // The server reports the key it compares: a ServicePort with only protocol and port set.
    if (seen.has(key)) out.push(duplicate(path.index(i), { Name: '', Protocol: p.protocol, AppProtocol: null, Port: p.port, TargetPort: 0, NodePort: 0 }, { rule: 'k8s/port-unique' }));
    else seen.add(key);
  });
}
