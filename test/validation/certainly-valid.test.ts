import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { isCertainlyValidService } from '../../src/validation/certainly-valid';
import type { ValidateOptions } from '../../src/validation/options';
import { runServiceChecks, validateService } from '../../src/validation/service';
import { baseService, tweaked, type Obj } from './service-base';

/**
 * `validateService` skips the step-by-step checks for a Service `isCertainlyValidService`
 * recognises. That recognition may only say yes where every check finds nothing; these tests hold
 * it to that over the fixture cases and over generated Services close to its edges, and check that
 * `validateService` gives exactly the findings of the full run.
 */

const OPTIONS: readonly ValidateOptions[] = [
  {},
  { profile: 'cce' },
  { reporting: 'server' },
  { reporting: 'all' },
  { nodePortRange: { min: 30000, max: 30100 } },
  // Versions whose rules the one-pass check follows: the kubelet port (1.33), headless warnings
  // (1.34), relaxed names (1.36, or by gate).
  { kubernetesVersion: '1.33' },
  { kubernetesVersion: '1.34' },
  { kubernetesVersion: '1.36' },
  { kubernetesVersion: '1.35', featureGates: { RelaxedServiceNameValidation: true } },
];

function expectSameAsFullRun(obj: unknown): void {
  for (const options of OPTIONS) {
    const full = runServiceChecks(obj, options);
    if (isCertainlyValidService(obj, options)) expect(full).toEqual([]);
    expect(validateService(obj, options)).toEqual(full);
  }
}

const DIR = path.join(__dirname, '..', 'fixtures', 'service-cases');
const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, (JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { object: unknown }).object] as const);

test.each(fixtures)('fixture %s: same findings as the full run', (_file, obj) => {
  expectSameAsFullRun(obj);
});

describe('recognised without the full run', () => {
  const bench = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: { app: 'svc-1', tier: 'backend' }, name: 'svc-1' },
    spec: {
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'metrics', port: 9090, targetPort: 9090 },
      ],
      selector: { app: 'svc-1' },
      type: 'ClusterIP',
    },
  };
  test.each([
    ['the base Service', baseService()],
    ['a Service with labels, selector and two named ports', bench],
    ['a headless Service without ports', tweaked((s) => { s.spec['clusterIP'] = 'None'; delete (s.spec as Obj)['ports']; })],
    ['a NodePort Service with a nodePort in range', tweaked((s) => { s.spec['type'] = 'NodePort'; s.spec.ports[0] = { port: 80, nodePort: 30080 }; })],
    ['a LoadBalancer Service with a class and Local traffic', tweaked((s) => { s.spec['type'] = 'LoadBalancer'; s.spec['loadBalancerClass'] = 'example.com/lb'; s.spec['externalTrafficPolicy'] = 'Local'; })],
    ['a dual-stack Service', tweaked((s) => { s.spec['ipFamilies'] = ['IPv4', 'IPv6']; s.spec['ipFamilyPolicy'] = 'PreferDualStack'; })],
  ])('%s', (_name, obj) => {
    expect(isCertainlyValidService(obj)).toBe(true);
    expect(runServiceChecks(obj)).toEqual([]);
  });
});

describe('left to the full run', () => {
  test.each([
    ['an unknown field', tweaked((s) => { s.spec['bogus'] = 1; })],
    ['a clusterIP address', tweaked((s) => { s.spec['clusterIP'] = '10.0.0.1'; })],
    ['an ExternalName Service', tweaked((s) => { s.spec['type'] = 'ExternalName'; })],
    ['a nodePort on a ClusterIP Service', tweaked((s) => { s.spec.ports[0] = { port: 80, nodePort: 30080 }; })],
    ['two unnamed ports', tweaked((s) => { s.spec.ports = [{ port: 80 }, { port: 81 }]; })],
    ['SingleStack with two families', tweaked((s) => { s.spec['ipFamilies'] = ['IPv4', 'IPv6']; })],
    ['a label value null', tweaked((s) => { s.metadata['labels'] = { app: null }; })],
    ['a port 10250 on a LoadBalancer', tweaked((s) => { s.spec['type'] = 'LoadBalancer'; s.spec.ports[0] = { port: 10250 }; })],
    ['a topology annotation', tweaked((s) => { s.metadata['annotations'] = { 'service.kubernetes.io/topology-mode': 'Auto' }; })],
  ])('%s', (_name, obj) => {
    expect(isCertainlyValidService(obj)).toBe(false);
  });

  test('a long name under the cce profile', () => {
    const obj = tweaked((s) => { s.metadata['name'] = 'a-name-longer-than-twenty-four'; });
    expect(isCertainlyValidService(obj)).toBe(true);
    expect(isCertainlyValidService(obj, { profile: 'cce' })).toBe(false);
  });
});

