import { hasErrors } from '../../src/validation/field-error';
import { SERVICE_RULES } from '../../src/validation/rules';
import { validateService } from '../../src/validation/service';
import { errorsOf, tweaked } from './service-base';

describe('profile cce', () => {
  test.each<[string, Parameters<typeof tweaked>[0], Array<[string, string]>, Array<[string, string]>]>([
    ['name of 24 characters', (s) => (s.metadata['name'] = 'a'.repeat(24)), [], []],
    ['name of 25 characters', (s) => (s.metadata['name'] = 'a'.repeat(25)), [], [['Invalid', 'metadata.name']]],
    ['generateName of 19 characters', (s) => ((s.metadata['name'] = ''), (s.metadata['generateName'] = `${'a'.repeat(18)}-`)), [], []],
    ['generateName of 20 characters', (s) => ((s.metadata['name'] = ''), (s.metadata['generateName'] = `${'a'.repeat(19)}-`)), [], [['Invalid', 'metadata.generateName']]],
    ['SCTP port', (s) => s.spec.ports.push({ name: 'sctp', port: 9, protocol: 'SCTP' }), [], [['NotSupported', 'spec.ports[1].protocol']]],
    ['UDP port', (s) => s.spec.ports.push({ name: 'dns', port: 53, protocol: 'UDP' }), [], []],
  ])('%s', (_d, tweak, kubernetes, cceExtra) => {
    const s = tweaked(tweak);
    expect(errorsOf(s)).toEqual(kubernetes);
    expect(errorsOf(s, { profile: 'kubernetes' })).toEqual(kubernetes);
    expect(errorsOf(s, { profile: 'cce' })).toEqual([...kubernetes, ...cceExtra]);
  });

  test('rule ids and message', () => {
    const f = validateService(tweaked((s) => s.spec.ports.push({ name: 'sctp', port: 9, protocol: 'SCTP' })), { profile: 'cce' });
    expect(f.map((x) => [x.rule, x.message])).toEqual([['cce/port-protocol', 'spec.ports[1].protocol: Unsupported value: "SCTP": supported values: "TCP", "UDP"']]);
  });
});

describe('warnings (never errors)', () => {
  test.each<[string, Parameters<typeof tweaked>[0], Array<[string, string, string]>]>([
    [
      'deprecated topology annotation',
      (s) => (s.metadata['annotations'] = { 'service.kubernetes.io/topology-aware-hints': 'Auto' }),
      [
        [
          'k8s/deprecated-topology-hints',
          'metadata.annotations[service.kubernetes.io/topology-aware-hints]',
          'annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead',
        ],
      ],
    ],
    [
      'IPv4 with leading zeros',
      (s) => (s.spec['externalIPs'] = ['203.0.113.010']),
      [
        [
          'k8s/non-canonical-ip',
          'spec.externalIPs[0]',
          'IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("203.0.113.010"): IPv4 field has octet with leading zero',
        ],
      ],
    ],
    [
      'IPv6 not in RFC 5952 form',
      (s) => (s.spec['clusterIP'] = 'FD00:0:0::10'),
      [['k8s/non-canonical-ip', 'spec.clusterIPs[0]', 'IPv6 address "FD00:0:0::10" is not in RFC 5952 canonical format ("fd00::10"), which may cause controller apply-loops']],
    ],
    ['canonical IPv6', (s) => (s.spec['clusterIP'] = 'fd00::10'), []],
    [
      'loadBalancerIP that is no IP',
      (s) => (s.spec['loadBalancerIP'] = 'pending'),
      [['k8s/non-canonical-ip', 'spec.loadBalancerIP', 'IP address was accepted, but will be invalid in a future Kubernetes release: ParseAddr("pending"): unable to parse IP']],
    ],
    [
      'IPv6 source range not in RFC 5952 form',
      (s) => ((s.spec['type'] = 'LoadBalancer'), (s.spec['loadBalancerSourceRanges'] = ['2001:DB8::/32'])),
      [['k8s/non-canonical-ip', 'spec.loadBalancerSourceRanges[0]', 'IPv6 prefix "2001:DB8::/32" is not in RFC 5952 canonical format ("2001:db8::/32"), which may cause controller apply-loops']],
    ],
  ])('%s', (_d, tweak, expected) => {
    const findings = validateService(tweaked(tweak));
    expect(findings.map((f) => [f.rule, f.field, f.detail])).toEqual(expected);
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(hasErrors(findings)).toBe(false);
  });
});

describe('rule list', () => {
  test('ids are unique and namespaced by profile', () => {
    const ids = SERVICE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of SERVICE_RULES) expect(r.id.startsWith(r.profile === 'cce' ? 'cce/' : 'k8s/')).toBe(true);
  });
});
