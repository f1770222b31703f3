import * as fc from 'fast-check';
import { SERVICE_RULES } from '../../src/validation/rules';
import { validateService } from '../../src/validation/service';
import type { Obj, Svc } from './service-base';

const RUNS = { numRuns: 200 };
const RULE_IDS: ReadonlySet<string> = new Set(SERVICE_RULES.map((r) => r.id));

// ---- the valid space -------------------------------------------------------------------------

const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,14}[a-z0-9])?$/);
const dns1123 = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
const subdomain = fc.array(dns1123, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));
const qnameName = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/);
const qualifiedName = fc.tuple(fc.option(subdomain, { nil: undefined }), qnameName).map(([prefix, name]) => (prefix === undefined ? name : `${prefix}/${name}`));
const labelValue = fc.oneof(fc.constant(''), qnameName);
const labels = fc.dictionary(qualifiedName, labelValue, { maxKeys: 3 });
const ianaName = fc.stringMatching(/^[a-z]([a-z0-9]|-[a-z0-9]){0,6}$/);
const publicIPv4 = fc.tuple(fc.constantFrom('198.51.100', '203.0.113', '192.0.2'), fc.integer({ min: 0, max: 255 })).map(([n, h]) => `${n}.${h}`);
const cidr = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, n]) => `${ip}/${n}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, n]) => `${ip}/${n}`),
);
const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

/** Ports with distinct numbers (so distinct (protocol, port) pairs) and, when several, distinct names. */
function portsArb(type: (typeof TYPES)[number]): fc.Arbitrary<Obj[]> {
  const portNumber = fc.integer({ min: 1, max: 65535 }).filter((p) => type !== 'LoadBalancer' || p !== 10250);
  return fc
    .uniqueArray(portNumber, { minLength: 1, maxLength: 4 })
    .chain((numbers) =>
      fc.tuple(
        fc.uniqueArray(dns1123, { minLength: numbers.length, maxLength: numbers.length }),
        fc.uniqueArray(fc.integer({ min: 30000, max: 32767 }), { minLength: numbers.length, maxLength: numbers.length }),
        fc.array(
          fc.record(
            {
              protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
              targetPort: fc.oneof(fc.integer({ min: 1, max: 65535 }), ianaName),
              appProtocol: qualifiedName,
              withNodePort: fc.boolean(),
            },
            { requiredKeys: ['withNodePort'] },
          ),
          { minLength: numbers.length, maxLength: numbers.length },
        ),
      ).map(([names, nodePorts, extras]) =>
        numbers.map((port, i) => {
          const { withNodePort, ...rest } = extras[i] ?? { withNodePort: false };
          const p: Obj = { port, ...rest };
          if (numbers.length > 1) p['name'] = names[i];
          if (withNodePort && (type === 'NodePort' || type === 'LoadBalancer')) p['nodePort'] = nodePorts[i];
          return p;
        }),
      ),
    );
}

/** A Service from the valid space, of any type with the fields that type allows. */
const validService: fc.Arbitrary<Svc> = fc.constantFrom(...TYPES).chain((type) =>
  fc
    .record(
      {
        name: dns1035,
        namespace: fc.option(dns1123, { nil: undefined }),
        labels,
        annotations: fc.dictionary(qualifiedName, fc.string(), { maxKeys: 2 }),
        ports: portsArb(type),
        selector: labels,
        externalIPs: fc.array(publicIPv4, { maxLength: 2 }),
        affinity: fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }),
        itp: fc.option(fc.constantFrom('Cluster', 'Local'), { nil: undefined }),
        etp: fc.option(fc.constantFrom('Cluster', 'Local'), { nil: undefined }),
        headless: fc.boolean(),
        clusterIP: fc.option(fc.ipV4(), { nil: undefined }),
        policy: fc.option(fc.constantFrom('SingleStack', 'PreferDualStack', 'RequireDualStack'), { nil: undefined }),
        externalName: subdomain,
        sourceRanges: fc.array(cidr, { maxLength: 2 }),
        lbClass: fc.option(qualifiedName, { nil: undefined }),
        allocate: fc.option(fc.boolean(), { nil: undefined }),
        healthCheck: fc.option(fc.integer({ min: 30000, max: 32767 }), { nil: undefined }),
      },
      { requiredKeys: ['name', 'ports', 'headless', 'externalName'] },
    )
    .map((r) => {
      const metadata: Obj = { name: r.name };
      if (r.namespace !== undefined) metadata['namespace'] = r.namespace;
      if (r.labels !== undefined) metadata['labels'] = r.labels;
      if (r.annotations !== undefined) metadata['annotations'] = r.annotations;
      const spec: Svc['spec'] = { type, ports: r.ports };
      if (r.selector !== undefined) spec['selector'] = r.selector;
      if (r.externalIPs !== undefined) spec['externalIPs'] = r.externalIPs;
      if (r.itp !== undefined) spec['internalTrafficPolicy'] = r.itp;
      if (r.affinity !== undefined) {
        spec['sessionAffinity'] = 'ClientIP';
        spec['sessionAffinityConfig'] = { clientIP: { timeoutSeconds: r.affinity } };
      }
      if (type === 'ExternalName') {
        spec['externalName'] = r.externalName;
      } else {
        if (r.policy !== undefined) spec['ipFamilyPolicy'] = r.policy;
        if (type === 'ClusterIP' && r.headless) spec['clusterIP'] = 'None';
        else if (r.clusterIP !== undefined) spec['clusterIP'] = r.clusterIP;
      }
      if (type === 'NodePort' || type === 'LoadBalancer') {
        if (r.etp !== undefined) spec['externalTrafficPolicy'] = r.etp;
      }
      if (type === 'LoadBalancer') {
        if (r.sourceRanges !== undefined) spec['loadBalancerSourceRanges'] = r.sourceRanges;
        if (r.lbClass !== undefined) spec['loadBalancerClass'] = r.lbClass;
        if (r.allocate !== undefined) spec['allocateLoadBalancerNodePorts'] = r.allocate;
        const taken = new Set(r.ports.map((p) => p['nodePort']));
        if (r.etp === 'Local' && r.healthCheck !== undefined && !taken.has(r.healthCheck)) spec['healthCheckNodePort'] = r.healthCheck;
      }
      return { apiVersion: 'v1', kind: 'Service', metadata, spec };
    }),
);

// ---- arbitrary input --------------------------------------------------------------------------

const SPEC_KEYS = ['ports', 'selector', 'clusterIP', 'clusterIPs', 'type', 'externalIPs', 'sessionAffinity', 'loadBalancerSourceRanges', 'externalName', 'externalTrafficPolicy', 'healthCheckNodePort', 'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'allocateLoadBalancerNodePorts', 'loadBalancerClass', 'internalTrafficPolicy'];
const leaf = fc.oneof(fc.anything(), fc.constantFrom('None', 'ClusterIP', 'LoadBalancer', 'Local', '10.0.0.1', '', 0, -1, 30000, 'IPv4'));
const serviceShaped = fc.record({
  apiVersion: fc.oneof(fc.constant('v1'), leaf),
  kind: fc.oneof(fc.constant('Service'), leaf),
  metadata: fc.oneof(leaf, fc.record({ name: leaf, generateName: leaf, labels: leaf, annotations: leaf, ownerReferences: fc.oneof(leaf, fc.array(fc.dictionary(fc.constantFrom('apiVersion', 'kind', 'name', 'uid', 'controller'), leaf))), finalizers: leaf }, { requiredKeys: [] })),
  spec: fc.oneof(
    leaf,
    fc.dictionary(fc.constantFrom(...SPEC_KEYS), fc.oneof(leaf, fc.array(fc.oneof(leaf, fc.dictionary(fc.constantFrom('name', 'port', 'targetPort', 'nodePort', 'protocol', 'appProtocol', 'clientIP', 'timeoutSeconds'), leaf))))),
  ),
});

function checkFindings(input: unknown): void {
  const before = JSON.stringify(input);
  const findings = validateService(input);
  for (const f of findings) {
    expect(RULE_IDS.has(f.rule ?? '')).toBe(true);
    expect(typeof f.field).toBe('string');
    expect(f.message.length).toBeGreaterThan(0);
  }
  expect(JSON.stringify(input)).toBe(before);
  expect(validateService(input)).toEqual(findings);
}

test('any JSON value: no exception, known rules, input untouched, same result twice', () => {
  fc.assert(fc.property(fc.jsonValue(), checkFindings), RUNS);
});

test('any value at all (including non-JSON objects): no exception', () => {
  fc.assert(
    fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true }), (v) => {
      expect(Array.isArray(validateService(v))).toBe(true);
    }),
    RUNS,
  );
});

test('objects shaped like Services with random leaves: no exception, known rules, deterministic', () => {
  fc.assert(fc.property(serviceShaped, checkFindings), RUNS);
});

test('Services from the valid space have no error findings', () => {
  fc.assert(
    fc.property(validService, (s) => {
      expect(validateService(s).filter((f) => f.severity === 'error')).toEqual([]);
    }),
    RUNS,
  );
});

/** Mutations that take one field out of its valid space; each returns the path it broke. */
const MUTATIONS: ReadonlyArray<[string, (s: Svc) => string]> = [
  ['name', (s) => ((s.metadata['name'] = 'Not_A_Name'), 'metadata.name')],
  ['generation', (s) => ((s.metadata['generation'] = -1), 'metadata.generation')],
  ['label key', (s) => ((s.metadata['labels'] = { 'bad key': 'x' }), 'metadata.labels')],
  ['annotation key', (s) => ((s.metadata['annotations'] = { '/x': 'y' }), 'metadata.annotations')],
  ['selector value', (s) => ((s.spec['selector'] = { app: '-x-' }), 'spec.selector')],
  ['type', (s) => ((s.spec['type'] = 'Gateway'), 'spec.type')],
  ['port', (s) => ((portOf(s)['port'] = 65536), 'spec.ports[0].port')],
  ['port type', (s) => ((portOf(s)['port'] = '80'), 'spec.ports[0].port')],
  ['protocol', (s) => ((portOf(s)['protocol'] = 'ICMP'), 'spec.ports[0].protocol')],
  ['targetPort', (s) => ((portOf(s)['targetPort'] = 'Not_A_Port'), 'spec.ports[0].targetPort')],
  ['appProtocol', (s) => ((portOf(s)['appProtocol'] = 'a/b/c'), 'spec.ports[0].appProtocol')],
  ['port name', (s) => ((portOf(s)['name'] = 'UPPER'), 'spec.ports[0].name')],
  ['sessionAffinity', (s) => ((s.spec['sessionAffinity'] = 'Sticky'), 'spec.sessionAffinity')],
  ['externalIPs', (s) => ((s.spec['externalIPs'] = ['127.0.0.1']), 'spec.externalIPs[0]')],
  ['internalTrafficPolicy', (s) => ((s.spec['internalTrafficPolicy'] = 'Everywhere'), 'spec.internalTrafficPolicy')],
  ['ipFamilyPolicy', (s) => ((s.spec['ipFamilyPolicy'] = 'Triple'), 'spec.ipFamilyPolicy')],
  ['unknown field', (s) => ((s.spec['replicas'] = 2), 'spec.replicas')],
  ['ownerReferences', (s) => ((s.metadata['ownerReferences'] = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c' }]), 'metadata.ownerReferences.uid')],
];

function portOf(s: Svc): Obj {
  const p = s.spec.ports[0];
  if (p === undefined) throw new Error('the valid space always has a port');
  return p;
}

test('breaking one field of a valid Service gives a finding at exactly that path', () => {
  fc.assert(
    fc.property(validService, fc.constantFrom(...MUTATIONS), (s, [, mutate]) => {
      const field = mutate(s);
      const fields = validateService(s)
        .filter((f) => f.severity === 'error')
        .map((f) => f.field);
      expect(fields).toContain(field);
    }),
    RUNS,
  );
});