// ---- generated Services near the edges of what is recognised ---------------------------------

/** Values each field takes: mostly good, some bad in every way a rule could object to. */
const name = fc.constantFrom('web', 'svc-1', 'a-name-longer-than-twenty-four', '', 'Web', '1abc', 'a.b', 'x'.repeat(64), 7);
const labelKey = fc.constantFrom('app', 'tier', 'example.com/team', 'Bad Key', '', '-x', 'a/b/c', 'A_b.c');
const labelValue = fc.constantFrom('web', 'backend', '', 'x'.repeat(64), 'bad value', '-x', null, 3);
const labelMap = fc.oneof(fc.dictionary(labelKey, labelValue, { maxKeys: 3 }), fc.constantFrom(null, 'x', []));
const annotationKey = fc.constantFrom('note', 'Example.com/Note', 'service.kubernetes.io/topology-mode', 'service.kubernetes.io/topology-aware-hints', 'service.beta.kubernetes.io/load-balancer-source-ranges', 'bad key');
const annotations = fc.dictionary(annotationKey, fc.constantFrom('x', 'Auto', '10.0.0.0/8', '', 5), { maxKeys: 2 });
const portNumber = fc.constantFrom(80, 443, 8080, 10250, 0, -1, 65536, 1.5, '80', undefined);
const targetPort = fc.constantFrom(8080, 'http', 'web-http', 0, '', 'Bad', 'a--b', '-ab', 'x'.repeat(16), 70000, -3, null, undefined);
const protocol = fc.constantFrom('TCP', 'UDP', 'SCTP', '', 'tcp', 1, undefined);
const nodePort = fc.constantFrom(0, 30080, 30081, 30200, 32767, 40000, -5, 'x', undefined);
const portName = fc.constantFrom('http', 'metrics', '', 'Http', 'a.b', 'x'.repeat(64), 3, undefined);
const appProtocol = fc.constantFrom('http', 'example.com/proto', 'bad proto', undefined);
const port = fc
  .record({ name: portName, protocol, port: portNumber, targetPort, nodePort, appProtocol, extra: fc.constantFrom(undefined, undefined, undefined, 'x') })
  .map(({ extra, ...p }) => {
    const out: Obj = {};
    for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
    if (extra !== undefined) out['bogus'] = extra;
    return out;
  });

