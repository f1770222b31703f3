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
      [1, 'lint/service-node-port-unique', 'spec.ports[1].nodePort: nodePort 30080 is also requested by Service "one/a" at spec.ports[0].nodePort; node ports are allocated once per cluster, so the Service applied second would be refused'],
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
      [1, 'lint/service-name-unique', 'metadata.name: Service "default/api" is defined twice in the set (first as object 1); the one applied second replaces the first'],
    ]);
  });

  test('the same name in other namespaces, or for other kinds, passes', () => {
    const a = service('api', { app: 'a' }, [{ port: 80 }], { namespace: 'one' });
    const b = service('api', { app: 'b' }, [{ port: 80 }], { namespace: 'two' });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api', namespace: 'one' } };
    expect(lintManifests([a, b, cm])).toEqual([]);
  });
});

describe('which objects the clash checks read', () => {
  test('clashes are the same whether or not the set holds workloads', () => {
    const a = nodePort('api', [{ port: 80, nodePort: 30080 }], 'one');
    const b = nodePort('api', [{ port: 81, nodePort: 30080 }], 'one');
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'one' }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [] } } } };
    const expected: [number, string, string][] = [
      [1, 'lint/service-node-port-unique', 'spec.ports[0].nodePort: nodePort 30080 is also requested by Service "one/api" at spec.ports[0].nodePort; node ports are allocated once per cluster, so the Service applied second would be refused'],
      [1, 'lint/service-name-unique', 'metadata.name: Service "one/api" is defined twice in the set (first as object 1); the one applied second replaces the first'],
    ];
    expect(messages([a, b])).toEqual(expected);
    expect(messages([deploy, a, b]).map(([i, rule, msg]) => [i - 1, rule, msg.replace('first as object 2', 'first as object 1')])).toEqual(expected);
  });

  test('only core v1 Services with a name take part; an empty namespace is the default one', () => {
    const first = service('api', undefined, [{ port: 80 }]);
    const others: unknown[] = [
      { ...service('api', undefined, [{ port: 80 }]), apiVersion: 'v2' },
      { ...service('api', undefined, [{ port: 80 }]), apiVersion: undefined },
      { ...service('api', undefined, [{ port: 80 }]), kind: ['Service'] },
      { apiVersion: 'v1', kind: 'Service', metadata: ['api'] },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 7 } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '' } },
      null,
      'api',
      service('api', undefined, [{ port: 80 }], { namespace: '' }),
    ];
    expect(messages([first, ...others])).toEqual([
      [9, 'lint/service-name-unique', 'metadata.name: Service "default/api" is defined twice in the set (first as object 1); the one applied second replaces the first'],
    ]);
  });

  test('malformed ports and nodePorts are passed over', () => {
    const a = nodePort('a', [{ port: 80, nodePort: 30080 }]);
    // Entries that are not objects, and a hole.
    // eslint-disable-next-line no-sparse-arrays
    const ports: unknown[] = [null, , 'x', { port: 1, nodePort: '30080' }, { port: 2, nodePort: 30080.5 }, { port: 3, nodePort: 30080 }];
    const b = nodePort('b', ports as Record<string, unknown>[], undefined, 'LoadBalancer');
    const c = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'c' }, spec: { type: 'NodePort', ports: { nodePort: 30080 } } };
    expect(messages([a, b, c])).toEqual([
      [1, 'lint/service-node-port-unique', 'spec.ports[5].nodePort: nodePort 30080 is also requested by Service "default/a" at spec.ports[0].nodePort; node ports are allocated once per cluster, so the Service applied second would be refused'],
    ]);
  });
});
