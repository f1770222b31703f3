import { behaviourOf, validationOptionProblems } from '../../src/validation/behaviour';
import type { Finding } from '../../src/validation/field-error';
import { validateService } from '../../src/validation/service';
import {
  describeVersions,
  featureGate,
  featureGateProblems,
  KUBERNETES_VERSIONS,
  parseFeatureGates,
  parseKubernetesVersion,
  settableVersions,
  type KubernetesVersion,
} from '../../src/validation/versions';
import { tweaked, type Svc } from './service-base';

/**
 * Per-version table: one valid Service plus a tweak per case, and what each version reports.
 * `from` lists, oldest first, the version from which an expectation holds (until the next one);
 * every case runs for every version 1.28-1.37. Errors are `[type, field]` (exact list, in order);
 * `messages` and `warnings` are exact lists of whole messages when given.
 */
interface Expectation {
  readonly errors: ReadonlyArray<readonly [string, string]>;
  readonly messages?: readonly string[];
  readonly warnings?: readonly string[];
}

interface VersionCase {
  readonly name: string;
  readonly tweak: (s: Svc) => void;
  readonly featureGates?: Readonly<Record<string, boolean>>;
  /** The versions the case runs for (default: all). */
  readonly only?: readonly KubernetesVersion[];
  readonly from: ReadonlyArray<readonly [KubernetesVersion, Expectation]>;
}

const VALID: Expectation = { errors: [], warnings: [] };
const SHORT: Record<string, string> = {
  FieldValueRequired: 'Required',
  FieldValueInvalid: 'Invalid',
  FieldValueNotSupported: 'NotSupported',
  FieldValueDuplicate: 'Duplicate',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'TooLong',
};

const minor = (v: string): number => Number(v.slice(2));

function expectationFor(c: VersionCase, v: KubernetesVersion): Expectation {
  let found: Expectation | undefined;
  for (const [from, e] of c.from) if (minor(from) <= minor(v)) found = e;
  if (found === undefined) throw new Error(`case ${c.name} has no expectation for ${v}`);
  return found;
}

const lbService = (s: Svc): void => {
  s.spec['type'] = 'LoadBalancer';
};
const gates = (g: Record<string, boolean>): Readonly<Record<string, boolean>> => g;

