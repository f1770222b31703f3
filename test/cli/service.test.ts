import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIELD_FLAGS } from '../../src/cli/service-command';
import { SERVICE_FIELDS } from '../../src/spec/model';
import { BIN, ensureBuilt, runCli, runCliAsync, tempDir } from '../spec/cli-harness';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

const SPEC = `# Services of the shop.
name: shop
namespace: production   # the default namespace

services:
  # The public API.
  - name: api
    ports: ["80:8080/TCP"]   # http
    selector:
      app: api

  - name: db
    headless: true
    ports: ["5432"]
    selector: {app: db}
`;

function workdir(spec?: string): string {
  const dir = tempDir('appsvc-service-');
  if (spec !== undefined) fs.writeFileSync(path.join(dir, 'appsvc.yaml'), spec);
  return dir;
}

function read(dir: string): string {
  return fs.readFileSync(path.join(dir, 'appsvc.yaml'), 'utf8');
}

describe('appsvc service upsert', () => {
  test('creates the file, and a second identical run changes no byte', () => {
    const dir = workdir();
    const first = runCli(['service', 'upsert', 'api', '--port', '80:8080', '--selector', 'app=api', '--namespace', 'production'], { cwd: dir });
    expect(first).toEqual({ code: 0, stdout: '', stderr: 'created service api (namespace production) in appsvc.yaml\n' });
    const after = read(dir);
    // No appsvc package is installed where the file is: no $schema line that would point nowhere.
    expect(after.replace(/^id: appsvc-[0-9a-f]{8}$/m, 'id: appsvc-XXXXXXXX')).toBe(
      [
        '# Services compiled into Kubernetes manifests by `appsvc synth`. Edit by hand or with `appsvc service upsert`.',
        'id: appsvc-XXXXXXXX',
        'services:',
        '  - name: api',
        '    namespace: production',
        '    ports: ["80:8080"]',
        '    selector:',
        '      app: api',
        '',
      ].join('\n'),
    );
    const mtime = fs.statSync(path.join(dir, 'appsvc.yaml')).mtimeMs;
    const second = runCli(['service', 'upsert', 'api', '--port', '80:8080', '--selector', 'app=api', '--namespace', 'production'], { cwd: dir });
    expect(second).toEqual({ code: 0, stdout: '', stderr: 'unchanged service api (namespace production) in appsvc.yaml\n' });
    expect(read(dir)).toBe(after);
    expect(fs.statSync(path.join(dir, 'appsvc.yaml')).mtimeMs).toBe(mtime);
  });

  test('updates only the fields given and keeps comments, order and formatting elsewhere', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'upsert', 'api', '--type', 'NodePort', '--selector', 'app=api,tier=web'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('updated service api (namespace production) in appsvc.yaml\n');
    expect(read(dir)).toBe(
      SPEC.replace('  - name: api\n', '  - name: api\n    type: NodePort\n').replace('    selector:\n      app: api\n', '    selector:\n      app: api\n      tier: web\n'),
    );
  });

  test('the same ports spelled differently are no change', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'upsert', 'api', '--port', '80:8080'], { cwd: dir });
    expect(r.stderr).toBe('unchanged service api (namespace production) in appsvc.yaml\n');
    expect(read(dir)).toBe(SPEC);
  });

  test('appends a new service after the last one, in the file\'s style', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'upsert', 'web', '--port', '443:8443/TCP', '--port', '80:8080', '--selector', 'app=web', '--cluster', 'eu-1'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(read(dir)).toBe(`${SPEC}\n  - name: web\n    ports: ["443:8443/TCP", "80:8080"]\n    selector:\n      app: web\n    clusters: [eu-1]\n`);
  });

  test('--unset removes a field', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'upsert', 'db', '--unset', 'headless'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(read(dir)).toBe(SPEC.replace('    headless: true\n', ''));
  });

  test('an invalid service exits 1 with field paths and leaves the file byte-identical', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'upsert', 'api', '--port', '80:8080/tcp', '--port', '0'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'error: appsvc.yaml: service "api": spec.ports[0]: Invalid value: "80:8080/tcp": protocol "tcp" is not supported: supported values: "TCP", "UDP", "SCTP" (did you mean "TCP"?)',
    );
    expect(lines).toContain('error: appsvc.yaml: service "api": spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(read(dir)).toBe(SPEC);
  });

  test('a value of the wrong kind is refused before the file is touched', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'upsert', 'api', '--cluster', '../evil'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: appsvc.yaml: service "api": clusters[0]: Invalid value: "../evil": a cluster name becomes a directory name: letters, digits, '.', '_' and '-', starting with a letter or digit (no '/', no '..')\n`,
    );
    expect(read(dir)).toBe(SPEC);
  });

  test('a usage mistake exits 2', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'upsert', 'api', '--type', 'Bogus'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: option '-t, --type <type>' argument 'Bogus' is invalid. Allowed choices are ClusterIP, NodePort, LoadBalancer, ExternalName.");
    const bad = runCli(['service', 'upsert', 'api', '--selector', 'app'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected key=value, got "app"');
    expect(read(dir)).toBe(SPEC);
  });

  test('20 concurrent upserts of different services from separate processes all land in the file', async () => {
    const dir = workdir(SPEC);
    const names = Array.from({ length: 20 }, (_, i) => `svc-${i}`);
    const results = await Promise.all(names.map((n, i) => runCliAsync(['service', 'upsert', n, '--port', `${8000 + i}`, '--selector', `app=${n}`], { cwd: dir })));
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    const list = runCli(['service', 'list', '-o', 'json'], { cwd: dir });
    const listed = (JSON.parse(list.stdout) as { name: string }[]).map((r) => r.name).sort();
    expect(listed).toEqual(['api', 'db', ...names].sort());
    expect(read(dir).startsWith(SPEC)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'appsvc.yaml.lock'))).toBe(false);
  }, 120000);
});

describe('flags', () => {
  test('every spec field has an upsert flag', () => {
    expect(FIELD_FLAGS.map((f) => f.key).sort()).toEqual(
      SERVICE_FIELDS.map((f) => f.key)
        .filter((k) => k !== 'name' && k !== 'namespace')
        .sort(),
    );
  });

  test('each flag writes its field', () => {
    const dir = workdir('services: []\n');
    const r = runCli(
      [
        'service', 'upsert', 'lb', '-n', 'edge', '-t', 'LoadBalancer', '-p', '443:8443', '--selector', 'app=lb', '--headless', '--no-headless',
        '--external-traffic-policy', 'Local', '--internal-traffic-policy', 'Cluster', '--session-affinity', 'ClientIP', '--session-affinity-timeout', '60',
        '--cluster-ip', '10.0.0.10', '--cluster-ips', '10.0.0.10', '--external-ip', '192.0.2.1', '--ip-family', 'IPv4', '--ip-family-policy', 'SingleStack',
        '--load-balancer-ip', '192.0.2.2', '--load-balancer-source-range', '10.0.0.0/8', '--load-balancer-class', 'example.com/lb',
        '--no-allocate-load-balancer-node-ports', '--health-check-node-port', '30100', '--publish-not-ready-addresses',
        '--label', 'team=edge', '--annotation', 'note=a,b', '--cluster', 'eu-1',
      ],
      { cwd: dir },
    );
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'created service lb (namespace edge) in appsvc.yaml\n' });
    expect(read(dir)).toBe(
      [
        'services:',
        '  - name: lb',
        '    namespace: edge',
        '    type: LoadBalancer',
        '    headless: false',
        '    ports: ["443:8443"]',
        '    selector:',
        '      app: lb',
        '    externalTrafficPolicy: Local',
        '    internalTrafficPolicy: Cluster',
        '    sessionAffinity: ClientIP',
        '    sessionAffinityTimeoutSeconds: 60',
        '    clusterIP: 10.0.0.10',
        '    clusterIPs:',
        '      - 10.0.0.10',
        '    externalIPs:',
        '      - 192.0.2.1',
        '    ipFamilies:',
        '      - IPv4',
        '    ipFamilyPolicy: SingleStack',
        '    loadBalancerIP: 192.0.2.2',
        '    loadBalancerSourceRanges:',
        '      - 10.0.0.0/8',
        '    loadBalancerClass: example.com/lb',
        '    allocateLoadBalancerNodePorts: false',
        '    healthCheckNodePort: 30100',
        '    publishNotReadyAddresses: true',
        '    labels:',
        '      team: edge',
        '    annotations:',
        '      note: a,b',
        '    clusters: [eu-1]',
        '',
      ].join('\n'),
    );
  });

  test.each([['service'], ['service', 'upsert'], ['service', 'list'], ['service', 'get'], ['service', 'delete'], ['synth'], ['diff'], ['apply'], []])('appsvc %s --help shows examples', (...cmd) => {
    const r = runCli([...cmd, '--help'], { cwd: workdir() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\nExamples:\n {2}\$ appsvc /);
  });
});

describe('appsvc service list', () => {
  test('table with in-cluster addresses', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'list'], { cwd: dir });
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'NAME   NAMESPACE    TYPE        PORTS           SELECTOR   ADDRESS',
        'api    production   ClusterIP   80:8080/TCP     app=api    api.production.svc.cluster.local:80',
        'db     production   ClusterIP   5432:5432/TCP   app=db     db.production.svc.cluster.local:5432',
        '',
      ].join('\n'),
    });
  });

  test('JSON rows carry dns and addresses; --namespace filters', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'list', '-o', 'json', '--namespace', 'production'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        name: 'api',
        namespace: 'production',
        type: 'ClusterIP',
        ports: ['80:8080/TCP'],
        selector: { app: 'api' },
        dns: 'api.production.svc.cluster.local',
        addresses: ['api.production.svc.cluster.local:80'],
        clusters: [],
      },
      {
        name: 'db',
        namespace: 'production',
        type: 'ClusterIP',
        ports: ['5432:5432/TCP'],
        selector: { app: 'db' },
        dns: 'db.production.svc.cluster.local',
        addresses: ['db.production.svc.cluster.local:5432'],
        clusters: [],
      },
    ]);
    expect(JSON.parse(runCli(['service', 'list', '-o', 'json', '-n', 'other'], { cwd: dir }).stdout)).toEqual([]);
  });

  test('a missing spec file is one line, exit 1', () => {
    const dir = workdir();
    const r = runCli(['service', 'list'], { cwd: dir });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: appsvc.yaml: no such file (create it with `appsvc service upsert NAME --port 80:8080`, or name another with --file)\n' });
  });
});

describe('appsvc service get', () => {
  test('prints the manifest the entry compiles to', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'get', 'api'], { cwd: dir });
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  labels:',
        '    app.kubernetes.io/managed-by: appsvc',
        '    appsvc.dev/spec: shop',
        '  name: api',
        '  namespace: production',
        'spec:',
        '  ports:',
        '    - port: 80',
        '      protocol: TCP',
        '      targetPort: 8080',
        '  selector:',
        '    app: api',
        '  type: ClusterIP',
        '',
      ].join('\n'),
    });
    const json = runCli(['service', 'get', 'db', '-o', 'json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { 'app.kubernetes.io/managed-by': 'appsvc', 'appsvc.dev/spec': 'shop' }, name: 'db', namespace: 'production' },
      spec: { clusterIP: 'None', ports: [{ port: 5432 }], selector: { app: 'db' }, type: 'ClusterIP' },
    });
  });

  test('an unknown name exits 1', () => {
    const dir = workdir(SPEC);
    expect(runCli(['service', 'get', 'nope'], { cwd: dir })).toEqual({ code: 1, stdout: '', stderr: 'error: appsvc.yaml: no service "nope" (see `appsvc service list`)\n' });
  });
});

describe('appsvc service delete', () => {
  test('without a terminal it refuses unless -y (exit 2), and the file stays', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'delete', 'api'], { cwd: dir });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: refusing to delete service "api" without confirmation: not a terminal (pass -y)\n' });
    expect(read(dir)).toBe(SPEC);
  });

  test('-y removes the entry with its comment and nothing else', () => {
    const dir = workdir(SPEC);
    const r = runCli(['service', 'delete', 'api', '-y'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'deleted service api from appsvc.yaml\n' });
    expect(read(dir)).toBe(SPEC.replace('  # The public API.\n  - name: api\n    ports: ["80:8080/TCP"]   # http\n    selector:\n      app: api\n\n', ''));
  });

  const hasScript = ['/usr/bin/script', '/bin/script'].some((p) => fs.existsSync(p));
  (hasScript ? test : test.skip)('on a terminal it asks, and only "y" deletes', () => {
    const dir = workdir(SPEC);
    const onTty = (answer: string): { code: number | null; out: string } => {
      // `script` gives the command a pseudo-terminal and feeds it our input.
      const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} service delete api`, '/dev/null'], { cwd: dir, input: answer, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { code: r.status, out: r.stdout };
    };
    const no = onTty('n\n');
    expect(no.code).toBe(1);
    expect(no.out).toContain('delete service api (namespace production) from appsvc.yaml? [y/N] ');
    expect(no.out).toContain('not deleted');
    expect(read(dir)).toBe(SPEC);
    const yes = onTty('y\n');
    expect(yes.code).toBe(0);
    expect(yes.out).toContain('deleted service api from appsvc.yaml');
    expect(read(dir)).not.toContain('name: api');
  });

  test('an unknown name exits 1 with a clear message', () => {
    const dir = workdir(SPEC);
    expect(runCli(['service', 'delete', 'nope', '-y'], { cwd: dir })).toEqual({ code: 1, stdout: '', stderr: 'error: appsvc.yaml: no service "nope" (see `appsvc service list`)\n' });
    expect(read(dir)).toBe(SPEC);
  });
});

