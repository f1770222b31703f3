import * as fc from 'fast-check';
import { LINT_RULES, lintManifests, lintRule } from '../../src/lint';
import { container, deployment, podSpec, service } from './manifests';

describe('LINT_RULES', () => {
  test('ids are unique and namespaced', () => {
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^lint\/[a-z-]+$/);
  });

  test('lintRule finds a rule by id', () => {
    expect(lintRule('lint/service-numeric-target-port').severity).toBe('warning');
  });
});

describe('lintManifests', () => {
  const web = deployment('web', { app: 'web' }, podSpec([container('c', [{ name: 'web', containerPort: 8080 }, { name: 'Web_Admin', containerPort: 9000 }])]));

  test('findings are ordered by object, then by rule', () => {
    const svc = service('web', { app: 'web' }, [
      { name: 'a', port: 80, targetPort: 9999 },
      { name: 'b', port: 81, targetPort: 'http' },
    ]);
    const again = service('web', { app: 'web' }, [{ port: 8080 }]);
    expect(lintManifests([svc, web, again], { enable: ['lint/service-numeric-target-port'] }).map((f) => [f.index, f.finding.rule, f.finding.field])).toEqual([
      [0, 'lint/service-named-target-port', 'spec.ports[1].targetPort'],
      [0, 'lint/service-numeric-target-port', 'spec.ports[0].targetPort'],
      [1, 'lint/container-port-name', 'spec.template.spec.containers[0].ports[1].name'],
      [2, 'lint/service-name-unique', 'metadata.name'],
    ]);
  });

  test('silence: false leaves silenced findings in (the caller silences them); enable still decides which rules run', () => {
    const svc = { ...service('web', { app: 'web' }, [{ name: 'a', port: 80, targetPort: 9999 }, { name: 'b', port: 81, targetPort: 'http' }]), metadata: { name: 'web', annotations: { 'appsvc.dev/ignore': '*' } } };
    const ids = (options: Parameters<typeof lintManifests>[1]): string[] => lintManifests([svc, web], options).map((f) => `${f.index} ${f.finding.rule ?? ''}`);
    const silenced: string[] = [];
    expect(ids({ disable: ['lint/container-port-name'], onSilenced: (f) => silenced.push(`${f.index} ${f.finding.rule ?? ''}`) })).toEqual(['1 lint/container-port-name']);
    expect(silenced).toEqual(['0 lint/service-named-target-port']);
    expect(ids({ disable: ['lint/service-named-target-port'], silence: false })).toEqual(['0 lint/service-named-target-port', '1 lint/container-port-name']);
    expect(ids({ enable: ['lint/service-numeric-target-port'], silence: false })).toEqual(['0 lint/service-named-target-port', '0 lint/service-numeric-target-port', '1 lint/container-port-name']);
  });

  test('malformed objects are ignored', () => {
    const odd = [null, 42, 'text', [], {}, { kind: 7 }, { apiVersion: 'v1', kind: 'Service', spec: 'x' }, { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: [] } }];
    expect(lintManifests([...odd, web, service('web', { app: 'web' }, [null, { port: 'x' }, { port: 8080 }])])).toEqual([
      expect.objectContaining({ index: 8, finding: expect.objectContaining({ rule: 'lint/container-port-name' }) }),
    ]);
  });

  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constantFrom<unknown>(null, 0, 80, 'http', 'web', 'None', 'default', 'Service', 'v1', 'apps/v1', 'NodePort', 30080), tie('object'), tie('array')),
    array: fc.array(tie('value'), { maxLength: 3 }),
    object: fc.dictionary(
      fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'app', 'spec', 'selector', 'ports', 'port', 'targetPort', 'nodePort', 'type', 'template', 'containers', 'containerPort', 'serviceName', 'clusterIP'),
      tie('value'),
      { maxKeys: 5 },
    ),
  }));

  test('never throws, and every finding points into the set with a known rule', () => {
    const ids = new Set<string>(LINT_RULES.map((r) => r.id));
    fc.assert(
      fc.property(fc.array(json.value, { maxLength: 6 }), fc.boolean(), (objects, strict) => {
        const findings = lintManifests(objects, { strict });
        for (const f of findings) {
          expect(f.index).toBeGreaterThanOrEqual(0);
          expect(f.index).toBeLessThan(objects.length);
          expect(ids.has(f.finding.rule ?? '')).toBe(true);
          if (strict) expect(f.finding.severity).toBe('error');
        }
      }),
      { numRuns: 200 },
    );
  });

  test('strict changes severities only', () => {
    const objects = [web, service('web', { app: 'web' }, [{ port: 80 }, { port: 81, targetPort: 'nope' }])];
    const on = { enable: ['lint/service-numeric-target-port'] };
    const plain = lintManifests(objects, on);
    const strict = lintManifests(objects, { ...on, strict: true });
    expect(strict).toEqual(plain.map((f) => ({ index: f.index, finding: { ...f.finding, severity: 'error' } })));
    expect(plain.map((f) => [f.finding.rule, f.finding.severity])).toEqual([
      ['lint/container-port-name', 'error'],
      ['lint/service-named-target-port', 'warning'],
      ['lint/service-numeric-target-port', 'warning'],
    ]);
  });

  test('only what the API server rejects in the object is an error; the rest is appsvc\'s warning', () => {
    expect(LINT_RULES.filter((r) => r.severity === 'error').map((r) => r.id)).toEqual(['lint/container-port-name', 'lint/container-port-name-unique']);
    // Messages of appsvc's own findings never borrow the API server's "Invalid value" wording.
    const objects = [web, service('web', { app: 'web' }, [{ port: 81, targetPort: 'nope' }]), service('x', { app: 'x' }, [{ port: 80 }])];
    for (const { finding } of lintManifests(objects)) {
      if (finding.severity === 'warning') expect(finding.message).not.toMatch(/Invalid value|is invalid/);
    }
  });
});

