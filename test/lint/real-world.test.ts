/**
 * The false alarms real manifest sets used to raise, reproduced by real-world-shaped fixtures
 * (test/fixtures/lint/real-world/, each file naming the repository and commit it is modelled on),
 * through `appsvc validate` as users run it (in process).
 */
import * as path from 'node:path';
import type { Output } from '../../src/cli/output';
import { runValidateCommand } from '../../src/cli/validate-command';

const DIR = path.join(__dirname, '..', 'fixtures', 'lint', 'real-world');

interface Outcome {
  readonly code: number;
  /** `severity rule field` of every finding, in report order. */
  readonly findings: readonly string[];
  readonly messages: readonly string[];
}

async function validate(inputs: readonly string[], strict: boolean): Promise<Outcome> {
  let json = '';
  const out: Output = { data: (t) => (json += t), info: () => undefined, warn: () => undefined, error: () => undefined, color: false, debug: false };
  const code = await runValidateCommand(
    inputs.map((i) => path.join(DIR, i)),
    { output: 'json', profile: 'kubernetes', strict },
    out,
  );
  const report = JSON.parse(json) as { results: Array<{ errors: Array<{ severity: string; rule?: string; field: string; message: string }> }> };
  const all = report.results.flatMap((r) => r.errors);
  return { code, findings: all.map((e) => `${e.severity} ${e.rule ?? ''} ${e.field}`), messages: all.map((e) => e.message) };
}

describe('real-world sets that kubectl applies pass validate --strict', () => {
  test.each([
    ['operator-pods', 'pods made by an operator from a custom resource (kube-prometheus)'],
    ['statefulset-pod-name', 'Services selecting one StatefulSet pod by statefulset.kubernetes.io/pod-name or apps.kubernetes.io/pod-index (Argo CD redis-ha)'],
    ['job-pods', "Services selecting a Job's pods by job-name and batch.kubernetes.io/job-name"],
    ['statefulset-without-service', 'a StatefulSet naming a governing Service the set never defines (Argo CD application controller)'],
    ['numeric-undeclared', 'a numeric targetPort on pods that declare no ports'],
  ])('%s: %s', async (dir) => {
    expect(await validate([dir], true)).toEqual({ code: 0, findings: [], messages: [] });
  });
});

describe('what appsvc adds is a warning, failing only with --strict', () => {
  test('a NodePort Service named as a StatefulSet serviceName: a warning that does not advise making it headless', async () => {
    const plain = await validate(['nodeport-governing'], false);
    expect([plain.code, plain.findings]).toEqual([0, ['warning lint/statefulset-service-name spec.serviceName']]);
    expect(plain.messages[0]).toContain('a NodePort Service cannot be headless');
    expect(plain.messages[0]).not.toContain('set its spec.clusterIP');
    expect((await validate(['nodeport-governing'], true)).code).toBe(1);
  });

  test('variants side by side: a warning per duplicate within the directory, nothing when given one by one', async () => {
    const dir = await validate(['variants'], false);
    expect([dir.code, dir.findings]).toEqual([0, ['warning lint/service-name-unique metadata.name']]);
    expect(await validate(['variants/install.yaml', 'variants/namespace-install.yaml'], true)).toEqual({ code: 0, findings: [], messages: [] });
  });

  test('a duplicate key (kubectl keeps the last value) is a warning', async () => {
    const r = await validate(['duplicate-key'], false);
    expect([r.code, r.findings]).toEqual([0, ['warning manifest/duplicate-key spec.selector']]);
    expect((await validate(['duplicate-key'], true)).code).toBe(1);
  });
});
