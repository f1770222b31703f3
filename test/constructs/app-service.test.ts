import * as fc from 'fast-check';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { Deployment, LabelSelector, StatefulSet } from 'cdk8s-plus-28';
import { IntOrString, KubeService } from '../../imports/k8s';
import { AppService, type AppServiceProps } from '../../src/constructs/app-service';
import { synthApp, SynthError } from '../../src/synth/synthesize';
import type { ObjectFinding } from '../../src/synth/types';

type Json = Record<string, unknown>;

/** The Service manifest of an AppService built with `props` in chart `test`. */
function render(props: AppServiceProps, configure?: (svc: AppService) => void): Json {
  const chart = Testing.chart();
  const svc = new AppService(chart, 'svc', props);
  configure?.(svc);
  const [manifest] = Testing.synth(chart) as Json[];
  return manifest ?? {};
}

function spec(props: AppServiceProps, configure?: (svc: AppService) => void): unknown {
  return render(props, configure)['spec'];
}

/** `[constructPath] message` of every error finding of a failed synthesis. */
function errorsOf(build: (chart: Chart) => void): string[] {
  const app = Testing.app();
  build(new Chart(app, 'example'));
  try {
    synthApp(app);
  } catch (err: unknown) {
    if (err instanceof SynthError) return err.findings.filter((f: ObjectFinding) => f.finding.severity === 'error').map((f) => `[${f.constructPath}] ${f.finding.message}`);
    throw err;
  }
  return [];
}

function workload(chart: Chart, id: string): Deployment {
  return new Deployment(chart, id, { containers: [{ image: 'example/web:1', ports: [{ number: 8080, name: 'http' }] }] });
}

describe('AppService metadata', () => {
  test('name, namespace, labels and annotations', () => {
    const m = render({ name: 'api', namespace: 'production', labels: { tier: 'web' }, annotations: { 'example.com/owner': 'team-a' }, ports: ['80'] });
    expect(m).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'production', labels: { tier: 'web' }, annotations: { 'example.com/owner': 'team-a' } },
      spec: { type: 'ClusterIP', ports: [{ port: 80 }] },
    });
  });

  test('the name defaults to the construct id, the namespace to the chart\'s', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'staging', labels: { team: 'a' } });
    const svc = new AppService(chart, 'web', { ports: ['80'] });
    expect(svc.name).toBe('web');
    expect(svc.namespace).toBe('staging');
    expect((Testing.synth(chart)[0] as Json)['metadata']).toEqual({ name: 'web', namespace: 'staging', labels: { team: 'a' } });
  });

  test('a generated name is a DNS-1035 label even for the id My_Service', () => {
    const svc = new AppService(Testing.chart(), 'My_Service', { ports: ['80'] });
    expect(svc.name).toMatch(/^my-service-[0-9a-f]{8}$/);
  });

  test('dnsName: name, namespace ("default" when none) and cluster domain', () => {
    const chart = Testing.chart();
    expect(new AppService(chart, 'a', { name: 'api', namespace: 'production' }).dnsName).toBe('api.production.svc.cluster.local');
    expect(new AppService(chart, 'b', { name: 'web' }).dnsName).toBe('web.default.svc.cluster.local');
    expect(new AppService(chart, 'c', { name: 'x', namespace: 'ops', clusterDomain: 'corp.internal' }).dnsName).toBe('x.ops.svc.corp.internal');
  });

  test('labels added through metadata after construction reach the output', () => {
    const m = render({ ports: ['80'] }, (svc) => svc.metadata.addLabel('added', 'later'));
    expect(m['metadata']).toEqual({ name: 'svc', labels: { added: 'later' } });
  });

  test('empty labels, annotations, selector and lists are left out', () => {
    expect(render({ labels: {}, annotations: {}, selector: {}, ports: ['80'], externalIPs: [], clusterIPs: [], ipFamilies: [], loadBalancerSourceRanges: [] })).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { type: 'ClusterIP', ports: [{ port: 80 }] },
    });
  });
});

