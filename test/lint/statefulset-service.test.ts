import { lintManifests } from '../../src/lint';
import { container, podSpec, service, workload } from './manifests';

const pods = podSpec([container('db', [{ name: 'pg', containerPort: 5432 }])]);
const sts = (serviceName: string | undefined, namespace?: string): Record<string, unknown> =>
  workload('apps/v1', 'StatefulSet', 'db', { app: 'db' }, pods, namespace, serviceName === undefined ? {} : { serviceName });
const headless = (name: string, selector: Record<string, string> | null = { app: 'db' }, namespace?: string): Record<string, unknown> =>
  service(name, selector ?? undefined, [{ name: 'pg', port: 5432, targetPort: 'pg' }], { spec: { clusterIP: 'None' }, ...(namespace === undefined ? {} : { namespace }) });

function messages(objects: readonly unknown[]): [number, string | undefined, string][] {
  return lintManifests(objects).map((f) => [f.index, f.finding.rule, f.finding.message]);
}

describe('lint/statefulset-service-name', () => {
  test('a headless Service of that name selecting the pods passes', () => {
    expect(lintManifests([sts('db'), headless('db')])).toEqual([]);
    expect(lintManifests([sts('db', 'data'), headless('db', { app: 'db' }, 'data')])).toEqual([]);
  });

  test('clusterIPs ["None"] is headless too', () => {
    const svc = service('db', { app: 'db' }, [{ port: 5432, targetPort: 'pg' }], { spec: { clusterIPs: ['None'] } });
    expect(lintManifests([sts('db'), svc])).toEqual([]);
  });

  test('no Service of that name in the namespace, while a headless one selects the pods (a slip)', () => {
    expect(messages([sts('db'), headless('database')])).toEqual([
      [0, 'lint/statefulset-service-name', 'spec.serviceName: no Service named "db" in namespace "default" of the set; headless Services there that select the pods: "database"'],
    ]);
    // No headless Service there selects the pods: the Service may live elsewhere, or the pods need
    // no DNS records (Argo CD's application controller names a Service it never defines).
    expect(messages([sts('db', 'data'), headless('db')])).toEqual([
      [
        1,
        'lint/service-selector-matches-no-pods',
        'spec.selector: selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "default" of the set has the labels app=db (StatefulSet "data/db" matches, in another namespace)',
      ],
    ]);
  });

  test('the Service is not headless', () => {
    const plain = service('db', { app: 'db' }, [{ port: 5432, targetPort: 'pg' }]);
    expect(messages([sts('db'), plain])).toEqual([
      [0, 'lint/statefulset-service-name', 'spec.serviceName: Service "db" is not headless (spec.clusterIP is unset), so the pods get no DNS records of their own; set its spec.clusterIP to "None" or point spec.serviceName at a headless Service'],
    ]);
  });

  test('a NodePort Service is not advised to become headless (the API server would reject that)', () => {
    const nodePort = service('db', { app: 'db' }, [{ port: 5432, targetPort: 'pg' }], { spec: { type: 'NodePort' } });
    expect(messages([sts('db'), nodePort])).toEqual([
      [0, 'lint/statefulset-service-name', 'spec.serviceName: Service "db" is not headless (spec.clusterIP is unset), so the pods get no DNS records of their own; a NodePort Service cannot be headless, so point spec.serviceName at a headless Service'],
    ]);
    expect(lintManifests([sts('db'), nodePort]).map((f) => f.finding.severity)).toEqual(['warning']);
  });

  test('the headless Service does not select the pods', () => {
    expect(messages([sts('db'), headless('db', null)])).toEqual([
      [0, 'lint/statefulset-service-name', 'spec.serviceName: headless Service "db" does not select the pods of this StatefulSet, so they get no DNS records'],
    ]);
  });

  test('skipped without serviceName, or when the set holds no Service', () => {
    expect(lintManifests([sts(undefined), headless('db')])).toEqual([]);
    expect(lintManifests([sts('')])).toEqual([]);
    expect(lintManifests([sts('db')])).toEqual([]);
  });
});
