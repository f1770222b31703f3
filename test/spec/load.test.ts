import { loadSpecText, SpecError, specNameOf } from '../../src/spec/load';

function problems(text: string): string[] {
  try {
    loadSpecText('appsvc.yaml', text);
  } catch (err: unknown) {
    if (err instanceof SpecError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('loadSpecText', () => {
  test('a valid spec loads with its name', () => {
    const loaded = loadSpecText('appsvc.yaml', 'name: shop\nnamespace: prod\nservices:\n  - name: api\n    ports: ["80:8080/TCP", {port: 443, targetPort: https, name: tls}]\n');
    expect(loaded.spec).toEqual({
      name: 'shop',
      namespace: 'prod',
      services: [{ name: 'api', ports: ['80:8080/TCP', { port: 443, targetPort: 'https', name: 'tls' }] }],
    });
    expect(loaded.specName).toBe('shop');
  });

  test.each([
    ['empty file', '', ['appsvc.yaml:1:1: the file is empty; expected a mapping with a "services" list (create one with `appsvc service upsert`)']],
    ['only comments', '# nothing\n', ['appsvc.yaml:1:1: the file is empty; expected a mapping with a "services" list (create one with `appsvc service upsert`)']],
    ['a list at the top', '- name: api\n', ['appsvc.yaml:1:1: (document): Invalid value: "list": the spec must be a mapping with a "services" list']],
    ['no services', 'name: shop\n', ['appsvc.yaml:1:1: services: Required value: a list of services (it may be empty: services: [])']],
    ['misspelt selector', 'services:\n  - name: api\n    selectr: {app: api}\n', ['appsvc.yaml:3:5: services[0].selectr: Unsupported value: "selectr": did you mean "selector"?']],
    ['unknown key like none', 'services: []\nowner: me\n', ['appsvc.yaml:2:1: owner: Unsupported value: "owner": supported values: "name", "id", "namespace", "kubernetesVersion", "services"']],
    ['unknown top-level key', 'services: []\nservice: []\n', ['appsvc.yaml:2:1: service: Unsupported value: "service": did you mean "services"?']],
    [
      'unknown entry key',
      'services:\n  - name: api\n    port: 80\n',
      [
        'appsvc.yaml:3:5: services[0].port: Unsupported value: "port": did you mean "ports"?',
      ],
    ],
    ['missing name', 'services:\n  - ports: ["80"]\n', ['appsvc.yaml:2:5: services[0].name: Required value']],
    [
      'several problems, all reported in file order',
      'services:\n  - name: Api\n    type: clusterip\n    headless: "yes"\n    selector: {app: 1}\n',
      [
        `appsvc.yaml:2:11: services[0].name: Invalid value: "Api": a Service name must consist of lower case alphanumeric characters or '-', start with a letter and end with a letter or digit`,
        'appsvc.yaml:3:11: services[0].type: Unsupported value: "clusterip": supported values: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"',
        'appsvc.yaml:4:15: services[0].headless: Invalid value: "yes": must be true or false',
        'appsvc.yaml:5:21: services[0].selector[app]: Invalid value: 1: must be a string (quote it: "1")',
      ],
    ],
    [
      'long-form port problems',
      'services:\n  - name: api\n    ports:\n      - {targetPort: 80.5, protocol: tcp, nodeport: 1}\n',
      [
        'appsvc.yaml:4:9: services[0].ports[0].port: Required value',
        'appsvc.yaml:4:22: services[0].ports[0].targetPort: Invalid value: 80.5: must be an integer or a port name',
        'appsvc.yaml:4:38: services[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
        'appsvc.yaml:4:43: services[0].ports[0].nodeport: Unsupported value: "nodeport": did you mean "nodePort"?',
      ],
    ],
    [
      'a label appsvc sets itself',
      'services:\n  - name: api\n    labels: {appsvc.dev/spec: other}\n',
      ['appsvc.yaml:3:31: services[0].labels[appsvc.dev/spec]: Forbidden: appsvc sets this label on every object of the spec (it finds them by it); remove it'],
    ],
    ['duplicate service', 'namespace: a\nservices:\n  - name: api\n  - name: api\n    namespace: a\n', ['appsvc.yaml:4:11: services[1].name: Duplicate value: "api"']],
    ['bad spec name', 'name: "my spec"\nservices: []\n', [`appsvc.yaml:1:7: name: Invalid value: "my spec": must be 1-63 characters: letters, digits, '-', '_' or '.', starting and ending with a letter or digit`]],
    ['duplicate key', 'services: []\nservices: []\n', ['appsvc.yaml:2:1: Map keys must be unique']],
    ['syntax error', 'services:\n  - name: api\n   ports: [80\n', ['appsvc.yaml:3:1: Sequence item without - indicator']],
    ['custom tag', 'services:\n  - name: !exec "id"\n', ['appsvc.yaml:2:11: Unresolved tag: !exec']],
    ['a standard tag outside the core schema', 'services:\n  - name: api\n    annotations: {a: !!binary aGVsbG8=}\n', ['appsvc.yaml:3:31: tags other than the core ones (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map) are not supported in a spec file (tag:yaml.org,2002:binary)']],
    ['alias', 'services:\n  - &x {name: api}\n  - *x\n', ['appsvc.yaml:2:8: anchors are not supported in a spec file (&x)']],
    ['merge key is just an unknown field', 'services:\n  - <<: {name: api}\n', [expect.stringMatching(/^appsvc\.yaml:2:5: services\[0\]\.<<: Unsupported value: "<<"/), 'appsvc.yaml:2:5: services[0].name: Required value']],
  ])('%s', (_what, text, want) => {
    expect(problems(text)).toEqual(want);
  });

  test('cluster names that would leave the output directory are refused', () => {
    expect(problems('services:\n  - name: api\n    clusters: ["..", "/abs", "a/b", "ok-1.eu_2", "ok-1.eu_2"]\n')).toEqual([
      `appsvc.yaml:3:16: services[0].clusters[0]: Invalid value: "..": a cluster name becomes a directory name: letters, digits, '.', '_' and '-', starting with a letter or digit (no '/', no '..')`,
      `appsvc.yaml:3:22: services[0].clusters[1]: Invalid value: "/abs": a cluster name becomes a directory name: letters, digits, '.', '_' and '-', starting with a letter or digit (no '/', no '..')`,
      `appsvc.yaml:3:30: services[0].clusters[2]: Invalid value: "a/b": a cluster name becomes a directory name: letters, digits, '.', '_' and '-', starting with a letter or digit (no '/', no '..')`,
      'appsvc.yaml:3:50: services[0].clusters[4]: Duplicate value: "ok-1.eu_2"',
    ]);
  });
});

describe('specNameOf', () => {
  test.each([
    [{ name: 'shop' }, 'x/appsvc.yaml', 'shop'],
    [{}, 'x/appsvc.yaml', 'appsvc'],
    [{}, 'services/My Team.yml', 'My-Team'],
    [{}, '---.yaml', 'appsvc'],
  ])('%j %s → %s', (spec, file, want) => {
    expect(specNameOf(spec, file)).toBe(want);
  });
});
