import { validateService } from '../../src/validation/service';
import { baseService, errorsOf, tweaked, type Svc } from './service-base';

type Case = [description: string, tweak: (s: Svc) => void, expected: Array<[string, string]>];

function port(s: Svc, i = 0): Record<string, unknown> {
  const p = s.spec.ports[i];
  if (p === undefined) throw new Error(`no port ${i}`);
  return p;
}

function table(cases: Case[]): void {
  test.each(cases)('%s', (_d, tweak, expected) => {
    expect(errorsOf(tweaked(tweak))).toEqual(expected);
  });
}

test('the base Service is valid and has no findings at all', () => {
  expect(validateService(baseService())).toEqual([]);
});

describe('metadata (#1-#12)', () => {
  table([
    ['#1 neither name nor generateName', (s) => delete s.metadata['name'], [['Required', 'metadata.name']]],
    ['#1 empty name', (s) => (s.metadata['name'] = ''), [['Required', 'metadata.name']]],
    ['#1 generateName alone names the Service', (s) => ((s.metadata['name'] = ''), (s.metadata['generateName'] = 'web-')), []],
    ['#2 dot in name', (s) => (s.metadata['name'] = 'web.app'), [['Invalid', 'metadata.name']]],
    ['#2 uppercase name', (s) => (s.metadata['name'] = 'Web'), [['Invalid', 'metadata.name']]],
    ['#2 name starting with a digit', (s) => (s.metadata['name'] = '1web'), [['Invalid', 'metadata.name']]],
    ['#2 name of 63 characters', (s) => (s.metadata['name'] = 'a'.repeat(63)), []],
    ['#2 name of 64 characters', (s) => (s.metadata['name'] = 'a'.repeat(64)), [['Invalid', 'metadata.name']]],
    ['#3 generateName checked even with a name', (s) => (s.metadata['generateName'] = 'Web-'), [['Invalid', 'metadata.generateName']]],
    [
      '#3 a bad generateName alone also makes a bad generated name',
      (s) => ((s.metadata['name'] = ''), (s.metadata['generateName'] = 'Web-')),
      [
        ['Invalid', 'metadata.generateName'],
        ['Invalid', 'metadata.name'],
      ],
    ],
    ['#3 generateName of 64 with a trailing dash', (s) => (s.metadata['generateName'] = `${'a'.repeat(63)}-`), []],
    ['#3 generateName of 65 with a trailing dash', (s) => (s.metadata['generateName'] = `${'a'.repeat(64)}-`), [['Invalid', 'metadata.generateName']]],
    ['#3 generateName of 64 without a dash', (s) => (s.metadata['generateName'] = 'a'.repeat(64)), [['Invalid', 'metadata.generateName']]],
    ['#4 namespace with a dot', (s) => (s.metadata['namespace'] = 'team.a'), [['Invalid', 'metadata.namespace']]],
    ['#4 namespace may start with a digit', (s) => (s.metadata['namespace'] = '123-team'), []],
    ['#4 namespace omitted (taken from the request)', (s) => delete s.metadata['namespace'], []],
    ['#5 label key path has no key', (s) => (s.metadata['labels'] = { '-app': 'web' }), [['Invalid', 'metadata.labels']]],
    ['#5 label key with uppercase prefix', (s) => (s.metadata['labels'] = { 'Example.com/app': 'web' }), [['Invalid', 'metadata.labels']]],
    ['#5 label key with uppercase name part', (s) => (s.metadata['labels'] = { 'example.com/App': 'Web' }), []],
    ['#6 label value with a space', (s) => (s.metadata['labels'] = { tier: 'front end' }), [['Invalid', 'metadata.labels']]],
    ['#6 label value of 64 characters', (s) => (s.metadata['labels'] = { tier: 'v'.repeat(64) }), [['Invalid', 'metadata.labels']]],
    ['#6 empty label value', (s) => (s.metadata['labels'] = { tier: '' }), []],
    ['#7 annotation key with uppercase prefix', (s) => (s.metadata['annotations'] = { 'Example.com/Owner': 'a b c' }), []],
    ['#7 annotation key with two slashes', (s) => (s.metadata['annotations'] = { 'a/b/c': 'x' }), [['Invalid', 'metadata.annotations']]],
    ['#7 annotation key lowercased as Go does (İ becomes i)', (s) => (s.metadata['annotations'] = { 'example.com/İd': 'x' }), []],
    ['#8 annotations of exactly 256 KiB', (s) => (s.metadata['annotations'] = { big: 'x'.repeat(262141) }), []],
    ['#8 annotations one byte over', (s) => (s.metadata['annotations'] = { big: 'x'.repeat(262142) }), [['TooLong', 'metadata.annotations']]],
    ['#8 annotation size counts bytes', (s) => (s.metadata['annotations'] = { big: 'é'.repeat(131071) }), [['TooLong', 'metadata.annotations']]],
    ['#9 standard finalizer', (s) => (s.metadata['finalizers'] = ['kubernetes']), []],
    ['#9 prefixed finalizer', (s) => (s.metadata['finalizers'] = ['example.com/cleanup']), []],
    ['#9 unprefixed non-standard finalizer has an index', (s) => (s.metadata['finalizers'] = ['kubernetes', 'cleanup']), [['Invalid', 'metadata.finalizers[1]']]],
    [
      '#9 finalizer that is no qualified name has no index',
      (s) => (s.metadata['finalizers'] = ['-x']),
      [
        ['Invalid', 'metadata.finalizers'],
        ['Invalid', 'metadata.finalizers[0]'],
      ],
    ],
    ['#9 orphan with foregroundDeletion', (s) => (s.metadata['finalizers'] = ['orphan', 'foregroundDeletion']), [['Invalid', 'metadata.finalizers']]],
    [
      '#10 owner reference without uid (no index)',
      (s) => (s.metadata['ownerReferences'] = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }]),
      [['Invalid', 'metadata.ownerReferences.uid']],
    ],
    [
      '#10 owner reference with every field empty',
      (s) => (s.metadata['ownerReferences'] = [{ apiVersion: 'apps/', kind: '', name: '', uid: '' }]),
      [
        ['Invalid', 'metadata.ownerReferences.apiVersion'],
        ['Invalid', 'metadata.ownerReferences.kind'],
        ['Invalid', 'metadata.ownerReferences.name'],
        ['Invalid', 'metadata.ownerReferences.uid'],
      ],
    ],
    [
      '#10 an Event cannot own',
      (s) => (s.metadata['ownerReferences'] = [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u1' }]),
      [['Invalid', 'metadata.ownerReferences']],
    ],
    [
      '#10 two controllers',
      (s) =>
        (s.metadata['ownerReferences'] = [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'a', uid: 'u1', controller: true },
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'b', uid: 'u2', controller: true },
        ]),
      [['Invalid', 'metadata.ownerReferences']],
    ],
    [
      '#10 apiVersion without a version, in every form',
      (s) =>
        (s.metadata['ownerReferences'] = ['', '/', 'a/b/c', 'apps/'].map((apiVersion, i) => ({ apiVersion, kind: 'Deployment', name: `d${i}`, uid: `u${i}` }))),
      [
        ['Invalid', 'metadata.ownerReferences.apiVersion'],
        ['Invalid', 'metadata.ownerReferences.apiVersion'],
        ['Invalid', 'metadata.ownerReferences.apiVersion'],
        ['Invalid', 'metadata.ownerReferences.apiVersion'],
      ],
    ],
    ['#10 an Event of events.k8s.io may own', (s) => (s.metadata['ownerReferences'] = [{ apiVersion: 'events.k8s.io/v1', kind: 'Event', name: 'e', uid: 'u1' }]), []],
    ['#11 negative generation', (s) => (s.metadata['generation'] = -1), [['Invalid', 'metadata.generation']]],
    [
      '#12 topology annotations that differ',
      (s) => (s.metadata['annotations'] = { 'service.kubernetes.io/topology-aware-hints': 'Auto', 'service.kubernetes.io/topology-mode': 'auto' }),
      [['Invalid', 'metadata.annotations[service.kubernetes.io/topology-mode]']],
    ],
    ['#12 topology-mode alone, any value', (s) => (s.metadata['annotations'] = { 'service.kubernetes.io/topology-mode': 'Anything' }), []],
  ]);

  test('#1 the message reads as the server writes it', () => {
    const [f] = validateService(tweaked((s) => delete s.metadata['name']));
    expect(f?.message).toBe('metadata.name: Required value: name or generateName is required');
  });

  test('#2 the DNS-1035 message is the server text', () => {
    const [f] = validateService(tweaked((s) => (s.metadata['name'] = 'Web')));
    expect(f?.message).toBe(
      `metadata.name: Invalid value: "Web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });
});

describe('type and ports (#13-#27)', () => {
  table([
    ['#13 unknown type', (s) => (s.spec['type'] = 'Ingress'), [['NotSupported', 'spec.type']]],
    ['#13 type is case-sensitive', (s) => (s.spec['type'] = 'nodePort'), [['NotSupported', 'spec.type']]],
    ['D1 empty type defaults to ClusterIP', (s) => (s.spec['type'] = ''), []],
    ['#14 ClusterIP without ports', (s) => (s.spec.ports = []), [['Required', 'spec.ports']]],
    ['#14 NodePort without ports', (s) => ((s.spec.ports = []), (s.spec['type'] = 'NodePort')), [['Required', 'spec.ports']]],
    ['#14 headless without ports', (s) => ((s.spec.ports = []), (s.spec['clusterIP'] = 'None')), []],
    ['#14 ExternalName without ports', (s) => ((s.spec.ports = []), (s.spec['type'] = 'ExternalName'), (s.spec['externalName'] = 'db.example.com')), []],
    ['#15 second port without name', (s) => s.spec.ports.push({ port: 443 }), [['Required', 'spec.ports[1].name']]],
    ['#15 a single port needs no name', (s) => delete port(s)['name'], []],
    ['#16 uppercase port name', (s) => (port(s)['name'] = 'HTTP'), [['Invalid', 'spec.ports[0].name']]],
    ['#16 port name of digits only', (s) => (port(s)['name'] = '8080'), []],
    ['#16 port name with consecutive dashes', (s) => (port(s)['name'] = 'a--b'), []],
    ['#16 port name of 63 characters', (s) => (port(s)['name'] = 'p'.repeat(63)), []],
    ['#16 port name of 64 characters', (s) => (port(s)['name'] = 'p'.repeat(64)), [['Invalid', 'spec.ports[0].name']]],
    ['#17 duplicate port names', (s) => s.spec.ports.push({ name: 'http', port: 81 }), [['Duplicate', 'spec.ports[1].name']]],
    [
      'D6 port 0 without targetPort reports both fields',
      (s) => (s.spec.ports = [{ port: 0 }]),
      [
        ['Invalid', 'spec.ports[0].port'],
        ['Invalid', 'spec.ports[0].targetPort'],
      ],
    ],
    ['#18 port 0 with a targetPort', (s) => (port(s)['port'] = 0), [['Invalid', 'spec.ports[0].port']]],
    ['#18 port 65536', (s) => (port(s)['port'] = 65536), [['Invalid', 'spec.ports[0].port']]],
    ['#19 lowercase protocol', (s) => (port(s)['protocol'] = 'tcp'), [['NotSupported', 'spec.ports[0].protocol']]],
    ['#19 SCTP', (s) => (port(s)['protocol'] = 'SCTP'), []],
    ['D6 targetPort 0 takes the port', (s) => (port(s)['targetPort'] = 0), []],
    ['D6 empty named targetPort takes the port', (s) => (port(s)['targetPort'] = ''), []],
    ['#20 targetPort 70000', (s) => (port(s)['targetPort'] = 70000), [['Invalid', 'spec.ports[0].targetPort']]],
    ['#21 numeric string targetPort is a name', (s) => (port(s)['targetPort'] = '8080'), [['Invalid', 'spec.ports[0].targetPort']]],
    [
      '#21 one finding per problem of a named targetPort',
      (s) => (port(s)['targetPort'] = 'http_web-'),
      [
        ['Invalid', 'spec.ports[0].targetPort'],
        ['Invalid', 'spec.ports[0].targetPort'],
      ],
    ],
    ['#21 named targetPort', (s) => (port(s)['targetPort'] = 'http-web'), []],
    [
      '#22 empty appProtocol',
      (s) => (port(s)['appProtocol'] = ''),
      [
        ['Invalid', 'spec.ports[0].appProtocol'],
        ['Invalid', 'spec.ports[0].appProtocol'],
      ],
    ],
    ['#22 prefixed appProtocol', (s) => (port(s)['appProtocol'] = 'kubernetes.io/h2c'), []],
    ['#22 appProtocol with a tilde', (s) => (port(s)['appProtocol'] = '~https'), [['Invalid', 'spec.ports[0].appProtocol']]],
    ['#23 same port and protocol', (s) => s.spec.ports.push({ name: 'again', port: 80, protocol: 'TCP' }), [['Duplicate', 'spec.ports[1]']]],
    ['#23 same port on TCP and UDP', (s) => s.spec.ports.push({ name: 'udp', port: 80, protocol: 'UDP' }), []],
    ['#24 nodePort on ClusterIP', (s) => (port(s)['nodePort'] = 30080), [['Forbidden', 'spec.ports[0].nodePort']]],
    ['#24 nodePort on ExternalName is ignored', (s) => ((s.spec['type'] = 'ExternalName'), (s.spec['externalName'] = 'db'), (port(s)['nodePort'] = 30080)), []],
    [
      '#25 repeated nodePort on ClusterIP',
      (s) => {
        port(s)['nodePort'] = 30080;
        s.spec.ports.push({ name: 'b', port: 81, nodePort: 30080 });
      },
      [
        ['Forbidden', 'spec.ports[0].nodePort'],
        ['Forbidden', 'spec.ports[1].nodePort'],
        ['Duplicate', 'spec.ports[1].nodePort'],
      ],
    ],
    [
      '#25 repeated (protocol, port, nodePort) passes allocation and fails validation',
      (s) => {
        s.spec['type'] = 'NodePort';
        port(s)['nodePort'] = 30080;
        s.spec.ports.push({ name: 'b', port: 80, nodePort: 30080 });
      },
      [
        ['Duplicate', 'spec.ports[1].nodePort'],
        ['Duplicate', 'spec.ports[1]'],
      ],
    ],
    ['#26 LoadBalancer exposing 10250', (s) => ((s.spec['type'] = 'LoadBalancer'), (port(s)['port'] = 10250)), [['Invalid', 'spec.ports[0]']]],
    ['#26 LoadBalancer targeting 10250', (s) => ((s.spec['type'] = 'LoadBalancer'), (port(s)['targetPort'] = 10250)), []],
    ['#26 NodePort exposing 10250', (s) => ((s.spec['type'] = 'NodePort'), (port(s)['port'] = 10250)), []],
    ['#27 headless NodePort (path clusterIPs[0])', (s) => ((s.spec['type'] = 'NodePort'), (s.spec['clusterIP'] = 'None')), [['Invalid', 'spec.clusterIPs[0]']]],
    ['#27 headless LoadBalancer', (s) => ((s.spec['type'] = 'LoadBalancer'), (s.spec['clusterIPs'] = ['None']), (s.spec['clusterIP'] = 'None')), [['Invalid', 'spec.clusterIPs[0]']]],
    ['#27 headless with any targetPort', (s) => ((s.spec['clusterIP'] = 'None'), (port(s)['targetPort'] = 'web')), []],
  ]);

  test('#23 the duplicate is the key the server compares: a ServicePort with protocol and port', () => {
    const f = validateService(tweaked((s) => s.spec.ports.push({ name: 'again', port: 80 })));
    expect(f.map((x) => x.value)).toEqual([{ Name: '', Protocol: 'TCP', AppProtocol: null, Port: 80, TargetPort: 0, NodePort: 0 }]);
    expect(f.map((x) => x.message)).toEqual([
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });
});

describe('ExternalName (#28-#30)', () => {
  const ext = (s: Svc): void => {
    s.spec['type'] = 'ExternalName';
    s.spec['externalName'] = 'db.example.com';
  };
  table([
    ['ExternalName base', ext, []],
    ['#28 clusterIP', (s) => (ext(s), (s.spec['clusterIP'] = '10.0.0.1')), [['Forbidden', 'spec.clusterIPs']]],
    ['#28 clusterIP None', (s) => (ext(s), (s.spec['clusterIP'] = 'None')), [['Forbidden', 'spec.clusterIPs']]],
    ['#29 ipFamilies', (s) => (ext(s), (s.spec['ipFamilies'] = ['IPv4'])), [['Forbidden', 'spec.ipFamilies']]],
    ['#29 ipFamilyPolicy', (s) => (ext(s), (s.spec['ipFamilyPolicy'] = 'SingleStack')), [['Forbidden', 'spec.ipFamilyPolicy']]],
    ['#30 one trailing dot', (s) => (ext(s), (s.spec['externalName'] = 'db.example.com.')), []],
    ['#30 only a dot', (s) => (ext(s), (s.spec['externalName'] = '.')), [['Required', 'spec.externalName']]],
    ['#30 missing', (s) => (ext(s), delete s.spec['externalName']), [['Required', 'spec.externalName']]],
    ['#30 two trailing dots', (s) => (ext(s), (s.spec['externalName'] = 'db.example.com..')), [['Invalid', 'spec.externalName']]],
    ['#30 IPv4 literal', (s) => (ext(s), (s.spec['externalName'] = '192.0.2.10')), []],
    ['#30 uppercase', (s) => (ext(s), (s.spec['externalName'] = 'DB.example.com')), [['Invalid', 'spec.externalName']]],
    ['#30 not checked on other types', (s) => (s.spec['externalName'] = 'Not A Name'), []],
  ]);
});

describe('selector and session affinity (#31-#33)', () => {
  table([
    ['#31 prefixed selector key', (s) => (s.spec['selector'] = { 'app.kubernetes.io/name': 'web' }), []],
    ['#31 bad selector key', (s) => (s.spec['selector'] = { 'a=b': 'web' }), [['Invalid', 'spec.selector']]],
    ['#31 bad selector value', (s) => (s.spec['selector'] = { app: 'web/1' }), [['Invalid', 'spec.selector']]],
    ['#31 empty selector', (s) => (s.spec['selector'] = {}), []],
    ['#32 unknown affinity', (s) => (s.spec['sessionAffinity'] = 'Sticky'), [['NotSupported', 'spec.sessionAffinity']]],
    ['#33 timeout 0', (s) => ((s.spec['sessionAffinity'] = 'ClientIP'), (s.spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 0 } })), [['Invalid', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds']]],
    ['#33 timeout one day', (s) => ((s.spec['sessionAffinity'] = 'ClientIP'), (s.spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 86400 } })), []],
    [
      '#33 timeout over one day',
      (s) => ((s.spec['sessionAffinity'] = 'ClientIP'), (s.spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: 86401 } })),
      [['Invalid', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds']],
    ],
    ['D4 ClientIP without config gets the default', (s) => (s.spec['sessionAffinity'] = 'ClientIP'), []],
    ['D4 ClientIP with an empty clientIP gets the default', (s) => ((s.spec['sessionAffinity'] = 'ClientIP'), (s.spec['sessionAffinityConfig'] = { clientIP: {} })), []],
    ['D3 None drops a bad config', (s) => ((s.spec['sessionAffinity'] = 'None'), (s.spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: -5 } })), []],
    ['D2/D3 omitted affinity drops a bad config', (s) => (s.spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: -5 } }), []],
  ]);
});

describe('cluster IPs and IP families (#34-#37, #46, #47)', () => {
  table([
    ['#46 clusterIP alone', (s) => (s.spec['clusterIP'] = '10.96.0.10'), []],
    ['#34 clusterIPs[0] differs from clusterIP', (s) => ((s.spec['clusterIP'] = '10.96.0.10'), (s.spec['clusterIPs'] = ['10.96.0.11'])), [['Invalid', 'spec.clusterIPs']]],
    ['#34 clusterIPs without clusterIP', (s) => (s.spec['clusterIPs'] = ['10.96.0.10']), [['Invalid', 'spec.clusterIPs']]],
    ['#35 unknown family', (s) => (s.spec['ipFamilies'] = ['IPv5']), [['NotSupported', 'spec.ipFamilies[0]']]],
    ['#35 repeated family (not counted as two families by #47)', (s) => (s.spec['ipFamilies'] = ['IPv4', 'IPv4']), [['Duplicate', 'spec.ipFamilies[1]']]],
    ['#36 unknown policy', (s) => (s.spec['ipFamilyPolicy'] = 'DualStack'), [['NotSupported', 'spec.ipFamilyPolicy']]],
    ['#37 None not alone (not counted as two IPs by #47)', (s) => ((s.spec['clusterIP'] = 'None'), (s.spec['clusterIPs'] = ['None', '10.96.0.10'])), [['Invalid', 'spec.clusterIPs']]],
    ['#37 lowercase none is no IP', (s) => (s.spec['clusterIP'] = 'none'), [['Invalid', 'spec.clusterIPs[0]']]],
    ['#37 CIDR is no IP', (s) => (s.spec['clusterIP'] = '10.96.0.0/12'), [['Invalid', 'spec.clusterIPs[0]']]],
    [
      '#37 three values',
      (s) => ((s.spec['ipFamilyPolicy'] = 'RequireDualStack'), (s.spec['clusterIP'] = '10.96.0.10'), (s.spec['clusterIPs'] = ['10.96.0.10', 'fd00::10', '10.96.0.11'])),
      [['Invalid', 'spec.clusterIPs']],
    ],
    [
      '#37 two IPv4',
      (s) => ((s.spec['ipFamilyPolicy'] = 'RequireDualStack'), (s.spec['clusterIP'] = '10.96.0.10'), (s.spec['clusterIPs'] = ['10.96.0.10', '10.96.0.11'])),
      [['Invalid', 'spec.clusterIPs']],
    ],
    [
      '#37 IPv4-mapped IPv6 counts as IPv4',
      (s) => ((s.spec['ipFamilyPolicy'] = 'RequireDualStack'), (s.spec['clusterIP'] = '10.96.0.10'), (s.spec['clusterIPs'] = ['10.96.0.10', '::ffff:10.96.0.11'])),
      [['Invalid', 'spec.clusterIPs']],
    ],
    ['#37 IP of the other family than ipFamilies says', (s) => ((s.spec['clusterIP'] = '10.96.0.10'), (s.spec['ipFamilies'] = ['IPv6'])), [['Invalid', 'spec.clusterIPs[0]']]],
    ['#37 leading zeros are accepted', (s) => (s.spec['clusterIP'] = '010.096.000.010'), []],
    [
      'dual-stack done right',
      (s) => (
        (s.spec['ipFamilyPolicy'] = 'RequireDualStack'), (s.spec['clusterIP'] = '10.96.0.10'), (s.spec['clusterIPs'] = ['10.96.0.10', 'fd00::10']), (s.spec['ipFamilies'] = ['IPv4', 'IPv6'])
      ),
      [],
    ],
    [
      '#47 SingleStack with two clusterIPs',
      (s) => ((s.spec['ipFamilyPolicy'] = 'SingleStack'), (s.spec['clusterIP'] = '10.96.0.10'), (s.spec['clusterIPs'] = ['10.96.0.10', 'fd00::10'])),
      [['Invalid', 'spec.ipFamilyPolicy']],
    ],
    [
      '#47 SingleStack with two IPs and two families: one finding each',
      (s) => (
        (s.spec['ipFamilyPolicy'] = 'SingleStack'), (s.spec['clusterIP'] = '10.96.0.10'), (s.spec['clusterIPs'] = ['10.96.0.10', 'fd00::10']), (s.spec['ipFamilies'] = ['IPv4', 'IPv6'])
      ),
      [
        ['Invalid', 'spec.ipFamilyPolicy'],
        ['Invalid', 'spec.ipFamilyPolicy'],
      ],
    ],
    ['#47 two families without a policy', (s) => (s.spec['ipFamilies'] = ['IPv4', 'IPv6']), [['Invalid', 'spec.ipFamilyPolicy']]],
    ['#47 PreferDualStack with two families', (s) => ((s.spec['ipFamilyPolicy'] = 'PreferDualStack'), (s.spec['ipFamilies'] = ['IPv6', 'IPv4'])), []],
    ['#46 headless selector-less defaults to RequireDualStack', (s) => (delete s.spec['selector'], (s.spec['clusterIP'] = 'None'), (s.spec['ipFamilies'] = ['IPv4', 'IPv6'])), []],
    ['#46 headless with a selector defaults to SingleStack', (s) => ((s.spec['clusterIP'] = 'None'), (s.spec['ipFamilies'] = ['IPv4', 'IPv6'])), [['Invalid', 'spec.ipFamilyPolicy']]],
  ]);

  test('#34-#37 and validation errors are reported together (the server would stop at the first)', () => {
    const s = tweaked((x) => {
      x.spec['clusterIP'] = 'invalid';
      port(x)['name'] = 'Bad_Name';
    });
    expect(errorsOf(s)).toEqual([
      ['Invalid', 'spec.clusterIPs[0]'],
      ['Invalid', 'spec.ports[0].name'],
    ]);
  });
});

describe('external IPs, load balancers, traffic policies (#38-#45)', () => {
  const lb = (s: Svc): void => {
    s.spec['type'] = 'LoadBalancer';
  };
  table([
    ['#38 public IPv4', (s) => (s.spec['externalIPs'] = ['203.0.113.10']), []],
    ['#38 not an IP', (s) => (s.spec['externalIPs'] = ['203.0.113.10', 'example.com']), [['Invalid', 'spec.externalIPs[1]']]],
    ['#38 CIDR', (s) => (s.spec['externalIPs'] = ['203.0.113.0/24']), [['Invalid', 'spec.externalIPs[0]']]],
    ['#38 unspecified IPv6', (s) => (s.spec['externalIPs'] = ['::']), [['Invalid', 'spec.externalIPs[0]']]],
    ['#38 loopback', (s) => (s.spec['externalIPs'] = ['127.1.2.3']), [['Invalid', 'spec.externalIPs[0]']]],
    ['#38 IPv4-mapped loopback', (s) => (s.spec['externalIPs'] = ['::ffff:127.0.0.1']), [['Invalid', 'spec.externalIPs[0]']]],
    ['#38 link-local', (s) => (s.spec['externalIPs'] = ['169.254.10.10', 'fe80::1']), [['Invalid', 'spec.externalIPs[0]'], ['Invalid', 'spec.externalIPs[1]']]],
    ['#38 link-local multicast', (s) => (s.spec['externalIPs'] = ['224.0.0.251', 'ff32::1']), [['Invalid', 'spec.externalIPs[0]'], ['Invalid', 'spec.externalIPs[1]']]],
    ['#38 other multicast', (s) => (s.spec['externalIPs'] = ['239.1.1.1', 'ff05::1']), []],
    ['#38 zone', (s) => (s.spec['externalIPs'] = ['fe80::1%eth0']), [['Invalid', 'spec.externalIPs[0]']]],
    ['#39 field on ClusterIP', (s) => (s.spec['loadBalancerSourceRanges'] = ['10.0.0.0/8']), [['Forbidden', 'spec.LoadBalancerSourceRanges']]],
    [
      '#39 annotation on ClusterIP',
      (s) => (s.metadata['annotations'] = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8' }),
      [['Forbidden', 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]']],
    ],
    ['#39 padded entries, host bits', (s) => (lb(s), (s.spec['loadBalancerSourceRanges'] = [' 10.0.0.1/8 ', '2001:db8::/32'])), []],
    ['#39 bad entries: one finding without index', (s) => (lb(s), (s.spec['loadBalancerSourceRanges'] = ['10.0.0.0/33', 'foo'])), [['Invalid', 'spec.LoadBalancerSourceRanges']]],
    ['#39 empty annotation means everywhere', (s) => (lb(s), (s.metadata['annotations'] = { 'service.beta.kubernetes.io/load-balancer-source-ranges': ' ' })), []],
    [
      '#39 annotation list with a bad entry',
      (s) => (lb(s), (s.metadata['annotations'] = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, 192.168.0.0/16,bad' })),
      [['Invalid', 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]']],
    ],
    [
      '#39 the field wins over a bad annotation',
      (s) => (lb(s), (s.spec['loadBalancerSourceRanges'] = ['10.0.0.0/8']), (s.metadata['annotations'] = { 'service.beta.kubernetes.io/load-balancer-source-ranges': 'bad' })),
      [],
    ],
    ['#40 allocateLoadBalancerNodePorts on NodePort', (s) => ((s.spec['type'] = 'NodePort'), (s.spec['allocateLoadBalancerNodePorts'] = false)), [['Forbidden', 'spec.allocateLoadBalancerNodePorts']]],
    ['#40 allocateLoadBalancerNodePorts false on LoadBalancer', (s) => (lb(s), (s.spec['allocateLoadBalancerNodePorts'] = false)), []],
    ['#41 loadBalancerClass on ClusterIP', (s) => (s.spec['loadBalancerClass'] = 'example.com/lb'), [['Forbidden', 'spec.loadBalancerClass']]],
    [
      '#41 empty loadBalancerClass',
      (s) => (lb(s), (s.spec['loadBalancerClass'] = '')),
      [
        ['Invalid', 'spec.loadBalancerClass'],
        ['Invalid', 'spec.loadBalancerClass'],
      ],
    ],
    ['#41 unprefixed loadBalancerClass', (s) => (lb(s), (s.spec['loadBalancerClass'] = 'internal-lb')), []],
    ['#42 Cluster on ClusterIP', (s) => (s.spec['externalTrafficPolicy'] = 'Cluster'), [['Invalid', 'spec.externalTrafficPolicy']]],
    ['#42 Local on ClusterIP with externalIPs (1.28)', (s) => ((s.spec['externalIPs'] = ['203.0.113.10']), (s.spec['externalTrafficPolicy'] = 'Local')), [['Invalid', 'spec.externalTrafficPolicy']]],
    ['#42 lowercase on NodePort', (s) => ((s.spec['type'] = 'NodePort'), (s.spec['externalTrafficPolicy'] = 'local')), [['NotSupported', 'spec.externalTrafficPolicy']]],
    ['D7/D9 LoadBalancer defaults', lb, []],
    ['#43 healthCheckNodePort on NodePort with Local', (s) => ((s.spec['type'] = 'NodePort'), (s.spec['externalTrafficPolicy'] = 'Local'), (s.spec['healthCheckNodePort'] = 30100)), [['Invalid', 'spec.healthCheckNodePort']]],
    ['#43 healthCheckNodePort on LoadBalancer with Cluster', (s) => (lb(s), (s.spec['healthCheckNodePort'] = 30100)), [['Invalid', 'spec.healthCheckNodePort']]],
    ['#43 healthCheckNodePort on LoadBalancer with Local', (s) => (lb(s), (s.spec['externalTrafficPolicy'] = 'Local'), (s.spec['healthCheckNodePort'] = 30100)), []],
    ['#44 unknown internalTrafficPolicy', (s) => (s.spec['internalTrafficPolicy'] = 'Global'), [['NotSupported', 'spec.internalTrafficPolicy']]],
    ['#44 empty internalTrafficPolicy', (s) => (s.spec['internalTrafficPolicy'] = ''), [['NotSupported', 'spec.internalTrafficPolicy']]],
    ['#44 checked on ExternalName too', (s) => ((s.spec['type'] = 'ExternalName'), (s.spec['externalName'] = 'db'), (s.spec['internalTrafficPolicy'] = 'Nearby')), [['NotSupported', 'spec.internalTrafficPolicy']]],
    ['#44 Local on NodePort', (s) => ((s.spec['type'] = 'NodePort'), (s.spec['internalTrafficPolicy'] = 'Local')), []],
    [
      '#45 fields that are not validated',
      (s) => {
        s.spec['loadBalancerIP'] = 'not-an-ip';
        s.spec['publishNotReadyAddresses'] = true;
        s.spec['externalName'] = 'Whatever';
        s['status'] = { loadBalancer: { ingress: [{ ip: 'bad', hostname: 'BAD' }] } };
      },
      [],
    ],
  ]);

  test('#39 the field value is printed as a Go list', () => {
    const f = validateService(tweaked((s) => (lb(s), (s.spec['loadBalancerSourceRanges'] = ['foo', 'bar']))));
    expect(f.map((x) => x.message)).toEqual(['spec.LoadBalancerSourceRanges: Invalid value: "[foo bar]": must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ']);
  });
});

describe('node port allocation (#50, #51)', () => {
  const np = (s: Svc): void => {
    s.spec['type'] = 'NodePort';
  };
  table([
    ['#50 below the range', (s) => (np(s), (port(s)['nodePort'] = 29999)), [['Invalid', 'spec.ports[0].nodePort']]],
    ['#50 above the range', (s) => (np(s), (port(s)['nodePort'] = 32768)), [['Invalid', 'spec.ports[0].nodePort']]],
    ['#50 negative (no check of its own in validation)', (s) => (np(s), (port(s)['nodePort'] = -1)), [['Invalid', 'spec.ports[0].nodePort']]],
    ['#50 LoadBalancer too', (s) => ((s.spec['type'] = 'LoadBalancer'), (port(s)['nodePort'] = 80)), [['Invalid', 'spec.ports[0].nodePort']]],
    [
      '#50 LoadBalancer without node port allocation still checks requests',
      (s) => ((s.spec['type'] = 'LoadBalancer'), (s.spec['allocateLoadBalancerNodePorts'] = false), (port(s)['nodePort'] = 80)),
      [['Invalid', 'spec.ports[0].nodePort']],
    ],
    [
      '#50 different ports may not share a nodePort, even on different protocols',
      (s) => (np(s), (port(s)['nodePort'] = 30080), s.spec.ports.push({ name: 'udp', port: 81, protocol: 'UDP', nodePort: 30080 })),
      [['Invalid', 'spec.ports[1].nodePort']],
    ],
    [
      '#50 the same port number shares one nodePort',
      (s) => (np(s), (port(s)['nodePort'] = 30080), s.spec.ports.push({ name: 'udp', port: 80, protocol: 'UDP', nodePort: 30080 })),
      [],
    ],
    [
      '#50 the same port number with two nodePorts',
      (s) => (np(s), (port(s)['nodePort'] = 30080), s.spec.ports.push({ name: 'udp', port: 80, protocol: 'UDP', nodePort: 30081 })),
      [],
    ],
    [
      '#50 a request of a later port with the same number is allocated for the earlier port',
      (s) => (np(s), s.spec.ports.push({ name: 'udp', port: 80, protocol: 'UDP', nodePort: 29999 })),
      [['Invalid', 'spec.ports[0].nodePort']],
    ],
    [
      '#50 without node port allocation only the request itself is checked',
      (s) => ((s.spec['type'] = 'LoadBalancer'), (s.spec['allocateLoadBalancerNodePorts'] = false), s.spec.ports.push({ name: 'udp', port: 80, protocol: 'UDP', nodePort: 29999 })),
      [['Invalid', 'spec.ports[1].nodePort']],
    ],
    [
      '#50 as in the server, only the first failure is reported',
      (s) => (np(s), (port(s)['nodePort'] = 1), s.spec.ports.push({ name: 'b', port: 81, nodePort: 2 })),
      [['Invalid', 'spec.ports[0].nodePort']],
    ],
    [
      '#51 healthCheckNodePort outside the range',
      (s) => ((s.spec['type'] = 'LoadBalancer'), (s.spec['externalTrafficPolicy'] = 'Local'), (s.spec['healthCheckNodePort'] = 80)),
      [['InternalError', 'spec.healthCheckNodePort']],
    ],
    [
      '#51 healthCheckNodePort equal to a nodePort',
      (s) => ((s.spec['type'] = 'LoadBalancer'), (s.spec['externalTrafficPolicy'] = 'Local'), (port(s)['nodePort'] = 30080), (s.spec['healthCheckNodePort'] = 30080)),
      [['InternalError', 'spec.healthCheckNodePort']],
    ],
  ]);

  test('#50 messages name the range, which the options can change', () => {
    const s = tweaked((x) => (np(x), (port(x)['nodePort'] = 30080)));
    expect(validateService(s, { nodePortRange: { min: 20000, max: 22767 } }).map((f) => f.message)).toEqual([
      'spec.ports[0].nodePort: Invalid value: 30080: provided port is not in the valid range. The range of valid ports is 20000-22767',
    ]);
    expect(validateService(tweaked((x) => (np(x), (port(x)['nodePort'] = 21000))), { nodePortRange: { min: 20000, max: 22767 } })).toEqual([]);
  });

  test('#50 allocated message', () => {
    const s = tweaked((x) => (np(x), (port(x)['nodePort'] = 30080), x.spec.ports.push({ name: 'b', port: 81, nodePort: 30080 })));
    expect(validateService(s).map((f) => f.message)).toEqual(['spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated']);
  });

  test('#51 is an internal error with the server text', () => {
    const s = tweaked((x) => ((x.spec['type'] = 'LoadBalancer'), (x.spec['externalTrafficPolicy'] = 'Local'), (x.spec['healthCheckNodePort'] = 70000)));
    expect(validateService(s).map((f) => f.message)).toEqual([
      'spec.healthCheckNodePort: Internal error: failed to allocate requested HealthCheck NodePort 70000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
  });
});

describe('reporting modes: all, default and server', () => {
  test.each<[string, (s: Svc) => void, Array<[string, string]>, Array<[string, string]>, Array<[string, string]>]>([
    [
      'a bad clusterIP hides validation errors',
      (s) => ((s.spec['clusterIP'] = 'invalid'), (port(s)['name'] = 'Bad_Name')),
      [
        ['Invalid', 'spec.clusterIPs[0]'],
        ['Invalid', 'spec.ports[0].name'],
      ],
      [
        ['Invalid', 'spec.clusterIPs[0]'],
        ['Invalid', 'spec.ports[0].name'],
      ],
      [['Invalid', 'spec.clusterIPs[0]']],
    ],
    [
      'SingleStack errors hide nodePort errors',
      (s) => ((s.spec['type'] = 'NodePort'), (s.spec['ipFamilies'] = ['IPv4', 'IPv6']), (port(s)['nodePort'] = 1)),
      [
        ['Invalid', 'spec.ipFamilyPolicy'],
        ['Invalid', 'spec.ports[0].nodePort'],
      ],
      [
        ['Invalid', 'spec.ipFamilyPolicy'],
        ['Invalid', 'spec.ports[0].nodePort'],
      ],
      [['Invalid', 'spec.ipFamilyPolicy']],
    ],
    [
      'only the first nodePort failure',
      (s) => {
        s.spec['type'] = 'NodePort';
        s.spec.ports.push({ name: 'q', port: 1, nodePort: 1 }, { name: 'r', port: 2, protocol: 'UDP', nodePort: 1 });
        port(s)['name'] = 'Bad_Name';
      },
      [
        ['Invalid', 'spec.ports[1].nodePort'],
        ['Invalid', 'spec.ports[2].nodePort'],
        ['Invalid', 'spec.ports[0].name'],
      ],
      [['Invalid', 'spec.ports[1].nodePort']],
      [['Invalid', 'spec.ports[1].nodePort']],
    ],
    [
      'a nodePort failure hides the healthCheckNodePort',
      (s) => ((s.spec['type'] = 'LoadBalancer'), (s.spec['externalTrafficPolicy'] = 'Local'), (s.spec['healthCheckNodePort'] = 1), (port(s)['nodePort'] = 1)),
      [
        ['Invalid', 'spec.ports[0].nodePort'],
        ['InternalError', 'spec.healthCheckNodePort'],
      ],
      [['Invalid', 'spec.ports[0].nodePort']],
      [['Invalid', 'spec.ports[0].nodePort']],
    ],
    [
      'decoding errors hide everything else',
      (s) => ((port(s)['port'] = '80'), (s.metadata['name'] = 'Bad_Name'), (s.spec['clusterIP'] = 'x')),
      [
        ['Invalid', 'spec.ports[0].port'],
        ['Invalid', 'spec.clusterIPs[0]'],
        ['Invalid', 'metadata.name'],
      ],
      [
        ['Invalid', 'spec.ports[0].port'],
        ['Invalid', 'spec.clusterIPs[0]'],
        ['Invalid', 'metadata.name'],
      ],
      [['Invalid', 'spec.ports[0].port']],
    ],
    [
      'validation errors are reported together either way',
      (s) => ((s.metadata['name'] = 'Bad_Name'), (port(s)['protocol'] = 'tcp')),
      [
        ['Invalid', 'metadata.name'],
        ['NotSupported', 'spec.ports[0].protocol'],
      ],
      [
        ['Invalid', 'metadata.name'],
        ['NotSupported', 'spec.ports[0].protocol'],
      ],
      [
        ['Invalid', 'metadata.name'],
        ['NotSupported', 'spec.ports[0].protocol'],
      ],
    ],
  ])('%s', (_d, tweak, all, byDefault, server) => {
    const s = tweaked(tweak);
    expect(errorsOf(s, { reporting: 'all' })).toEqual(all);
    expect(errorsOf(s)).toEqual(byDefault);
    expect(errorsOf(s, { reporting: 'server' })).toEqual(server);
  });
});
