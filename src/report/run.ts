import { type InputSource } from '../manifest/read';
import { parseManifests } from '../manifest/parse';
import { type ManifestProblem, manifestProblem, problemFinding } from '../manifest/problems';
import type { JsonObject, LocatedFinding } from '../manifest/types';
import type { Finding } from '../validation/field-error';
import { isSilenced, type RuleSwitches } from '../lint/silence';
import type { ObjectResult, ValidationRun } from './model';

/** Validates one decoded object (the API server's rules); `validateManifest` in the CLI. */
export type ValidateObject = (object: JsonObject) => readonly Finding[];

/** A finding of the cross-object checks, naming its object by index. */
export interface IndexedFinding {
  readonly index: number;
  readonly finding: Finding;
}

/**
 * Cross-object checks over one set of objects; each finding names the object by its index in
 * `objects`; findings it leaves out (silenced) go to `onSilenced`. `lintManifests` in the CLI.
 */
export type LintObjects = (objects: readonly JsonObject[], onSilenced: (f: IndexedFinding) => void) => readonly IndexedFinding[];

/** Options of {@link buildRun}. */
export interface RunOptions {
  /**
   * Report warnings as errors, so that they fail the run.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Rules switched on or off: warnings of rules that are off, and of rules an object names in its
   * `appsvc.dev/ignore` annotation, are left out and counted in `silenced`.
   * @default - every rule at its default
   */
  readonly rules?: RuleSwitches;
  /**
   * The set each source belongs to (by position in `sources`): the cross-object checks run once per
   * set, over the objects applied together.
   * @default - all sources form one set
   */
  readonly setOf?: (sourceIndex: number) => string;
}

interface MutableResult extends Omit<ObjectResult, 'findings'> {
  findings: LocatedFinding[];
}

/**
 * Turns read inputs into a validation run: each input is parsed; every object is validated, then
 * the cross-object checks run once per set (`options.setOf`; by default one set of all inputs).
 * Silenced warnings are left out and counted; with `strict`, the remaining warnings become errors.
 * Pure (the checks are passed in).
 *
 * - An input that could not be read, and every document that could not be decoded, gives a result
 *   with `problem` set, null identity fields and one error finding (field `''`).
 * - An input without any object (empty, only comments or `---`) is an error too (rule
 *   `manifest/no-objects`): kubectl refuses it with "no objects passed to apply".
 */
export function buildRun(sources: readonly InputSource[], validate: ValidateObject, lint?: LintObjects, options: RunOptions = {}): ValidationRun {
  const results: MutableResult[] = [];
  const sets = new Map<string, { objects: JsonObject[]; results: Array<{ result: MutableResult; lineOf: (field: string) => number }> }>();
  const silenced = new Map<string, number>();
  const switches = options.rules ?? {};
  const keep = (finding: Finding, object: unknown): boolean => {
    if (!isSilenced(finding, object, switches)) return true;
    countSilenced(silenced, finding);
    return false;
  };
  for (let sourceIndex = 0; sourceIndex < sources.length; sourceIndex++) {
    const source = sources[sourceIndex] as InputSource;
    const setKey = options.setOf?.(sourceIndex) ?? '';
    if ('problem' in source) {
      results.push(problemResult(source.file, 0, source.problem));
      continue;
    }
    const entries = parseManifests(source.text);
    if (entries.length === 0) {
      results.push(problemResult(source.file, 0, manifestProblem('manifest/no-objects', 'no Kubernetes objects in the file (it is empty or holds only comments and ---)')));
      continue;
    }
    for (const entry of entries) {
      if (entry.outcome === 'problem') {
        results.push(problemResult(source.file, entry.index, entry.problem));
        continue;
      }
      const { object, lines } = entry;
      const metadata = object['metadata'];
      const meta = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as JsonObject) : {};
      const result: MutableResult = {
        file: source.file,
        index: entry.index,
        // Read when shown: finding the line can take a pass over the text (JSON Lists).
        get line(): number {
          return lines.line;
        },
        apiVersion: stringOrNull(object['apiVersion']),
        kind: stringOrNull(object['kind']),
        namespace: stringOrNull(meta['namespace']),
        name: stringOrNull(meta['name']),
        findings: entry.findings.filter((f) => keep(f.finding, object)),
      };
      for (const finding of validate(object)) if (keep(finding, object)) result.findings.push({ finding, line: lines.lineOf(finding.field) });
      results.push(result);
      let set = sets.get(setKey);
      if (set === undefined) sets.set(setKey, (set = { objects: [], results: [] }));
      set.objects.push(object);
      set.results.push({ result, lineOf: (field) => lines.lineOf(field) });
    }
  }
  // Cross-object checks: the one place they join the run, once per set.
  if (lint !== undefined) {
    for (const set of sets.values()) {
      const onSilenced = (f: IndexedFinding): void => countSilenced(silenced, f.finding);
      for (const { index, finding } of lint(set.objects, onSilenced)) {
        const target = set.results[index];
        if (target !== undefined && keep(finding, set.objects[index])) target.result.findings.push({ finding, line: target.lineOf(finding.field) });
      }
    }
  }
  if (options.strict === true) {
    for (const result of results) {
      result.findings = result.findings.map((f) => (f.finding.severity === 'warning' ? { ...f, finding: { ...f.finding, severity: 'error' } } : f));
    }
  }
  return silenced.size === 0 ? { results } : { results, silenced };
}

function countSilenced(silenced: Map<string, number>, finding: Finding): void {
  const rule = finding.rule ?? '';
  silenced.set(rule, (silenced.get(rule) ?? 0) + 1);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function problemResult(file: string, index: number, problem: ManifestProblem): MutableResult {
  const located: LocatedFinding = problem.line === undefined ? { finding: problemFinding(problem) } : { finding: problemFinding(problem), line: problem.line };
  return { file, index, ...(problem.line === undefined ? {} : { line: problem.line }), apiVersion: null, kind: null, namespace: null, name: null, problem, findings: [located] };
}