describe('bad spec input', () => {
  test.each([
    ['malformed YAML', 'services:\n  - name: api\n   ports: [80\n', /^error: appsvc\.yaml:3:\d+: .+\n$/],
    ['an empty file', '', /^error: appsvc\.yaml:1:1: the file is empty; expected a mapping with a "services" list \(create one with `appsvc service upsert`\)\n$/],
    ['a wrong type', 'services:\n  - name: api\n    ports: 80\n', /^error: appsvc\.yaml:3:12: services\[0\]\.ports: Invalid value: "integer": must be a list of ports such as "80:8080\/TCP"\n$/],
    ['a custom tag', 'services:\n  - name: !shell "rm -rf ~"\n', /^error: appsvc\.yaml:2:\d+: .*tag.*\n$/i],
  ])('%s: one line naming file, line and field; exit 1; no stack trace', (_what, text, expected) => {
    const dir = workdir(text);
    const r = runCli(['service', 'list'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('spec files that cannot be read as a spec', () => {
  const LATIN1 = Buffer.concat([Buffer.from('# owner: Jos'), Buffer.from([0xe9]), Buffer.from('\nservices:\n  - name: api\n    ports: ["80:8080"]\n')]);
  test.each([
    ['invalid UTF-8', LATIN1, 'error: appsvc.yaml:1:13: invalid UTF-8 (byte 0xe9)\n'],
    ['binary data', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'error: appsvc.yaml:3:1: binary data (a NUL byte): not a YAML spec file\n'],
    ['several documents', Buffer.from('---\n---\n'), 'error: appsvc.yaml:2:1: a spec file holds one YAML document; found 2\n'],
    ['10,000 levels of nesting', Buffer.from(`services: ${'['.repeat(10000)}${']'.repeat(10000)}\n`), 'error: appsvc.yaml:1:1034: mappings and sequences are nested more than 256 levels deep\n'],
  ])('%s: upsert, list, get and delete say so in one line and leave every byte', (_what, bytes, stderr) => {
    const dir = tempDir('appsvc-service-');
    const file = path.join(dir, 'appsvc.yaml');
    fs.writeFileSync(file, bytes);
    for (const args of [['service', 'upsert', 'x', '--port', '80'], ['service', 'list'], ['service', 'get', 'api'], ['service', 'delete', 'api', '-y']]) {
      expect({ args, ...runCli(args, { cwd: dir }) }).toEqual({ args, code: 1, stdout: '', stderr });
    }
    expect({ same: fs.readFileSync(file).equals(bytes), entries: fs.readdirSync(dir) }).toEqual({ same: true, entries: ['appsvc.yaml'] });
  });

  test('upsert --file DIR names the directory', () => {
    const dir = workdir();
    fs.mkdirSync(path.join(dir, 'specs'));
    expect(runCli(['service', 'upsert', 'x', '--port', '80', '--file', 'specs'], { cwd: dir })).toEqual({ code: 1, stdout: '', stderr: 'error: specs: is a directory, not a spec file\n' });
    expect(fs.readdirSync(dir)).toEqual(['specs']);
  });

  test('upsert into a missing directory fails at once', () => {
    const dir = workdir();
    const started = Date.now();
    expect(runCli(['service', 'upsert', 'x', '--port', '80', '--file', 'nope/appsvc.yaml'], { cwd: dir })).toEqual({ code: 1, stdout: '', stderr: 'error: nope/appsvc.yaml: the directory nope does not exist\n' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('upsert into a file of only --- starts the spec there', () => {
    const dir = workdir('---\n');
    expect(runCli(['service', 'upsert', 'x', '--port', '80'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: `created service x (namespace default) in appsvc.yaml\n` });
    expect(read(dir).startsWith('---\n')).toBe(true);
    expect(runCli(['service', 'list', '-o', 'json'], { cwd: dir }).code).toBe(0);
  });
});
