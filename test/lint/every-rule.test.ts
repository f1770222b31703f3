import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { LINT_RULES, lintManifests } from '../../src/lint';

const objects = parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lint', 'every-rule.yaml'), 'utf8'), { version: '1.1' }).map((d) => d.toJS() as unknown);

describe('a manifest set that breaks every rule', () => {
  const lines = lintManifests(objects, { enable: ['lint/service-numeric-target-port'] }).map((f) => `${f.index} ${f.finding.severity} ${f.finding.rule ?? ''}: ${f.finding.message}`);

  test('reports each problem once, in object order', () => {
    expect(lines).toEqual([
      '0 error lint/container-port-name: spec.template.spec.containers[0].ports[1].name: Invalid value: "metrics_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      '0 warning lint/container-port-name-unique: spec.template.spec.containers[1].ports[0].name: port name "web" is already used by container "nginx" at spec.template.spec.containers[0].ports[0]; a named targetPort reaches only the first',
      '1 warning lint/service-named-target-port: spec.ports[0].targetPort: no container of the selected pods (Deployment "web") declares a port named "http"; declared: "metrics_port", "web"',
      '1 warning lint/service-numeric-target-port: spec.ports[1].port: targetPort defaults to port, and no container of the selected pods (Deployment "web") declares containerPort 8000/TCP; declared: 8080/TCP, 9090/TCP, 15001/TCP',
      '2 warning lint/service-selector-matches-no-pods: spec.selector: selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "shop" of the set has the labels app=serach',
      '3 warning lint/statefulset-service-name: spec.serviceName: Service "db" is not headless (spec.clusterIP is unset), so the pods get no DNS records of their own; set its spec.clusterIP to "None" or point spec.serviceName at a headless Service',
      '5 warning lint/service-node-port-unique: spec.ports[0].nodePort: nodePort 30080 is also requested by Service "shop/web" at spec.ports[0].nodePort; node ports are allocated once per cluster, so the Service applied second would be refused',
      '5 warning lint/service-name-unique: metadata.name: Service "shop/web" is defined twice in the set (first as object 2); the one applied second replaces the first',
    ]);
  });

  test('covers every rule', () => {
    expect(new Set(lines.map((l) => l.split(' ')[2]?.replace(/:$/, '')))).toEqual(new Set(LINT_RULES.map((r) => r.id)));
  });
});
