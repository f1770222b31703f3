/**
 * Views of the routes: a table for the terminal, JSON for scripts, a Mermaid flowchart (rendered by
 * GitHub in Markdown, pull requests and job summaries) and Graphviz DOT. Pure and deterministic.
 */
import { hasProblem, type Route, type RoutePort, type RouteTarget } from './build';

/** Output formats of `appsvc routes -o`. */
export const ROUTE_FORMATS = ['table', 'json', 'mermaid', 'dot'] as const;
/** One of {@link ROUTE_FORMATS}. */
export type RouteFormat = (typeof ROUTE_FORMATS)[number];

/** Renders the routes in `format`. */
export function renderRoutes(routes: readonly Route[], format: RouteFormat): string {
  switch (format) {
    case 'json':
      return renderJson(routes);
    case 'mermaid':
      return renderMermaid(routes);
    case 'dot':
      return renderDot(routes);
    default:
      return renderTable(routes);
  }
}

function portText(p: RoutePort | undefined): string {
  if (p === undefined) return '(no ports)';
  return `${p.port}/${p.protocol}${p.name !== undefined ? ` (${p.name})` : ''}`;
}

/** `http → 8080`, `8080`, `http → ?` */
function targetText(p: RoutePort | undefined, t: RouteTarget): string {
  if (p === undefined) return '-';
  const resolved = t.containerPort === undefined ? '?' : String(t.containerPort);
  return typeof p.targetPort === 'string' ? `${p.targetPort} → ${resolved}` : resolved;
}

function workloadText(t: RouteTarget): string {
  return `${t.kind}/${t.name}${t.pods !== undefined ? ` (pod ${t.pods.join(', ')})` : ''}`;
}

/** One row per Service port and workload; problems in the last column, marked with "!". */
export function renderTable(routes: readonly Route[]): string {
  const rows: string[][] = [['SERVICE', 'PORT', 'WORKLOAD', 'CONTAINER', 'TARGET', 'PROBLEMS']];
  for (const r of routes) {
    const svc = `${r.service.namespace}/${r.service.name}`;
    if (r.externalName !== undefined) {
      rows.push([svc, portText(r.port), `ExternalName → ${r.externalName}`, '-', '-', '-']);
      continue;
    }
    if (r.targets.length === 0) {
      rows.push([svc, portText(r.port), '-', '-', '-', problemsText(r.problems)]);
      continue;
    }
    for (const t of r.targets) rows.push([svc, portText(r.port), workloadText(t), t.container ?? '-', targetText(r.port, t), problemsText([...r.problems, ...t.problems])]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => [...(row[i] ?? '')].length))) ?? [];
  return `${rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + (cell.length - [...cell].length)))).join('  ').trimEnd()).join('\n')}\n`;
}

function problemsText(problems: readonly string[]): string {
  return problems.length === 0 ? '-' : problems.map((p) => `! ${p}`).join('; ');
}

