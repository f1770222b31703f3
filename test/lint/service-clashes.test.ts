import { lintManifests } from '../../src/lint';
import { service } from './manifests';

function messages(objects: readonly unknown[]): [number, string | undefined, string][] {
  return lintManifests(objects).map((f) => [f.index, f.finding.rule, f.finding.message]);
}

const nodePort = (name: string, ports: readonly Record<string, unknown>[], namespace?: string, type = 'NodePort'): Record<string, unknown> =>
  service(name, undefined, ports, { spec: { type }, ...(namespace === undefined ? {} : { namespace }) });

describe('lint/service-node-port-unique', () => {
  test('the same nodePort in two Services, even in different namespaces and protocols', () => {
    const a = nodePort('a', [{ port: 80, nodePort: 30080 }], 'one');
    const b = nodePort('b', [{ port: 53, protocol: 'UDP', nodePort: 30053 }, { port: 81, protocol: 'UDP', nodePort: 30080 }], 'two', 'LoadBalancer');
    expect(messages([a, b])).toEqual([
      [1, 'lint/service-node-port-unique', 'spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated (requested by Service "one/a" at spec.ports[0].nodePort)'],
    ]);
  });

  test('one Service may use a nodePort for TCP and UDP of the same port', () => {
    expect(lintManifests([nodePort('dns', [{ name: 'tcp', port: 53, nodePort: 30053 }, { name: 'udp', port: 53, protocol: 'UDP', nodePort: 30053 }])])).toEqual([]);
  });

  test('distinct nodePorts, unset or zero nodePorts, and other types pass', () => {
    expect(lintManifests([nodePort('a', [{ port: 80, nodePort: 30080 }]), nodePort('b', [{ port: 80, nodePort: 30081 }])])).toEqual([]);
    expect(lintManifests([nodePort('a', [{ port: 80 }]), nodePort('b', [{ port: 80, nodePort: 0 }]), nodePort('c', [{ port: 80 }])])).toEqual([]);
    expect(lintManifests([nodePort('a', [{ port: 80, nodePort: 30080 }]), nodePort('b', [{ port: 80, nodePort: 30080 }], undefined, 'ExternalName')])).toEqual([]);
  });
});

describe('lint/service-name-unique', () => {
  test('two Services with the same namespace and name; default namespace when missing', () => {
    const a = service('api', { app: 'a' }, [{ port: 80 }]);
    const b = service('api', { app: 'b' }, [{ port: 80 }], { namespace: 'default' });
    expect(messages([a, b])).toEqual([
      [1, 'lint/service-name-unique', 'metadata.name: Duplicate value: "api": Service "default/api" is already defined (object 1 of the set); the later one would replace it'],
    ]);
  });

  test('the same name in other namespaces, or for other kinds, passes', () => {
    const a = service('api', { app: 'a' }, [{ port: 80 }], { namespace: 'one' });
    const b = service('api', { app: 'b' }, [{ port: 80 }], { namespace: 'two' });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api', namespace: 'one' } };
    expect(lintManifests([a, b, cm])).toEqual([]);
  });
});
