import { serviceStatus, type LiveObject } from '../../src/status/compare';
import { Live } from '../../src/status/run';

const DESIRED: LiveObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'appsvc', 'appsvc.dev/spec': 'shop' } },
  spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'dns', port: 53, protocol: 'UDP' }] },
};

function liveService(spec: Record<string, unknown> = {}, status: Record<string, unknown> = { loadBalancer: {} }): LiveObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', uid: 'u', resourceVersion: '3', labels: { 'app.kubernetes.io/managed-by': 'appsvc', 'appsvc.dev/spec': 'shop' } },
    spec: {
      type: 'LoadBalancer',
      clusterIP: '10.96.0.20',
      clusterIPs: ['10.96.0.20'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
      sessionAffinity: 'None',
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30001 },
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53, nodePort: 30002 },
      ],
      ...spec,
    },
    status,
  };
}

function slice(name: string, ports: unknown[], endpoints: unknown[], service = 'web'): LiveObject {
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: 'shop', labels: { 'kubernetes.io/service-name': service } }, addressType: 'IPv4', ports, endpoints };
}

function live(objects: LiveObject[]): Live {
  const l = new Live();
  l.addList({ items: objects });
  return l;
}

describe('serviceStatus', () => {
  test('a missing Service', () => {
    expect(serviceStatus(DESIRED, live([]))).toEqual({ namespace: 'shop', name: 'web', exists: false, type: 'LoadBalancer', clusterIP: null, loadBalancer: null, ports: [], drift: [] });
  });

  test('ready endpoints per port over every slice of the Service, each address once; LB pending', () => {
    const s = serviceStatus(
      DESIRED,
      live([
        liveService(),
        slice('web-a', [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }], [
          { addresses: ['10.0.0.1'], conditions: { ready: true } },
          { addresses: ['10.0.0.2'], conditions: { ready: false, serving: true, terminating: true } },
          { addresses: ['10.0.0.3'] },
        ]),
        slice('web-b', [{ name: 'http', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.0.0.1'], conditions: { ready: true } }, { addresses: ['10.0.0.4'], conditions: { ready: true } }]),
        slice('other-a', [{ name: 'http', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.0.0.9'] }], 'other'),
      ]),
    );
    expect(s).toEqual({
      namespace: 'shop',
      name: 'web',
      exists: true,
      type: 'LoadBalancer',
      clusterIP: '10.96.0.20',
      loadBalancer: [],
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', ready: 3, notReady: 1 },
        { name: 'dns', port: 53, protocol: 'UDP', ready: 2, notReady: 1 },
      ],
      drift: [],
    });
  });

  test('load-balancer addresses and drift from the spec', () => {
    const s = serviceStatus(DESIRED, live([liveService({ type: 'NodePort', allocateLoadBalancerNodePorts: undefined, selector: { app: 'web', track: 'canary' } }, { loadBalancer: { ingress: [{ ip: '203.0.113.5' }, { hostname: 'lb.example.com' }] } })]));
    expect(s.loadBalancer).toBeNull();
    expect(s.drift).toEqual([
      { field: 'spec.type', spec: '"LoadBalancer"', cluster: '"NodePort"' },
      { field: 'spec.selector', spec: '[["app","web"]]', cluster: '[["app","web"],["track","canary"]]' },
      { field: 'spec.allocateLoadBalancerNodePorts', spec: 'true', cluster: 'null' },
    ]);
    const lb = serviceStatus(DESIRED, live([liveService({}, { loadBalancer: { ingress: [{ ip: '203.0.113.5' }, { hostname: 'lb.example.com' }] } })]));
    expect(lb.loadBalancer).toEqual(['203.0.113.5', 'lb.example.com']);
    expect(lb.drift).toEqual([]);
  });

  test('a cluster IP the spec fixes is compared', () => {
    const desired = { ...DESIRED, spec: { ...(DESIRED['spec'] as Record<string, unknown>), clusterIP: '10.96.0.99' } };
    expect(serviceStatus(desired, live([liveService()])).drift.map((d) => d.field)).toEqual(['spec.clusterIP', 'spec.clusterIPs']);
  });
});

describe('Live', () => {
  test('applies watch events; an unchanged object is no change', () => {
    const l = new Live();
    expect(l.apply('ADDED', liveService())).toBe(true);
    expect(l.apply('MODIFIED', liveService())).toBe(false);
    expect(l.apply('BOOKMARK', liveService())).toBe(false);
    expect(l.apply('DELETED', liveService())).toBe(true);
    expect(l.services.size).toBe(0);
  });
});
