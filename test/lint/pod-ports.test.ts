import { lintManifests } from '../../src/lint';
import { container, deployment, podSpec, workload } from './manifests';

function messages(objects: readonly unknown[]): [number, string | undefined, string][] {
  return lintManifests(objects).map((f) => [f.index, f.finding.rule, f.finding.message]);
}

describe('lint/container-port-name', () => {
  test.each([
    ['http_web', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['HTTP', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
    ['8080', ['must contain at least one letter (a-z)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-web', ['must not begin or end with a hyphen']],
    ['web-', ['must not begin or end with a hyphen']],
    ['very-long-port-name', ['must be no more than 15 characters']],
  ])('%j is not an IANA service name', (name, details) => {
    const d = deployment('d', { app: 'd' }, podSpec([container('c', [{ name, containerPort: 80 }])]));
    expect(messages([d])).toEqual(
      details.map((detail) => [0, 'lint/container-port-name', `spec.template.spec.containers[0].ports[0].name: Invalid value: ${JSON.stringify(name)}: ${detail}`]),
    );
  });

  test.each(['http', 'h2c', 'web-8080', 'a', 'abcdefghijklmno'])('%j is an IANA service name', (name) => {
    expect(lintManifests([deployment('d', { app: 'd' }, podSpec([container('c', [{ name, containerPort: 80 }])]))])).toEqual([]);
  });

  test('init containers are checked, with their own path', () => {
    const d = deployment('d', { app: 'd' }, podSpec([container('c', [])], [container('i', [{ name: 'Init', containerPort: 80 }])]));
    expect(lintManifests([d]).map((f) => f.finding.field)).toEqual(['spec.template.spec.initContainers[0].ports[0].name']);
  });

  test('a CronJob path goes through the job template', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cron' },
      spec: { jobTemplate: { spec: { template: { spec: podSpec([container('c', [{ name: 'x_y', containerPort: 80 }])]) } } } },
    };
    expect(lintManifests([cron]).map((f) => f.finding.field)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0].ports[0].name']);
  });

  test('unnamed ports and empty names are not checked', () => {
    expect(lintManifests([deployment('d', { app: 'd' }, podSpec([container('c', [{ containerPort: 80 }, { name: '', containerPort: 81 }])]))])).toEqual([]);
  });
});

describe('lint/container-port-name-unique', () => {
  test('a name repeated in one container', () => {
    const d = deployment('d', { app: 'd' }, podSpec([container('c', [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }])]));
    expect(messages([d])).toEqual([
      [0, 'lint/container-port-name-unique', 'spec.template.spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ]);
  });

  test('a name repeated across the containers of a pod', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec([container('app', [{ name: 'metrics', containerPort: 9090 }]), container('proxy', [{ name: 'metrics', containerPort: 15090 }])]) };
    expect(messages([pod])).toEqual([
      [0, 'lint/container-port-name-unique', 'spec.containers[1].ports[0].name: port name "metrics" is already used by container "app" at spec.containers[0].ports[0]; a named targetPort reaches only the first'],
    ]);
  });

  test('the same name in different pods, or in an init container, is fine', () => {
    const a = deployment('a', { app: 'a' }, podSpec([container('c', [{ name: 'http', containerPort: 80 }])]));
    const b = workload('apps/v1', 'StatefulSet', 'b', { app: 'b' }, podSpec([container('c', [{ name: 'http', containerPort: 80 }])], [container('i', [{ name: 'http', containerPort: 80 }])]));
    expect(lintManifests([a, b])).toEqual([]);
  });
});
