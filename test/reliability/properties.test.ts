import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { AppService, type AppServiceProps } from '../../src/constructs/app-service';
import type { ServicePortInput } from '../../src/constructs/port-spec';
import { PROTOCOLS, type Protocol } from '../../src/constructs/service-values';
import { lintManifests } from '../../src/lint';
import { parseManifests } from '../../src/manifest/parse';
import { buildRun, renderJson, renderProblemLines, renderSarif, renderSummary, renderText } from '../../src/report';
import { emitYaml } from '../../src/synth/emit';
import { synthToFiles } from '../../src/synth/synthesize';
import { synthChart } from '../../src/testing';
import { validateManifest } from '../../src/validation';

/**
 * Invariants over generated input: valid AppService props synthesize to YAML that every YAML
 * reader gets the same object from, the same props always give the same bytes, the validator
 * never throws or stalls on anything, and a Service with one field out of its valid space is
 * reported at exactly that field.
 */

const RUNS = 150;

// ---------------------------------------------------------------------------------------------
// Valid AppService props.

/** Strings that YAML readers resolve to something else unless quoted, and other awkward text. */
const AWKWARD = [
  'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False', '~', 'null', 'Null', '', ' ', ' leading', 'trailing ',
  '0755', '0o17', '0x1F', '0b101', '1e3', '1_000', '+12', '-0', '.5', '.inf', '-.Inf', '.NaN', '12:30:45', '190:20:30',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'a: b', 'a #b', '- x', '? x', '# c', '&anchor', '*alias', '!tag', '!!str x',
  '%YAML 1.1', '@at', '`tick', '"quoted"', "'single'", '{a: 1}', '[1, 2]', '|', '>-', '<<', '=', '---', '...', '--- x',
  'line\nbreak', 'trailing\n', '\n', 'tab\there', 'cr\rhere', 'nel\u0085here', 'ls\u2028here', '\ufeffbom', 'ctrl\u0001\u001f',
  'del\u007f', 'emoji 🎉', 'ﬁ ligature', 'x'.repeat(200), 'a\\b', 'C:\\path', '\\n literal',
];

const labelName = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
const dnsSubdomain = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?){0,3}$/);
/** A qualified name: `name` or `prefix/name`, as label and annotation keys are. */
const qualifiedName = fc.oneof(labelName, fc.tuple(dnsSubdomain, labelName).map(([p, n]) => `${p}/${n}`));
/** A label value: empty, or a label name; YAML's awkward scalars among them. */
const labelValue = fc.oneof(
  fc.constant(''),
  labelName,
  fc.constantFrom(...AWKWARD.filter((s) => s === '' || /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(s))),
);
const labels = fc.dictionary(qualifiedName, labelValue, { maxKeys: 4 });
/** Annotation values are any text (lone surrogates aside, which no file can hold). */
const annotationValue = fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const annotations = fc.dictionary(qualifiedName, annotationValue, { maxKeys: 5 });
const dns1035 = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);
const dns1123Label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
/** A named container port (IANA service name): at most 15 characters, a letter among them, no "--". */
const ianaName = fc
  .stringMatching(/^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/)
  .filter((s) => s.length <= 15 && /[a-z]/.test(s) && !s.includes('--') && !s.endsWith('-'));
const portNumber = fc.integer({ min: 1, max: 65535 });
const appProtocol = fc.constantFrom('http', 'https', 'grpc', 'kubernetes.io/h2c', 'kubernetes.io/ws', 'example.com/custom');

type ServiceKind = 'ClusterIP' | 'Headless' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

interface PortDraft {
  readonly port: number;
  readonly protocol: Protocol | undefined;
  readonly targetPort: number | string | undefined;
  readonly appProtocol: string | undefined;
  readonly named: boolean;
  readonly form: 'short' | 'long';
  readonly withNodePort: boolean;
}

