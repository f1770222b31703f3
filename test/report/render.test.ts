import { manifestProblem } from '../../src/manifest/problems';
import type { JsonObject } from '../../src/manifest/types';
import { renderJson } from '../../src/report/json';
import type { ValidationRun } from '../../src/report/model';
import { buildRun } from '../../src/report/run';
import { artifactUri, renderSarif, sarifLog } from '../../src/report/sarif';
import { RULE_COUNT_THRESHOLD, renderProblemLines, renderRuleCounts, renderSummary, renderText } from '../../src/report/text';
import { invalid, required, type Finding } from '../../src/validation/field-error';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 0
`;

function fakeValidate(object: JsonObject): Finding[] {
  if (object['kind'] !== 'Service') return [];
  return [invalid('spec.ports[0].port', 0, 'must be between 1 and 65535, inclusive', { rule: 'k8s/port-range' }), required('spec.selector', 'a Service without selector has no endpoints', { severity: 'warning' })];
}

function sampleRun(): ValidationRun {
  return buildRun(
    [
      { file: 'svc.yaml', text: SERVICE },
      { file: '-', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n' },
      { file: 'bad.yaml', text: 'apiVersion: v1\nkind: A\nmetadata:\n\tname: x\n' },
      { file: 'gone.yaml', problem: manifestProblem('manifest/unreadable', 'no such file or directory') },
    ],
    fakeValidate,
  );
}

describe('renderText', () => {
  it('prints one line per finding of an object with severity and rule id; API server errors read as its answer', () => {
    expect(renderText(sampleRun())).toBe(
      [
        'svc.yaml:7: error k8s/port-range: Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'svc.yaml:5: warning k8s/FieldValueRequired: Service "web": spec.selector: Required value: a Service without selector has no endpoints',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there is nothing to report', () => {
    expect(renderText(buildRun([{ file: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\n' }], () => []))).toBe('');
  });

  it('names objects without kind or name', () => {
    const run = buildRun([{ file: 'x.yaml', text: 'metadata: {}\n' }], () => []);
    expect(renderText(run)).toBe('x.yaml:1: error manifest/type-meta: object "": apiVersion: Required value: apiVersion not set\nx.yaml:1: error manifest/type-meta: object "": kind: Required value: kind not set\n');
  });

  it('never words appsvc\'s own findings as the API server\'s, not even under --strict', () => {
    const own = (): Finding[] => [{ severity: 'warning', type: 'FieldValueInvalid', field: 'spec.selector', detail: 'selects no pods', message: 'spec.selector: selects no pods', rule: 'lint/service-selector-matches-no-pods' }];
    const sources = [{ file: 'svc.yaml', text: SERVICE }];
    expect(renderText(buildRun(sources, own))).toBe('svc.yaml:5: warning lint/service-selector-matches-no-pods: Service "web": spec.selector: selects no pods\n');
    expect(renderText(buildRun(sources, own, undefined, { strict: true }))).toBe('svc.yaml:5: error lint/service-selector-matches-no-pods: Service "web": spec.selector: selects no pods\n');
  });
});

describe('renderRuleCounts', () => {
  const many = (n: number): Finding[] =>
    Array.from({ length: n }, (_, i) => ({ severity: 'warning' as const, type: 'FieldValueInvalid' as const, field: 'spec', detail: 'x', message: 'spec: x', rule: i % 3 === 0 ? 'lint/b' : 'lint/a' }));

  it('is empty for a small run', () => {
    expect(renderRuleCounts(buildRun([{ file: 'svc.yaml', text: SERVICE }], () => many(RULE_COUNT_THRESHOLD - 1)))).toStrictEqual([]);
  });

  it('ends a big run with a count per rule, most frequent first', () => {
    expect(renderRuleCounts(buildRun([{ file: 'svc.yaml', text: SERVICE }], () => many(12)))).toStrictEqual(['findings per rule:', '  8 warning lint/a', '  4 warning lint/b']);
  });

  it('counts silenced warnings by rule', () => {
    const run = buildRun([{ file: 'svc.yaml', text: SERVICE }], () => many(3), undefined, { rules: { disable: ['lint/a', 'lint/b'] } });
    expect(run.results[0]?.findings).toStrictEqual([]);
    expect(renderRuleCounts(run)).toStrictEqual(['3 warnings silenced: lint/a 2, lint/b 1']);
  });
});

describe('renderProblemLines and renderSummary', () => {
  it('renderProblemLines: one line per unreadable input, with line and column when known, in the shape of the report\'s (location, severity, rule id, message)', () => {
    expect(renderProblemLines(sampleRun())).toStrictEqual([
      'bad.yaml:4:1: error manifest/syntax: YAML syntax error: Tabs are not allowed as indentation',
      'gone.yaml: error manifest/unreadable: no such file or directory',
    ]);
    const empty = buildRun([{ file: 'notes.yaml', text: '# nothing\n' }], () => []);
    expect(renderProblemLines(empty)).toStrictEqual(['notes.yaml: error manifest/no-objects: no Kubernetes objects in the file (it is empty or holds only comments and ---)']);
  });

  it('counts objects, files and findings', () => {
    expect(renderSummary(sampleRun())).toBe('2 objects in 4 files: 3 errors, 1 warning');
    expect(renderSummary(buildRun([{ file: 'a.yaml', text: 'apiVersion: v1\nkind: A\n' }], () => []))).toBe('1 object in 1 file: no errors');
  });
});

describe('renderJson', () => {
  it('prints the contract document', () => {
    expect(JSON.parse(renderJson(sampleRun()))).toStrictEqual({
      ok: false,
      results: [
        {
          file: 'svc.yaml',
          index: 0,
          apiVersion: 'v1',
          kind: 'Service',
          namespace: null,
          name: 'web',
          errors: [
            { severity: 'error', type: 'FieldValueInvalid', field: 'spec.ports[0].port', value: 0, detail: 'must be between 1 and 65535, inclusive', message: 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', rule: 'k8s/port-range' },
            { severity: 'warning', type: 'FieldValueRequired', field: 'spec.selector', detail: 'a Service without selector has no endpoints', message: 'spec.selector: Required value: a Service without selector has no endpoints' },
          ],
        },
        { file: '-', index: 0, apiVersion: 'v1', kind: 'ConfigMap', namespace: null, name: 'cfg', errors: [] },
        {
          file: 'bad.yaml',
          index: 0,
          apiVersion: null,
          kind: null,
          namespace: null,
          name: null,
          errors: [{ severity: 'error', type: 'FieldValueInvalid', field: '', detail: 'YAML syntax error: Tabs are not allowed as indentation', message: 'line 4, column 1: YAML syntax error: Tabs are not allowed as indentation', rule: 'manifest/syntax' }],
        },
        {
          file: 'gone.yaml',
          index: 0,
          apiVersion: null,
          kind: null,
          namespace: null,
          name: null,
          errors: [{ severity: 'error', type: 'FieldValueInvalid', field: '', detail: 'no such file or directory', message: 'no such file or directory', rule: 'manifest/unreadable' }],
        },
      ],
    });
  });

  it('keeps the contract key order, two-space indentation and a final newline', () => {
    const text = renderJson(buildRun([{ file: 'a.yaml', text: 'apiVersion: v1\nkind: A\nmetadata: {name: a, namespace: prod}\n' }], () => []));
    expect(text).toBe('{\n  "ok": true,\n  "results": [\n    {\n      "file": "a.yaml",\n      "index": 0,\n      "apiVersion": "v1",\n      "kind": "A",\n      "namespace": "prod",\n      "name": "a",\n      "errors": []\n    }\n  ]\n}\n');
    const withFinding = JSON.parse(renderJson(sampleRun())) as { results: Array<{ errors: Array<Record<string, unknown>> }> };
    expect(Object.keys(withFinding.results[0]?.errors[0] ?? {})).toStrictEqual(['severity', 'type', 'field', 'value', 'detail', 'message', 'rule']);
  });
});

describe('renderSarif', () => {
  const descriptions = new Map([['k8s/port-range', 'Port numbers are between 1 and 65535.']]);

  it('writes a SARIF 2.1.0 log with rules and located results', () => {
    const log = JSON.parse(renderSarif(sampleRun(), { toolVersion: '1.2.3', informationUri: 'https://example.com/appsvc', ruleDescriptions: descriptions })) as ReturnType<typeof sarifLog>;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run?.tool.driver).toStrictEqual({
      name: 'appsvc',
      version: '1.2.3',
      informationUri: 'https://example.com/appsvc',
      rules: [
        { id: 'k8s/FieldValueRequired', shortDescription: { text: 'Kubernetes API server validation (FieldValueRequired).' } },
        { id: 'k8s/port-range', shortDescription: { text: 'Port numbers are between 1 and 65535.' } },
        { id: 'manifest/syntax', shortDescription: { text: 'appsvc rule manifest/syntax.' } },
        { id: 'manifest/unreadable', shortDescription: { text: 'appsvc rule manifest/unreadable.' } },
      ],
    });
    expect(run?.results).toStrictEqual([
      {
        ruleId: 'k8s/port-range',
        ruleIndex: 1,
        level: 'error',
        message: { text: 'Service "web": spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'svc.yaml' }, region: { startLine: 7 } } }],
      },
      {
        ruleId: 'k8s/FieldValueRequired',
        ruleIndex: 0,
        level: 'warning',
        message: { text: 'Service "web": spec.selector: Required value: a Service without selector has no endpoints' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'svc.yaml' }, region: { startLine: 5 } } }],
      },
      {
        ruleId: 'manifest/syntax',
        ruleIndex: 2,
        level: 'error',
        message: { text: 'line 4, column 1: YAML syntax error: Tabs are not allowed as indentation' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'bad.yaml' }, region: { startLine: 4, startColumn: 1 } } }],
      },
      {
        ruleId: 'manifest/unreadable',
        ruleIndex: 3,
        level: 'error',
        message: { text: 'no such file or directory' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'gone.yaml' } } }],
      },
    ]);
  });

  it('keeps every result pointing at a declared rule', () => {
    const log = sarifLog(sampleRun(), { toolVersion: '0.0.0' });
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    for (const result of log.runs[0]?.results ?? []) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(['error', 'warning']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
    }
    expect(log.runs[0]?.tool.driver.informationUri).toBeUndefined();
  });

  it.each([
    ['svc.yaml', 'svc.yaml'],
    ['./manifests/svc.yaml', 'manifests/svc.yaml'],
    ['manifests\\svc.yaml', 'manifests/svc.yaml'],
    ['dir with space/a.yaml', 'dir%20with%20space/a.yaml'],
    ['/abs/a.yaml', 'file:///abs/a.yaml'],
    ['-', 'stdin'],
  ])('artifact URI of %s is %s', (file, uri) => {
    expect(artifactUri(file)).toBe(uri);
  });
});
