import { lintManifests, type LintFinding } from '../../src/lint';
import { container, deployment, podSpec, service, workload } from './manifests';

/** The parts of each finding a rule table compares. */
function summary(findings: readonly LintFinding[]): { index: number; rule: string | undefined; field: string; severity: string }[] {
  return findings.map((f) => ({ index: f.index, rule: f.finding.rule, field: f.finding.field, severity: f.finding.severity }));
}

const web = deployment('web', { app: 'web', tier: 'front' }, podSpec([container('nginx', [{ name: 'web', containerPort: 8080 }])]));

describe('lint/service-selector-matches-no-pods', () => {
  test('reports a selector no pod template carries, naming the closest workload', () => {
    const findings = lintManifests([web, service('web', { app: 'wbe' }, [{ port: 80, targetPort: 'web' }])]);
    expect(findings).toEqual([
      {
        index: 1,
        finding: {
          severity: 'warning',
          type: 'FieldValueInvalid',
          field: 'spec.selector',
          value: { app: 'wbe' },
          detail: 'selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "default" of the set has the labels app=wbe',
          message:
            'spec.selector: selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "default" of the set has the labels app=wbe',
          rule: 'lint/service-selector-matches-no-pods',
        },
      },
    ]);
  });

  test('every selector label must be on the pods; the closest workload is named', () => {
    const [f] = lintManifests([web, service('web', { app: 'web', tier: 'back' }, [{ port: 80 }])]);
    expect(f?.finding.detail).toBe(
      'selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "default" of the set has the labels app=web,tier=back (closest: Deployment "web" with pod labels app=web,tier=front)',
    );
  });

  test('a workload in another namespace does not count, and is pointed out', () => {
    const [f] = lintManifests([deployment('web', { app: 'web' }, podSpec([]), 'prod'), service('web', { app: 'web' }, [{ port: 80 }], { namespace: 'staging' })]);
    expect(f?.finding.detail).toBe(
      'selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "staging" of the set has the labels app=web (Deployment "prod/web" matches, in another namespace)',
    );
  });

  test('a missing namespace is "default" on both sides', () => {
    const ws = [deployment('web', { app: 'web' }, podSpec([container('c', [{ containerPort: 80 }])]), 'default'), service('web', { app: 'web' }, [{ port: 80 }])];
    expect(lintManifests(ws)).toEqual([]);
    const ws2 = [deployment('web', { app: 'web' }, podSpec([container('c', [{ containerPort: 80 }])])), service('web', { app: 'web' }, [{ port: 80 }], { namespace: 'default' })];
    expect(lintManifests(ws2)).toEqual([]);
  });

  test.each([
    ['apps/v1', 'StatefulSet'],
    ['apps/v1', 'DaemonSet'],
    ['apps/v1', 'ReplicaSet'],
    ['v1', 'ReplicationController'],
    ['batch/v1', 'Job'],
  ])('%s %s pod templates are selected', (apiVersion, kind) => {
    const w = workload(apiVersion, kind, 'w', { app: 'w' }, podSpec([container('c', [{ name: 'http', containerPort: 80 }])]));
    expect(lintManifests([w, service('w', { app: 'w' }, [{ port: 80, targetPort: 'http' }])])).toEqual([]);
    expect(summary(lintManifests([w, service('w', { app: 'x' }, [{ port: 80 }])]))).toEqual([
      { index: 1, rule: 'lint/service-selector-matches-no-pods', field: 'spec.selector', severity: 'warning' },
    ]);
  });

  test('a CronJob is read at spec.jobTemplate.spec.template, a Pod is its own template', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cron' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'cron' } }, spec: podSpec([container('c', [{ name: 'http', containerPort: 80 }])]) } } } },
    };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', labels: { app: 'pod' } }, spec: podSpec([container('c', [{ name: 'http', containerPort: 80 }])]) };
    expect(lintManifests([cron, pod, service('a', { app: 'cron' }, [{ port: 80, targetPort: 'http' }]), service('b', { app: 'pod' }, [{ port: 80, targetPort: 'http' }])])).toEqual([]);
  });

  test('a kind of another API group is not a workload', () => {
    const custom = workload('example.com/v1', 'Deployment', 'x', { app: 'x' }, podSpec([container('c', [{ name: 'http', containerPort: 80 }])]));
    // Its pod template does not count: the Service selects nothing the set shows…
    expect(lintManifests([web, custom, service('x', { app: 'x' }, [{ port: 80, targetPort: 'metrics' }])])).toEqual([]);
    // (and "selects no pods" is not reported, since an operator may make the pods of a custom resource).
  });

  test('a custom resource keeps "selects no pods" quiet in its own namespace only', () => {
    const prometheus = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: 'monitoring' }, spec: { replicas: 2 } };
    const svc = (ns: string): Record<string, unknown> => service('prometheus-k8s', { 'app.kubernetes.io/name': 'prometheus' }, [{ port: 9090, targetPort: 'web' }], { namespace: ns });
    expect(lintManifests([web, prometheus, svc('monitoring')])).toEqual([]);
    expect(summary(lintManifests([web, prometheus, svc('other')]))).toEqual([{ index: 2, rule: 'lint/service-selector-matches-no-pods', field: 'spec.selector', severity: 'warning' }]);
    // Built-in groups (*.k8s.io among them) are not custom resources.
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'monitoring' } };
    expect(summary(lintManifests([web, ingress, svc('monitoring')]))).toEqual([{ index: 2, rule: 'lint/service-selector-matches-no-pods', field: 'spec.selector', severity: 'warning' }]);
  });

  test.each([
    ['no selector', service('ext', undefined, [{ port: 80 }])],
    ['an empty selector', service('ext', {}, [{ port: 80 }])],
    ['a malformed selector', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { selector: ['app'], ports: [{ port: 80 }] } }],
    ['type ExternalName', service('ext', { app: 'nothing' }, [{ port: 80 }], { spec: { type: 'ExternalName', externalName: 'example.com' } })],
  ])('a Service with %s is skipped', (_name, svc) => {
    expect(lintManifests([web, svc])).toEqual([]);
  });

  test('a set without any pod template is skipped: the workloads live elsewhere', () => {
    expect(lintManifests([service('a', { app: 'a' }, [{ port: 80, targetPort: 'http' }]), service('b', { app: 'b' }, [{ port: 81 }])])).toEqual([]);
  });
});