const portDraft: fc.Arbitrary<PortDraft> = fc.record({
  port: portNumber,
  protocol: fc.option(fc.constantFrom(...PROTOCOLS), { nil: undefined }),
  targetPort: fc.option(fc.oneof(portNumber, ianaName), { nil: undefined }),
  appProtocol: fc.option(appProtocol, { nil: undefined }),
  named: fc.boolean(),
  form: fc.constantFrom('short' as const, 'long' as const),
  withNodePort: fc.boolean(),
});

/** Ports with distinct (port, protocol) pairs, in shorthand or long form. */
function portsOf(kind: ServiceKind, minLength: number): fc.Arbitrary<ServicePortInput[]> {
  return fc
    .tuple(
      fc.uniqueArray(portDraft, { minLength, maxLength: 4, selector: (p) => `${p.port}/${p.protocol ?? 'TCP'}` }),
      fc.nat({ max: 2767 }),
    )
    .map(([drafts, nodePortBase]) =>
      drafts.map((d, i): ServicePortInput => {
        const nodePort = (kind === 'NodePort' || kind === 'LoadBalancer') && d.withNodePort ? 30000 + ((nodePortBase + i * 97) % 2768) : undefined;
        if (d.form === 'short' && d.appProtocol === undefined && !d.named && nodePort === undefined) {
          return `${d.port}${d.targetPort !== undefined ? `:${d.targetPort}` : ''}${d.protocol !== undefined ? `/${d.protocol}` : ''}`;
        }
        return {
          port: d.port,
          // Given names carry their index, so they never equal each other or a derived name.
          ...(d.named ? { name: `p${i}-given` } : {}),
          ...(d.protocol !== undefined ? { protocol: d.protocol } : {}),
          ...(d.targetPort !== undefined ? { targetPort: d.targetPort } : {}),
          ...(d.appProtocol !== undefined ? { appProtocol: d.appProtocol } : {}),
          ...(nodePort !== undefined ? { nodePort } : {}),
        };
      }),
    );
}

const ipFamilies = fc.constantFrom<Pick<AppServiceProps, 'ipFamilyPolicy' | 'ipFamilies'>>(
  {},
  { ipFamilyPolicy: 'SingleStack' },
  { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] },
  { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] },
  { ipFamilyPolicy: 'PreferDualStack' },
  { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6', 'IPv4'] },
  { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] },
);
const affinity = fc.constantFrom<Pick<AppServiceProps, 'sessionAffinity' | 'sessionAffinityTimeoutSeconds'>>(
  {},
  { sessionAffinity: 'None' },
  { sessionAffinity: 'ClientIP' },
  { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 1 },
  { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 86400 },
);
const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** What every kind of Service may carry. */
const common = fc.record(
  {
    name: dns1035,
    namespace: dns1123Label,
    labels,
    annotations,
    selector: labels,
    publishNotReadyAddresses: fc.boolean(),
    internalTrafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
  },
  { requiredKeys: [] },
);

