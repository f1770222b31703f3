import { buildRoutes, type Route } from '../../src/routes/build';
import { renderDot, renderJson, renderMermaid, renderTable } from '../../src/routes/render';

function deployment(name: string, labels: Record<string, string>, ports: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'x', ports }] } }, ...extra },
  };
}

function service(name: string, spec: Record<string, unknown>, namespace?: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, ...(namespace !== undefined ? { namespace } : {}) }, spec };
}

const WEB = deployment('web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }]);

/** Route targets as `kind/name container port problems` strings, for compact assertions. */
function summary(routes: readonly Route[]): string[] {
  return routes.map((r) => {
    const port = r.port === undefined ? '-' : `${r.port.port}/${r.port.protocol}->${r.port.targetPort}`;
    const targets = r.targets.map((t) => `${t.kind}/${t.name}${t.pods !== undefined ? `[${t.pods.join(',')}]` : ''}:${t.container ?? '-'}:${t.containerPort ?? '?'}${t.problems.length > 0 ? `!${t.problems.join('|')}` : ''}`);
    return `${r.service.namespace}/${r.service.name} ${port} ${targets.join(' ')}${r.problems.length > 0 ? ` !${r.problems.join('|')}` : ''}${r.externalName !== undefined ? ` =>${r.externalName}` : ''}`;
  });
}

describe('buildRoutes', () => {
  test.each<[string, unknown[], string[]]>([
    ['a named targetPort resolves to the container port number', [WEB, service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] })], ['default/web 80/TCP->http Deployment/web:main:8080']],
    ['a numeric targetPort, and a missing one defaulting to the port', [WEB, service('web', { selector: { app: 'web' }, ports: [{ name: 'a', port: 80, targetPort: 8080 }, { name: 'b', port: 9090 }] })], ['default/web 80/TCP->8080 Deployment/web:main:8080', 'default/web 9090/TCP->9090 Deployment/web:main:9090']],
    [
      'a named port nobody declares',
      [WEB, service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'htp' }] })],
      ['default/web 80/TCP->htp Deployment/web:-:?!no container declares a port named "htp" (TCP): the Service has no endpoints for this port'],
    ],
    [
      'a numeric port nobody declares still reaches the pod number',
      [WEB, service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8081 }] })],
      ['default/web 80/TCP->8081 Deployment/web:-:8081!no container declares containerPort 8081/TCP: traffic reaches it only if a process listens there'],
    ],
    ['the protocol must match too', [WEB, service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http', protocol: 'UDP' }] })], ['default/web 80/UDP->http Deployment/web:-:?!no container declares a port named "http" (UDP): the Service has no endpoints for this port']],
    [
      'a selector that matches nothing',
      [WEB, service('api', { selector: { app: 'api' }, ports: [{ port: 80 }] })],
      ['default/api 80/TCP->80  !selects no pods: no workload in namespace "default" has pods labelled app=api'],
    ],
    ['workloads of another namespace do not match', [WEB, service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }, 'other')], ['other/web 80/TCP->80  !selects no pods: no workload in namespace "other" has pods labelled app=web']],
    ['no workloads at all', [service('api', { selector: { app: 'api' }, ports: [{ port: 80 }] })], ['default/api 80/TCP->80  !no workloads in the input to match the selector against']],
    ['no selector', [WEB, service('ext', { ports: [{ port: 80 }] })], ['default/ext 80/TCP->80  !no selector: its endpoints are managed by hand (EndpointSlices)']],
    ['ExternalName', [service('db', { type: 'ExternalName', externalName: 'db.example.com' })], ['default/db -  =>db.example.com']],
    [
      'one pod of a StatefulSet, by the pod-name label the control plane adds',
      [
        { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'redis' }, spec: { replicas: 3, serviceName: 'redis', selector: { matchLabels: { app: 'redis' } }, template: { metadata: { labels: { app: 'redis' } }, spec: { containers: [{ name: 'redis', image: 'r', ports: [{ name: 'redis', containerPort: 6379 }] }] } } } },
        service('redis-2', { selector: { app: 'redis', 'statefulset.kubernetes.io/pod-name': 'redis-2' }, ports: [{ port: 6379, targetPort: 'redis' }] }),
        service('redis-3', { selector: { 'statefulset.kubernetes.io/pod-name': 'redis-3' }, ports: [{ port: 6379 }] }),
        service('redis-1', { selector: { 'apps.kubernetes.io/pod-index': '1' }, ports: [{ port: 6379 }] }),
      ],
      [
        'default/redis-2 6379/TCP->redis StatefulSet/redis[redis-2]:redis:6379',
        'default/redis-3 6379/TCP->6379  !selects no pods: no workload in namespace "default" has pods labelled statefulset.kubernetes.io/pod-name=redis-3',
        'default/redis-1 6379/TCP->6379 StatefulSet/redis[redis-1]:redis:6379',
      ],
    ],
    [
      "a Job's pods by job-name; a generated label is marked",
      [
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { template: { metadata: {}, spec: { containers: [{ name: 'm', image: 'x', ports: [{ containerPort: 8080 }] }] } } } },
        WEB,
        service('migrate', { selector: { 'job-name': 'migrate' }, ports: [{ port: 8080 }] }),
        service('pinned', { selector: { app: 'web', 'pod-template-hash': '5d9c7b' }, ports: [{ port: 80, targetPort: 'http' }] }),
      ],
      ['default/migrate 8080/TCP->8080 Job/migrate:m:8080', 'default/pinned 80/TCP->http Deployment/web:main:8080!selects on pod-template-hash=5d9c7b, a value the control plane generates: it changes with every rollout'],
    ],
  ])('%s', (_name, objects, expected) => {
    expect(summary(buildRoutes(objects))).toEqual(expected);
  });
});