describe('AppService ports', () => {
  test.each<[string, Json]>([
    ['80', { port: 80 }],
    ['80:8080', { port: 80, targetPort: 8080 }],
    ['443:https', { port: 443, targetPort: 'https' }],
    ['53:53/UDP', { port: 53, targetPort: 53, protocol: 'UDP' }],
  ])('shorthand %s', (text, port) => {
    expect(spec({ ports: [text] })).toEqual({ type: 'ClusterIP', ports: [port] });
  });

  test('every structured field', () => {
    expect(spec({ type: 'NodePort', ports: [{ port: 80, name: 'web', protocol: 'TCP', targetPort: 'http', nodePort: 30080, appProtocol: 'http' }] })).toEqual({
      type: 'NodePort',
      ports: [{ port: 80, name: 'web', protocol: 'TCP', targetPort: 'http', nodePort: 30080, appProtocol: 'http' }],
    });
  });

  test('several ports: unnamed ones are named as kubectl create service names them', () => {
    expect(spec({ ports: ['80:8080', '443:https', '9090', { port: 53, targetPort: 53, protocol: 'UDP', name: 'dns' }] })).toEqual({
      type: 'ClusterIP',
      ports: [
        { name: '80-8080', port: 80, targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 'https' },
        { name: '9090', port: 9090 },
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      ],
    });
  });

  test('addPort() after construction reaches the output, and names the first port too', () => {
    const s = spec({ ports: ['80:8080'] }, (svc) => svc.addPort('53:53/UDP'));
    expect(s).toEqual({
      type: 'ClusterIP',
      ports: [
        { name: '80-8080', port: 80, targetPort: 8080 },
        { name: '53-53', port: 53, targetPort: 53, protocol: 'UDP' },
      ],
    });
  });

  test('the ports getter shows the rendered ports', () => {
    const svc = new AppService(Testing.chart(), 'x', { ports: ['80', 'bad:port:x', '443:https'] });
    expect(svc.ports).toEqual([
      { port: 80, name: '80' },
      { port: 443, targetPort: 'https', name: 'https' },
    ]);
  });
});

