import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppService } from '../../src/constructs/app-service';
import { SynthError, synthApp } from '../../src/synth/synthesize';

/** A container that declares port `web` (8080), as every workload below has. */
const CONTAINER: kplus.ContainerProps = { image: 'nginx', ports: [{ number: 8080, name: 'web' }], securityContext: { ensureNonRoot: false } };

function chart(): { app: App; chart: Chart } {
  const app = new App();
  return { app, chart: new Chart(app, 'shop') };
}

/** The manifest of the object named `name` of kind `kind` that `app` synthesizes to. */
function manifest(app: App, kind: string, name: string): Record<string, unknown> {
  const found = synthApp(app).objects.find((o) => o.manifest['kind'] === kind && (o.manifest['metadata'] as { name?: unknown }).name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found.manifest;
}

function serviceSelector(app: App, name: string): unknown {
  return (manifest(app, 'Service', name)['spec'] as { selector?: unknown }).selector;
}

/** The pod template labels of the workload `w` as synthesized in `app`. */
function templateLabels(app: App, w: kplus.Workload): unknown {
  const spec = manifest(app, w.kind, w.name)['spec'] as { template: { metadata: { labels?: unknown } } };
  return spec.template.metadata.labels;
}

/** `[constructPath] severity: message (rule)` of every finding the SynthError of `app` carries, or [] when it synthesizes. */
function synthErrors(app: App): string[] {
  try {
    synthApp(app);
    return [];
  } catch (err: unknown) {
    if (!(err instanceof SynthError)) throw err;
    return err.findings.map((f) => `[${f.constructPath}] ${f.finding.severity}: ${f.finding.message} (${f.finding.rule ?? ''})`);
  }
}

describe('AppService targets: every cdk8s-plus-28 pod selector', () => {
  test.each([
    ['Deployment', (c: Chart) => new kplus.Deployment(c, 'w', { containers: [CONTAINER] })],
    ['StatefulSet', (c: Chart) => new kplus.StatefulSet(c, 'w', { containers: [CONTAINER] })],
    ['DaemonSet', (c: Chart) => new kplus.DaemonSet(c, 'w', { containers: [CONTAINER] })],
    ['Job', (c: Chart) => new kplus.Job(c, 'w', { containers: [CONTAINER] })],
  ])('a %s: the selector is the label of its pod template, and the named targetPort is checked', (kind, make) => {
    const { app, chart: c } = chart();
    const workload = make(c);
    new AppService(c, 'api', { target: workload, ports: ['80:web'] });
    const addr = workload.podMetadata.getLabel('cdk8s.io/metadata.addr');
    expect(addr).toMatch(/^shop-w-c8[0-9a-f]{6}$/);
    expect(serviceSelector(app, 'api')).toEqual({ 'cdk8s.io/metadata.addr': addr });
    expect(templateLabels(app, workload)).toEqual({ 'cdk8s.io/metadata.addr': addr });

    const { app: app2, chart: c2 } = chart();
    const other = make(c2);
    new AppService(c2, 'api', { target: other, ports: ['80:http'] });
    expect(synthErrors(app2)).toEqual([
      `[shop/api] error: spec.ports[0].targetPort: no container of the selected pods (${kind} "${other.name}") declares a port named "http"; declared: "web" (lint/service-named-target-port)`,
    ]);
  });
  test('a Deployment with its own select() labels: those labels, added after the Service, count', () => {
    const { app, chart: c } = chart();
    const web = new kplus.Deployment(c, 'web', { containers: [CONTAINER], podMetadata: { labels: { tier: 'web' } } });
    new AppService(c, 'api', { target: web, ports: ['80:web'] });
    web.select(kplus.LabelSelector.of({ labels: { tier: 'web' } }));
    expect(serviceSelector(app, 'api')).toEqual({ 'cdk8s.io/metadata.addr': web.matchLabels['cdk8s.io/metadata.addr'], tier: 'web' });
  });

  test('a Pod: selected by its own address label', () => {
    const { app, chart: c } = chart();
    const pod = new kplus.Pod(c, 'solo', { containers: [CONTAINER] });
    new AppService(c, 'api', { target: pod, ports: ['80:web'] });
    const addr = pod.metadata.getLabel('cdk8s.io/metadata.addr');
    expect(addr).toMatch(/^shop-solo-c8[0-9a-f]{6}$/);
    expect(serviceSelector(app, 'api')).toEqual({ 'cdk8s.io/metadata.addr': addr });
    expect(synthApp(app).warnings).toEqual([]);
  });

  test('Pods.select(): its labels become the selector, and the selected template ports are checked', () => {
    const { app, chart: c } = chart();
    new kplus.Deployment(c, 'web', { containers: [CONTAINER], podMetadata: { labels: { app: 'web' } } });
    const pods = kplus.Pods.select(c, 'web-pods', { labels: { app: 'web' } });
    new AppService(c, 'api', { target: pods, ports: ['80:web'] });
    expect(serviceSelector(app, 'api')).toEqual({ app: 'web' });
    expect(synthApp(app).warnings).toEqual([]);

    const { app: app2, chart: c2 } = chart();
    new kplus.Deployment(c2, 'web', { containers: [CONTAINER], podMetadata: { labels: { app: 'web' } } });
    new AppService(c2, 'api', { target: kplus.Pods.select(c2, 'web-pods', { labels: { app: 'web' } }), ports: ['80:http'] });
    expect(synthErrors(app2)).toEqual([
      '[shop/api] error: spec.ports[0].targetPort: no container of the selected pods (Deployment "shop-web-c81100ac") declares a port named "http"; declared: "web" (lint/service-named-target-port)',
    ]);
  });

  test('Pods a Service cannot select: expressions only, every pod, other namespaces', () => {
    const { app, chart: c } = chart();
    new kplus.Deployment(c, 'web', { containers: [CONTAINER], podMetadata: { labels: { app: 'web' } } });
    new AppService(c, 'by-expression', {
      target: kplus.Pods.select(c, 'expr', { labels: { app: 'web' }, expressions: [kplus.LabelExpression.exists('tier')] }),
      ports: ['80:web'],
    });
    new AppService(c, 'everything', { target: kplus.Pods.all(c, 'all'), ports: ['80:web'] });
    new AppService(c, 'elsewhere', {
      target: kplus.Pods.select(c, 'other-ns', { labels: { app: 'web' }, namespaces: kplus.Namespaces.select(c, 'ns', { names: ['payments'] }) }),
      ports: ['80:web'],
    });
    expect(synthErrors(app)).toEqual([
      '[shop/by-expression] error: spec.selector: Invalid value: "shop/expr": the target workload selects its pods with match expressions, which a Service selector cannot express (appsvc/selector-target)',
      '[shop/everything] error: spec.selector: Invalid value: "shop/all": the target workload has no pod selector labels to select (appsvc/selector-target)',
      '[shop/elsewhere] error: spec.selector: Invalid value: "shop/other-ns": the target selects pods in other namespaces; a Service selects pods in its own namespace ("default") only (appsvc/selector-target)',
    ]);
  });
});

describe('AppService as an Ingress backend', () => {
  function backends(app: App, ingressName: string): unknown[] {
    const spec = manifest(app, 'Ingress', ingressName)['spec'] as { rules: { http: { paths: { path: string; backend: unknown }[] } }[] };
    return spec.rules.flatMap((r) => r.http.paths.map((p) => ({ path: p.path, backend: p.backend })));
  }

  test('ingressBackend(): the only port, a port number, a port name; ports added later count', () => {
    const { app, chart: c } = chart();
    const web = new kplus.Deployment(c, 'web', { containers: [CONTAINER] });
    const single = new AppService(c, 'single', { target: web, ports: ['80:web'] });
    const multi = new AppService(c, 'multi', { target: web, ports: [{ port: 80, targetPort: 'web', name: 'http' }] });
    const ingress = new kplus.Ingress(c, 'ing');
    ingress.addRule('/single', single.ingressBackend());
    ingress.addRule('/by-number', multi.ingressBackend({ port: 8443 }));
    ingress.addRule('/by-name', multi.ingressBackend({ port: 'http' }));
    multi.addPort({ port: 8443, targetPort: 'web', name: 'alt' });
    expect(backends(app, 'shop-ing-c8c76231')).toEqual([
      { path: '/by-name', backend: { service: { name: 'multi', port: { name: 'http' } } } },
      { path: '/by-number', backend: { service: { name: 'multi', port: { number: 8443 } } } },
      { path: '/single', backend: { service: { name: 'single', port: { number: 80 } } } },
    ]);
  });

  test('addDefaultBackend() takes it too', () => {
    const { app, chart: c } = chart();
    const api = new AppService(c, 'api', { selector: { app: 'api' }, ports: ['80:8080'] });
    new kplus.Ingress(c, 'ing', { defaultBackend: api.ingressBackend() });
    expect((manifest(app, 'Ingress', 'shop-ing-c8c76231')['spec'] as { defaultBackend?: unknown }).defaultBackend).toEqual({ service: { name: 'api', port: { number: 80 } } });
  });

  test('exposeViaIngress(): a new Ingress under the Service, or the one given', () => {
    const { app, chart: c } = chart();
    const api = new AppService(c, 'api', { selector: { app: 'api' }, ports: ['80:8080'] });
    const created = api.exposeViaIngress('/api');
    expect(created.node.path).toBe('shop/api/Ingress');
    const shared = new kplus.Ingress(c, 'shared');
    expect(api.exposeViaIngress('/v2', { ingress: shared, pathType: kplus.HttpIngressPathType.EXACT })).toBe(shared);
    expect(backends(app, created.name)).toEqual([{ path: '/api', backend: { service: { name: 'api', port: { number: 80 } } } }]);
    const sharedSpec = manifest(app, 'Ingress', shared.name)['spec'] as { rules: { http: { paths: { pathType: string }[] } }[] };
    expect(sharedSpec.rules[0]?.http.paths[0]?.pathType).toBe('Exact');
  });

  test('no port or an ambiguous one: errors at synth (the Ingress would have no port), once each, with the other findings', () => {
    const { app, chart: c } = chart();
    const none = new AppService(c, 'none', { selector: { app: 'x' }, headless: true });
    const two = new AppService(c, 'two', { selector: { app: 'x' }, ports: ['80:8080', '443:8443'] });
    const ingress = new kplus.Ingress(c, 'ing');
    ingress.addRule('/none', none.ingressBackend());
    ingress.addRule('/two', two.ingressBackend());
    ingress.addRule('/two-again', two.ingressBackend());
    ingress.addRule('/missing', two.ingressBackend({ port: 'grpc' }));
    expect(synthErrors(app).filter((line) => line.includes('appsvc/ingress-backend'))).toEqual([
      '[shop/none] error: spec.ports: Required value: an Ingress backend needs a port of this Service; add one (appsvc/ingress-backend)',
      '[shop/two] error: spec.ports: Invalid value: [80,443]: an Ingress backend of a Service with several ports must name one: ingressBackend({ port }) with one of 80 ("80-8080"), 443 ("443-8443") (appsvc/ingress-backend)',
      '[shop/two] warning: spec.ports: Invalid value: [80,443]: the Ingress backend asks for a port named "grpc", which this Service does not have; its ports: 80 ("80-8080"), 443 ("443-8443") (appsvc/ingress-backend)',
    ]);
  });

  test('a port number or name the Service does not have: written as asked (the API server accepts it), a warning', () => {
    const { app, chart: c } = chart();
    const two = new AppService(c, 'two', { selector: { app: 'x' }, ports: ['80:8080', '443:8443'] });
    const ingress = new kplus.Ingress(c, 'ing');
    ingress.addRule('/missing', two.ingressBackend({ port: 'grpc' }));
    ingress.addRule('/missing-number', two.ingressBackend({ port: 9090 }));
    const result = synthApp(app);
    expect(result.warnings.map((w) => `[${w.constructPath}] ${w.finding.message}`)).toEqual([
      '[shop/two] spec.ports: Invalid value: [80,443]: the Ingress backend asks for a port named "grpc", which this Service does not have; its ports: 80 ("80-8080"), 443 ("443-8443")',
      '[shop/two] spec.ports: Invalid value: [80,443]: the Ingress backend asks for port 9090, which this Service does not have; its ports: 80 ("80-8080"), 443 ("443-8443")',
    ]);
    expect(backends(app, 'shop-ing-c8c76231')).toEqual([
      { path: '/missing', backend: { service: { name: 'two', port: { name: 'grpc' } } } },
      { path: '/missing-number', backend: { service: { name: 'two', port: { number: 9090 } } } },
    ]);
  });

  test("cdk8s-plus-28's IngressBackend.fromService() takes only its own Service class", () => {
    const { chart: c } = chart();
    const api = new AppService(c, 'api', { selector: { app: 'api' }, ports: ['80:8080'] });
    // @ts-expect-error: fromService's parameter is cdk8s-plus-28's Service class, which has private members.
    const backend = kplus.IngressBackend.fromService(api);
    // At run time it reads only `name` and `ports`, which AppService has.
    expect(backend._toKube()).toEqual({ service: { name: 'api', port: { number: 80 } } });
  });
});
