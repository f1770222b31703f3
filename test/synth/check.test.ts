import { checkObjects, errorsOf, formatObjectFindings } from '../../src/synth/check';
import type { ObjectFinding, ResolvedObject } from '../../src/synth/types';
import { invalid, required, type Finding } from '../../src/validation/field-error';

const ok = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } };

describe('checkObjects', () => {
  test('construct findings come first, field paths renamed as the object asks, other kinds pass', () => {
    const objs: ResolvedObject[] = [
      { constructPath: 'example/cm', chart: 'example', manifest: ok },
      {
        constructPath: 'example/api',
        chart: 'example',
        manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
        constructFindings: [invalid('spec.ports[0]', '80:abc:x', 'bad shorthand')],
        mapFinding: () => undefined,
      },
    ];
    expect(checkObjects(objs).map((f) => `[${f.constructPath}] ${f.finding.message}`)).toEqual(['[example/api] spec.ports[0]: Invalid value: "80:abc:x": bad shorthand']);
  });

  test('returns nothing for valid objects', () => {
    expect(checkObjects([{ constructPath: 'c/x', chart: 'c', manifest: ok }])).toEqual([]);
  });
});

describe('formatObjectFindings', () => {
  const list: ObjectFinding[] = [
    { constructPath: 'example/a', finding: invalid('spec.ports[0].port', 0, 'must be between 1 and 65535, inclusive', { severity: 'warning' }) },
    { constructPath: 'example/b', finding: required('spec.ports') },
    { constructPath: 'example/a', finding: invalid('spec.ports[1].targetPort', 'http_web', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)') },
  ];

  test('errors first, then warnings with their rule id (what disable takes), each in order, one per line', () => {
    expect(formatObjectFindings(list)).toBe(
      [
        '[example/b] spec.ports: Required value',
        '[example/a] spec.ports[1].targetPort: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        '[example/a] warning k8s/FieldValueInvalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      ].join('\n'),
    );
  });

  test('empty for no findings; errorsOf keeps errors', () => {
    expect(formatObjectFindings([])).toBe('');
    expect(errorsOf(list).map((f) => f.constructPath)).toEqual(['example/b', 'example/a']);
  });
});

describe('checkObjects with the validator', () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api' },
    spec: { type: 'ClusterIP', ports: [{ port: 80 }, { port: 0, name: 'zero', targetPort: 8080 }] },
  };

  test('validator findings carry the object\'s construct path', () => {
    expect(checkObjects([{ constructPath: 'example/api', chart: 'example', manifest: service }]).map((f) => `[${f.constructPath}] ${f.finding.message}`)).toEqual([
      '[example/api] spec.ports[0].name: Required value',
      '[example/api] spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

  test('mapFinding renames and drops validator findings', () => {
    const objs: ResolvedObject[] = [
      {
        constructPath: 'example/api',
        chart: 'example',
        manifest: service,
        mapFinding: (f) => (f.field.endsWith('.name') ? undefined : { ...f, field: 'spec.ports[5].port', message: f.message.replace('spec.ports[1]', 'spec.ports[5]') }),
      },
    ];
    expect(checkObjects(objs).map((f) => `${f.finding.field} | ${f.finding.message}`)).toEqual(['spec.ports[5].port | spec.ports[5].port: Invalid value: 0: must be between 1 and 65535, inclusive']);
  });
});

describe('checkObjects over many Services', () => {
  /** A Service like those of a large app: two named ports, labels and a selector. */
  const svc = (name: string, spec: Record<string, unknown> = {}): Record<string, unknown> => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: { app: name, tier: 'backend' }, name },
    spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090, targetPort: 9090 }], selector: { app: name }, type: 'ClusterIP', ...spec },
  });

  test('a Service nothing is wrong with still reports its construct findings, mapped', () => {
    const objs: ResolvedObject[] = [
      {
        constructPath: 'example/api',
        chart: 'example',
        manifest: svc('api'),
        constructFindings: [invalid('spec.ports[2]', '80:abc', 'bad shorthand')],
        mapFinding: (f) => ({ ...f, message: `mapped ${f.message}` }),
      },
    ];
    expect(checkObjects(objs).map((f) => `[${f.constructPath}] ${f.finding.message}`)).toEqual(['[example/api] spec.ports[2]: Invalid value: "80:abc": bad shorthand']);
  });

  test('findings of valid, invalid and clashing Services, in object order', () => {
    const objs: ResolvedObject[] = [
      svc('svc-0'),
      svc('svc-1', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }] }),
      svc('svc-2'),
      svc('svc-0'),
      svc('svc-3', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }),
      svc('svc-4', { type: 'LoadBalancer', ports: [{ port: 81, nodePort: 30080 }] }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'svc-0' } },
    ].map((manifest, i) => ({ constructPath: `app/o${i}`, chart: 'app', manifest }));
    expect(checkObjects(objs).map((f) => `[${f.constructPath}] ${f.finding.severity} ${f.finding.message}`)).toEqual([
      '[app/o3] warning metadata.name: Service "default/svc-0" is defined twice in the set (first as object 1); the one applied second replaces the first',
      '[app/o4] error spec.ports[1].name: Duplicate value: "http"',
      '[app/o5] warning spec.ports[0].nodePort: nodePort 30080 is also requested by Service "default/svc-1" at spec.ports[0].nodePort; node ports are allocated once per cluster, so the Service applied second would be refused',
    ]);
  });
});