/** Props of a Service of each kind, with only the fields compatible with it. */
const validProps: fc.Arbitrary<AppServiceProps> = fc.constantFrom<ServiceKind>('ClusterIP', 'Headless', 'NodePort', 'LoadBalancer', 'ExternalName').chain((kind): fc.Arbitrary<AppServiceProps> => {
  switch (kind) {
    case 'ClusterIP':
      return fc
        .tuple(common, portsOf(kind, 1), fc.boolean(), ipFamilies, affinity, opt(fc.constantFrom(['203.0.113.10'], ['198.51.100.7', '2001:db8::7'])))
        .map(([c, ports, explicitType, fam, aff, externalIPs]) => ({ ...c, ports, ...(explicitType ? { type: 'ClusterIP' as const } : {}), ...fam, ...aff, ...(externalIPs ? { externalIPs } : {}) }));
    case 'Headless':
      return fc.tuple(common, portsOf(kind, 0), affinity).map(([c, ports, aff]) => ({ ...c, headless: true, ...(ports.length > 0 ? { ports } : {}), ...aff }));
    case 'NodePort':
      return fc
        .tuple(common, portsOf(kind, 1), opt(fc.constantFrom('Cluster' as const, 'Local' as const)), ipFamilies)
        .map(([c, ports, etp, fam]) => ({ ...c, type: 'NodePort' as const, ports, ...(etp ? { externalTrafficPolicy: etp } : {}), ...fam }));
    case 'LoadBalancer':
      return fc
        .tuple(
          common,
          portsOf(kind, 1),
          fc.constantFrom<Pick<AppServiceProps, 'externalTrafficPolicy' | 'healthCheckNodePort'>>({}, { externalTrafficPolicy: 'Cluster' }, { externalTrafficPolicy: 'Local' }, { externalTrafficPolicy: 'Local', healthCheckNodePort: 32700 }),
          opt(fc.boolean()),
          opt(fc.constantFrom('example.com/internal-lb', 'lb.example.org/v2')),
          opt(fc.constantFrom(['10.0.0.0/8'], ['192.168.0.0/16', '2001:db8::/32'])),
        )
        .map(([c, ports, etp, allocate, lbClass, ranges]) => ({
          ...c,
          type: 'LoadBalancer' as const,
          ports,
          ...etp,
          ...(allocate !== undefined ? { allocateLoadBalancerNodePorts: allocate } : {}),
          ...(lbClass ? { loadBalancerClass: lbClass } : {}),
          ...(ranges ? { loadBalancerSourceRanges: ranges } : {}),
        }));
    case 'ExternalName':
      return fc
        .tuple(common, portsOf(kind, 0), dnsSubdomain.filter((s) => s.length <= 253), fc.boolean())
        .map(([c, ports, externalName, explicitType]) => {
          const { internalTrafficPolicy: _unused, ...rest } = c;
          return { ...rest, externalName, ...(explicitType ? { type: 'ExternalName' as const } : {}), ...(ports.length > 0 ? { ports } : {}) };
        });
  }
});

/** Builds an app with one chart holding one AppService with `props`. */
function appWith(props: AppServiceProps): { app: App; chart: Chart } {
  const app = new App({ outdir: 'unused-never-written' });
  const chart = new Chart(app, 'test');
  new AppService(chart, 'svc', props);
  return { app, chart };
}

describe('valid AppService props', () => {
  test('synthesize to YAML that YAML 1.1, YAML 1.2 and the kubectl-style reader all read back as the manifest', () => {
    fc.assert(
      fc.property(validProps, (props) => {
        const { app, chart } = appWith(props);
        const manifests = synthChart(chart); // throws SynthError if the props do not pass validation
        const text = synthToFiles(app).get('test.k8s.yaml');
        if (text === undefined) throw new Error('no test.k8s.yaml');
        for (const version of ['1.1', '1.2'] as const) {
          const docs = parseAllDocuments(text, { version });
          if (!Array.isArray(docs)) throw new Error(`YAML ${version}: not a document stream`);
          expect(docs.flatMap((d) => [...d.errors, ...d.warnings].map((e) => `YAML ${version}: ${e.message}`))).toEqual([]);
          expect(docs.map((d) => d.toJS({ maxAliasCount: 0 }) as unknown)).toStrictEqual(manifests);
        }
        const read = parseManifests(text);
        expect(read.map((e) => (e.outcome === 'object' ? e.object : e.problem))).toStrictEqual(manifests);
      }),
      { numRuns: RUNS },
    );
  });

  test('the same props give the same bytes, every time', () => {
    fc.assert(
      fc.property(validProps, (props) => {
        const first = [...synthToFiles(appWith(props).app)];
        const second = [...synthToFiles(appWith(props).app)];
        expect(second).toStrictEqual(first);
      }),
      { numRuns: RUNS },
    );
  });
});

/**
 * Label values (and keys) that are strings but that a YAML reader resolves to numbers when written
 * plain: YAML 1.2's `0o` octal, and what kubectl's go-yaml v2 reads as numbers (Go's integer
 * prefixes in either case, and digits with `_` removed anywhere, also in floats).
 */
const NUMBER_LOOKALIKES = ['0o17', '0O17', '0B101', '-_6', '+_1', '7E2_2', '0e_0', '1e_1'];

