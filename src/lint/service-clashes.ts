import { FieldPath } from '../validation/field-path';
import { duplicate, invalid } from '../validation/field-error';
import { withDetail } from './container-ports';
import { arrField, refNameNamespaced, field, isObj, objField } from './objects';
import type { ServiceEntry } from './service-targets';
import type { LintFinding } from './types';

/** Service types that allocate node ports. */
const NODE_PORT_TYPES: ReadonlySet<string> = new Set(['NodePort', 'LoadBalancer']);

/**
 * Clashes between Services of the set, reported on the later one:
 * `lint/service-name-unique` (same namespace and name) and `lint/service-node-port-unique` (a
 * nodePort another Service already requests; node ports are cluster-wide, so namespaces do not
 * matter, nor protocols: the allocator keys on the number).
 */
export function checkServiceClashes(services: readonly ServiceEntry[]): LintFinding[] {
  const out: LintFinding[] = [];
  // By namespace, then name: no key string per Service.
  const byName = new Map<string, Map<string, ServiceEntry>>();
  const byNodePort = new Map<number, { service: ServiceEntry; path: FieldPath }>();
  for (const s of services) {
    if (s.ref.name !== '') {
      let names = byName.get(s.ref.namespace);
      if (names === undefined) byName.set(s.ref.namespace, (names = new Map()));
      const first = names.get(s.ref.name);
      if (first === undefined) names.set(s.ref.name, s);
      else {
        out.push({
          index: s.ref.index,
          finding: withDetail(
            duplicate(FieldPath.root('metadata').child('name'), s.ref.name, { rule: 'lint/service-name-unique' }),
            `${refNameNamespaced(first.ref)} is already defined (object ${first.ref.index + 1} of the set); the later one would replace it`,
          ),
        });
      }
    }
    const spec = objField(s.obj, 'spec');
    const type = spec === undefined ? undefined : spec['type'];
    if (typeof type !== 'string' || !NODE_PORT_TYPES.has(type)) continue;
    // Within one Service, ports with the same port number share their nodePort; the validator checks the rest.
    const own = new Set<number>();
    arrField(spec, 'ports').forEach((port, i) => {
      if (!isObj(port)) return;
      const nodePort = field(port, 'nodePort');
      if (typeof nodePort !== 'number' || !Number.isInteger(nodePort) || nodePort === 0) return;
      const path = FieldPath.root('spec').child('ports').index(i).child('nodePort');
      const first = byNodePort.get(nodePort);
      if (first === undefined) {
        byNodePort.set(nodePort, { service: s, path });
        own.add(nodePort);
      } else if (!own.has(nodePort)) {
        out.push({
          index: s.ref.index,
          finding: invalid(path, nodePort, `provided port is already allocated (requested by ${refNameNamespaced(first.service.ref)} at ${first.path.toString()})`, {
            rule: 'lint/service-node-port-unique',
          }),
        });
      }
    });
  }
  return out;
}
