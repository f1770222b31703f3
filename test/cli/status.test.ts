import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BIN, ensureBuilt, recordedCalls, runCli, tempDir } from '../spec/cli-harness';
import { writeWatchingKubectl } from '../status/fake-kubectl';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

const SPEC = `name: shop
namespace: shop
services:
  - name: api
    ports: ["80:8080"]
    selector: {app: api}
  - name: web
    type: LoadBalancer
    ports: [{name: http, port: 80, targetPort: http}]
    selector: {app: web}
`;

const API = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'api', namespace: 'shop', uid: 'u1', resourceVersion: '5', labels: { 'app.kubernetes.io/managed-by': 'appsvc', 'appsvc.dev/spec': 'shop' } },
  spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', selector: { app: 'api' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] },
  status: { loadBalancer: {} },
};
const API_SLICE = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'api-x1', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'api' } },
  addressType: 'IPv4',
  ports: [{ name: '', port: 8080, protocol: 'TCP' }],
  endpoints: [
    { addresses: ['10.0.0.1'], conditions: { ready: true } },
    { addresses: ['10.0.0.2'], conditions: { ready: false } },
  ],
};
const WEB = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop', uid: 'u2', resourceVersion: '9', labels: { 'app.kubernetes.io/managed-by': 'appsvc', 'appsvc.dev/spec': 'shop' } },
  spec: { type: 'LoadBalancer', clusterIP: '10.96.0.11', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 31000 }] },
  status: { loadBalancer: {} },
};
const WEB_READY = { ...WEB, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } };
const WEB_SLICE = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'web-x1', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: [{ addresses: ['10.0.1.1'], conditions: { ready: true } }],
};

interface Setup {
  readonly dir: string;
  readonly kubectl: string;
  readonly env: NodeJS.ProcessEnv;
}

