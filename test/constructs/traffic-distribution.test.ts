import { Chart, JsonPatch, Testing } from 'cdk8s';
import { AppService } from '../../src/constructs/app-service';
import { synthApp, SynthError } from '../../src/synth/synthesize';
import { synthServices } from '../../src/testing';

/** `AppService.trafficDistribution`: rendered by both renderings, refused at synth for a version without it. */

function spec(patch: boolean): Record<string, unknown> {
  const chart = Testing.chart();
  const svc = new AppService(chart, 'web', { ports: ['80'], selector: { app: 'web' }, trafficDistribution: 'PreferSameZone' });
  // A JSON patch makes cdk8s's generic rendering (through the 1.28 bindings) render the object.
  if (patch) svc.addJsonPatch(JsonPatch.add('/metadata/labels', { tier: 'edge' }));
  const [manifest] = Testing.synth(chart) as Array<Record<string, unknown>>;
  return (manifest?.['spec'] ?? {}) as Record<string, unknown>;
}

describe('AppService trafficDistribution', () => {
  test.each([false, true])('is rendered in sorted key order (generic rendering: %s)', (patch) => {
    const s = spec(patch);
    expect(s['trafficDistribution']).toBe('PreferSameZone');
    expect(Object.keys(s)).toEqual([...Object.keys(s)].sort());
  });

  test('synth for 1.34 writes it', () => {
    const chart = Testing.chart();
    new AppService(chart, 'web', { ports: ['80'], selector: { app: 'web' }, trafficDistribution: 'PreferSameZone' });
    expect(synthServices(chart, { kubernetesVersion: '1.34' }).map((s) => s.spec?.['trafficDistribution' as keyof typeof s.spec])).toEqual(['PreferSameZone']);
  });

  test.each<[string, string]>([
    ['1.28', 'spec.trafficDistribution: unknown field; it exists from Kubernetes 1.30 (see --kubernetes-version)'],
    ['1.33', 'spec.trafficDistribution: Unsupported value: "PreferSameZone": supported values: "PreferClose"'],
  ])('synth for %s fails naming the version', (version, message) => {
    const app = Testing.app();
    const chart = new Chart(app, 'chart');
    new AppService(chart, 'web', { ports: ['80'], selector: { app: 'web' }, trafficDistribution: 'PreferSameZone' });
    let thrown: unknown;
    try {
      synthApp(app, { kubernetesVersion: version, recordConstructMetadata: false });
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SynthError);
    expect((thrown as SynthError).findings.map((f) => f.finding.message)).toEqual([expect.stringContaining(message)]);
  });
});
