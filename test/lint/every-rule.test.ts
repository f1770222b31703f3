import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { LINT_RULES, lintManifests } from '../../src/lint';

const objects = parseAllDocuments(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'lint', 'every-rule.yaml'), 'utf8'), { version: '1.1' }).map((d) => d.toJS() as unknown);

describe('a manifest set that breaks every rule', () => {
  const lines = lintManifests(objects).map((f) => `${f.index} ${f.finding.severity} ${f.finding.rule ?? ''}: ${f.finding.message}`);

  test('reports each problem once, in object order', () => {
    expect(lines).toEqual([
      '0 error lint/container-port-name: spec.template.spec.containers[0].ports[1].name: Invalid value: "metrics_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      '0 error lint/container-port-name-unique: spec.template.spec.containers[1].ports[0].name: Duplicate value: "web": already declared by container "nginx" at spec.template.spec.containers[0].ports[0]',
      '1 error lint/service-named-target-port: spec.ports[0].targetPort: Invalid value: "http": no container of the selected pods (Deployment "web") declares a port named "http"; declared: "metrics_port", "web"',
      '1 warning lint/service-numeric-target-port: spec.ports[1].port: Invalid value: 8000: targetPort defaults to port, and no container of the selected pods (Deployment "web") declares containerPort 8000/TCP; declared: 8080/TCP, 9090/TCP, 15001/TCP',
      '2 error lint/service-selector-matches-no-pods: spec.selector: Invalid value: {"app":"serach"}: selects no pods: no pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod) in namespace "shop" has the labels app=serach',
      '3 error lint/statefulset-service-name: spec.serviceName: Invalid value: "db": Service "db" is not headless (spec.clusterIP is unset); set its spec.clusterIP to "None"',
      '5 error lint/service-node-port-unique: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated (requested by Service "shop/web" at spec.ports[0].nodePort)',
      '5 error lint/service-name-unique: metadata.name: Duplicate value: "web": Service "shop/web" is already defined (object 2 of the set); the later one would replace it',
    ]);
  });

  test('covers every rule', () => {
    expect(new Set(lines.map((l) => l.split(' ')[2]?.replace(/:$/, '')))).toEqual(new Set(LINT_RULES.map((r) => r.id)));
  });
});