describe('strings that look like numbers to some reader', () => {
  test.each(NUMBER_LOOKALIKES)('%j is written so that YAML 1.1, YAML 1.2 and the kubectl-style reader read a string', (value) => {
    const doc = { value, [value]: 'as a key' };
    const text = emitYaml([doc]);
    expect({
      '1.1': parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS() as unknown),
      '1.2': parseAllDocuments(text, { version: '1.2' }).map((d) => d.toJS() as unknown),
      kubectl: parseManifests(text).map((e) => (e.outcome === 'object' ? e.object : e.problem)),
    }).toStrictEqual({ '1.1': [doc], '1.2': [doc], kubectl: [doc] });
  });
});

// ---------------------------------------------------------------------------------------------
// The validate path never throws and never stalls.

/** Slowest acceptable single validation of a small generated input (ms), on a loaded machine. */
const MAX_MS = 1000;

const SERVICE_FIELD_NAMES = [
  'type', 'selector', 'ports', 'clusterIP', 'clusterIPs', 'externalName', 'externalIPs', 'sessionAffinity', 'sessionAffinityConfig',
  'loadBalancerIP', 'loadBalancerSourceRanges', 'loadBalancerClass', 'allocateLoadBalancerNodePorts', 'externalTrafficPolicy',
  'internalTrafficPolicy', 'healthCheckNodePort', 'ipFamilies', 'ipFamilyPolicy', 'publishNotReadyAddresses',
] as const;
const PORT_FIELD_NAMES = ['name', 'port', 'targetPort', 'protocol', 'nodePort', 'appProtocol'] as const;

const json = fc.jsonValue({ maxDepth: 4 });
/** A value that is sometimes of the right shape, sometimes anything. */
const almost = fc.oneof(json, fc.constantFrom(...AWKWARD), fc.integer(), fc.double(), fc.constant(null), fc.array(json, { maxLength: 3 }));
const portish = fc.oneof(
  json,
  fc.record(Object.fromEntries(PORT_FIELD_NAMES.map((k) => [k, almost])) as Record<(typeof PORT_FIELD_NAMES)[number], typeof almost>, { requiredKeys: [] }),
);
/** A Service-shaped object whose fields hold arbitrary values. */
const serviceish = fc.record({
  apiVersion: fc.oneof(fc.constant('v1'), json),
  kind: fc.oneof(fc.constant('Service'), json),
  metadata: fc.oneof(json, fc.record({ name: almost, namespace: almost, labels: fc.oneof(json, fc.dictionary(fc.string(), almost)), annotations: fc.oneof(json, fc.dictionary(fc.string(), almost)) }, { requiredKeys: [] })),
  spec: fc.oneof(
    json,
    fc.record({ ...(Object.fromEntries(SERVICE_FIELD_NAMES.map((k) => [k, almost])) as Record<(typeof SERVICE_FIELD_NAMES)[number], typeof almost>), ports: fc.oneof(json, fc.array(portish, { maxLength: 4 })) }, { requiredKeys: [] }),
  ),
});

