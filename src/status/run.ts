/**
 * `appsvc status`: reads the spec's Services and the cluster's through kubectl (argument lists,
 * never a shell), once or as a watch.
 */
import { spawn, type ChildProcess } from 'child_process';
import { runKubectl, unreachableMessage, KubectlNotFoundError } from '../kubectl/runner';
import { isObj } from '../lint/objects';
import { keyOf, serviceStatus, type LiveObject, type LiveState, type ServiceStatus } from './compare';
import { JsonDocumentSplitter } from './json-stream';

/** Where kubectl looks. */
export interface StatusTarget {
  readonly kubectl: string;
  readonly context?: string;
  /** The namespace when every Service is in one; undefined: all namespaces. */
  readonly namespace?: string;
}

/** The kubectl failed: one line for the user. */
export class StatusError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'StatusError';
  }
}

function scope(t: Omit<StatusTarget, 'kubectl'>): string[] {
  return [...(t.namespace !== undefined ? [`--namespace=${t.namespace}`] : ['--all-namespaces']), ...(t.context !== undefined ? [`--context=${t.context}`] : [])];
}

/** `kubectl get services,endpointslices -o json` for the namespace(s). */
export function snapshotArgs(t: Omit<StatusTarget, 'kubectl'>): string[] {
  return ['get', 'services,endpointslices', '--output=json', ...scope(t)];
}

/**
 * `kubectl get RESOURCE --watch --output-watch-events -o json`: kubectl watches one resource type
 * per process ("watch is only supported on individual resources and resource collections"), so
 * Services and EndpointSlices take one each. It prints the current objects as ADDED events, then
 * every change as `{"type": "ADDED"|"MODIFIED"|"DELETED", "object": {...}}`.
 */
export function watchArgs(resource: 'services' | 'endpointslices', t: Omit<StatusTarget, 'kubectl'>): string[] {
  return ['get', resource, '--watch', '--output-watch-events', '--output=json', ...scope(t)];
}

/** A mutable copy of the cluster's Services and EndpointSlices. */
export class Live implements LiveState {
  public readonly services = new Map<string, LiveObject>();
  public readonly slices = new Map<string, LiveObject>();

  /** Adds the items of a `kubectl get -o json` list. */
  public addList(doc: unknown): void {
    const items = isObj(doc) && Array.isArray(doc['items']) ? doc['items'] : [];
    for (const item of items) this.apply('ADDED', item);
  }

  /** Applies one watch event; returns true when it changed anything. */
  public apply(type: string, obj: unknown): boolean {
    if (!isObj(obj)) return false;
    const key = keyOf(obj);
    const map = obj['kind'] === 'Service' ? this.services : obj['kind'] === 'EndpointSlice' ? this.slices : undefined;
    if (key === undefined || map === undefined) return false;
    if (type === 'DELETED') return map.delete(key);
    if (type !== 'ADDED' && type !== 'MODIFIED') return false;
    const before = map.get(key);
    map.set(key, obj);
    return before === undefined || JSON.stringify(before) !== JSON.stringify(obj);
  }
}

/** Every desired Service's status in `live`, in spec order. */
export function statuses(desired: readonly LiveObject[], live: LiveState): ServiceStatus[] {
  return desired.map((d) => serviceStatus(d, live));
}

/** Runs `kubectl get services,endpointslices -o json` once. @throws StatusError, KubectlNotFoundError */
export async function snapshot(t: StatusTarget): Promise<Live> {
  const result = await runKubectl(t.kubectl, snapshotArgs(t), { captureStdout: true });
  if (result.code !== 0) throw new StatusError(failureLine(result.stderr, result.code, t.context, 'kubectl get services,endpointslices'));
  let doc: unknown;
  try {
    doc = JSON.parse(result.stdout);
  } catch {
    throw new StatusError('kubectl get services,endpointslices did not print JSON');
  }
  const live = new Live();
  live.addList(doc);
  return live;
}

function failureLine(stderr: string, code: number, context: string | undefined, what: string): string {
  return unreachableMessage(stderr, context) ?? `${what} failed (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`;
}

/** How a watch ended. */
export type WatchEnd = { readonly kind: 'interrupted' } | { readonly kind: 'kubectl-ended'; readonly message: string };

/** A watch of Services and EndpointSlices through two kubectl processes. */
export interface Watch {
  /** Resolves when the watch ends: interrupted (SIGINT/SIGTERM) or a kubectl process ended. */
  readonly done: Promise<WatchEnd>;
  /** Ends the watch as if interrupted. */
  stop(): void;
}

/**
 * A kubectl watch that exits with status 0 after streaming this long is taken to have been closed
 * by the API server (watches time out) and is started again; any other end ends the watch.
 */
const RESTART_AFTER_MS = 60_000;

/**
 * Starts watching. `onEvent` is called after each event that changed `live`. SIGINT and SIGTERM
 * end the watch cleanly (the kubectl processes are ended); a kubectl process that ends on its own
 * ends it with a message.
 */
export function startWatch(t: StatusTarget, live: Live, onEvent: () => void): Watch {
  const children = new Set<ChildProcess>();
  let finished = false;
  let resolveDone: (end: WatchEnd) => void = () => undefined;
  const done = new Promise<WatchEnd>((resolve) => {
    resolveDone = resolve;
  });
  const finish = (end: WatchEnd): void => {
    if (finished) return;
    finished = true;
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    for (const c of children) c.kill('SIGTERM');
    resolveDone(end);
  };
  const interrupt = (): void => finish({ kind: 'interrupted' });
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  const start = (resource: 'services' | 'endpointslices'): void => {
    const args = watchArgs(resource, t);
    const startedAt = Date.now();
    const child = spawn(t.kubectl, args, { shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    children.add(child);
    const splitter = new JsonDocumentSplitter();
    let stderr = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (finished) return;
      let changed = false;
      for (const text of splitter.push(chunk)) {
        let event: unknown;
        try {
          event = JSON.parse(text);
        } catch {
          continue;
        }
        if (isObj(event) && typeof event['type'] === 'string' && live.apply(event['type'], event['object'])) changed = true;
      }
      if (changed) onEvent();
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      children.delete(child);
      finish({ kind: 'kubectl-ended', message: new KubectlNotFoundError(t.kubectl, e.code === 'ENOENT' ? 'not found' : e.message).message });
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      children.delete(child);
      if (finished) return;
      // Ctrl-C on a terminal reaches kubectl too: that is an interrupt, not a failure.
      if (signal === 'SIGINT' || code === 130) return finish({ kind: 'interrupted' });
      if (code === 0 && Date.now() - startedAt >= RESTART_AFTER_MS) return start(resource);
      const how = signal !== null ? `was killed by ${signal}` : `exited with status ${code ?? 1}`;
      const detail = stderr.trim() === '' ? '' : `: ${unreachableMessage(stderr, t.context) ?? stderr.trim().split('\n')[0]}`;
      finish({ kind: 'kubectl-ended', message: `the watch stopped: kubectl ${args.slice(0, 3).join(' ')} ${how}${detail}` });
    });
  };
  start('services');
  start('endpointslices');
  return { done, stop: interrupt };
}
