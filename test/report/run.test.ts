import { manifestProblem } from '../../src/manifest/problems';
import type { JsonObject } from '../../src/manifest/types';
import { buildRun } from '../../src/report/run';
import { runOk } from '../../src/report/model';
import { invalid, required, type Finding } from '../../src/validation/field-error';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: prod
spec:
  ports:
    - port: 0
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
`;

/** A stand-in for the Service validator: flags `port: 0` and warns about a missing selector. */
function fakeValidate(object: JsonObject): Finding[] {
  if (object['kind'] !== 'Service') return [];
  return [invalid('spec.ports[0].port', 0, 'must be between 1 and 65535, inclusive', { rule: 'k8s/port-range' }), required('spec.selector', '', { severity: 'warning', rule: 'k8s/selector' })];
}

describe('buildRun', () => {
  it('gives one result per object in input order, with identity, findings and lines', () => {
    const run = buildRun(
      [
        { file: 'svc.yaml', text: `${SERVICE}---\n${DEPLOYMENT}` },
        { file: 'missing.yaml', problem: manifestProblem('manifest/unreadable', 'no such file or directory') },
        { file: 'empty.yaml', text: '# nothing\n---\n' },
        { file: 'bad.yaml', text: 'apiVersion: v1\nkind: A\n---\n- x\n' },
      ],
      fakeValidate,
    );
    expect(run.results.map((r) => [r.file, r.index, r.line, r.apiVersion, r.kind, r.namespace, r.name, r.problem?.rule, r.findings.map((f) => [f.finding.severity, f.finding.field, f.line])])).toStrictEqual([
      ['svc.yaml', 0, 1, 'v1', 'Service', 'prod', 'web', undefined, [
        ['error', 'spec.ports[0].port', 8],
        ['warning', 'spec.selector', 6],
      ]],
      ['svc.yaml', 1, 10, 'apps/v1', 'Deployment', null, 'web', undefined, []],
      ['missing.yaml', 0, undefined, null, null, null, null, 'manifest/unreadable', [['error', '', undefined]]],
      ['empty.yaml', 0, undefined, null, null, null, null, 'manifest/no-objects', [['error', '', undefined]]],
      ['bad.yaml', 0, 1, 'v1', 'A', null, null, undefined, []],
      ['bad.yaml', 1, 4, null, null, null, null, 'manifest/not-an-object', [['error', '', 4]]],
    ]);
    expect(runOk(run)).toBe(false);
  });

  it('is ok with warnings only, and not with --strict, which makes them errors', () => {
    const warnOnly = (object: JsonObject): Finding[] => fakeValidate(object).filter((f) => f.severity === 'warning');
    const sources = [{ file: 'svc.yaml', text: SERVICE }];
    expect(runOk(buildRun(sources, warnOnly))).toBe(true);
    const strict = buildRun(sources, warnOnly, undefined, { strict: true });
    expect(runOk(strict)).toBe(false);
    expect(strict.results[0]?.findings.map((f) => f.finding.severity)).toStrictEqual(['error']);
  });

  it('runs the cross-object checks once over all objects and files their findings under the right result', () => {
    const seen: unknown[][] = [];
    const run = buildRun(
      [
        { file: 'a.yaml', text: DEPLOYMENT },
        { file: 'b.yaml', text: `${DEPLOYMENT}---\n${SERVICE}` },
      ],
      () => [],
      (objects) => {
        seen.push(objects.map((o) => o['kind']));
        return [{ index: 2, finding: invalid('spec.ports[0].port', 0, 'no pod listens on it', { severity: 'warning', rule: 'lint/x' }) }];
      },
    );
    expect(seen).toStrictEqual([['Deployment', 'Deployment', 'Service']]);
    expect(run.results.map((r) => [r.file, r.index, r.findings.map((f) => [f.finding.rule, f.line])])).toStrictEqual([
      ['a.yaml', 0, []],
      ['b.yaml', 0, []],
      ['b.yaml', 1, [['lint/x', 13]]],
    ]);
  });

  it('runs the cross-object checks once per set, with indexes within the set', () => {
    const seen: unknown[][] = [];
    const run = buildRun(
      [
        { file: 'eu-1/a.yaml', text: DEPLOYMENT },
        { file: 'us-1/a.yaml', text: `${DEPLOYMENT}---\n${SERVICE}` },
        { file: 'eu-1/b.yaml', text: SERVICE },
      ],
      () => [],
      (objects) => {
        seen.push(objects.map((o) => o['kind']));
        return [{ index: objects.length - 1, finding: invalid('spec.ports[0].port', 0, 'no pod listens on it', { severity: 'warning', rule: 'lint/x' }) }];
      },
      { setOf: (i) => ['eu-1', 'us-1', 'eu-1'][i] ?? '' },
    );
    expect(seen).toStrictEqual([
      ['Deployment', 'Service'],
      ['Deployment', 'Service'],
    ]);
    expect(run.results.map((r) => [r.file, r.index, r.findings.map((f) => f.finding.rule)])).toStrictEqual([
      ['eu-1/a.yaml', 0, []],
      ['us-1/a.yaml', 0, []],
      ['us-1/a.yaml', 1, ['lint/x']],
      ['eu-1/b.yaml', 0, ['lint/x']],
    ]);
  });

  it('leaves out silenced warnings (rules switched off, the object annotation) and counts them; never errors', () => {
    const annotated = `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    appsvc.dev/ignore: k8s/selector
spec:
  ports:
    - port: 0
`;
    const run = buildRun(
      [
        { file: 'a.yaml', text: annotated },
        { file: 'b.yaml', text: SERVICE },
      ],
      fakeValidate,
      (_objects, onSilenced) => {
        onSilenced({ index: 0, finding: invalid('spec', 0, 'x', { severity: 'warning', rule: 'lint/y' }) });
        return [];
      },
      { rules: { disable: ['k8s/port-range'] } },
    );
    expect(run.results.map((r) => [r.file, r.findings.map((f) => `${f.finding.severity} ${f.finding.rule ?? ''}`)])).toStrictEqual([
      ['a.yaml', ['error k8s/port-range']],
      ['b.yaml', ['error k8s/port-range', 'warning k8s/selector']],
    ]);
    expect(run.silenced).toStrictEqual(new Map([['k8s/selector', 1], ['lint/y', 1]]));
  });
});
