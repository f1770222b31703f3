import type { Finding } from '../validation/field-error';
import { type ObjectResult, type ValidationRun, countFindings, displayFile } from './model';

/**
 * Renders the findings about objects, one line each, grouped by object in input order: location,
 * severity, rule id, the object, the finding. What the API server rejects reads as its answer
 * ("is invalid"); appsvc's own findings do not:
 *
 *     svc.yaml:14: error k8s/port-range: Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
 *     svc.yaml:9: warning lint/service-selector-matches-no-pods: Service "web": spec.selector: selects no pods: …
 *
 * The line is the offending field's when it is in the source, else the object's. Input that could
 * not be read is not part of this report (see {@link renderProblemLines}). Empty when nothing was found.
 */
export function renderText(run: ValidationRun): string {
  const lines: string[] = [];
  for (const result of run.results) {
    if (result.problem !== undefined) continue;
    const subject = `${result.kind ?? 'object'} ${JSON.stringify(result.name ?? '')}`;
    for (const { finding, line } of result.findings) {
      const at = line ?? result.line;
      const location = at === undefined ? displayFile(result.file) : `${displayFile(result.file)}:${at}`;
      const rule = ruleId(finding);
      const rejected = finding.severity === 'error' && isServerRule(rule) ? ' is invalid' : '';
      lines.push(`${location}: ${finding.severity} ${rule}: ${subject}${rejected}: ${finding.message}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The rule id a finding is reported under: its rule, or `k8s/<type>` for one without. */
export function ruleId(finding: Finding): string {
  return finding.rule ?? `k8s/${finding.type}`;
}

/** True for the rules of the API server (and of a provider's API server): their errors are rejections. */
function isServerRule(rule: string): boolean {
  return rule.startsWith('k8s/') || rule.startsWith('cce/');
}

/**
 * One line per input (or document) that could not be read as objects, in the format of
 * {@link renderText}'s lines: location (the file, and the line and column when known), severity,
 * rule id, what is wrong:
 *
 *     bad.yaml:3:5: error manifest/syntax: YAML syntax error: Missing closing "quote
 *     notes.yaml: error manifest/no-objects: no Kubernetes objects in the file (…)
 *
 * `appsvc validate` prints them on stderr, as they are.
 */
export function renderProblemLines(run: ValidationRun): string[] {
  return problemsOf(run).map(({ file, problem }) => `${problemLocation(file, problem)}: error ${problem.rule}: ${problem.message}`);
}

type ProblemResult = ObjectResult & { problem: NonNullable<ObjectResult['problem']> };

function problemsOf(run: ValidationRun): ProblemResult[] {
  return run.results.filter((r): r is ProblemResult => r.problem !== undefined);
}

function problemLocation(file: string, problem: NonNullable<ObjectResult['problem']>): string {
  let location = displayFile(file);
  if (problem.line !== undefined) location += `:${problem.line}`;
  if (problem.line !== undefined && problem.column !== undefined) location += `:${problem.column}`;
  return location;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The one-line summary: `3 objects in 2 files: 2 errors, 1 warning`, or `…: no errors`.
 */
export function renderSummary(run: ValidationRun): string {
  const objects = run.results.filter((r) => r.problem === undefined).length;
  const files = new Set(run.results.map((r) => r.file)).size;
  const { errors, warnings } = countFindings(run);
  const counts = errors === 0 && warnings === 0 ? 'no errors' : [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter((s) => s !== '').join(', ');
  return `${plural(objects, 'object')} in ${plural(files, 'file')}: ${counts}`;
}

/** From how many findings a run ends with a count per rule. */
export const RULE_COUNT_THRESHOLD = 10;

/**
 * A count per rule for a big run (at least {@link RULE_COUNT_THRESHOLD} findings), most frequent
 * first: `  42 warning lint/service-selector-matches-no-pods`; empty for a smaller run. Then one line
 * for the findings silenced by `--disable`, the config file or `appsvc.dev/ignore` annotations, when
 * there are any: `3 warnings silenced: lint/statefulset-service-name 2, lint/service-name-unique 1`.
 */
export function renderRuleCounts(run: ValidationRun): string[] {
  const counts = new Map<string, { severity: string; rule: string; n: number }>();
  let total = 0;
  for (const r of run.results) {
    for (const { finding } of r.findings) {
      const rule = ruleId(finding);
      const key = `${finding.severity} ${rule}`;
      const c = counts.get(key);
      if (c === undefined) counts.set(key, { severity: finding.severity, rule, n: 1 });
      else c.n++;
      total++;
    }
  }
  const lines: string[] = [];
  if (total >= RULE_COUNT_THRESHOLD) {
    const sorted = [...counts.values()].sort((a, b) => b.n - a.n || (a.severity < b.severity ? -1 : a.severity > b.severity ? 1 : 0) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    const width = String(sorted[0]?.n ?? 0).length;
    lines.push('findings per rule:');
    for (const c of sorted) lines.push(`  ${String(c.n).padStart(width)} ${c.severity} ${c.rule}`);
  }
  const silenced = renderSilenced(run.silenced ?? new Map<string, number>());
  if (silenced !== undefined) lines.push(silenced);
  return lines;
}

/**
 * The line for silenced warnings (count per rule id), most frequent first, e.g.
 * `3 warnings silenced: lint/statefulset-service-name 2, lint/service-name-unique 1`; undefined
 * when nothing was silenced. `appsvc validate` and `appsvc synth` print it on stderr.
 */
export function renderSilenced(silenced: ReadonlyMap<string, number>): string | undefined {
  if (silenced.size === 0) return undefined;
  const n = [...silenced.values()].reduce((a, b) => a + b, 0);
  const list = [...silenced].sort(([ra, a], [rb, b]) => b - a || (ra < rb ? -1 : ra > rb ? 1 : 0)).map(([rule, k]) => `${rule} ${k}`);
  return `${plural(n, 'warning')} silenced: ${list.join(', ')}`;
}