const CASES: readonly VersionCase[] = [
  { name: 'the base Service', tweak: () => undefined, from: [['1.28', VALID]] },
  {
    name: 'trafficDistribution PreferClose',
    tweak: (s) => (s.spec['trafficDistribution'] = 'PreferClose'),
    from: [
      [
        '1.28',
        {
          errors: [['Forbidden', 'spec.trafficDistribution']],
          messages: ['spec.trafficDistribution: unknown field; it exists from Kubernetes 1.30 (see --kubernetes-version) [strict decoding error: unknown field "spec.trafficDistribution"]'],
        },
      ],
      [
        '1.30',
        {
          errors: [],
          warnings: [
            'spec.trafficDistribution: is dropped by the Kubernetes 1.30 API server: the ServiceTrafficDistribution feature gate is off (use --feature-gates ServiceTrafficDistribution=true if the cluster turns it on)',
          ],
        },
      ],
      ['1.31', VALID],
      ['1.35', { errors: [], warnings: ['spec.trafficDistribution: "PreferClose" is deprecated; use "PreferSameZone"'] }],
    ],
  },
  {
    name: 'trafficDistribution PreferSameZone',
    tweak: (s) => (s.spec['trafficDistribution'] = 'PreferSameZone'),
    from: [
      ['1.28', { errors: [['Forbidden', 'spec.trafficDistribution']] }],
      ['1.30', { errors: [], warnings: [expect.stringContaining('is dropped by the Kubernetes 1.30 API server') as unknown as string] }],
      ['1.31', { errors: [['NotSupported', 'spec.trafficDistribution']], messages: ['spec.trafficDistribution: Unsupported value: "PreferSameZone": supported values: "PreferClose"'] }],
      ['1.34', VALID],
    ],
  },
  {
    name: 'trafficDistribution "" (not defaulted)',
    tweak: (s) => (s.spec['trafficDistribution'] = ''),
    only: ['1.31', '1.34', '1.37'],
    from: [
      ['1.31', { errors: [['NotSupported', 'spec.trafficDistribution']], messages: ['spec.trafficDistribution: Unsupported value: "": supported values: "PreferClose"'] }],
      [
        '1.34',
        {
          errors: [['NotSupported', 'spec.trafficDistribution']],
          messages: ['spec.trafficDistribution: Unsupported value: "": supported values: "PreferClose", "PreferSameZone", "PreferSameNode"'],
        },
      ],
    ],
  },
  {
    name: 'trafficDistribution of the wrong type',
    tweak: (s) => (s.spec['trafficDistribution'] = 3),
    only: ['1.29', '1.30', '1.33'],
    from: [
      ['1.29', { errors: [['Forbidden', 'spec.trafficDistribution']] }],
      ['1.30', { errors: [['Invalid', 'spec.trafficDistribution']], messages: ['spec.trafficDistribution: Invalid value: 3: must be of type string'] }],
    ],
  },
  {
    name: 'ServiceTrafficDistribution turned on in 1.30',
    tweak: (s) => (s.spec['trafficDistribution'] = 'Random'),
    featureGates: gates({ ServiceTrafficDistribution: true }),
    only: ['1.30', '1.31', '1.32'],
    from: [['1.30', { errors: [['NotSupported', 'spec.trafficDistribution']] }]],
  },
  {
    name: 'ServiceTrafficDistribution turned off in 1.31 drops the field',
    tweak: (s) => (s.spec['trafficDistribution'] = 'Random'),
    featureGates: gates({ ServiceTrafficDistribution: false }),
    only: ['1.30', '1.31', '1.32'],
    from: [['1.30', { errors: [], warnings: [expect.stringContaining('the ServiceTrafficDistribution feature gate is off') as unknown as string] }]],
  },
  {
    name: 'PreferSameTrafficDistribution turned on in 1.33',
    tweak: (s) => (s.spec['trafficDistribution'] = 'PreferSameNode'),
    featureGates: gates({ PreferSameTrafficDistribution: true }),
    only: ['1.33', '1.34'],
    from: [['1.33', VALID]],
  },
  {
    name: 'PreferSameTrafficDistribution turned off in 1.34',
    tweak: (s) => (s.spec['trafficDistribution'] = 'PreferSameNode'),
    featureGates: gates({ PreferSameTrafficDistribution: false }),
    only: ['1.33', '1.34'],
    from: [['1.33', { errors: [['NotSupported', 'spec.trafficDistribution']] }]],
  },
  {
    name: 'externalTrafficPolicy Cluster on a ClusterIP Service with externalIPs',
    tweak: (s) => ((s.spec['externalIPs'] = ['203.0.113.11']), (s.spec['externalTrafficPolicy'] = 'Cluster')),
    from: [
      ['1.28', { errors: [['Invalid', 'spec.externalTrafficPolicy']], messages: ['spec.externalTrafficPolicy: Invalid value: "Cluster": may only be set when `type` is \'NodePort\' or \'LoadBalancer\''] }],
      ['1.29', VALID],
    ],
  },
  {
    name: 'externalTrafficPolicy Local on a ClusterIP Service with externalIPs',
    tweak: (s) => ((s.spec['externalIPs'] = ['203.0.113.11']), (s.spec['externalTrafficPolicy'] = 'Local')),
    from: [
      ['1.28', { errors: [['Invalid', 'spec.externalTrafficPolicy']] }],
      ['1.29', VALID],
    ],
  },
  {
    name: 'externalTrafficPolicy of another value on a ClusterIP Service with externalIPs',
    tweak: (s) => ((s.spec['externalIPs'] = ['203.0.113.11']), (s.spec['externalTrafficPolicy'] = 'Nearest')),
    from: [
      ['1.28', { errors: [['Invalid', 'spec.externalTrafficPolicy']] }],
      ['1.29', { errors: [['NotSupported', 'spec.externalTrafficPolicy']], messages: ['spec.externalTrafficPolicy: Unsupported value: "Nearest": supported values: "Cluster", "Local"'] }],
    ],
  },
  {
    name: 'externalTrafficPolicy on a ClusterIP Service without externalIPs',
    tweak: (s) => (s.spec['externalTrafficPolicy'] = 'Local'),
    from: [
      ['1.28', { errors: [['Invalid', 'spec.externalTrafficPolicy']], messages: ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set when `type` is \'NodePort\' or \'LoadBalancer\''] }],
      ['1.29', { errors: [['Invalid', 'spec.externalTrafficPolicy']], messages: ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'] }],
    ],
  },
  {
    name: 'LoadBalancer exposing the kubelet port 10250',
    tweak: (s) => (lbService(s), ((s.spec.ports[0] as Record<string, unknown>)['port'] = 10250)),
    from: [
      ['1.28', { errors: [['Invalid', 'spec.ports[0]']], messages: ['spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet'] }],
      ['1.33', VALID],
    ],
  },
  {
    name: 'two bad load-balancer source ranges',
    tweak: (s) => (lbService(s), (s.spec['loadBalancerSourceRanges'] = ['10.0.0.0/8', 'bogus', ' 192.168.0.0/16 ', '1.2.3.4/33'])),
    from: [
      [
        '1.28',
        {
          errors: [['Invalid', 'spec.LoadBalancerSourceRanges']],
          messages: ['spec.LoadBalancerSourceRanges: Invalid value: "[10.0.0.0/8 bogus  192.168.0.0/16  1.2.3.4/33]": must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 '],
        },
      ],
      [
        '1.30',
        {
          errors: [
            ['Invalid', 'spec.LoadBalancerSourceRanges[1]'],
            ['Invalid', 'spec.LoadBalancerSourceRanges[3]'],
          ],
          messages: [
            'spec.LoadBalancerSourceRanges[1]: Invalid value: "bogus": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
            'spec.LoadBalancerSourceRanges[3]: Invalid value: "1.2.3.4/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
          ],
        },
      ],
    ],
  },
  {
    name: 'bad load-balancer source range annotation',
    tweak: (s) => (lbService(s), (s.metadata['annotations'] = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, bogus,1.2.3.0/24 ' })),
    from: [
      [
        '1.28',
        {
          errors: [['Invalid', 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]']],
          messages: [
            'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "10.0.0.0/8, bogus,1.2.3.0/24 ": must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ',
          ],
        },
      ],
      [
        '1.30',
        {
          errors: [['Invalid', 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]']],
          messages: ['metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "bogus": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
        },
      ],
    ],
  },
  {
    name: 'empty source range annotation on a ClusterIP Service',
    tweak: (s) => (s.metadata['annotations'] = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '' }),
    from: [['1.28', { errors: [['Forbidden', 'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]']] }]],
  },
  {
    name: 'source range with host bits set',
    tweak: (s) => (lbService(s), (s.spec['loadBalancerSourceRanges'] = ['10.0.0.1/8'])),
    from: [
      ['1.28', VALID],
      ['1.33', { errors: [], warnings: ['spec.loadBalancerSourceRanges[0]: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)'] }],
      [
        '1.36',
        {
          errors: [['Invalid', 'spec.LoadBalancerSourceRanges[0]']],
          messages: ['spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length'],
        },
      ],
    ],
  },
  {
    name: 'source range with a leading zero',
    tweak: (s) => (lbService(s), (s.spec['loadBalancerSourceRanges'] = ['10.0.0.0/08'])),
    from: [
      ['1.28', VALID],
      ['1.33', { errors: [], warnings: ['spec.loadBalancerSourceRanges[0]: non-standard CIDR value "10.0.0.0/08" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"'] }],
      ['1.36', { errors: [['Invalid', 'spec.LoadBalancerSourceRanges[0]']], messages: ['spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/08": must not have leading 0s in IP or prefix length'] }],
    ],
  },
  {
    name: 'StrictIPCIDRValidation turned on in 1.33',
    tweak: (s) => ((s.spec['clusterIP'] = '010.0.0.1'), (s.spec['externalIPs'] = ['::ffff:203.0.113.5'])),
    featureGates: gates({ StrictIPCIDRValidation: true }),
    only: ['1.33', '1.34', '1.35', '1.36', '1.37'],
    from: [
      [
        '1.33',
        {
          errors: [
            ['Invalid', 'spec.clusterIPs[0]'],
            ['Invalid', 'spec.externalIPs[0]'],
          ],
          messages: ['spec.clusterIPs[0]: Invalid value: "010.0.0.1": must not have leading 0s', 'spec.externalIPs[0]: Invalid value: "::ffff:203.0.113.5": must not be an IPv4-mapped IPv6 address'],
        },
      ],
    ],
  },
  {
    name: 'StrictIPCIDRValidation turned off in 1.36',
    tweak: (s) => (s.spec['clusterIP'] = '010.0.0.1'),
    featureGates: gates({ StrictIPCIDRValidation: false }),
    only: ['1.33', '1.36', '1.37'],
    from: [
      ['1.33', { errors: [], warnings: ['spec.clusterIPs[0]: non-standard IP address "010.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"'] }],
      ['1.36', { errors: [], warnings: ['spec.clusterIPs[0]: non-standard IP address "010.0.0.1" is invalid: use "10.0.0.1"'] }],
    ],
  },
  {
    name: 'clusterIP with a leading zero',
    tweak: (s) => (s.spec['clusterIP'] = '010.0.0.1'),
    from: [
      ['1.28', { errors: [], warnings: ['spec.clusterIPs[0]: IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("010.0.0.1"): IPv4 field has octet with leading zero'] }],
      ['1.33', { errors: [], warnings: ['spec.clusterIPs[0]: non-standard IP address "010.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"'] }],
      ['1.36', { errors: [['Invalid', 'spec.clusterIPs[0]']] }],
    ],
  },
  {
    name: 'IPv4-mapped IPv6 externalIP',
    tweak: (s) => (s.spec['externalIPs'] = ['::ffff:203.0.113.5']),
    from: [
      ['1.28', VALID],
      ['1.33', { errors: [], warnings: ['spec.externalIPs[0]: non-standard IP address "::ffff:203.0.113.5" will be considered invalid in a future Kubernetes release: use "203.0.113.5"'] }],
      ['1.36', { errors: [['Invalid', 'spec.externalIPs[0]']] }],
    ],
  },
  {
    name: 'non-canonical IPv6 externalIP',
    tweak: (s) => (s.spec['externalIPs'] = ['2001:db8:0:0:0:0:0:10']),
    from: [
      ['1.28', { errors: [], warnings: ['spec.externalIPs[0]: IPv6 address "2001:db8:0:0:0:0:0:10" is not in RFC 5952 canonical format ("2001:db8::10"), which may cause controller apply-loops'] }],
      ['1.33', { errors: [], warnings: ['spec.externalIPs[0]: IPv6 address "2001:db8:0:0:0:0:0:10" should be in RFC 5952 canonical format ("2001:db8::10")'] }],
    ],
  },
  {
    name: 'loadBalancerIP that is no IP',
    tweak: (s) => (lbService(s), (s.spec['loadBalancerIP'] = 'pending')),
    from: [
      ['1.28', { errors: [], warnings: ['spec.loadBalancerIP: IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("pending"): unable to parse IP'] }],
      ['1.33', VALID],
    ],
  },
  {
    name: 'Service name with a leading digit',
    tweak: (s) => (s.metadata['name'] = '1abc'),
    from: [
      ['1.28', { errors: [['Invalid', 'metadata.name']], messages: [expect.stringContaining('metadata.name: Invalid value: "1abc": a DNS-1035 label must consist of') as unknown as string] }],
      ['1.36', VALID],
    ],
  },
  {
    name: 'RelaxedServiceNameValidation turned on in 1.34',
    tweak: (s) => (s.metadata['name'] = '1abc'),
    featureGates: gates({ RelaxedServiceNameValidation: true }),
    only: ['1.34', '1.35', '1.36'],
    from: [['1.34', VALID]],
  },
  {
    name: 'Service name with a dot, relaxed',
    tweak: (s) => (s.metadata['name'] = 'a.b'),
    only: ['1.35', '1.36', '1.37'],
    from: [
      ['1.35', { errors: [['Invalid', 'metadata.name']], messages: [expect.stringContaining('a DNS-1035 label') as unknown as string] }],
      ['1.36', { errors: [['Invalid', 'metadata.name']], messages: ['metadata.name: Invalid value: "a.b": must not contain dots'] }],
    ],
  },
  {
    name: 'headless Service with externalIPs',
    tweak: (s) => ((s.spec['clusterIP'] = 'None'), (s.spec['externalIPs'] = ['203.0.113.20'])),
    from: [
      ['1.28', VALID],
      ['1.34', { errors: [], warnings: ['spec.externalIPs is ignored for headless services'] }],
    ],
  },
  {
    name: 'headless Service with ClientIP affinity',
    tweak: (s) => ((s.spec['clusterIP'] = 'None'), (s.spec['sessionAffinity'] = 'ClientIP')),
    from: [
      ['1.28', VALID],
      ['1.34', { errors: [], warnings: ['spec.SessionAffinity is ignored for headless services'] }],
    ],
  },
  {
    name: 'headless Service with the default affinity',
    tweak: (s) => (s.spec['clusterIP'] = 'None'),
    from: [['1.28', VALID]],
  },
  {
    name: 'annotation key with a 64-character name part',
    tweak: (s) => (s.metadata['annotations'] = { [`example.com/${'a'.repeat(64)}`]: 'x' }),
    from: [
      ['1.28', { errors: [['Invalid', 'metadata.annotations']], messages: [expect.stringContaining('name part must be no more than 63 characters') as unknown as string] }],
      ['1.35', { errors: [['Invalid', 'metadata.annotations']], messages: [expect.stringContaining('name part must be no more than 63 bytes') as unknown as string] }],
    ],
  },
  {
    name: 'label key with two slashes',
    tweak: (s) => (s.metadata['labels'] = { 'a/b/c': 'x' }),
    only: ['1.34', '1.35'],
    from: [
      ['1.34', { errors: [['Invalid', 'metadata.labels']], messages: [expect.stringMatching(/^metadata\.labels: Invalid value: "a\/b\/c": a qualified name must consist of/) as unknown as string] }],
      ['1.35', { errors: [['Invalid', 'metadata.labels']], messages: [expect.stringMatching(/^metadata\.labels: Invalid value: "a\/b\/c": a valid label key must consist of/) as unknown as string] }],
    ],
  },
  {
    name: 'Service name of 64 characters (names keep "characters")',
    tweak: (s) => (s.metadata['name'] = 'a'.repeat(64)),
    only: ['1.28', '1.35', '1.37'],
    from: [['1.28', { errors: [['Invalid', 'metadata.name']], messages: [`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`] }]],
  },
  {
    name: 'three clusterIPs',
    tweak: (s) => ((s.spec['clusterIP'] = '10.0.0.1'), (s.spec['clusterIPs'] = ['10.0.0.1', 'fd00::1', '10.0.0.3']), (s.spec['ipFamilyPolicy'] = 'RequireDualStack')),
    from: [
      ['1.28', { errors: [['Invalid', 'spec.clusterIPs']], messages: ['spec.clusterIPs: Invalid value: []string{"10.0.0.1", "fd00::1", "10.0.0.3"}: may only hold up to 2 values'] }],
      ['1.34', { errors: [['Invalid', 'spec.clusterIPs']], messages: ['spec.clusterIPs: Invalid value: ["10.0.0.1","fd00::1","10.0.0.3"]: may only hold up to 2 values'] }],
    ],
  },
  {
    name: 'duplicate (protocol, port)',
    tweak: (s) => s.spec.ports.push({ name: 'again', port: 80 }),
    from: [
      [
        '1.28',
        {
          errors: [['Duplicate', 'spec.ports[1]']],
          messages: ['spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}'],
        },
      ],
      ['1.34', { errors: [['Duplicate', 'spec.ports[1]']], messages: ['spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}'] }],
    ],
  },
  {
    name: 'annotations over 256 KiB',
    tweak: (s) => (s.metadata['annotations'] = { big: 'x'.repeat(262144) }),
    from: [
      ['1.28', { errors: [['TooLong', 'metadata.annotations']], messages: ['metadata.annotations: Too long: must have at most 262144 bytes'] }],
      ['1.32', { errors: [['TooLong', 'metadata.annotations']], messages: ['metadata.annotations: Too long: may not be more than 262144 bytes'] }],
    ],
  },
  {
    name: 'owner reference without kind',
    tweak: (s) => (s.metadata['ownerReferences'] = [{ apiVersion: 'apps/v1', kind: '', name: 'web', uid: 'u-1' }]),
    from: [
      ['1.28', { errors: [['Invalid', 'metadata.ownerReferences.kind']], messages: ['metadata.ownerReferences.kind: Invalid value: "": kind must not be empty'] }],
      ['1.34', { errors: [['Invalid', 'metadata.ownerReferences.kind']], messages: ['metadata.ownerReferences.kind: Invalid value: "": must not be empty'] }],
    ],
  },
  {
    name: 'status ipMode',
    tweak: (s) => (s['status'] = { loadBalancer: { ingress: [{ hostname: 'lb.example.com', ipMode: 'Bogus' }] } }),
    from: [
      ['1.28', { errors: [['Forbidden', 'status.loadBalancer.ingress[0].ipMode']] }],
      ['1.29', VALID],
    ],
  },
];

const rows = CASES.flatMap((c) => (c.only ?? KUBERNETES_VERSIONS).map((v) => [c.name, v, c] as const));

describe('per version', () => {
  test.each(rows)('%s on %s', (_name, version, c) => {
    const options = { kubernetesVersion: version, ...(c.featureGates === undefined ? {} : { featureGates: c.featureGates }) };
    const findings: Finding[] = validateService(tweaked(c.tweak), options);
    const e = expectationFor(c, version);
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [SHORT[f.type] ?? f.type, f.field])).toEqual(e.errors);
    if (e.messages !== undefined) expect(errors.map((f) => f.message)).toEqual(e.messages);
    if (e.warnings !== undefined) expect(findings.filter((f) => f.severity === 'warning').map((f) => f.message)).toEqual(e.warnings);
  });

  test('a patch version is the same as its minor version', () => {
    const obj = tweaked((s) => (s.spec['trafficDistribution'] = 'PreferSameZone'));
    expect(validateService(obj, { kubernetesVersion: '1.33.3' })).toEqual(validateService(obj, { kubernetesVersion: '1.33' }));
  });

  test('the default is 1.28', () => {
    const obj = tweaked((s) => (s.spec['trafficDistribution'] = 'PreferClose'));
    expect(validateService(obj)).toEqual(validateService(obj, { kubernetesVersion: '1.28' }));
  });
});

describe('versions', () => {
  test.each([
    ['1.28', '1.28'],
    ['1.37', '1.37'],
    ['1.33.3', '1.33'],
    [' 1.30.0 ', '1.30'],
    ['1.27', undefined],
    ['1.38', undefined],
    ['v1.33', undefined],
    ['1.033', undefined],
    ['1', undefined],
    ['1.33.3.1', undefined],
    ['1.33-eks', undefined],
    ['', undefined],
  ])('parseKubernetesVersion(%j) is %j', (text, version) => {
    expect(parseKubernetesVersion(text)).toBe(version);
  });

  test('the range of versions', () => {
    expect(KUBERNETES_VERSIONS).toEqual(['1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
    expect(describeVersions(['1.28', '1.29', '1.31', '1.33', '1.34', '1.35'])).toBe('1.28-1.29, 1.31, 1.33-1.35');
  });
});

describe('feature gates', () => {
  test.each([
    ['Name=true,Other=false', { gates: { Name: true, Other: false } }],
    [' A = true , B=False ', { gates: { A: true, B: false } }],
    ['A=1,B=0,C=t', { gates: { A: true, B: false, C: true } }],
    ['', { gates: {} }],
    ['A', { error: 'missing bool value for A (expected Name=true or Name=false)' }],
    ['A=yes', { error: 'invalid value of A=yes (expected true or false)' }],
  ])('parseFeatureGates(%j)', (text, result) => {
    expect(parseFeatureGates(text)).toEqual(result);
  });

  test.each<[KubernetesVersion, Record<string, boolean>, string[]]>([
    ['1.33', { StrictIPCIDRValidation: true }, []],
    ['1.36', { StrictIPCIDRValidation: false }, []],
    ['1.32', { StrictIPCIDRValidation: true }, ['feature gate StrictIPCIDRValidation does not exist in Kubernetes 1.32; it can be set in Kubernetes 1.33-1.37']],
    ['1.33', { ServiceTrafficDistribution: false }, ['feature gate ServiceTrafficDistribution is locked to true in Kubernetes 1.33; it can be set in Kubernetes 1.30-1.32']],
    ['1.37', { RelaxedServiceNameValidation: true }, ['feature gate RelaxedServiceNameValidation is locked to true in Kubernetes 1.37; it can be set in Kubernetes 1.34-1.36']],
    ['1.30', { Bogus: true }, [expect.stringMatching(/^unknown feature gate "Bogus": appsvc knows the gates that change a Service create: ServiceTrafficDistribution, /) as unknown as string]],
  ])('on %s, %j', (version, g, problems) => {
    expect(featureGateProblems(version, g)).toEqual(problems);
  });

  test('every gate can be set somewhere, and defaults follow the stages', () => {
    for (const name of ['ServiceTrafficDistribution', 'PreferSameTrafficDistribution', 'StrictIPCIDRValidation', 'RelaxedServiceNameValidation']) {
      const gate = featureGate(name);
      expect(gate).toBeDefined();
      expect(settableVersions(gate as NonNullable<typeof gate>).length).toBeGreaterThan(0);
    }
  });

  test('a removed gate keeps its last value', () => {
    // ServiceTrafficDistribution is gone in 1.36: the field is validated unconditionally.
    expect(behaviourOf({ kubernetesVersion: '1.36' }).trafficDistribution).toBe('validated');
    expect(behaviourOf({ kubernetesVersion: '1.30' }).trafficDistribution).toBe('dropped');
    expect(behaviourOf({ kubernetesVersion: '1.29' }).trafficDistribution).toBe('unknown');
  });

  test('options the version does not accept are reported, and make validation throw', () => {
    expect(validationOptionProblems({ kubernetesVersion: '1.27' })).toEqual([
      'unsupported Kubernetes version "1.27": use one of 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37 (a patch such as 1.33.3 is accepted and ignored)',
    ]);
    expect(() => validateService(tweaked(() => undefined), { kubernetesVersion: '2.0' })).toThrow(RangeError);
    expect(() => validateService(tweaked(() => undefined), { kubernetesVersion: '1.32', featureGates: { StrictIPCIDRValidation: true } })).toThrow(
      /StrictIPCIDRValidation does not exist in Kubernetes 1.32/,
    );
  });
});

/**
 * Source-range warnings and strict checks, case for case as apimachinery's own tables have them
 * (modelled on k8s.io/apimachinery pkg/util/validation/ip_test.go: TestGetWarningsForCIDR, and
 * the legacy/strict expectations of TestIsValidCIDR), here on a LoadBalancer's
 * `spec.loadBalancerSourceRanges[0]`.
 */
describe('source ranges as apimachinery tests them (1.33+)', () => {
  const lb = (cidr: string) => tweaked((s) => (lbService(s), (s.spec['loadBalancerSourceRanges'] = [cidr])));
  const warnings = (cidr: string, options: { kubernetesVersion: string; featureGates?: Record<string, boolean> }): string[] =>
    validateService(lb(cidr), options)
      .filter((f) => f.severity === 'warning')
      .map((f) => f.message);
  const errors = (cidr: string, options: { kubernetesVersion: string; featureGates?: Record<string, boolean> }): string[] =>
    validateService(lb(cidr), options)
      .filter((f) => f.severity === 'error')
      .map((f) => f.detail);
  const at = 'spec.loadBalancerSourceRanges[0]: ';

  test.each<[string, string, string[]]>([
    ['IPv4 no failures', '192.12.2.0/24', []],
    ['IPv6 no failures', '2001:db8::/64', []],
    ['IPv4 with leading zeros', '192.012.2.0/24', [`${at}non-standard CIDR value "192.012.2.0/24" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"`]],
    ['leading zeros in prefix length', '192.12.2.0/024', [`${at}non-standard CIDR value "192.12.2.0/024" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"`]],
    ['IPv4-mapped IPv6', '::ffff:192.12.2.0/120', [`${at}non-standard CIDR value "::ffff:192.12.2.0/120" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"`]],
    ['bits after prefix length', '192.12.2.8/24', [`${at}CIDR value "192.12.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)`]],
    [
      'multiple problems',
      '192.012.2.8/24',
      [
        `${at}CIDR value "192.012.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)`,
        `${at}non-standard CIDR value "192.012.2.8/24" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"`,
      ],
    ],
    ['IPv6 non-canonical format', '2001:db8:0:0::/64', [`${at}IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")`]],
  ])('warnings: %s', (_name, cidr, want) => {
    for (const kubernetesVersion of ['1.33', '1.34', '1.35']) expect(warnings(cidr, { kubernetesVersion })).toEqual(want);
  });

  test.each<[string, string, string[]]>([
    ['valid', '192.12.2.0/24', []],
    ['leading zeros', '192.012.2.0/24', ['must not have leading 0s in IP or prefix length']],
    ['leading zeros in prefix length', '192.12.2.0/024', ['must not have leading 0s in IP or prefix length']],
    ['IPv4-mapped IPv6', '::ffff:192.12.2.0/120', ['must not have an IPv4-mapped IPv6 address']],
    ['bits after prefix length', '192.12.2.8/24', ['must not have bits set beyond the prefix length']],
    ['partial URL', '192.168.0.1/0/99', ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['negative prefix length', '192.168.0.0/-16', ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['prefix length with sign', '192.168.0.0/+16', ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  ])('strict (StrictIPCIDRValidation): %s', (_name, cidr, want) => {
    expect(errors(cidr, { kubernetesVersion: '1.33', featureGates: { StrictIPCIDRValidation: true } })).toEqual(want);
    expect(errors(cidr, { kubernetesVersion: '1.36' })).toEqual(want);
    // Without the gate only what ParseCIDRSloppy refuses is an error.
    expect(errors(cidr, { kubernetesVersion: '1.35' })).toEqual(want.filter((w) => w.startsWith('must be a valid CIDR')));
  });
});
