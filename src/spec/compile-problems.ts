import type { ObjectFinding } from '../synth/types';
import type { SpecPath } from './check';
import { formatProblem, locateInItems, type SpecProblem } from './load';
import { SERVICE_FIELDS, type Spec } from './model';
import type * as ParseModule from './parse';
import type { ParsedSpec } from './parse';
import type { ItemRange } from './simple-yaml';

/** The yaml library's reader, loaded only to locate a problem in the file. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const parseModule = (): typeof ParseModule => require('./parse') as typeof ParseModule;

/** The spec did not compile to valid manifests: every problem, located in the spec file. */
export class SpecCompileError extends Error {
  public constructor(public readonly problems: readonly SpecProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecCompileError';
  }
}

/** A spec to compile: where it comes from, its content and name, and (to locate problems) its parsed document. */
export interface SpecSource {
  readonly file: string;
  readonly spec: Spec;
  /** Names the chart and the output file; also the value of the label appsvc.dev/spec when the spec has no `id`. */
  readonly specName: string;
  /** Without it, problems are reported without a line (`appsvc.yaml: service "api": …`). */
  readonly parsed?: ParsedSpec | undefined;
  /** The text and where its entries are, when the quick reader read it: an entry's problem is located by parsing that entry alone. */
  readonly text?: string;
  readonly serviceItems?: readonly ItemRange[];
}

/** Maps a manifest field path to the entry field it comes from, for locating it in the file. */
function specPathOf(field: string, index: number): SpecPath {
  const base: (string | number)[] = ['services', index];
  const m = /^(?:spec|metadata)\.([A-Za-z]+)(?:\[(\d+)\])?/.exec(field);
  if (m === null) return base;
  const key = m[1] ?? '';
  const mapped = key === 'clusterIP' && field.startsWith('spec.clusterIPs') ? 'clusterIPs' : key === 'sessionAffinityConfig' ? 'sessionAffinityTimeoutSeconds' : key;
  if (!SERVICE_FIELDS.some((f) => f.key === mapped)) return base;
  return m[2] !== undefined ? [...base, mapped, Number(m[2])] : [...base, mapped];
}

export function locateFinding(
  loaded: SpecSource,
  owners: ReadonlyMap<string, number>,
  f: ObjectFinding,
  fallbackName?: string,
): SpecProblem {
  const index = owners.get(f.constructPath);
  const entry = index === undefined || index < 0 ? undefined : loaded.spec.services[index];
  const name = entry?.name ?? fallbackName ?? f.constructPath;
  const pos = index !== undefined && index >= 0 ? locateEntryPath(loaded, specPathOf(f.finding.field, index)) : undefined;
  const warning = f.finding.severity === 'warning';
  const problem = { file: loaded.file, line: pos?.line ?? 0, col: pos?.col ?? 0, message: `${warning ? 'warning: ' : ''}service ${JSON.stringify(name)}: ${f.finding.message}` };
  return warning ? { ...problem, rule: f.finding.rule ?? `k8s/${f.finding.type}` } : problem;
}

/**
 * A warning of the spec's compilation as `appsvc synth` prints it, in the shape of `appsvc
 * validate`'s lines: `appsvc.yaml:7:7: warning k8s/deprecated-topology-hints: service "api": …`.
 */
export function formatSpecWarning(w: SpecProblem): string {
  const location = w.line > 0 ? `${w.file}:${w.line}:${w.col}` : w.file;
  return `${location}: warning ${w.rule ?? 'appsvc/warning'}: ${w.message.replace(/^warning: /, '')}`;
}

function locateEntryPath(loaded: SpecSource, path: SpecPath): { line: number; col: number } | undefined {
  if (loaded.text !== undefined && loaded.serviceItems !== undefined) return locateInItems(loaded.text, loaded.serviceItems, path, false);
  return loaded.parsed !== undefined ? parseModule().locate(loaded.parsed, path) : undefined;
}

/**
 * The problems without repeats, and without the consequence of a bad port on the target port it
 * defaults to: `--port 99999` (targetPort 99999 implied) is one mistake, reported once, at the
 * port. A target port with its own bad value, or any other problem, stays.
 */
export function dedupe(list: readonly SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  const all = new Set(list.map((p) => `${p.line}:${p.col}:${p.message}`));
  return list.filter((p) => {
    const key = `${p.line}:${p.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const echo = TARGET_PORT_ECHO.exec(p.message);
    return echo === null || !all.has(`${p.line}:${p.col}:${echo[1] ?? ''}.port${echo[2] ?? ''}`);
  });
}

/** A target port finding: the port's path and what follows `.targetPort`. */
const TARGET_PORT_ECHO = /^(.*spec\.ports\[\d+\])\.targetPort(: Invalid value: .*)$/;