function setup(services: unknown[], slices: unknown[]): Setup {
  const dir = tempDir('appsvc-status-');
  fs.writeFileSync(path.join(dir, 'appsvc.yaml'), SPEC);
  fs.writeFileSync(path.join(dir, 'list.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [API, API_SLICE] }, null, 4));
  fs.writeFileSync(path.join(dir, 'services.json'), JSON.stringify(services));
  fs.writeFileSync(path.join(dir, 'endpointslices.json'), JSON.stringify(slices));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  return { dir, kubectl: writeWatchingKubectl(bin), env: { FAKE_KUBECTL_LOG: path.join(dir, 'calls.log'), FAKE_KUBECTL_LIST: path.join(dir, 'list.json'), FAKE_WATCH_DIR: dir } };
}

/** A running `appsvc` whose output lines can be waited for. */
class Running {
  public readonly child: ChildProcess;
  public stdout = '';
  public stderr = '';
  public readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: Array<() => void> = [];

  public constructor(args: readonly string[], s: Setup) {
    const env: NodeJS.ProcessEnv = { ...process.env, ...s.env, NO_COLOR: '1' };
    delete env['FORCE_COLOR'];
    delete env['KUBECTL'];
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: s.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (b: Buffer) => {
      this.stdout += b.toString('utf8');
      this.notify();
    });
    this.child.stderr?.on('data', (b: Buffer) => {
      this.stderr += b.toString('utf8');
      this.notify();
    });
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  private notify(): void {
    for (const w of this.waiters) w();
  }

  /** Waits (up to a generous limit: the machine may be loaded) until stdout has `count` lines. */
  public async lines(count: number, limitMs = 60000): Promise<string[]> {
    const have = (): string[] => this.stdout.split('\n').slice(0, -1);
    const deadline = Date.now() + limitMs;
    while (have().length < count) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} lines; stdout: ${this.stdout}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
    return have();
  }
}

function touch(s: Setup, name: string): void {
  fs.writeFileSync(path.join(s.dir, name), '');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until both watching kubectl stand-ins have started (each writes its pid file). */
async function watchersStarted(s: Setup): Promise<void> {
  const deadline = Date.now() + 60000;
  while (!['services.pid', 'endpointslices.pid'].every((f) => fs.existsSync(path.join(s.dir, f)))) {
    if (Date.now() > deadline) throw new Error('the watching kubectl stand-ins did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitGone(pidFile: string): Promise<void> {
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  const deadline = Date.now() + 30000;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`kubectl stand-in ${pid} still running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('appsvc status', () => {
  test('a table of the spec Services as the cluster has them', () => {
    const s = setup([], []);
    const r = runCli(['status', '--kubectl', s.kubectl, '--context', 'prod'], { cwd: s.dir, env: s.env });
    expect(r).toEqual({
      code: 0,
      stdout: [
        'SERVICE   TYPE          CLUSTER-IP  EXTERNAL  ENDPOINTS                     DRIFT',
        'shop/api  ClusterIP     10.96.0.10  -         80/TCP 1 ready (1 not ready)  -',
        'shop/web  LoadBalancer  -           -         -                             missing: not in the cluster',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(recordedCalls(s.env['FAKE_KUBECTL_LOG'] as string)).toEqual([['get', 'services,endpointslices', '--output=json', '--namespace=shop', '--context=prod']]);
  });

  test('-o json: one document; NAME picks one Service', () => {
    const s = setup([], []);
    const r = runCli(['status', 'api', '-o', 'json', '--kubectl', s.kubectl], { cwd: s.dir, env: s.env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      services: [{ namespace: 'shop', name: 'api', exists: true, type: 'ClusterIP', clusterIP: '10.96.0.10', loadBalancer: null, ports: [{ name: null, port: 80, protocol: 'TCP', ready: 1, notReady: 1 }], drift: [], healthy: true }],
    });
    expect(runCli(['status', 'nope', '--kubectl', s.kubectl], { cwd: s.dir, env: s.env })).toEqual({ code: 1, stdout: '', stderr: 'error: appsvc.yaml: no service "nope" (see `appsvc service list`)\n' });
  });

  test('without a cluster: one clear line, exit 1', () => {
    const s = setup([], []);
    const r = runCli(['status', '--kubectl', s.kubectl], {
      cwd: s.dir,
      env: { ...s.env, FAKE_KUBECTL_EXIT: '1', FAKE_KUBECTL_STDERR: 'E0101 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:6443/api?timeout=32s": dial tcp 127.0.0.1:6443: connect: connection refused\nUnable to connect to the server: dial tcp 127.0.0.1:6443: connect: connection refused\n' },
    });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: no Kubernetes cluster reachable through the current kubectl context: dial tcp 127.0.0.1:6443: connect: connection refused (check --context and KUBECONFIG)\n' });
  });
});

describe('appsvc status --watch (not a terminal: one line per change)', () => {
  test('prints the state, then a line per changed Service; Ctrl-C ends it cleanly and stops kubectl', async () => {
    const s = setup(
      [{ event: { type: 'ADDED', object: API } }, { waitFor: 'go1' }, { event: { type: 'ADDED', object: WEB } }, { waitFor: 'go2' }, { event: { type: 'MODIFIED', object: WEB_READY } }],
      [{ event: { type: 'ADDED', object: API_SLICE } }, { waitFor: 'go3' }, { event: { type: 'ADDED', object: WEB_SLICE } }],
    );
    const run = new Running(['status', '--watch', '--kubectl', s.kubectl], s);
    expect(await run.lines(2)).toEqual(['shop/api: ClusterIP 10.96.0.10, 80/TCP 1 ready (1 not ready), no drift', 'shop/web: missing: not in the cluster']);
    await watchersStarted(s);
    touch(s, 'go1');
    expect((await run.lines(3))[2]).toBe('shop/web: LoadBalancer 10.96.0.11, external <pending>, 80/TCP 0 ready, no drift');
    touch(s, 'go2');
    expect((await run.lines(4))[3]).toBe('shop/web: LoadBalancer 10.96.0.11, external 203.0.113.7, 80/TCP 0 ready, no drift');
    touch(s, 'go3');
    expect((await run.lines(5))[4]).toBe('shop/web: LoadBalancer 10.96.0.11, external 203.0.113.7, 80/TCP 1 ready, no drift');
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toHaveLength(6);
    await waitGone(path.join(s.dir, 'services.pid'));
    await waitGone(path.join(s.dir, 'endpointslices.pid'));
    const calls = recordedCalls(s.env['FAKE_KUBECTL_LOG'] as string);
    expect(calls[0]).toEqual(['get', 'services,endpointslices', '--output=json', '--namespace=shop']);
    expect(calls.slice(1).sort()).toEqual([
      ['get', 'endpointslices', '--watch', '--output-watch-events', '--output=json', '--namespace=shop'],
      ['get', 'services', '--watch', '--output-watch-events', '--output=json', '--namespace=shop'],
    ]);
  }, 120000);

  test('when kubectl ends, the watch says so and exits 1', async () => {
    const s = setup([{ waitFor: 'go1' }, { stderr: 'error: an error on the server ("unable to decode an event from the watch stream") has prevented the request from succeeding\n' }, { exit: 1 }], []);
    const run = new Running(['status', '--watch', '--kubectl', s.kubectl], s);
    await run.lines(2);
    await watchersStarted(s);
    touch(s, 'go1');
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr).toBe('error: the watch stopped: kubectl get services --watch exited with status 1: error: an error on the server ("unable to decode an event from the watch stream") has prevented the request from succeeding\n');
    await waitGone(path.join(s.dir, 'endpointslices.pid'));
  }, 120000);

  test('-o json: one JSON object per line per change', async () => {
    const s = setup([{ waitFor: 'go1' }, { event: { type: 'ADDED', object: WEB_READY } }, { waitFor: 'go2' }, { event: { type: 'DELETED', object: API } }], []);
    const run = new Running(['status', '--watch', '-o', 'json', '--kubectl', s.kubectl], s);
    const first = await run.lines(2);
    expect(first.map((l) => (JSON.parse(l) as { name: string; exists: boolean }).exists)).toEqual([true, false]);
    await watchersStarted(s);
    touch(s, 'go1');
    const web = JSON.parse((await run.lines(3))[2] ?? '') as Record<string, unknown>;
    expect(web).toEqual({ namespace: 'shop', name: 'web', exists: true, type: 'LoadBalancer', clusterIP: '10.96.0.11', loadBalancer: ['203.0.113.7'], ports: [{ name: 'http', port: 80, protocol: 'TCP', ready: 0, notReady: 0 }], drift: [], healthy: false });
    touch(s, 'go2');
    expect(JSON.parse((await run.lines(4))[3] ?? '')).toMatchObject({ name: 'api', exists: false });
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    await waitGone(path.join(s.dir, 'services.pid'));
    await waitGone(path.join(s.dir, 'endpointslices.pid'));
  }, 120000);
});

const SCRIPT = '/usr/bin/script';

describe('appsvc status --watch on a terminal', () => {
  // util-linux `script` gives the command a pseudo-terminal.
  (fs.existsSync(SCRIPT) ? test : test.skip)('redraws the table in place, without colour under NO_COLOR', async () => {
    const s = setup([{ waitFor: 'go1' }, { event: { type: 'ADDED', object: WEB_READY } }], []);
    const command = [process.execPath, BIN, 'status', '--watch', '--kubectl', s.kubectl].map((a) => `'${a}'`).join(' ');
    const env: NodeJS.ProcessEnv = { ...process.env, ...s.env, NO_COLOR: '1', TERM: 'xterm' };
    delete env['FORCE_COLOR'];
    const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd: s.dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const until = async (what: () => boolean): Promise<void> => {
      const deadline = Date.now() + 60000;
      while (!what()) {
        if (Date.now() > deadline) throw new Error(`timed out; output: ${JSON.stringify(out)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => out.includes('missing: not in the cluster'));
    await watchersStarted(s);
    touch(s, 'go1');
    await until(() => out.includes('203.0.113.7'));
    // The appsvc process is the parent of the stand-ins.
    process.kill(Number(fs.readFileSync(path.join(s.dir, 'services.ppid'), 'utf8')), 'SIGINT');
    expect(await exited).toBe(0);
    const first = out.indexOf('SERVICE');
    const redraw = out.indexOf('\u001b[3A\r\u001b[J', first);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(redraw).toBeGreaterThan(first);
    expect(out.slice(redraw)).toMatch(/^\u001b\[3A\r\u001b\[JSERVICE +TYPE +CLUSTER-IP +EXTERNAL +ENDPOINTS +DRIFT\r\n/);
    expect(out.slice(redraw)).toContain('shop/web  LoadBalancer  10.96.0.11  203.0.113.7  80/TCP 0 ready');
    expect(out).not.toMatch(/\u001b\[3[123]m/);
    await waitGone(path.join(s.dir, 'services.pid'));
  }, 120000);
});
