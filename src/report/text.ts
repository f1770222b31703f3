import { type ObjectResult, type ValidationRun, countFindings, displayFile } from './model';

/**
 * Renders the findings about objects, one line each, grouped by object in input order, as the
 * API server words them:
 *
 *     svc.yaml:14 Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive
 *     svc.yaml:9 Service "web" warning: spec.ports[1].targetPort: …
 *
 * The line is the offending field's when it is in the source, else the object's. Input that could
 * not be read is not part of this report (see {@link renderProblems}). Empty when nothing was found.
 */
export function renderText(run: ValidationRun): string {
  const lines: string[] = [];
  for (const result of run.results) {
    if (result.problem !== undefined) continue;
    const subject = `${result.kind ?? 'object'} ${JSON.stringify(result.name ?? '')}`;
    for (const { finding, line } of result.findings) {
      const at = line ?? result.line;
      const location = at === undefined ? displayFile(result.file) : `${displayFile(result.file)}:${at}`;
      lines.push(`${location} ${subject} ${finding.severity === 'error' ? 'is invalid' : 'warning'}: ${finding.message}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * One line per input that could not be read as objects, naming the file, and the line and column
 * when known: `bad.yaml:3:5: YAML syntax error: Missing closing "quote`.
 */
export function renderProblems(run: ValidationRun): string[] {
  return run.results.filter((r): r is ObjectResult & { problem: NonNullable<ObjectResult['problem']> } => r.problem !== undefined).map(({ file, problem }) => {
    let location = displayFile(file);
    if (problem.line !== undefined) location += `:${problem.line}`;
    if (problem.line !== undefined && problem.column !== undefined) location += `:${problem.column}`;
    return `${location}: ${problem.message}`;
  });
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