const generated = fc
  .record({
    apiVersion: fc.constantFrom('v1', 'v1', 'v2', undefined),
    kind: fc.constantFrom('Service', 'Service', 'Pod', undefined),
    name,
    namespace: fc.constantFrom(undefined, '', 'shop', 'Shop', 'a.b'),
    labels: fc.option(labelMap, { nil: undefined }),
    annotations: fc.option(annotations, { nil: undefined }),
    generation: fc.constantFrom(undefined, 0, 3, -1, 1.5),
    type: fc.constantFrom(undefined, 'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', '', 'Other'),
    ports: fc.option(fc.array(port, { maxLength: 3 }), { nil: undefined }),
    selector: fc.option(labelMap, { nil: undefined }),
    clusterIP: fc.constantFrom(undefined, '', 'None', '10.0.0.1', 3),
    sessionAffinity: fc.constantFrom(undefined, 'None', 'ClientIP', '', 'Sticky'),
    etp: fc.constantFrom(undefined, '', 'Cluster', 'Local', 'Other'),
    itp: fc.constantFrom(undefined, '', 'Cluster', 'Local', 'Other'),
    allocate: fc.constantFrom(undefined, true, false, 'yes'),
    lbClass: fc.constantFrom(undefined, 'example.com/lb', 'bad class'),
    policy: fc.constantFrom(undefined, 'SingleStack', 'PreferDualStack', 'RequireDualStack', 'Other'),
    families: fc.constantFrom(undefined, [], ['IPv4'], ['IPv6', 'IPv4'], ['IPv4', 'IPv4'], ['IPv5'], ['IPv4', 'IPv6', 'IPv4']),
    publish: fc.constantFrom(undefined, true, 'no'),
  })
  .map((r) => {
    const metadata: Obj = { name: r.name };
    const spec: Obj = {};
    const obj: Obj = { metadata, spec };
    if (r.apiVersion !== undefined) obj['apiVersion'] = r.apiVersion;
    if (r.kind !== undefined) obj['kind'] = r.kind;
    const set = (o: Obj, k: string, v: unknown): void => {
      if (v !== undefined) o[k] = v;
    };
    set(metadata, 'namespace', r.namespace);
    set(metadata, 'labels', r.labels);
    set(metadata, 'annotations', r.annotations);
    set(metadata, 'generation', r.generation);
    set(spec, 'type', r.type);
    set(spec, 'ports', r.ports);
    set(spec, 'selector', r.selector);
    set(spec, 'clusterIP', r.clusterIP);
    set(spec, 'sessionAffinity', r.sessionAffinity);
    set(spec, 'externalTrafficPolicy', r.etp);
    set(spec, 'internalTrafficPolicy', r.itp);
    set(spec, 'allocateLoadBalancerNodePorts', r.allocate);
    set(spec, 'loadBalancerClass', r.lbClass);
    set(spec, 'ipFamilyPolicy', r.policy);
    set(spec, 'ipFamilies', r.families);
    set(spec, 'publishNotReadyAddresses', r.publish);
    return obj;
  });

test('generated Services: recognised only when the full run finds nothing, and the same findings', () => {
  fc.assert(
    fc.property(generated, (obj) => {
      expectSameAsFullRun(obj);
    }),
    { numRuns: 1500 },
  );
});

/** Generated Services that are mostly recognised: good values only, so the "yes" side gets exercised. */
const good = fc
  .record({
    type: fc.constantFrom(undefined, 'ClusterIP', 'NodePort', 'LoadBalancer'),
    count: fc.integer({ min: 1, max: 3 }),
    names: fc.shuffledSubarray(['http', 'metrics', 'grpc', 'admin'], { minLength: 3, maxLength: 3 }),
    numbers: fc.array(fc.constantFrom(80, 443, 8080, 9090), { minLength: 3, maxLength: 3 }),
    protocols: fc.array(fc.constantFrom('TCP', 'UDP', 'SCTP', ''), { minLength: 3, maxLength: 3 }),
    nodePorts: fc.array(fc.constantFrom(0, 30080, 30081, 32000), { minLength: 3, maxLength: 3 }),
    targets: fc.array(fc.constantFrom(8080, 'http', 0, ''), { minLength: 3, maxLength: 3 }),
    headless: fc.boolean(),
    withSelector: fc.boolean(),
    families: fc.constantFrom(undefined, ['IPv4'], ['IPv4', 'IPv6']),
    policy: fc.constantFrom(undefined, 'SingleStack', 'RequireDualStack'),
  })
  .map((r) => {
    const ports: Obj[] = [];
    for (let i = 0; i < r.count; i++) {
      const p: Obj = { port: r.numbers[i], protocol: r.protocols[i], targetPort: r.targets[i], nodePort: r.nodePorts[i] };
      if (r.count > 1) p['name'] = r.names[i];
      ports.push(p);
    }
    const spec: Obj = { ports };
    if (r.type !== undefined) spec['type'] = r.type;
    if (r.headless) spec['clusterIP'] = 'None';
    if (r.withSelector) spec['selector'] = { app: 'web' };
    if (r.families !== undefined) spec['ipFamilies'] = r.families;
    if (r.policy !== undefined) spec['ipFamilyPolicy'] = r.policy;
    return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } }, spec };
  });

test('generated good-looking Services: recognised only when the full run finds nothing', () => {
  fc.assert(
    fc.property(good, (obj) => {
      expectSameAsFullRun(obj);
    }),
    { numRuns: 1000 },
  );
});

// ---- how properties are read -------------------------------------------------------------------

