import { validateService } from '../../src/validation/service';
import { suggest } from '../../src/validation/schema';
import { errorsOf, tweaked, type Svc } from './service-base';

type Case = [description: string, tweak: (s: Svc) => void, expected: Array<[string, string]>];

function port(s: Svc): Record<string, unknown> {
  const p = s.spec.ports[0];
  if (p === undefined) throw new Error('no port');
  return p;
}

describe('unknown and removed fields', () => {
  test.each<[string, (s: Svc) => void, string, string]>([
    ['wrong case', (s) => (s.spec['clusterIp'] = 'None'), 'spec.clusterIp', 'unknown field "clusterIp"; did you mean "clusterIP"?'],
    ['typo in a port', (s) => (port(s)['targetport'] = 8080), 'spec.ports[0].targetport', 'unknown field "targetport"; did you mean "targetPort"?'],
    ['typo in metadata', (s) => (s.metadata['lables'] = { a: 'b' }), 'metadata.lables', 'unknown field "lables"; did you mean "labels"?'],
    ['capitalised top-level field', (s) => (s['Spec'] = {}), 'Spec', 'unknown field "Spec"; did you mean "spec"?'],
    ['nothing close', (s) => (s.spec['replicas'] = 3), 'spec.replicas', 'unknown field "replicas"'],
    [
      'topologyKeys (removed in 1.22)',
      (s) => (s.spec['topologyKeys'] = ['kubernetes.io/hostname']),
      'spec.topologyKeys',
      'spec.topologyKeys was removed in Kubernetes 1.22; use topology aware routing (the service.kubernetes.io/topology-mode annotation) instead',
    ],
    ['ipFamily (pre-GA dual-stack)', (s) => (s.spec['ipFamily'] = 'IPv4'), 'spec.ipFamily', 'spec.ipFamily was removed with dual-stack Services; use spec.ipFamilies and spec.ipFamilyPolicy instead'],
    ['clusterName (removed in 1.25)', (s) => (s.metadata['clusterName'] = 'prod'), 'metadata.clusterName', 'metadata.clusterName was removed in Kubernetes 1.25; delete it'],
    [
      'trafficDistribution (1.30+)',
      (s) => (s.spec['trafficDistribution'] = 'PreferClose'),
      'spec.trafficDistribution',
      'unknown field; it exists from Kubernetes 1.30 (see --kubernetes-version) [strict decoding error: unknown field "spec.trafficDistribution"]',
    ],
    [
      'unknown status field',
      (s) => (s['status'] = { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP' }] } }),
      'status.loadBalancer.ingress[0].ipMode',
      'unknown field; it exists from Kubernetes 1.29 (see --kubernetes-version) [strict decoding error: unknown field "status.loadBalancer.ingress[0].ipMode"]',
    ],
  ])('%s', (_d, tweak, field, detail) => {
    expect(validateService(tweaked(tweak)).map((f) => [f.type, f.field, f.detail])).toEqual([['FieldValueForbidden', field, detail]]);
  });

  test('the whole message of an unknown field', () => {
    expect(validateService(tweaked((s) => (s.spec['clusterIp'] = 'None')))[0]?.message).toBe('spec.clusterIp: Forbidden: unknown field "clusterIp"; did you mean "clusterIP"?');
  });

  test.each([
    ['externalTraficPolicy', 'externalTrafficPolicy'],
    ['sessionafinity', 'sessionAffinity'],
    ['prot', 'port'],
    ['x', undefined],
  ])('suggestion for %s', (name, expected) => {
    expect(suggest(name, ['port', 'protocol', 'sessionAffinity', 'externalTrafficPolicy'])).toBe(expected);
  });
});

describe('JSON types', () => {
  const cases: Case[] = [
    ['numeric string port', (s) => (port(s)['port'] = '80'), [['Invalid', 'spec.ports[0].port']]],
    ['fractional port', (s) => (port(s)['port'] = 80.5), [['Invalid', 'spec.ports[0].port']]],
    ['port beyond int32', (s) => (port(s)['port'] = 2 ** 31), [['Invalid', 'spec.ports[0].port']]],
    ['boolean targetPort', (s) => (port(s)['targetPort'] = true), [['Invalid', 'spec.ports[0].targetPort']]],
    ['numeric protocol', (s) => (port(s)['protocol'] = 6), [['Invalid', 'spec.ports[0].protocol']]],
    ['ports as an object', (s) => ((s.spec as Record<string, unknown>)['ports'] = { http: 80 }), [['Invalid', 'spec.ports']]],
    ['a port that is a number', (s) => ((s.spec.ports as unknown[]).push(443), (port(s)['name'] = 'http')), [['Invalid', 'spec.ports[1]']]],
    ['selector as a list', (s) => (s.spec['selector'] = ['app=web']), [['Invalid', 'spec.selector']]],
    ['label value that is a number', (s) => (s.metadata['labels'] = { version: 2 }), [['Invalid', 'metadata.labels[version]']]],
    ['string boolean', (s) => (s.spec['publishNotReadyAddresses'] = 'true'), [['Invalid', 'spec.publishNotReadyAddresses']]],
    ['clusterIPs as a string', (s) => (s.spec['clusterIPs'] = '10.0.0.1'), [['Invalid', 'spec.clusterIPs']]],
    ['type that is a number (type-dependent checks skipped)', (s) => ((s.spec['type'] = 5), (port(s)['nodePort'] = 1)), [['Invalid', 'spec.type']]],
    ['bad timestamp', (s) => (s.metadata['creationTimestamp'] = 'yesterday'), [['Invalid', 'metadata.creationTimestamp']]],
    ['timestamp on Feb 30', (s) => (s.metadata['creationTimestamp'] = '2024-02-30T00:00:00Z'), [['Invalid', 'metadata.creationTimestamp']]],
    ['good timestamp', (s) => (s.metadata['creationTimestamp'] = '2024-02-29T23:59:59.5+01:00'), []],
    ['generation as a string', (s) => (s.metadata['generation'] = '1'), [['Invalid', 'metadata.generation']]],
    ['timeout as a string', (s) => ((s.spec['sessionAffinity'] = 'ClientIP'), (s.spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: '60' } })), [['Invalid', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds']]],
    ['owner reference controller as a string', (s) => (s.metadata['ownerReferences'] = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u', controller: 'yes' }]), [['Invalid', 'metadata.ownerReferences[0].controller']]],
    ['wrong apiVersion', (s) => (s.apiVersion = 'v2'), [['Invalid', 'apiVersion']]],
    ['missing kind', (s) => delete s.kind, [['Required', 'kind']]],
    [
      'nulls are unset values',
      (s) => {
        s.spec['clusterIP'] = null;
        s.spec['type'] = null;
        s.spec['externalIPs'] = null;
        s.spec['sessionAffinityConfig'] = null;
        s.metadata['annotations'] = null;
        s.metadata['creationTimestamp'] = null;
        s.metadata['labels'] = { app: null };
        port(s)['protocol'] = null;
        port(s)['targetPort'] = null;
        s['status'] = null;
      },
      [],
    ],
    [
      'a null port is a port of zeros',
      (s) => ((s.spec.ports as unknown[]).splice(0, 1, null)),
      [
        ['Invalid', 'spec.ports[0].port'],
        ['Invalid', 'spec.ports[0].targetPort'],
      ],
    ],
  ];
  test.each(cases)('%s', (_d, tweak, expected) => {
    expect(errorsOf(tweaked(tweak))).toEqual(expected);
  });

  test('a numeric string port is reported once, with its type', () => {
    const f = validateService(tweaked((s) => (port(s)['port'] = '80')));
    expect(f.map((x) => [x.rule, x.message])).toEqual([['k8s/schema-type', 'spec.ports[0].port: Invalid value: "80": must be of type integer']]);
  });

  test('int32 range message', () => {
    const f = validateService(tweaked((s) => (port(s)['nodePort'] = 2 ** 31)));
    expect(f.map((x) => x.detail)).toEqual(['must be a 32-bit integer (between -2147483648 and 2147483647)']);
  });
});

describe('anything that is not a Service object', () => {
  test.each<[string, unknown, Array<[string, string]>]>([
    ['null', null, [['Invalid', '']]],
    ['a number', 42, [['Invalid', '']]],
    ['a list', [{ kind: 'Service' }], [['Invalid', '']]],
    [
      'an empty object',
      {},
      [
        ['Required', 'apiVersion'],
        ['Required', 'kind'],
        ['Required', 'metadata.name'],
        ['Required', 'spec.ports'],
      ],
    ],
    [
      'spec of the wrong type',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: 'x' },
      [
        ['Invalid', 'spec'],
        ['Required', 'spec.ports'],
      ],
    ],
    [
      'ports of garbage',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { ports: [5, 'x', [], { port: {} }] } },
      [
        ['Invalid', 'spec.ports[0]'],
        ['Invalid', 'spec.ports[1]'],
        ['Invalid', 'spec.ports[2]'],
        ['Invalid', 'spec.ports[3].port'],
        ['Required', 'spec.ports[3].name'],
      ],
    ],
    [
      'metadata of the wrong type',
      { apiVersion: 'v1', kind: 'Service', metadata: [], spec: { ports: [{ port: 1 }] } },
      [
        ['Invalid', 'metadata'],
        ['Required', 'metadata.name'],
      ],
    ],
    [
      'inherited property names are not fields',
      JSON.parse('{"apiVersion":"v1","kind":"Service","metadata":{"name":"a","__proto__":{"x":1},"labels":{"constructor":"x"}},"spec":{"ports":[{"port":1}],"toString":1}}'),
      [
        ['Forbidden', 'metadata.__proto__'],
        ['Forbidden', 'spec.toString'],
      ],
    ],
  ])('%s', (_d, obj, expected) => {
    expect(errorsOf(obj)).toEqual(expected);
  });

  test('the message of a non-object has no path prefix', () => {
    expect(validateService(null).map((f) => f.message)).toEqual(['Invalid value: null: must be of type object']);
  });

  test('the input is not modified', () => {
    const s = tweaked((x) => {
      x.spec['type'] = 'LoadBalancer';
      x.spec['clusterIP'] = '10.0.0.1';
      x.spec['sessionAffinity'] = 'None';
      x.spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 5 } };
      x.spec.ports.push({ name: 'b', port: 0 });
    });
    const before = JSON.stringify(s);
    validateService(s);
    expect(JSON.stringify(s)).toBe(before);
  });
});