describe('views', () => {
  const routes = buildRoutes([
    WEB,
    service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metricz' }] }),
    service('api', { selector: { app: 'api' }, ports: [{ port: 80 }] }),
  ]);

  test('table', () => {
    expect(renderTable(routes)).toBe(
      [
        'SERVICE      PORT                WORKLOAD        CONTAINER  TARGET       PROBLEMS',
        'default/web  80/TCP (http)       Deployment/web  main       http → 8080  -',
        'default/web  9090/TCP (metrics)  Deployment/web  -          metricz → ?  ! no container declares a port named "metricz" (TCP): the Service has no endpoints for this port',
        'default/api  80/TCP              -               -          -            ! selects no pods: no workload in namespace "default" has pods labelled app=api',
        '',
      ].join('\n'),
    );
  });

  test('mermaid: Services to workloads, problems dotted and red', () => {
    expect(renderMermaid(routes)).toBe(
      [
        'flowchart LR',
        '  s0["Service default/web<br/>ClusterIP"]',
        '  w0["Deployment default/web"]',
        '  s1["Service default/api<br/>ClusterIP"]',
        '  x0["⚠ selects no pods: no workload in namespace #quot;default#quot; has pods labelled app=api"]',
        '  s0 -->|"80/TCP → http = 8080 (main)"| w0',
        '  s0 -.->|"⚠ 9090/TCP → metricz = ?"| w0',
        '  s1 -.->|"80/TCP"| x0',
        '  classDef problem fill:#fdd,stroke:#c00,color:#900',
        '  class x0 problem',
        '  linkStyle 1,2 stroke:#c00,color:#900',
        '',
      ].join('\n'),
    );
  });

  test('dot', () => {
    expect(renderDot(routes)).toBe(
      [
        'digraph routes {',
        '  rankdir=LR;',
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
        '  "Service/default/web" [label="Service default/web\\nClusterIP", shape=box];',
        '  "Deployment/default/web" [label="Deployment default/web", shape=component];',
        '  "Service/default/api" [label="Service default/api\\nClusterIP", shape=box];',
        '  "problem/default/api" [label="⚠ selects no pods: no workload in namespace \\"default\\" has pods labelled app=api", shape=note, color=red, fontcolor=red];',
        '  "Service/default/web" -> "Deployment/default/web" [label="80/TCP → http = 8080 (main)"];',
        '  "Service/default/web" -> "Deployment/default/web" [label="⚠ 9090/TCP → metricz = ?", style=dashed, color=red, fontcolor=red, tooltip="no container declares a port named \\"metricz\\" (TCP): the Service has no endpoints for this port"];',
        '  "Service/default/api" -> "problem/default/api" [label="80/TCP", style=dashed, color=red];',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('json', () => {
    const doc = JSON.parse(renderJson(routes)) as { ok: boolean; routes: unknown[] };
    expect(doc.ok).toBe(false);
    expect(doc.routes[0]).toEqual({
      service: { namespace: 'default', name: 'web', type: 'ClusterIP', headless: false },
      port: { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
      targets: [{ kind: 'Deployment', namespace: 'default', name: 'web', container: 'main', containerPort: 8080, portName: 'http', pods: null, problems: [] }],
      problems: [],
    });
  });
});