function timed<T>(f: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = f();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Runs the whole `appsvc validate` pipeline in memory over one input text, with every report. */
function validateText(text: string): string {
  const run = buildRun([{ file: 'input.yaml', text }], (object) => validateManifest(object), (objects) => lintManifests(objects));
  return [renderText(run), renderJson(run), renderSarif(run, { toolVersion: '0.0.0', ruleDescriptions: new Map() }), ...renderProblemLines(run), renderSummary(run)].join('\n');
}

/** Text built from YAML's structural characters, so that generated input reaches the parser's corners. */
const yamlish = fc
  .array(
    fc.constantFrom(
      'apiVersion: v1\n', 'kind: Service\n', 'metadata:\n', '  name: x\n', 'spec:\n', '  ports:\n', '  - port: 80\n', ':', '-', ' ', '  ', '\n',
      '\t', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '!foo ', '!!binary ', '? ', '|', '>', '"', "'", '#', '---\n', '...\n', '<<: ',
      '%YAML 1.1\n', 'items:\n', 'kind: List\n', 'kind: ServiceList\n', 'x', '0x1F', 'yes', '~', '\u0000', '\ufeff', '\\',
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('the validate path on arbitrary input', () => {
  test('validateManifest never throws on any JSON value or Service-shaped object, and returns findings with a field', () => {
    fc.assert(
      fc.property(fc.oneof(json, serviceish), (value) => {
        const { value: findings, ms } = timed(() => validateManifest(value));
        expect(Array.isArray(findings)).toBe(true);
        for (const f of findings) expect(typeof f.field === 'string' && typeof f.message === 'string').toBe(true);
        expect(ms).toBeLessThan(MAX_MS);
      }),
      { numRuns: 200 },
    );
  });

  test('decoding, validation, cross-object checks and every report never throw on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }), yamlish, serviceish.map((v) => JSON.stringify(v))), (text) => {
        const { value: report, ms } = timed(() => validateText(text));
        expect(typeof report).toBe('string');
        expect(ms).toBeLessThan(MAX_MS);
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// One field out of its valid space is reported at that field.

/** A valid Service manifest (checked below), with two ports so that port fields have company. */
function validService(name: string, port: number): Record<string, unknown> & { metadata: Record<string, unknown>; spec: Record<string, unknown> & { ports: Array<Record<string, unknown>> } } {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'prod', labels: { app: name }, annotations: { 'example.com/owner': 'team' } },
    spec: {
      type: 'ClusterIP',
      selector: { app: name },
      ports: [
        { name: 'http', port, targetPort: 8080, protocol: 'TCP' },
        { name: 'metrics', port: port === 9090 ? 9091 : 9090, targetPort: 'metrics', protocol: 'TCP' },
      ],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
  };
}

/** A way to push one field out of its valid space, and the field path it must be reported at. */
interface Mutation {
  readonly field: string;
  /** The value put there (shown in counterexamples). */
  readonly value: unknown;
  apply(svc: ReturnType<typeof validService>): void;
}

/** Anything but one of `allowed`, and not "" (which the API server replaces with the default). */
const notIn = (allowed: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(fc.string({ minLength: 1 }).filter((s) => !allowed.includes(s)), fc.integer(), fc.boolean(), fc.constant({}), fc.constant([]));
const badPortNumber = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), fc.constantFrom(1.5, '80', true));
/** Text that is not a DNS-1035 label: upper case, a bad character, a bad end, or too long. */
const badDns1035 = fc.oneof(
  dns1035.map((s) => `${s.toUpperCase()}X`),
  dns1035.map((s) => `${s}_x`),
  dns1035.map((s) => `${s}-`),
  dns1035.map((s) => `1${s}`),
  fc.constant('a'.repeat(64)),
);
/** Text that is not a DNS-1123 label either. */
const badDns1123 = fc.oneof(
  dns1035.map((s) => `${s.toUpperCase()}X`),
  dns1035.map((s) => `${s}_x`),
  dns1035.map((s) => `${s}-`),
  fc.constant('a'.repeat(64)),
);
const badLabelKey = fc.oneof(labelName.map((s) => `${s} x`), labelName.map((s) => `-${s}`), fc.constant('a/b/c'), fc.constant('x'.repeat(64)));
const badLabelValue = fc.oneof(labelName.map((s) => `${s} x`), labelName.map((s) => `${s}-`), fc.constant('v'.repeat(64)));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  badDns1035.map((v): Mutation => ({ field: 'metadata.name', value: v, apply: (s) => void (s.metadata.name = v) })),
  badDns1035.map((v): Mutation => ({ field: 'metadata.namespace', value: v, apply: (s) => void (s.metadata.namespace = `${v}.`) })),
  badLabelKey.map((k): Mutation => ({ field: 'metadata.labels', value: k, apply: (s) => void (s.metadata.labels = { [k]: 'v' }) })),
  badLabelValue.map((v): Mutation => ({ field: 'metadata.labels', value: v, apply: (s) => void (s.metadata.labels = { app: v }) })),
  badLabelKey.map((k): Mutation => ({ field: 'metadata.annotations', value: k, apply: (s) => void (s.metadata.annotations = { [k]: 'v' }) })),
  badLabelKey.map((k): Mutation => ({ field: 'spec.selector', value: k, apply: (s) => void (s.spec.selector = { [k]: 'v' }) })),
  badLabelValue.map((v): Mutation => ({ field: 'spec.selector', value: v, apply: (s) => void (s.spec.selector = { app: v }) })),
  notIn(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).map((v): Mutation => ({ field: 'spec.type', value: v, apply: (s) => void (s.spec.type = v) })),
  notIn(['None', 'ClientIP']).map((v): Mutation => ({ field: 'spec.sessionAffinity', value: v, apply: (s) => void (s.spec.sessionAffinity = v) })),
  notIn(['Cluster', 'Local']).map((v): Mutation => ({ field: 'spec.internalTrafficPolicy', value: v, apply: (s) => void (s.spec.internalTrafficPolicy = v) })),
  notIn(['SingleStack', 'PreferDualStack', 'RequireDualStack']).map((v): Mutation => ({ field: 'spec.ipFamilyPolicy', value: v, apply: (s) => void (s.spec.ipFamilyPolicy = v) })),
  fc.constantFrom(0, 1).chain((i) =>
    fc.oneof(
      badPortNumber.map((v): Mutation => ({ field: `spec.ports[${i}].port`, value: v, apply: (s) => void ((s.spec.ports[i] ?? {}).port = v) })),
      fc.oneof(fc.integer({ min: 65536 }), fc.integer({ max: -1 })).map((v): Mutation => ({ field: `spec.ports[${i}].targetPort`, value: v, apply: (s) => void ((s.spec.ports[i] ?? {}).targetPort = v) })),
      notIn(['TCP', 'UDP', 'SCTP']).map((v): Mutation => ({ field: `spec.ports[${i}].protocol`, value: v, apply: (s) => void ((s.spec.ports[i] ?? {}).protocol = v) })),
      badDns1123.map((v): Mutation => ({ field: `spec.ports[${i}].name`, value: v, apply: (s) => void ((s.spec.ports[i] ?? {}).name = v) })),
      fc.integer({ min: 30000, max: 32767 }).map((v): Mutation => ({ field: `spec.ports[${i}].nodePort`, value: v, apply: (s) => void ((s.spec.ports[i] ?? {}).nodePort = v) })),
    ),
  ),
  fc.integer({ min: 86401 }).map((v): Mutation => ({ field: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', value: v, apply: (s) => void Object.assign(s.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: v } } }) })),
  fc.constantFrom('300.1.1.1', 'not-an-ip', '1.2.3', '::g').map((v): Mutation => ({ field: 'spec.externalIPs[0]', value: v, apply: (s) => void (s.spec.externalIPs = [v]) })),
  notIn(['IPv4', 'IPv6']).map((v): Mutation => ({ field: 'spec.ipFamilies[0]', value: v, apply: (s) => void (s.spec.ipFamilies = [v]) })),
  notIn([]).filter((v) => typeof v !== 'boolean').map((v): Mutation => ({ field: 'spec.publishNotReadyAddresses', value: v, apply: (s) => void (s.spec.publishNotReadyAddresses = v) })),
);

describe('one field mutated out of its valid space', () => {
  test('the unmutated Services are valid', () => {
    fc.assert(
      fc.property(dns1035, portNumber.filter((p) => p !== 9091), (name, port) => {
        expect(validateManifest(validService(name, port)).filter((f) => f.severity === 'error')).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  test('is reported as an error at exactly that field path', () => {
    fc.assert(
      fc.property(dns1035, portNumber.filter((p) => p !== 9091), mutation, (name, port, m) => {
        const svc = validService(name, port);
        m.apply(svc);
        const errorFields = validateManifest(svc)
          .filter((f) => f.severity === 'error')
          .map((f) => f.field);
        expect(errorFields).toContain(m.field);
      }),
      { numRuns: 200 },
    );
  });
});
