/**
 * `appsvc routes`: reads manifests (and the Services a spec file compiles to) and builds the routes.
 */
import { parseManifests } from '../manifest/parse';
import { readInputs } from '../manifest/read';
import type { ManifestProblem } from '../manifest/problems';
import { displayFile } from '../report/model';
import { buildRoutes, type Route } from './build';

/** What `appsvc routes` reads. */
export interface RoutesRequest {
  /** Manifest files, directories, `-`. */
  readonly inputs: readonly string[];
  /** A spec file whose compiled Services join the manifests. */
  readonly specFile?: string;
}

/** Input that could not be read; one line each, naming the file. */
export class RoutesInputError extends Error {
  public constructor(public readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'RoutesInputError';
  }
}

/**
 * The routes of the inputs' Services and the spec's, against the inputs' workloads.
 * @throws RoutesInputError, SpecError, SpecCompileError
 */
export async function runRoutes(req: RoutesRequest): Promise<Route[]> {
  const objects: unknown[] = [];
  const problems: string[] = [];
  for (const source of await readInputs(req.inputs)) {
    if ('problem' in source) {
      problems.push(located(source.file, source.problem));
      continue;
    }
    for (const entry of parseManifests(source.text)) {
      if (entry.outcome === 'problem') problems.push(located(source.file, entry.problem));
      else objects.push(entry.object);
    }
  }
  if (problems.length > 0) throw new RoutesInputError(problems);
  if (req.specFile !== undefined) {
    const [{ loadSpecFile }, { compileSpec }] = await Promise.all([import('../spec/load'), import('../spec/compile')]);
    const compiled = compileSpec(await loadSpecFile(req.specFile));
    const seen = new Set<number>();
    for (const s of compiled.services) {
      // A Service written for several clusters is the same Service.
      if (seen.has(s.index)) continue;
      seen.add(s.index);
      objects.push(s.manifest);
    }
  }
  return buildRoutes(objects);
}

/** `file:line:col: error rule: message`, the line `appsvc validate` prints for unreadable input. */
function located(file: string, problem: ManifestProblem): string {
  let at = displayFile(file);
  if (problem.line !== undefined) at += `:${problem.line}`;
  if (problem.line !== undefined && problem.column !== undefined) at += `:${problem.column}`;
  return `${at}: error ${problem.rule}: ${problem.message}`;
}