describe('silencing', () => {
  const web = deployment('web', { app: 'web' }, podSpec([container('c', [{ name: 'web', containerPort: 8080 }])]));
  const annotated = (ignore: string): Record<string, unknown> => {
    const svc = service('x', { app: 'x' }, [{ port: 80, targetPort: 'nope' }]);
    return { ...svc, metadata: { name: 'x', annotations: { 'appsvc.dev/ignore': ignore } } };
  };

  test.each([
    ['lint/service-selector-matches-no-pods', []],
    [' lint/service-selector-matches-no-pods , lint/service-name-unique', []],
    ['*', []],
    ['lint/service-name-unique', ['lint/service-selector-matches-no-pods']],
    ['', ['lint/service-selector-matches-no-pods']],
  ])('the annotation appsvc.dev/ignore: %j', (ignore, rules) => {
    const silenced: string[] = [];
    const found = lintManifests([web, annotated(ignore)], { onSilenced: (f) => silenced.push(f.finding.rule ?? '') });
    expect(found.map((f) => f.finding.rule)).toEqual(rules);
    expect(silenced.length).toBe(1 - rules.length);
  });

  test('--disable leaves a rule out, --enable wins over it; errors are never silenced', () => {
    const svc = service('x', { app: 'x' }, [{ port: 80 }]);
    const bad = deployment('bad', { app: 'bad' }, podSpec([container('c', [{ name: 'Bad_Name', containerPort: 80 }])]));
    const annotatedBad = { ...bad, metadata: { name: 'bad', annotations: { 'appsvc.dev/ignore': 'lint/container-port-name' } } };
    expect(lintManifests([web, svc], { disable: ['lint/service-selector-matches-no-pods'] })).toEqual([]);
    expect(lintManifests([web, svc], { disable: ['lint/service-selector-matches-no-pods'], enable: ['lint/service-selector-matches-no-pods'] })).toHaveLength(1);
    expect(lintManifests([annotatedBad], { disable: ['lint/container-port-name'] }).map((f) => f.finding.rule)).toEqual(['lint/container-port-name']);
  });

  test('silenced findings are decided before strict', () => {
    const silenced: string[] = [];
    expect(lintManifests([web, annotated('*')], { strict: true, onSilenced: (f) => silenced.push(f.finding.severity) })).toEqual([]);
    expect(silenced).toEqual(['warning']);
  });
});
