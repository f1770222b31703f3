import { type InputSource } from '../manifest/read';
import { parseManifests } from '../manifest/parse';
import { type ManifestProblem, manifestProblem, problemFinding } from '../manifest/problems';
import type { JsonObject, LocatedFinding } from '../manifest/types';
import type { Finding } from '../validation/field-error';
import type { ObjectResult, ValidationRun } from './model';

/** Validates one decoded object (the API server's rules); `validateManifest` in the CLI. */
export type ValidateObject = (object: JsonObject) => readonly Finding[];

/**
 * Cross-object checks over every object of the run; each finding names the object by its index in
 * `objects`. `lintManifests` in the CLI.
 */
export type LintObjects = (objects: readonly JsonObject[]) => ReadonlyArray<{ readonly index: number; readonly finding: Finding }>;

/** Options of {@link buildRun}. */
export interface RunOptions {
  /**
   * Report warnings as errors, so that they fail the run.
   * @default false
   */
  readonly strict?: boolean;
}

interface MutableResult extends Omit<ObjectResult, 'findings'> {
  findings: LocatedFinding[];
}

/**
 * Turns read inputs into a validation run: each input is parsed; every object is validated, then
 * the cross-object checks run once over all objects of all inputs. Pure (the checks are passed in).
 *
 * - An input that could not be read, and every document that could not be decoded, gives a result
 *   with `problem` set, null identity fields and one error finding (field `''`).
 * - An input without any object (empty, only comments or `---`) is an error too (rule
 *   `manifest/no-objects`): kubectl refuses it with "no objects passed to apply".
 */
export function buildRun(sources: readonly InputSource[], validate: ValidateObject, lint?: LintObjects, options: RunOptions = {}): ValidationRun {
  const results: MutableResult[] = [];
  const objects: JsonObject[] = [];
  const objectResults: Array<{ result: MutableResult; lineOf: (field: string) => number }> = [];
  for (const source of sources) {
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
        line: lines.line,
        apiVersion: stringOrNull(object['apiVersion']),
        kind: stringOrNull(object['kind']),
        namespace: stringOrNull(meta['namespace']),
        name: stringOrNull(meta['name']),
        findings: [...entry.findings],
      };
      for (const finding of validate(object)) result.findings.push({ finding, line: lines.lineOf(finding.field) });
      results.push(result);
      objects.push(object);
      objectResults.push({ result, lineOf: (field) => lines.lineOf(field) });
    }
  }
  // Cross-object checks: the one place they join the run.
  if (lint !== undefined && objects.length > 0) {
    for (const { index, finding } of lint(objects)) {
      const target = objectResults[index];
      if (target !== undefined) target.result.findings.push({ finding, line: target.lineOf(finding.field) });
    }
  }
  if (options.strict === true) {
    for (const result of results) {
      result.findings = result.findings.map((f) => (f.finding.severity === 'warning' ? { ...f, finding: { ...f.finding, severity: 'error' } } : f));
    }
  }
  return { results };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function problemResult(file: string, index: number, problem: ManifestProblem): MutableResult {
  const located: LocatedFinding = problem.line === undefined ? { finding: problemFinding(problem) } : { finding: problemFinding(problem), line: problem.line };
  return { file, index, ...(problem.line === undefined ? {} : { line: problem.line }), apiVersion: null, kind: null, namespace: null, name: null, problem, findings: [located] };
}