describe('AppService spec fields', () => {
  test('type defaults to ClusterIP, and to ExternalName with externalName', () => {
    expect(spec({ ports: ['80'] })).toEqual({ type: 'ClusterIP', ports: [{ port: 80 }] });
    expect(spec({ externalName: 'db.example.com' })).toEqual({ type: 'ExternalName', externalName: 'db.example.com' });
  });

  test('headless: clusterIP None, ports optional', () => {
    expect(spec({ headless: true, selector: { app: 'db' } })).toEqual({ type: 'ClusterIP', clusterIP: 'None', selector: { app: 'db' } });
  });

  test('clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy', () => {
    expect(spec({ ports: ['80'], clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' })).toEqual({
      type: 'ClusterIP',
      ports: [{ port: 80 }],
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10', 'fd00::10'],
      ipFamilies: ['IPv4', 'IPv6'],
      ipFamilyPolicy: 'RequireDualStack',
    });
  });

  test('externalIPs, sessionAffinity with its ClientIP timeout, internalTrafficPolicy, publishNotReadyAddresses', () => {
    expect(spec({ ports: ['80'], externalIPs: ['192.0.2.10'], sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600, internalTrafficPolicy: 'Local', publishNotReadyAddresses: true })).toEqual({
      type: 'ClusterIP',
      ports: [{ port: 80 }],
      externalIPs: ['192.0.2.10'],
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      internalTrafficPolicy: 'Local',
      publishNotReadyAddresses: true,
    });
  });

  test('load-balancer fields and traffic policies', () => {
    expect(
      spec({
        type: 'LoadBalancer',
        ports: ['443:https'],
        loadBalancerIP: '198.51.100.7',
        loadBalancerSourceRanges: ['203.0.113.0/24'],
        loadBalancerClass: 'example.com/lb',
        allocateLoadBalancerNodePorts: false,
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 30999,
      }),
    ).toEqual({
      type: 'LoadBalancer',
      ports: [{ port: 443, targetPort: 'https' }],
      loadBalancerIP: '198.51.100.7',
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      loadBalancerClass: 'example.com/lb',
      allocateLoadBalancerNodePorts: false,
      externalTrafficPolicy: 'Local',
      healthCheckNodePort: 30999,
    });
  });
});

describe('AppService target', () => {
  test('a Deployment\'s pod selector labels become the selector, read at synthesis', () => {
    const chart = Testing.chart();
    const web = workload(chart, 'web');
    const svc = new AppService(chart, 'svc', { target: web, ports: ['80:http'] });
    web.select(LabelSelector.of({ labels: { extra: 'yes' } }));
    const manifests = Testing.synth(chart) as Json[];
    const service = manifests.find((m) => m['kind'] === 'Service');
    const deployment = manifests.find((m) => m['kind'] === 'Deployment') as { spec: { selector: { matchLabels: Record<string, string> } } };
    expect((service?.['spec'] as Json)['selector']).toEqual(deployment.spec.selector.matchLabels);
    expect(svc.selector).toEqual({ 'cdk8s.io/metadata.addr': expect.stringMatching(/^test-web-c8[0-9a-f]+$/), extra: 'yes' });
  });

  test('a headless Service governs its target StatefulSet', () => {
    const chart = Testing.chart();
    const db = new StatefulSet(chart, 'db', { containers: [{ image: 'postgres:16', ports: [{ number: 5432, name: 'pg' }] }] });
    new AppService(chart, 'db-svc', { name: 'db', target: db, headless: true, ports: ['5432:pg'] });
    const manifests = Testing.synth(chart) as Json[];
    expect(manifests.map((m) => `${m['kind']}/${(m['metadata'] as Json)['name']}`)).toEqual([expect.stringMatching(/^StatefulSet\/test-db-c8/), 'Service/db']);
    expect((manifests[0]?.['spec'] as Json)['serviceName']).toBe('db');
  });

  test('governStatefulSet: false leaves the StatefulSet its own Service', () => {
    const chart = Testing.chart();
    const db = new StatefulSet(chart, 'db', { containers: [{ image: 'postgres:16', ports: [{ number: 5432 }] }] });
    new AppService(chart, 'db-svc', { name: 'db', target: db, headless: true, governStatefulSet: false });
    expect((Testing.synth(chart) as Json[]).filter((m) => m['kind'] === 'Service')).toHaveLength(2);
    expect(ApiObject.of(db).toJson().spec.serviceName).not.toBe('db');
  });
});

describe('AppService problems are reported at synthesis with construct and field paths', () => {
  test('an unparseable shorthand', () => {
    expect(errorsOf((chart) => new AppService(chart, 'api', { selector: { app: 'api' }, ports: ['80:abc:x'] }))).toEqual([
      '[example/api] spec.ports[0]: Invalid value: "80:abc:x": has 2 ":" separators; expected PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"',
    ]);
  });

  test('selector and target together', () => {
    expect(
      errorsOf((chart) => {
        const web = workload(chart, 'web');
        new AppService(chart, 'api', { selector: web.matchLabels, target: web, ports: ['80'] });
      }),
    ).toEqual(['[example/api] spec.selector: Forbidden: may not be given together with a target workload; give one of them']);
  });

  test('a target in another app', () => {
    const other = new Chart(Testing.app(), 'other');
    const web = workload(other, 'web');
    expect(errorsOf((chart) => new AppService(chart, 'api', { target: web, ports: ['80'] }))).toEqual([
      '[example/api] spec.selector: Invalid value: "other/web": the target workload must be in the same app as the Service',
    ]);
  });

  test('headless with a cluster IP, and a ClientIP timeout without ClientIP affinity', () => {
    expect(errorsOf((chart) => new AppService(chart, 'db', { selector: { app: 'db' }, headless: true, clusterIP: '10.0.0.1', sessionAffinityTimeoutSeconds: 60 }))).toEqual([
      '[example/db] spec.clusterIP: Invalid value: "10.0.0.1": a headless Service has clusterIP "None"; remove clusterIP or headless',
      '[example/db] spec.sessionAffinityConfig: Forbidden: may only be set when sessionAffinity is "ClientIP"',
    ]);
  });

  test('constructing with invalid props does not throw', () => {
    expect(new AppService(Testing.chart(), 'x', { ports: ['nope'], type: 'ClusterIP', headless: true, clusterIP: '1.2.3.4' }).name).toBe('x');
  });
});

describe('invalid props are reported by the validator with construct and field paths', () => {
  test('a bad named targetPort', () => {
    expect(errorsOf((chart) => new AppService(chart, 'api', { ports: ['80:http', '8080:http_web'] }))).toEqual([
      '[example/api] spec.ports[1].targetPort: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  test('every error of every Service at once, in construct order', () => {
    expect(
      errorsOf((chart) => {
        new AppService(chart, 'api', { ports: [{ port: 80, name: 'web' }, { port: 81, name: 'web' }] });
        new AppService(chart, 'edge', { type: 'ClusterIP', ports: [{ port: 80, nodePort: 30080 }] });
        new AppService(chart, 'Bad', { name: 'Bad_Name', ports: ['80'] });
      }),
    ).toEqual([
      '[example/api] spec.ports[1].name: Duplicate value: "web"',
      '[example/edge] spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'',
      '[example/Bad] metadata.name: Invalid value: "Bad_Name": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
    ]);
  });

  test('a shorthand problem and validator findings of the same Service together', () => {
    expect(errorsOf((chart) => new AppService(chart, 'api', { type: 'LoadBalancer', ports: ['80:abc:x', '10250'], loadBalancerClass: '' }))).toEqual([
      '[example/api] spec.ports[0]: Invalid value: "80:abc:x": has 2 ":" separators; expected PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"',
      '[example/api] spec.ports[1]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet',
      '[example/api] spec.loadBalancerClass: Invalid value: "": name part must be non-empty',
      '[example/api] spec.loadBalancerClass: Invalid value: "": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    ]);
  });
});

describe('every Service of the app is validated, whichever construct emits it', () => {
  test('a raw KubeService and an AppService, each under its own construct path', () => {
    expect(
      errorsOf((chart) => {
        new KubeService(chart, 'raw', { metadata: { name: 'raw' }, spec: { ports: [{ port: 0, targetPort: IntOrString.fromNumber(80) }] } });
        new AppService(chart, 'api', { ports: ['80:8080', '80:8080'] });
      }),
    ).toEqual([
      '[example/raw] spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      expect.stringMatching(/^\[example\/api\] spec\.ports\[1\]: Duplicate value: core\.ServicePort\{.*Port:80,.*\}$/),
    ]);
  });

  test('a headless Service without ports passes and renders as such', () => {
    const app = Testing.app();
    new AppService(new Chart(app, 'example'), 'peers', { headless: true });
    expect(synthApp(app).files.get('example.k8s.yaml')).toBe(['apiVersion: v1', 'kind: Service', 'metadata:', '  name: peers', 'spec:', '  clusterIP: None', '  type: ClusterIP', ''].join('\n'));
  });
});

describe('generated names', () => {
  test.each<[string, RegExp]>([
    ['My_Service', /^my-service-[0-9a-f]{8}$/],
    ['123abc', /^svc-123abc-[0-9a-f]{8}$/],
    ['x'.repeat(80), /^x{54}-[0-9a-f]{8}$/],
  ])('id %s', (id, pattern) => {
    expect(new AppService(Testing.chart(), id).name).toMatch(pattern);
  });

  test('any construct id gives a DNS-1035 label', () => {
    fc.assert(
      // (constructs refuses ids named like Object.prototype members, such as "valueOf")
      fc.property(fc.string({ minLength: 1, maxLength: 100 }).filter((s) => !s.includes('/') && !(s in {})), (id) => {
        const name = new AppService(Testing.chart(), id).name;
        expect(name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
        expect(name.length).toBeLessThanOrEqual(63);
      }),
      { numRuns: 200 },
    );
  });
});

describe('an AppService is its Service\'s API object', () => {
  test('ApiObject.of returns it; it has no children; its path is the construct path', () => {
    const chart = new Chart(Testing.app(), 'shop');
    const svc = new AppService(chart, 'api', { ports: ['80:8080'] });
    expect(ApiObject.of(svc)).toBe(svc);
    expect(svc.node.children).toEqual([]);
    expect(svc.node.path).toBe('shop/api');
    expect([svc.apiVersion, svc.kind, svc.name, svc.chart]).toEqual(['v1', 'Service', 'api', chart]);
  });

  test('JSON patches and dependencies work as on any API object', () => {
    const chart = Testing.chart();
    const svc = new AppService(chart, 'api', { ports: ['80:8080'] });
    const config = new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' } });
    svc.addDependency(config);
    svc.addJsonPatch(JsonPatch.add('/metadata/labels', { patched: 'yes' }));
    expect(svc.node.dependencies).toEqual([config]);
    expect(Testing.synth(chart).map((m: Json) => [m['kind'], (m['metadata'] as Json)['labels']])).toEqual([
      ['ConfigMap', undefined],
      ['Service', { patched: 'yes' }],
    ]);
  });

  test('instanceof AppService holds for AppServices only (cdk8s makes it true for any API object otherwise)', () => {
    class NamedService extends AppService {}
    const chart = Testing.chart();
    const plain = new AppService(chart, 'plain');
    const named = new NamedService(chart, 'named');
    const raw = new KubeService(chart, 'raw', { metadata: { name: 'raw' } });
    expect([plain, named, raw, {}, null].map((x) => x instanceof AppService)).toEqual([true, true, false, false, false]);
    expect([plain, named, raw].map((x) => x instanceof NamedService)).toEqual([false, true, false]);
    expect([plain, named, raw, 'api'].map((x) => AppService.isAppService(x))).toEqual([true, true, false, false]);
    expect([plain, named, raw].map((x) => x instanceof ApiObject)).toEqual([true, true, true]);
  });
});
