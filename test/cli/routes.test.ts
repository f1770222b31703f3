import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, runCli, tempDir } from '../spec/cli-harness';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: server
          image: api:1
          ports: [{name: http, containerPort: 8080}]
`;

const SPEC = `name: shop
namespace: shop
services:
  - name: api
    ports: ["80:http"]
    selector: {app: api}
  - name: admin
    ports: ["81:admin"]
    selector: {app: api}
`;

function setup(): string {
  const dir = tempDir('appsvc-routes-');
  fs.writeFileSync(path.join(dir, 'deploy.yaml'), WORKLOADS);
  fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC);
  return dir;
}

describe('appsvc routes', () => {
  test("a table of the spec's Services against the manifests' workloads", () => {
    const dir = setup();
    const r = runCli(['routes', 'deploy.yaml', '--file', 'appsvc.yaml'], { cwd: dir });
    expect(r).toEqual({
      code: 0,
      stdout: [
        'SERVICE     PORT    WORKLOAD        CONTAINER  TARGET       PROBLEMS',
        'shop/api    80/TCP  Deployment/api  server     http → 8080  -',
        'shop/admin  81/TCP  Deployment/api  -          admin → ?    ! no container declares a port named "admin" (TCP): the Service has no endpoints for this port',
        '',
      ].join('\n'),
      stderr: '2 services, 2 ports, 1 with problems\n',
    });
  });

  test('-o json and -o mermaid', () => {
    const dir = setup();
    const json = runCli(['routes', 'deploy.yaml', '-f', 'appsvc.yaml', '-o', 'json'], { cwd: dir });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { ok: boolean; routes: Array<{ service: { name: string }; targets: Array<{ containerPort: number | null }> }> };
    expect(doc.ok).toBe(false);
    expect(doc.routes.map((r) => [r.service.name, r.targets.map((t) => t.containerPort)])).toEqual([
      ['api', [8080]],
      ['admin', [null]],
    ]);
    const mermaid = runCli(['routes', 'deploy.yaml', '-f', 'appsvc.yaml', '-o', 'mermaid'], { cwd: dir });
    expect(mermaid.stdout.split('\n').slice(0, 6)).toEqual([
      'flowchart LR',
      '  s0["Service shop/api<br/>ClusterIP"]',
      '  w0["Deployment shop/api"]',
      '  s1["Service shop/admin<br/>ClusterIP"]',
      '  s0 -->|"80/TCP → http = 8080 (server)"| w0',
      '  s1 -.->|"⚠ 81/TCP → admin = ?"| w0',
    ]);
  });

  test('Services and workloads from one manifest file, as dot', () => {
    const dir = setup();
    fs.writeFileSync(path.join(dir, 'all.yaml'), `${WORKLOADS}---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}\n`);
    const r = runCli(['routes', 'all.yaml', '-o', 'dot'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  "Service/shop/api" -> "Deployment/shop/api" [label="80/TCP → 8080 (server)"];\n');
  });

  test('unreadable input: one line per input, with its rule id, as validate prints it; exit 1; no input: exit 2', () => {
    const dir = setup();
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'a: "unclosed\n');
    const r = runCli(['routes', 'bad.yaml', 'missing.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
      'bad.yaml:1:4: error manifest/syntax: YAML syntax error: Missing closing "quote',
      'missing.yaml: error manifest/unreadable: no such file or directory',
      'error: no routes shown: the input cannot be read (see above)',
    ]);
    expect(runCli(['routes'], { cwd: dir }).code).toBe(2);
  });
});
