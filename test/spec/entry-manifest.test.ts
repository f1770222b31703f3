import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { compileEntry, SpecCompileError } from '../../src/spec/compile';
import { compileEntryManifest } from '../../src/spec/entry-manifest';
import { loadSpecText } from '../../src/spec/load';
import type { ServiceEntry, Spec } from '../../src/spec/model';

type Outcome = { manifest: string } | { problems: unknown };

/** The manifest (as JSON, so that key order counts) or the problems of a compilation. */
function outcome(compile: () => Record<string, unknown>): Outcome {
  try {
    return { manifest: JSON.stringify(compile()) };
  } catch (err: unknown) {
    if (err instanceof SpecCompileError) return { problems: err.problems };
    throw err;
  }
}

function expectSameAsCdk8s(spec: Spec, entry: ServiceEntry, index: number | undefined, text?: string): Outcome {
  const source = text !== undefined ? loadSpecText('appsvc.yaml', text) : { file: 'appsvc.yaml', spec, specName: 'shop' };
  const got = outcome(() => compileEntryManifest(source, entry, index));
  expect(got).toEqual(outcome(() => compileEntry(source, entry, index)));
  return got;
}

describe('compileEntryManifest: the manifest and problems of compileEntry, without cdk8s', () => {
  test('every entry of the example spec', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'appsvc.yaml'), 'utf8');
    const loaded = loadSpecText('appsvc.yaml', text);
    expect(loaded.spec.services.length).toBeGreaterThan(2);
    loaded.spec.services.forEach((entry, i) => expectSameAsCdk8s(loaded.spec, entry, i, text));
  });

  test('problems are located in the file as compileEntry locates them', () => {
    const text = 'name: shop\nservices:\n  - name: api\n    ports: ["70000", "80:http"]\n    sessionAffinityTimeoutSeconds: 5\n';
    const loaded = loadSpecText('appsvc.yaml', text);
    const entry = loaded.spec.services[0] as ServiceEntry;
    const got = outcome(() => compileEntryManifest(loaded, entry, 0));
    expect('problems' in got && Array.isArray(got.problems) && got.problems.length > 0).toBe(true);
    expectSameAsCdk8s(loaded.spec, entry, 0, text);
  });

  test('a "__proto__" label or selector key is an error, not dropped', () => {
    const text = 'name: shop\nservices:\n  - name: api\n    ports: ["80"]\n    selector: {"__proto__": v, app: api}\n    labels: {"__proto__": v}\n';
    const loaded = loadSpecText('appsvc.yaml', text);
    const entry = loaded.spec.services[0] as ServiceEntry;
    const got = expectSameAsCdk8s(loaded.spec, entry, 0, text);
    const problems = 'problems' in got ? (got.problems as { line: number; message: string }[]) : [];
    expect(problems.map((p) => [p.line, p.message.slice(0, p.message.indexOf(': name part'))])).toEqual([
      [6, 'service "api": metadata.labels: Invalid value: "__proto__"'],
      [5, 'service "api": spec.selector: Invalid value: "__proto__"'],
    ]);
  });

  const name = fc.constantFrom('api', 'web-1', 'a', 'x'.repeat(63), 'x'.repeat(64), 'Bad_Name');
  const shorthand = fc.constantFrom('80', '80:8080', '80:8080/TCP', '53:53/UDP', '443:https', '9090', '70000', '0', 'abc', '80:', ':80', '80/XYZ', '8080:http_web', '30080:8080');
  const longPort = fc.record(
    {
      name: fc.constantFrom('http', 'metrics', 'Bad', 'a-very-long-port-name-x'),
      port: fc.constantFrom(80, 443, 0, 70000),
      targetPort: fc.constantFrom<number | string>(8080, 'http', 'bad_name', 0),
      protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
      nodePort: fc.constantFrom(30080, 80, 40000),
      appProtocol: fc.constantFrom('http', 'kubernetes.io/h2c', 'bad proto'),
    },
    { requiredKeys: ['port'] },
  );
  const stringMap = fc.dictionary(fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'bad key!', 'team'), fc.constantFrom('api', 'web', '', 'bad value!', 'x'.repeat(64)), { maxKeys: 3 });
  const entry = fc.record(
    {
      name,
      namespace: fc.constantFrom('default', 'production', 'Bad_NS'),
      type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
      headless: fc.boolean(),
      externalName: fc.constantFrom('mq.example.com', 'not a name'),
      ports: fc.array(fc.oneof(shorthand, longPort), { maxLength: 3 }),
      selector: stringMap,
      externalTrafficPolicy: fc.constantFrom('Cluster', 'Local'),
      internalTrafficPolicy: fc.constantFrom('Cluster', 'Local'),
      sessionAffinity: fc.constantFrom('None', 'ClientIP'),
      sessionAffinityTimeoutSeconds: fc.constantFrom(1, 10800, 0, 90000),
      clusterIP: fc.constantFrom('None', '10.0.0.10', 'bad'),
      clusterIPs: fc.constantFrom(['10.0.0.10'], ['10.0.0.10', 'fd00::10'], ['bad']),
      externalIPs: fc.constantFrom(['192.0.2.1'], ['0.0.0.0']),
      ipFamilies: fc.constantFrom(['IPv4'], ['IPv4', 'IPv6'], ['IPv6', 'IPv6']),
      ipFamilyPolicy: fc.constantFrom('SingleStack', 'PreferDualStack', 'RequireDualStack'),
      loadBalancerIP: fc.constantFrom('192.0.2.2'),
      loadBalancerSourceRanges: fc.constantFrom(['10.0.0.0/8'], ['bad']),
      loadBalancerClass: fc.constantFrom('example.com/lb', 'bad class'),
      allocateLoadBalancerNodePorts: fc.boolean(),
      healthCheckNodePort: fc.constantFrom(30100, 1),
      publishNotReadyAddresses: fc.boolean(),
      labels: stringMap,
      annotations: fc.dictionary(fc.constantFrom('note', 'example.com/x', 'bad key!'), fc.constantFrom('a: b', '', 'multi\nline'), { maxKeys: 2 }),
    },
    { requiredKeys: ['name'] },
  );

  const validish = fc.record(
    {
      name: fc.constantFrom('api', 'web-1'),
      namespace: fc.constantFrom('default', 'production'),
      type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
      ports: fc.array(fc.constantFrom<unknown>('80', '80:8080', '53:53/UDP', '443:https', { name: 'http', port: 80, targetPort: 'http' }, { port: 9090, protocol: 'TCP' }), { minLength: 1, maxLength: 2 }),
      selector: fc.constantFrom({ app: 'api' }, { app: 'web', tier: 'backend' }),
      sessionAffinity: fc.constantFrom('None', 'ClientIP'),
      publishNotReadyAddresses: fc.boolean(),
      labels: fc.constantFrom({ team: 'a' }, { 'app.kubernetes.io/name': 'api', zz: 'last' }),
      annotations: fc.constantFrom({ note: 'a: b' }, { 'b.example.com/x': '1', 'a.example.com/y': '' }),
    },
    { requiredKeys: ['name', 'ports', 'selector'] },
  );

  test('generated entries, valid and not: the same manifest, key order included, or the same problems', () => {
    const seen = { manifest: 0, problems: 0 };
    fc.assert(
      fc.property(fc.oneof(entry, validish), fc.constantFrom(undefined, 'production'), fc.constantFrom<number | undefined>(undefined, 0), (e, namespace, index) => {
        const spec: Spec = { name: 'shop', ...(namespace !== undefined ? { namespace } : {}), services: [e as unknown as ServiceEntry] };
        seen['manifest' in expectSameAsCdk8s(spec, e as unknown as ServiceEntry, index) ? 'manifest' : 'problems']++;
      }),
      { numRuns: 400 },
    );
    // Both outcomes are exercised.
    expect(seen.manifest).toBeGreaterThan(20);
    expect(seen.problems).toBeGreaterThan(20);
  });
});
