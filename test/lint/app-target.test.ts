import { App, Chart } from 'cdk8s';
import { Deployment, StatefulSet } from 'cdk8s-plus-28';
import { AppService } from '../../src/constructs/app-service';
import { SynthError, synthApp } from '../../src/synth/synthesize';

/** An app with a cdk8s-plus-28 Deployment whose container declares only port `web` (8080). */
function shop(): { app: App; chart: Chart; web: Deployment } {
  const app = new App();
  const chart = new Chart(app, 'shop');
  const web = new Deployment(chart, 'web', {
    containers: [{ image: 'nginx', ports: [{ number: 8080, name: 'web' }], securityContext: { ensureNonRoot: false } }],
  });
  return { app, chart, web };
}

/** The lines of the SynthError `synthApp(app)` throws, or [] when it synthesizes. */
function synthErrors(app: App): string[] {
  try {
    synthApp(app);
    return [];
  } catch (err: unknown) {
    if (!(err instanceof SynthError)) throw err;
    return err.findings.map((f) => `[${f.constructPath}] ${f.finding.severity}: ${f.finding.message} (${f.finding.rule ?? ''})`);
  }
}

describe('AppService with a target workload, checked at synth', () => {
  test('a targetPort the target container does not declare fails, naming both ports and the construct path', () => {
    const { app, chart, web } = shop();
    new AppService(chart, 'api', { target: web, ports: ['80:http'] });
    expect(synthErrors(app)).toEqual([
      '[shop/api] error: spec.ports[0].targetPort: no container of the selected pods (Deployment "shop-web-c81100ac") declares a port named "http"; declared: "web" (lint/service-named-target-port)',
    ]);
  });

  test('the declared port name synthesizes, with the pod labels as selector', () => {
    const { app, chart, web } = shop();
    new AppService(chart, 'api', { target: web, ports: ['80:web'] });
    const { files, warnings } = synthApp(app);
    expect(warnings).toEqual([]);
    expect(files.get('shop.k8s.yaml')).toContain(`  selector:\n    cdk8s.io/metadata.addr: ${web.matchLabels['cdk8s.io/metadata.addr'] ?? ''}\n`);
  });

  test('a numeric targetPort the container does not declare is not reported (the rule is off by default)', () => {
    const { app, chart, web } = shop();
    new AppService(chart, 'api', { target: web, ports: ['80:9090'] });
    expect(synthApp(app).warnings).toEqual([]);
    expect(() => synthApp(app, { strict: true })).not.toThrow();
  });

  test('a Service with a plain selector gets the named-targetPort finding as a warning only', () => {
    const { app, chart, web } = shop();
    new AppService(chart, 'api', { selector: web.matchLabels, ports: ['80:http'] });
    expect(synthApp(app).warnings.map((w) => `[${w.constructPath}] ${w.finding.severity} ${w.finding.rule ?? ''}`)).toEqual(['[shop/api] warning lint/service-named-target-port']);
    expect(() => synthApp(app, { strict: true })).toThrow(SynthError);
  });

  test('a StatefulSet target is understood too', () => {
    const app = new App();
    const chart = new Chart(app, 'db');
    const pg = new StatefulSet(chart, 'pg', { containers: [{ image: 'postgres', ports: [{ number: 5432, name: 'pg' }], securityContext: { ensureNonRoot: false } }] });
    new AppService(chart, 'pg-svc', { target: pg, ports: ['5432:postgres'] });
    expect(synthErrors(app)).toEqual([
      '[db/pg-svc] error: spec.ports[0].targetPort: no container of the selected pods (StatefulSet "db-pg-c81c2922") declares a port named "postgres"; declared: "pg" (lint/service-named-target-port)',
    ]);
  });

  test('the annotation appsvc.dev/ignore silences warnings at synth, cross-object and validator ones alike', () => {
    const make = (ignore?: string): string[] => {
      const { app, chart } = shop();
      const hints = { 'service.kubernetes.io/topology-aware-hints': 'Auto' };
      new AppService(chart, 'api', { selector: { app: 'nothing' }, ports: ['80:web'], annotations: ignore === undefined ? hints : { ...hints, 'appsvc.dev/ignore': ignore } });
      return synthApp(app).warnings.map((w) => `${w.finding.severity} ${w.finding.rule ?? ''}`);
    };
    expect(make()).toEqual(['warning k8s/deprecated-topology-hints', 'warning lint/service-selector-matches-no-pods']);
    expect(make('k8s/deprecated-topology-hints, lint/service-selector-matches-no-pods')).toEqual([]);
    expect(make('*')).toEqual([]);
  });

  test('a target without the named port stays an error whatever silences the rule: annotation, --disable, both', () => {
    const cases: Array<[string, Record<string, string>, { disable?: string[] }]> = [
      ['the annotation names the rule', { 'appsvc.dev/ignore': 'lint/service-named-target-port' }, {}],
      ['the annotation silences every rule', { 'appsvc.dev/ignore': '*' }, {}],
      ['the rule is disabled', {}, { disable: ['lint/service-named-target-port'] }],
      ['both', { 'appsvc.dev/ignore': '*' }, { disable: ['lint/service-named-target-port'] }],
    ];
    for (const [, annotations, switches] of cases) {
      const { app, chart, web } = shop();
      new AppService(chart, 'admin', { target: web, ports: ['80:admin'], annotations });
      const silenced: string[] = [];
      let errors: string[] = [];
      try {
        synthApp(app, { ...switches, onSilenced: (f) => silenced.push(f.finding.rule ?? '') });
      } catch (err: unknown) {
        if (!(err instanceof SynthError)) throw err;
        errors = err.findings.map((f) => `[${f.constructPath}] ${f.finding.severity} ${f.finding.field} ${f.finding.rule ?? ''}`);
      }
      expect(errors).toEqual(['[shop/admin] error spec.ports[0].targetPort lint/service-named-target-port']);
      expect(silenced).toEqual([]);
    }
  });

  test('the same finding without a target (a plain selector) is a warning, and silenced by the annotation or --disable', () => {
    const make = (annotations: Record<string, string>, disable?: string[]): { warnings: string[]; silenced: string[] } => {
      const { app, chart, web } = shop();
      new AppService(chart, 'admin', { selector: web.matchLabels, ports: ['80:admin'], annotations });
      const silenced: string[] = [];
      const { warnings } = synthApp(app, { ...(disable === undefined ? {} : { disable }), onSilenced: (f) => silenced.push(`[${f.constructPath}] ${f.finding.rule ?? ''}`) });
      return { warnings: warnings.map((w) => `${w.finding.severity} ${w.finding.rule ?? ''}`), silenced };
    };
    expect(make({})).toEqual({ warnings: ['warning lint/service-named-target-port'], silenced: [] });
    expect(make({ 'appsvc.dev/ignore': 'lint/service-named-target-port' })).toEqual({ warnings: [], silenced: ['[shop/admin] lint/service-named-target-port'] });
    expect(make({}, ['lint/service-named-target-port'])).toEqual({ warnings: [], silenced: ['[shop/admin] lint/service-named-target-port'] });
  });

  test('enable turns on a rule that is off by default (a rule in both lists is on); strict makes what is left errors', () => {
    const make = (options: { enable?: string[]; disable?: string[]; strict?: boolean }): string[] => {
      const { app, chart, web } = shop();
      new AppService(chart, 'api', { target: web, ports: ['80:9090'] });
      try {
        return synthApp(app, options).warnings.map((w) => `${w.finding.severity} ${w.finding.field} ${w.finding.rule ?? ''}`);
      } catch (err: unknown) {
        if (!(err instanceof SynthError)) throw err;
        return err.findings.map((f) => `${f.finding.severity} ${f.finding.field} ${f.finding.rule ?? ''}`);
      }
    };
    expect(make({})).toEqual([]);
    expect(make({ enable: ['lint/service-numeric-target-port'] })).toEqual(['warning spec.ports[0].targetPort lint/service-numeric-target-port']);
    expect(make({ enable: ['lint/service-numeric-target-port'], strict: true })).toEqual(['error spec.ports[0].targetPort lint/service-numeric-target-port']);
    // A rule in both lists is on.
    expect(make({ enable: ['lint/service-numeric-target-port'], disable: ['lint/service-numeric-target-port'] })).toEqual(['warning spec.ports[0].targetPort lint/service-numeric-target-port']);
    expect(make({ disable: ['lint/service-numeric-target-port'] })).toEqual([]);
  });
});
