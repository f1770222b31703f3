import { FieldPath } from '../validation/field-path';
import { ownFinding } from './finding';
import { arrField, isObj, metadataName, metadataNamespace, objectRef, refNameNamespaced } from './objects';
import type { LintFinding } from './types';

/** Service types that allocate node ports. */
const NODE_PORT_TYPES: ReadonlySet<string> = new Set(['NodePort', 'LoadBalancer']);

/**
 * Clashes between the core `v1` Services of `objects`, reported on the later one:
 * `lint/service-name-unique` (same namespace and name) and `lint/service-node-port-unique` (a
 * nodePort another Service already requests; node ports are cluster-wide, so namespaces do not
 * matter, nor protocols: the allocator keys on the number).
 *
 * Reads each Service's name, namespace and type in place: the identity of a Service
 * ({@link objectRef}) is only built for the messages of the clashes found.
 */
export function checkServiceClashes(objects: readonly unknown[]): LintFinding[] {
  const out: LintFinding[] = [];
  // By namespace, then name, to the index of the first Service: no key string per Service.
  const byName = new Map<string, Map<string, number>>();
  let byNodePort: Map<number, { index: number; path: FieldPath }> | undefined;
  for (let index = 0; index < objects.length; index++) {
    const obj = objects[index];
    // What `objectRef` and `isService` read, without building the identity.
    if (!isObj(obj) || obj['kind'] !== 'Service' || obj['apiVersion'] !== 'v1') continue;
    const name = metadataName(obj);
    if (name !== '') {
      const ns = metadataNamespace(obj);
      let names = byName.get(ns);
      if (names === undefined) byName.set(ns, (names = new Map()));
      const first = names.get(name);
      if (first === undefined) names.set(name, index);
      else {
        out.push({
          index,
          finding: ownFinding(
            'lint/service-name-unique',
            FieldPath.root('metadata').child('name'),
            name,
            `${serviceName(objects, first)} is defined twice in the set (first as object ${first + 1}); the one applied second replaces the first`,
            { type: 'FieldValueDuplicate' },
          ),
        });
      }
    }
    const spec = obj['spec'];
    if (!isObj(spec)) continue;
    const type = spec['type'];
    if (typeof type !== 'string' || !NODE_PORT_TYPES.has(type)) continue;
    byNodePort ??= new Map();
    // Within one Service, ports with the same port number share their nodePort; the validator checks the rest.
    const own = new Set<number>();
    const ports = arrField(spec, 'ports');
    for (let i = 0; i < ports.length; i++) {
      const port = ports[i];
      if (!isObj(port)) continue;
      const nodePort = port['nodePort'];
      if (typeof nodePort !== 'number' || !Number.isInteger(nodePort) || nodePort === 0) continue;
      const path = FieldPath.root('spec').child('ports').index(i).child('nodePort');
      const first = byNodePort.get(nodePort);
      if (first === undefined) {
        byNodePort.set(nodePort, { index, path });
        own.add(nodePort);
      } else if (!own.has(nodePort)) {
        out.push({
          index,
          finding: ownFinding(
            'lint/service-node-port-unique',
            path,
            nodePort,
            `nodePort ${nodePort} is also requested by ${serviceName(objects, first.index)} at ${first.path.toString()}; node ports are allocated once per cluster, so the Service applied second would be refused`,
          ),
        });
      }
    }
  }
  return out;
}

/** `Service "namespace/name"` for the Service at `index` of `objects`. */
function serviceName(objects: readonly unknown[], index: number): string {
  const ref = objectRef(objects[index], index);
  return ref === undefined ? '' : refNameNamespaced(ref);
}