describe('lint/service-named-target-port', () => {
  test('a name no selected container declares is a warning naming both names', () => {
    const findings = lintManifests([web, service('web', { app: 'web' }, [{ port: 80, targetPort: 'http' }])]);
    expect(findings.map((f) => f.finding.message)).toEqual([
      'spec.ports[0].targetPort: no container of the selected pods (Deployment "web") declares a port named "http"; declared: "web"',
    ]);
    expect(summary(findings)).toEqual([{ index: 1, rule: 'lint/service-named-target-port', field: 'spec.ports[0].targetPort', severity: 'warning' }]);
  });

  test('a declared name passes; every port is checked', () => {
    const svc = service('web', { app: 'web' }, [
      { name: 'a', port: 80, targetPort: 'web' },
      { name: 'b', port: 81, targetPort: 'metrics' },
    ]);
    expect(summary(lintManifests([web, svc]))).toEqual([{ index: 1, rule: 'lint/service-named-target-port', field: 'spec.ports[1].targetPort', severity: 'warning' }]);
  });

  test('the name may be declared by any container of any selected workload', () => {
    const sidecar = deployment('side', { app: 'web' }, podSpec([container('a', []), container('b', [{ name: 'metrics', containerPort: 9090 }])]));
    const svc = service('web', { app: 'web' }, [{ port: 80, targetPort: 'metrics' }]);
    expect(lintManifests([web, sidecar, svc])).toEqual([]);
    const [f] = lintManifests([web, sidecar, service('web', { app: 'web' }, [{ port: 80, targetPort: 'admin' }])]);
    expect(f?.finding.detail).toBe('no container of the selected pods (Deployment "web", Deployment "side") declares a port named "admin"; declared: "metrics", "web"');
  });

  test('the protocol must match too', () => {
    const dns = deployment('dns', { app: 'dns' }, podSpec([container('c', [{ name: 'dns', containerPort: 53 }])]));
    const [f] = lintManifests([dns, service('dns', { app: 'dns' }, [{ port: 53, targetPort: 'dns', protocol: 'UDP' }])]);
    expect(f?.finding.message).toBe(
      'spec.ports[0].targetPort: no container of the selected pods (Deployment "dns") declares a port named "dns" with protocol UDP; spec.template.spec.containers[0].ports[0] uses TCP',
    );
  });

  test('init containers do not serve a named targetPort', () => {
    const w = deployment('w', { app: 'w' }, podSpec([container('c', [])], [container('init', [{ name: 'http', containerPort: 80 }])]));
    const [f] = lintManifests([w, service('w', { app: 'w' }, [{ port: 80, targetPort: 'http' }])]);
    expect(f?.finding.detail).toBe('no container of the selected pods (Deployment "w") declares a port named "http"; declared: none');
  });

  test('a malformed name is left to the Service validator', () => {
    expect(lintManifests([web, service('web', { app: 'web' }, [{ port: 80, targetPort: 'http_web' }])])).toEqual([]);
  });
});

