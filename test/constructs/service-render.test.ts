import * as fc from 'fast-check';
import { App, Chart, JsonPatch, Testing, type IResolver, type ResolutionContext } from 'cdk8s';
import { AppService, type AppServiceProps } from '../../src/constructs/app-service';
import type { ServicePortInput } from '../../src/constructs/port-spec';
import { renderServiceDirect, renderServiceGeneric } from '../../src/constructs/service-render';
import type { ServiceSpecDefinition } from '../../src/constructs/service-spec';
import { buildExampleApp } from '../../src/main';

/** The direct rendering of `svc` (its spec definition is private state, read here on purpose). */
function direct(svc: AppService): Record<string, unknown> | undefined {
  return renderServiceDirect(svc, (svc as unknown as { spec: ServiceSpecDefinition }).spec);
}

/** Key order matters: the manifests are compared as JSON text. */
function json(value: unknown): string {
  return JSON.stringify(value);
}

/** Asserts that the object renders directly, to exactly what cdk8s's generic KubeService rendering gives. */
function assertDirectIsGeneric(svc: AppService): void {
  const rendered = direct(svc);
  expect(rendered).toBeDefined();
  expect(json(rendered)).toBe(json(renderServiceGeneric(svc)));
  expect(json(svc.toJson())).toBe(json(rendered));
}

const word = fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,10}[a-z0-9])?$/);
/** Map keys, including array-index keys ("0", "12"), which JavaScript orders first. */
const key = fc.oneof(word, fc.constantFrom('0', '12', '7', 'a/b', 'example.com/x', 'Z', '_', '10'), fc.string({ maxLength: 8 }));
const stringMap = fc.dictionary(key, fc.string({ maxLength: 10 }), { maxKeys: 4 });
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

const port: fc.Arbitrary<ServicePortInput> = fc.oneof(
  fc.record(
    {
      port: fc.integer({ min: 0, max: 70000 }),
      name: word,
      protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const),
      targetPort: fc.oneof(fc.integer({ min: 0, max: 70000 }), word),
      nodePort: fc.integer({ min: 0, max: 40000 }),
      appProtocol: word,
    },
    { requiredKeys: ['port'] },
  ),
  fc.constantFrom('80', '80:8080', '443:https', '53:53/UDP', '80:abc:x', 'http', '9090'),
);

const props: fc.Arbitrary<AppServiceProps> = fc.record(
  {
    name: word,
    namespace: word,
    labels: stringMap,
    annotations: stringMap,
    selector: stringMap,
    ports: fc.array(port, { maxLength: 4 }),
    type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const, 'ExternalName' as const),
    headless: fc.boolean(),
    externalName: word,
    clusterIP: fc.constantFrom('10.96.0.10', 'None', ''),
    clusterIPs: fc.array(fc.constantFrom('10.96.0.10', 'fd00::10', ''), { maxLength: 2 }),
    externalIPs: fc.array(fc.constantFrom('192.0.2.10', '198.51.100.1'), { maxLength: 2 }),
    sessionAffinity: fc.constantFrom('None' as const, 'ClientIP' as const),
    sessionAffinityTimeoutSeconds: fc.integer({ min: 0, max: 100000 }),
    loadBalancerIP: fc.constantFrom('198.51.100.7', ''),
    loadBalancerSourceRanges: fc.array(fc.constantFrom('203.0.113.0/24', '10.0.0.0/8'), { maxLength: 2 }),
    loadBalancerClass: word,
    allocateLoadBalancerNodePorts: fc.boolean(),
    externalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
    internalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
    healthCheckNodePort: fc.integer({ min: 0, max: 40000 }),
    ipFamilies: fc.array(fc.constantFrom('IPv4' as const, 'IPv6' as const), { maxLength: 2 }),
    ipFamilyPolicy: fc.constantFrom('SingleStack' as const, 'PreferDualStack' as const, 'RequireDualStack' as const),
    publishNotReadyAddresses: fc.boolean(),
  },
  { requiredKeys: [] },
);

const chartProps = fc.record({ namespace: maybe(word), labels: maybe(stringMap) }, { requiredKeys: [] });

