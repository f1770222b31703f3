import { serviceToEntry } from '../../src/import/service-entry';

function service(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', ...metadata }, spec, ...extra };
}

describe('serviceToEntry: a Service written by hand', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['one unnamed port becomes a shorthand; TCP and targetPort = port are left out', { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'api' } }, { name: 'api', ports: ['80'], selector: { app: 'api' } }],
    ['a numeric targetPort', { ports: [{ port: 80, targetPort: 8080 }] }, { name: 'api', ports: ['80:8080'] }],
    ['UDP is written', { ports: [{ port: 53, protocol: 'UDP', targetPort: 'dns' }] }, { name: 'api', ports: ['53:dns/UDP'] }],
    [
      'named ports, appProtocol and node ports take the long form',
      { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080, appProtocol: 'http' }, { name: 'grpc', port: 9090 }] },
      { name: 'api', type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080, appProtocol: 'http' }, { name: 'grpc', port: 9090 }] },
    ],
    ['clusterIP None is headless', { clusterIP: 'None', ports: [{ port: 5432 }], selector: { app: 'db' } }, { name: 'api', headless: true, ports: ['5432'], selector: { app: 'db' } }],
    ['a fixed cluster IP in a file is kept', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] }, { name: 'api', clusterIP: '10.96.0.50', ports: ['80'] }],
    ['ExternalName', { type: 'ExternalName', externalName: 'db.example.com' }, { name: 'api', type: 'ExternalName', externalName: 'db.example.com' }],
    [
      'values equal to the defaults are kept as written',
      { type: 'ClusterIP', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } }, internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], ports: [{ port: 80 }] },
      { name: 'api', type: 'ClusterIP', ports: ['80'], internalTrafficPolicy: 'Cluster', sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600, ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' },
    ],
    ['trafficDistribution is kept', { ports: [{ port: 80 }], trafficDistribution: 'PreferClose' }, { name: 'api', ports: ['80'], trafficDistribution: 'PreferClose' }],
  ])('%s', (_name, spec, entry) => {
    const r = serviceToEntry(service(spec));
    expect(r.entry).toEqual(entry);
    expect(r.dropped).toEqual([]);
    expect(r.inexpressible).toEqual([]);
    expect(r.fromServer).toBe(false);
  });

  test('the namespace, labels and annotations are kept; the spec labels and last-applied are dropped', () => {
    const r = serviceToEntry(
      service({ ports: [{ port: 80 }] }, { namespace: 'shop', labels: { app: 'api', 'app.kubernetes.io/managed-by': 'Helm', 'appsvc.dev/spec': 'old' }, annotations: { team: 'a', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }),
    );
    expect(r.entry).toEqual({ name: 'api', namespace: 'shop', ports: ['80'], labels: { app: 'api' }, annotations: { team: 'a' } });
    expect(r.dropped.map((d) => d.field)).toEqual([
      'metadata.labels["app.kubernetes.io/managed-by"]',
      'metadata.labels["appsvc.dev/spec"]',
      'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]',
    ]);
  });
});

describe('serviceToEntry: a Service read from a cluster', () => {
  const live = service(
    {
      type: 'LoadBalancer',
      clusterIP: '10.96.1.2',
      clusterIPs: ['10.96.1.2'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      externalTrafficPolicy: 'Local',
      healthCheckNodePort: 32000,
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
      sessionAffinity: 'None',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }],
      selector: { app: 'api' },
    },
    { namespace: 'shop', uid: 'u', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z', generation: 1, managedFields: [] },
    { status: { loadBalancer: { ingress: [{ ip: '203.0.113.1' }] } } },
  );

  test('what the server allocated or defaulted is dropped and listed', () => {
    const r = serviceToEntry(live);
    expect(r.fromServer).toBe(true);
    expect(r.entry).toEqual({ name: 'api', namespace: 'shop', type: 'LoadBalancer', ports: [{ name: 'http', port: 80, targetPort: 8080 }], selector: { app: 'api' }, externalTrafficPolicy: 'Local' });
    expect(r.dropped.map((d) => [d.field, d.reason])).toEqual([
      ['metadata.uid', 'set by the API server'],
      ['metadata.resourceVersion', 'set by the API server'],
      ['metadata.creationTimestamp', 'set by the API server'],
      ['metadata.generation', 'set by the API server'],
      ['metadata.managedFields', 'set by the API server'],
      ['status', 'set by the cluster'],
      ['spec.clusterIP', 'allocated by the cluster'],
      ['spec.clusterIPs', 'allocated by the cluster'],
      ['spec.ports[0].nodePort', 'allocated by the cluster (--keep-node-ports keeps it)'],
      ['spec.internalTrafficPolicy', 'the API server default'],
      ['spec.sessionAffinity', 'the API server default'],
      ['spec.ipFamilyPolicy', 'the API server default'],
      ['spec.ipFamilies', "the cluster's primary IP family, set by the API server"],
      ['spec.allocateLoadBalancerNodePorts', 'the API server default'],
      ['spec.healthCheckNodePort', 'allocated by the cluster (--keep-node-ports keeps it)'],
    ]);
  });

  test('--keep-node-ports keeps node ports and the health-check node port', () => {
    const r = serviceToEntry(live, { keepNodePorts: true });
    expect(r.entry.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080 }]);
    expect(r.entry.healthCheckNodePort).toBe(32000);
    expect(r.dropped.map((d) => d.field)).not.toContain('spec.ports[0].nodePort');
  });

  test('a dual-stack policy the user chose is kept', () => {
    const r = serviceToEntry(service({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'], clusterIPs: ['10.0.0.1', 'fd00::1'], ports: [{ port: 80 }] }, { uid: 'u' }));
    expect(r.entry).toEqual({ name: 'api', ports: ['80'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' });
  });
});

describe('serviceToEntry: what a spec entry cannot express', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    ['finalizers', service({ ports: [{ port: 80 }] }, { finalizers: ['example.com/keep'] }), ['metadata.finalizers: a spec entry has no finalizers (add it with a JSON patch on the AppService, or leave this Service out)']],
    [
      'owner references',
      service({ ports: [{ port: 80 }] }, { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' }] }),
      ['metadata.ownerReferences: a spec entry has no ownerReferences (add it with a JSON patch on the AppService, or leave this Service out)'],
    ],
    ['generateName', service({ ports: [{ port: 80 }] }, { generateName: 'api-' }), ['metadata.generateName: a spec entry has no generateName (add it with a JSON patch on the AppService, or leave this Service out)']],
    ['an unknown spec field', service({ ports: [{ port: 80 }], topologyKeys: ['kubernetes.io/hostname'] }), ['spec.topologyKeys: not a field a spec entry has']],
  ])('%s', (_name, obj, expected) => {
    expect(serviceToEntry(obj).inexpressible).toEqual(expected);
  });
});