describe('lint/service-numeric-target-port', () => {
  const on = { enable: ['lint/service-numeric-target-port'] };

  test('is off by default', () => {
    expect(lintManifests([web, service('web', { app: 'web' }, [{ port: 80, targetPort: 9000 }])])).toEqual([]);
  });

  test('enabled, an undeclared number is a warning', () => {
    const findings = lintManifests([web, service('web', { app: 'web' }, [{ port: 80, targetPort: 9000 }])], on);
    expect(findings.map((f) => [f.finding.severity, f.finding.message])).toEqual([
      ['warning', 'spec.ports[0].targetPort: no container of the selected pods (Deployment "web") declares containerPort 9000/TCP; declared: 8080/TCP'],
    ]);
    expect(findings[0]?.finding.rule).toBe('lint/service-numeric-target-port');
  });

  test('without targetPort, port is the target and is reported on spec.ports[i].port', () => {
    const findings = lintManifests([web, service('web', { app: 'web' }, [{ port: 80 }])], on);
    expect(findings.map((f) => f.finding.message)).toEqual([
      'spec.ports[0].port: targetPort defaults to port, and no container of the selected pods (Deployment "web") declares containerPort 80/TCP; declared: 8080/TCP',
    ]);
  });

  test('pods that declare no port at all are no evidence: nothing is reported', () => {
    const bare = deployment('bare', { app: 'bare' }, podSpec([container('c', [])]));
    expect(lintManifests([bare, service('bare', { app: 'bare' }, [{ port: 80, targetPort: 9000 }])], on)).toEqual([]);
  });

  test('a declared number passes, by targetPort or by port', () => {
    expect(lintManifests([web, service('web', { app: 'web' }, [{ port: 80, targetPort: 8080 }])], on)).toEqual([]);
    expect(lintManifests([web, service('web', { app: 'web' }, [{ port: 8080 }])], on)).toEqual([]);
  });

  test('strict reports the warning as an error', () => {
    const findings = lintManifests([web, service('web', { app: 'web' }, [{ port: 80, targetPort: 9000 }])], { ...on, strict: true });
    expect(summary(findings)).toEqual([{ index: 1, rule: 'lint/service-numeric-target-port', field: 'spec.ports[0].targetPort', severity: 'error' }]);
  });
});