/** `{"routes": [...]}`: one document, every route with its targets and problems. */
export function renderJson(routes: readonly Route[]): string {
  const doc = {
    ok: routes.every((r) => !hasProblem(r)),
    routes: routes.map((r) => ({
      service: r.service,
      port: r.port ?? null,
      ...(r.externalName !== undefined ? { externalName: r.externalName } : {}),
      targets: r.targets.map((t) => ({
        kind: t.kind,
        namespace: t.namespace,
        name: t.name,
        container: t.container ?? null,
        containerPort: t.containerPort ?? null,
        portName: t.portName ?? null,
        pods: t.pods ?? null,
        problems: t.problems,
      })),
      problems: r.problems,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** `ClusterIP`, `ClusterIP, headless`. */
function typeText(r: Route): string {
  return r.service.headless ? `${r.service.type}, headless` : r.service.type;
}

/** Text safe inside a quoted Mermaid label. */
function mm(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Stable node ids: one per Service, per workload, per problem end. */
class Ids {
  private readonly ids = new Map<string, string>();
  public constructor(private readonly prefix: string) {}
  public get(key: string): { id: string; isNew: boolean } {
    const have = this.ids.get(key);
    if (have !== undefined) return { id: have, isNew: false };
    const id = `${this.prefix}${this.ids.size}`;
    this.ids.set(key, id);
    return { id, isNew: true };
  }
}

function edgeLabel(r: Route, t: RouteTarget | undefined): string {
  const p = r.port;
  if (p === undefined) return 'no ports';
  const head = `${p.port}/${p.protocol}`;
  if (t === undefined) return head;
  const target = typeof p.targetPort === 'string' ? `${p.targetPort} = ${t.containerPort ?? '?'}` : `${t.containerPort ?? '?'}`;
  return `${head} → ${target}${t.container !== undefined ? ` (${t.container})` : ''}`;
}

/**
 * A Mermaid flowchart, left to right: Services on the left, workloads on the right, one edge per
 * port labelled `80/TCP → http = 8080 (web)`. Problems are dotted edges and red nodes.
 */
export function renderMermaid(routes: readonly Route[]): string {
  const lines = ['flowchart LR'];
  const svcIds = new Ids('s');
  const wlIds = new Ids('w');
  const endIds = new Ids('x');
  const problemNodes: string[] = [];
  const problemEdges: number[] = [];
  let edge = 0;
  const nodes: string[] = [];
  const edges: string[] = [];
  for (const r of routes) {
    const s = svcIds.get(`${r.service.namespace}/${r.service.name}`);
    if (s.isNew) nodes.push(`  ${s.id}["Service ${mm(`${r.service.namespace}/${r.service.name}`)}<br/>${mm(typeText(r))}"]`);
    if (r.externalName !== undefined) {
      const x = endIds.get(`dns/${r.externalName}`);
      if (x.isNew) nodes.push(`  ${x.id}(["${mm(r.externalName)}"])`);
      edges.push(`  ${s.id} -->|"${mm(edgeLabel(r, undefined))}"| ${x.id}`);
      edge++;
      continue;
    }
    if (r.targets.length === 0) {
      const x = endIds.get(`problem/${r.service.namespace}/${r.service.name}/${r.problems.join(';')}`);
      if (x.isNew) {
        nodes.push(`  ${x.id}["⚠ ${mm(r.problems.join('; '))}"]`);
        problemNodes.push(x.id);
      }
      edges.push(`  ${s.id} -.->|"${mm(edgeLabel(r, undefined))}"| ${x.id}`);
      problemEdges.push(edge++);
      continue;
    }
    for (const t of r.targets) {
      const w = wlIds.get(`${t.kind}/${t.namespace}/${t.name}`);
      if (w.isNew) nodes.push(`  ${w.id}["${mm(`${t.kind} ${t.namespace}/${t.name}`)}"]`);
      const label = edgeLabel(r, t) + (t.pods !== undefined ? ` pod ${t.pods.join(', ')}` : '');
      if (t.problems.length > 0) {
        edges.push(`  ${s.id} -.->|"⚠ ${mm(label)}"| ${w.id}`);
        problemEdges.push(edge++);
      } else {
        edges.push(`  ${s.id} -->|"${mm(label)}"| ${w.id}`);
        edge++;
      }
    }
  }
  lines.push(...nodes, ...edges);
  if (problemNodes.length > 0) {
    lines.push('  classDef problem fill:#fdd,stroke:#c00,color:#900');
    lines.push(`  class ${problemNodes.join(',')} problem`);
  }
  if (problemEdges.length > 0) lines.push(`  linkStyle ${problemEdges.join(',')} stroke:#c00,color:#900`);
  return `${lines.join('\n')}\n`;
}

/** A DOT string literal. */
function dq(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A Graphviz digraph, left to right, problems dashed and red (`dot -Tsvg`). */
export function renderDot(routes: readonly Route[]): string {
  const nodes: string[] = [];
  const edges: string[] = [];
  const seen = new Set<string>();
  const node = (id: string, attrs: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    nodes.push(`  ${dq(id)} [${attrs}];`);
  };
  for (const r of routes) {
    const sid = `Service/${r.service.namespace}/${r.service.name}`;
    node(sid, `label=${dq(`Service ${r.service.namespace}/${r.service.name}\n${typeText(r)}`)}, shape=box`);
    if (r.externalName !== undefined) {
      const xid = `dns/${r.externalName}`;
      node(xid, `label=${dq(r.externalName)}, shape=ellipse`);
      edges.push(`  ${dq(sid)} -> ${dq(xid)} [label=${dq(edgeLabel(r, undefined))}];`);
      continue;
    }
    if (r.targets.length === 0) {
      const xid = `problem/${r.service.namespace}/${r.service.name}`;
      node(xid, `label=${dq(`⚠ ${r.problems.join('; ')}`)}, shape=note, color=red, fontcolor=red`);
      edges.push(`  ${dq(sid)} -> ${dq(xid)} [label=${dq(edgeLabel(r, undefined))}, style=dashed, color=red];`);
      continue;
    }
    for (const t of r.targets) {
      const wid = `${t.kind}/${t.namespace}/${t.name}`;
      node(wid, `label=${dq(`${t.kind} ${t.namespace}/${t.name}`)}, shape=component`);
      const label = edgeLabel(r, t) + (t.pods !== undefined ? ` pod ${t.pods.join(', ')}` : '');
      const style = t.problems.length > 0 ? `, style=dashed, color=red, fontcolor=red, tooltip=${dq(t.problems.join('; '))}` : '';
      edges.push(`  ${dq(sid)} -> ${dq(wid)} [label=${dq(t.problems.length > 0 ? `⚠ ${label}` : label)}${style}];`);
    }
  }
  return `digraph routes {\n  rankdir=LR;\n  node [fontname="Helvetica"];\n  edge [fontname="Helvetica"];\n${[...nodes, ...edges].join('\n')}\n}\n`;
}