describe('AppService renders directly what cdk8s renders', () => {
  test('for generated props, chart labels and namespace, and later ports, labels and annotations', () => {
    fc.assert(
      fc.property(props, chartProps, fc.array(port, { maxLength: 2 }), stringMap, stringMap, (p, c, laterPorts, laterLabels, laterAnnotations) => {
        const chart = new Chart(Testing.app(), 'test', c);
        const svc = new AppService(chart, 'svc', p);
        for (const extra of laterPorts) svc.addPort(extra);
        for (const [k, v] of Object.entries(laterLabels)) svc.metadata.addLabel(k, v);
        for (const [k, v] of Object.entries(laterAnnotations)) svc.metadata.addAnnotation(k, v);
        assertDirectIsGeneric(svc);
        expect(json(Testing.synth(chart))).toBe(json([renderServiceGeneric(svc)]));
      }),
      { numRuns: 300 },
    );
  });

  test('for every Service of the example app', () => {
    const app = buildExampleApp(new App());
    const services = app.node.findAll().filter((c): c is AppService => c instanceof AppService);
    expect(services.map((s) => s.name)).toEqual(['api', 'gateway', 'db', 'admin', 'public', 'billing']);
    for (const svc of services) assertDirectIsGeneric(svc);
  });
});

describe('AppService falls back to cdk8s\'s generic rendering', () => {
  function service(configure: (svc: AppService) => void, app: App = Testing.app()): AppService {
    const svc = new AppService(new Chart(app, 'test'), 'svc', { labels: { app: 'svc' }, selector: { app: 'svc' }, ports: ['80:8080', '443:https'] });
    configure(svc);
    return svc;
  }

  test.each<[string, (svc: AppService) => void, Record<string, unknown>]>([
    ['a JSON patch', (svc) => svc.addJsonPatch(JsonPatch.replace('/spec/type', 'NodePort')), { type: 'NodePort' }],
    ['metadata added with add()', (svc) => svc.metadata.add('generateName', 'svc-'), { generateName: 'svc-' }],
    ['a finalizer', (svc) => svc.metadata.addFinalizers('example.com/keep'), { finalizers: ['example.com/keep'] }],
    [
      'an owner reference',
      (svc) => svc.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1' }),
      { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1' }] },
    ],
  ])('%s', (_name, configure, expected) => {
    const obj = service(configure);
    expect(direct(obj)).toBeUndefined();
    expect(json(obj.toJson())).toBe(json(renderServiceGeneric(obj)));
    const rendered = obj.toJson() as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
    expect({ ...rendered.metadata, ...rendered.spec }).toMatchObject(expected);
  });

  test('a label value that is not a string', () => {
    const obj = service((svc) => svc.metadata.addLabel('count', 3 as unknown as string));
    expect(direct(obj)).toBeUndefined();
    expect((obj.toJson() as { metadata: { labels: unknown } }).metadata.labels).toEqual({ app: 'svc', count: 3 });
  });

  test('CDK8S_DISABLE_SORT', () => {
    const obj = service((svc) => svc.metadata.addLabel('b', 'x'));
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(direct(obj)).toBeUndefined();
      expect(json(obj.toJson())).toBe(json(renderServiceGeneric(obj)));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('custom resolvers', () => {
    const upper: IResolver = {
      resolve: (context: ResolutionContext) => {
        const value: unknown = context.value;
        if (typeof value === 'string' && context.key[context.key.length - 1] === 'app' && value !== value.toUpperCase()) context.replaceValue(value.toUpperCase());
      },
    };
    const obj = service(() => undefined, new App({ resolvers: [upper] }));
    expect(direct(obj)).toBeUndefined();
    expect(obj.toJson()).toMatchObject({ metadata: { labels: { app: 'SVC' } }, spec: { selector: { app: 'SVC' } } });
  });
});

describe('loading', () => {
  test('defining and synthesizing AppServices loads neither cdk8s-plus-28 nor its Kubernetes bindings', () => {
    jest.isolateModules(() => {
      jest.doMock('cdk8s-plus-28', () => {
        throw new Error('cdk8s-plus-28 loaded');
      });
      jest.doMock('cdk8s-plus-28/lib/imports/k8s', () => {
        throw new Error('cdk8s-plus-28 bindings loaded');
      });
      /* eslint-disable @typescript-eslint/no-require-imports */
      const cdk8s = require('cdk8s') as typeof import('cdk8s');
      const { AppService: IsolatedAppService } = require('../../src/constructs/app-service') as typeof import('../../src/constructs/app-service');
      const { synthApp } = require('../../src/synth/synthesize') as typeof import('../../src/synth/synthesize');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const app = new cdk8s.App();
      new IsolatedAppService(new cdk8s.Chart(app, 'example'), 'api', { selector: { app: 'api' }, ports: ['80:8080'], headless: true });
      expect(synthApp(app).files.get('example.k8s.yaml')).toBe(
        ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: api', 'spec:', '  clusterIP: None', '  ports:', '    - port: 80', '      targetPort: 8080', '  selector:', '    app: api', '  type: ClusterIP', ''].join('\n'),
      );
    });
    jest.dontMock('cdk8s-plus-28');
    jest.dontMock('cdk8s-plus-28/lib/imports/k8s');
  });
});