describe('properties the decoder reads and the one-pass check may not miss', () => {
  /** The bench-like Service with `change` applied to a fresh copy. */
  function withBench(change: (s: { metadata: Obj; spec: Obj & { ports: Obj[] } }) => void): Obj {
    const s = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { app: 'web', tier: 'backend' } as Obj, name: 'web' } as Obj,
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090, targetPort: 9090 }] as Obj[], selector: { app: 'web' } as Obj, type: 'ClusterIP' } as Obj & { ports: Obj[] },
    };
    change(s);
    return s;
  }
  const hidden = (o: Obj, key: string, value: unknown): void => {
    Object.defineProperty(o, key, { value, enumerable: false, writable: true, configurable: true });
  };

  test.each([
    ['a non-enumerable bad namespace in metadata', withBench((s) => hidden(s.metadata, 'namespace', 'Bad_NS'))],
    ['a non-enumerable bad clusterIP in spec', withBench((s) => hidden(s.spec, 'clusterIP', '10.0.0.300'))],
    ['a non-enumerable nodePort on a ClusterIP port', withBench((s) => hidden(s.spec.ports[0] as Obj, 'nodePort', 30080))],
    ['a non-enumerable bad protocol on a port', withBench((s) => hidden(s.spec.ports[1] as Obj, 'protocol', 'tcp'))],
  ])('%s: found by the full run, not recognised', (_name, obj) => {
    expect(runServiceChecks(obj)).not.toEqual([]);
    expect(isCertainlyValidService(obj)).toBe(false);
    expectSameAsFullRun(obj);
  });

  test.each([
    ['a non-enumerable bad label (the decoder reads enumerable keys of maps)', withBench((s) => hidden(s.metadata['labels'] as Obj, 'Bad Key', 'x'))],
    ['a non-enumerable bad selector entry', withBench((s) => hidden(s.spec['selector'] as Obj, 'app', 'bad value'))],
    ['labels inheriting a bad enumerable entry', withBench((s) => { s.metadata['labels'] = Object.assign(Object.create({ 'Bad Key': 'x' }) as Obj, { app: 'web' }); })],
    ['a selector inheriting its only entry', withBench((s) => { s.spec['selector'] = Object.create({ app: 'web' }) as Obj; })],
    ['annotations inheriting a topology annotation', withBench((s) => { s.metadata['annotations'] = Object.create({ 'service.kubernetes.io/topology-mode': 'Auto' }) as Obj; })],
    ['a headless dual-stack Service whose selector entry is inherited', withBench((s) => {
      s.spec['clusterIP'] = 'None';
      s.spec['type'] = 'ClusterIP';
      s.spec['ipFamilies'] = ['IPv4', 'IPv6'];
      s.spec['selector'] = Object.create({ app: 'web' }) as Obj;
    })],
  ])('%s: same findings as the full run', (_name, obj) => {
    expectSameAsFullRun(obj);
  });

  test('a property getter that checks another Service meanwhile does not disturb the ports compared', () => {
    const other = withBench((s) => { s.spec.ports = [{ name: 'a', port: 1 }, { name: 'b', port: 2 }]; });
    const second: Obj = { name: 'metrics' };
    let inner: boolean | undefined;
    Object.defineProperty(second, 'port', {
      enumerable: true,
      get: () => {
        inner = isCertainlyValidService(other);
        return 80; // the same TCP port as the first port: a duplicate
      },
    });
    const obj = withBench((s) => { s.spec.ports = [{ name: 'http', port: 80 }, second]; });
    expect(isCertainlyValidService(obj)).toBe(false);
    expect(inner).toBe(true);
    expect(runServiceChecks(obj).map((f) => f.field)).toEqual(['spec.ports[1]']);
  });

  test('earlier Services leave nothing behind for the ports of later ones', () => {
    const three = withBench((s) => { s.spec.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 81 }, { name: 'c', port: 82 }]; });
    const two = withBench((s) => { s.spec.ports = [{ name: 'x', port: 81 }, { name: 'y', port: 80 }]; });
    const dup = withBench((s) => { s.spec.ports = [{ name: 'x', port: 90 }, { name: 'x', port: 91 }]; });
    expect([three, two, dup, two, three].map((o) => isCertainlyValidService(o))).toEqual([true, true, false, true, true]);
  });
});
