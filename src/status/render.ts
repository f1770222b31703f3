/**
 * Views of the Services' status: a table (redrawn in place on a terminal), one line per Service
 * (for logs and pipes, printed when it changes), and JSON. Pure.
 */
import type { ServiceStatus } from './compare';

/** Colours of a terminal that allows them; identity functions otherwise. */
export interface Paint {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
}

/** No colours. */
export const PLAIN: Paint = { red: (s) => s, yellow: (s) => s, green: (s) => s };

/** ANSI colours. */
export const ANSI: Paint = {
  red: (s) => `\u001b[31m${s}\u001b[0m`,
  yellow: (s) => `\u001b[33m${s}\u001b[0m`,
  green: (s) => `\u001b[32m${s}\u001b[0m`,
};

function portsText(s: ServiceStatus): string {
  if (s.ports.length === 0) return '-';
  return s.ports.map((p) => `${p.port}/${p.protocol} ${p.ready} ready${p.notReady > 0 ? ` (${p.notReady} not ready)` : ''}`).join(', ');
}

function externalText(s: ServiceStatus): string {
  if (s.loadBalancer === null) return '-';
  return s.loadBalancer.length === 0 ? '<pending>' : s.loadBalancer.join(',');
}

function driftText(s: ServiceStatus): string {
  return s.drift.map((d) => `${d.field} (spec ${d.spec}, cluster ${d.cluster})`).join('; ');
}

/** True when the Service exists, has no drift and every port has a ready endpoint. */
export function healthy(s: ServiceStatus): boolean {
  return s.exists && s.drift.length === 0 && s.ports.every((p) => p.ready > 0) && !(s.loadBalancer !== null && s.loadBalancer.length === 0);
}

/** The table: a header and one row per Service. */
export function renderTable(list: readonly ServiceStatus[], paint: Paint = PLAIN): string {
  const rows = [['SERVICE', 'TYPE', 'CLUSTER-IP', 'EXTERNAL', 'ENDPOINTS', 'DRIFT']];
  const marks: Array<(s: string) => string> = [(s) => s];
  for (const s of list) {
    if (!s.exists) {
      rows.push([`${s.namespace}/${s.name}`, s.type, '-', '-', '-', 'missing: not in the cluster']);
      marks.push(paint.red);
      continue;
    }
    rows.push([`${s.namespace}/${s.name}`, s.type, s.clusterIP ?? '-', externalText(s), portsText(s), s.drift.length === 0 ? '-' : driftText(s)]);
    marks.push(healthy(s) ? paint.green : s.drift.length > 0 ? paint.red : paint.yellow);
  }
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r, n) => (marks[n] ?? ((s: string) => s))(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd())).join('\n') + '\n';
}

/** One line about one Service: `default/api: ClusterIP 10.96.0.10, 80/TCP 2 ready, no drift`. */
export function renderLine(s: ServiceStatus, paint: Paint = PLAIN): string {
  const id = `${s.namespace}/${s.name}`;
  if (!s.exists) return paint.red(`${id}: missing: not in the cluster`);
  const parts = [`${s.type} ${s.clusterIP ?? '-'}`];
  if (s.loadBalancer !== null) parts.push(`external ${externalText(s)}`);
  parts.push(s.ports.length === 0 ? 'no ports' : portsText(s));
  parts.push(s.drift.length === 0 ? 'no drift' : `drift: ${driftText(s)}`);
  const text = `${id}: ${parts.join(', ')}`;
  return healthy(s) ? paint.green(text) : s.drift.length > 0 ? paint.red(text) : paint.yellow(text);
}

/** The JSON of one Service's status (one line, for `--watch -o json`). */
export function statusJson(s: ServiceStatus): Record<string, unknown> {
  return {
    namespace: s.namespace,
    name: s.name,
    exists: s.exists,
    type: s.type,
    clusterIP: s.clusterIP,
    loadBalancer: s.loadBalancer,
    ports: s.ports,
    drift: s.drift,
    healthy: healthy(s),
  };
}

/** The `-o json` document: `{"ok", "services": [...]}`. */
export function renderJsonDocument(list: readonly ServiceStatus[]): string {
  return `${JSON.stringify({ ok: list.every(healthy), services: list.map(statusJson) }, null, 2)}\n`;
}