describe('checkObjects: silencing', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'web', containerPort: 8080 }] }] } } },
  };
  const service = (annotations: Record<string, string>): Record<string, unknown> => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', annotations },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'admin' }] },
  });
  const certain = (finding: Finding): Finding => (finding.rule === 'lint/service-named-target-port' ? { ...finding, severity: 'error' } : finding);
  const run = (annotations: Record<string, string>, options: { disable?: string[]; strict?: boolean }, mapFinding?: (f: Finding) => Finding): { found: string[]; silenced: string[] } => {
    const silenced: string[] = [];
    const objs: ResolvedObject[] = [
      { constructPath: 'c/web', chart: 'c', manifest: deployment },
      { constructPath: 'c/api', chart: 'c', manifest: service(annotations), ...(mapFinding === undefined ? {} : { mapFinding }) },
    ];
    const found = checkObjects(objs, { ...options, onSilenced: (f) => silenced.push(`[${f.constructPath}] ${f.finding.rule ?? ''}`) });
    return { found: found.map((f) => `[${f.constructPath}] ${f.finding.severity} ${f.finding.rule ?? ''}`), silenced };
  };

  test.each<[string, Record<string, string>, { disable?: string[]; strict?: boolean }, { found: string[]; silenced: string[] }]>([
    ['nothing silences', {}, {}, { found: ['[c/api] warning lint/service-named-target-port'], silenced: [] }],
    ['the annotation', { 'appsvc.dev/ignore': 'lint/service-named-target-port' }, {}, { found: [], silenced: ['[c/api] lint/service-named-target-port'] }],
    ['disable', {}, { disable: ['lint/service-named-target-port'] }, { found: [], silenced: ['[c/api] lint/service-named-target-port'] }],
    ['strict, after silencing', { 'appsvc.dev/ignore': '*' }, { strict: true }, { found: [], silenced: ['[c/api] lint/service-named-target-port'] }],
    ['strict, nothing silenced', {}, { strict: true }, { found: ['[c/api] error lint/service-named-target-port'], silenced: [] }],
  ])('a warning: %s', (_name, annotations, options, expected) => {
    expect(run(annotations, options)).toEqual(expected);
  });

  test('a finding the object maps to an error is never silenced, by the annotation or by disable', () => {
    const expected = { found: ['[c/api] error lint/service-named-target-port'], silenced: [] };
    expect(run({ 'appsvc.dev/ignore': 'lint/service-named-target-port' }, {}, certain)).toEqual(expected);
    expect(run({ 'appsvc.dev/ignore': '*' }, { disable: ['lint/service-named-target-port'] }, certain)).toEqual(expected);
  });
});
