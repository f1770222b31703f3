import { forbidden, invalid } from '../validation/field-error';
import type { CheckOptions } from './check';
import { checkObjects, errorsOf, formatObjectFindings } from './check';
import { emitYaml, UnwritableDocumentError, UnwritableStringError } from './emit';
import type { ObjectFinding, ResolvedObject } from './types';

/** Thrown when an app has error-severity findings; nothing has been written. */
export class SynthError extends Error {
  /** Every finding (errors and warnings), in object order. */
  public readonly findings: readonly ObjectFinding[];

  public constructor(findings: readonly ObjectFinding[]) {
    const errors = errorsOf(findings).length;
    super(`synthesis failed with ${errors} error${errors === 1 ? '' : 's'}:\n${formatObjectFindings(findings)}`);
    this.name = 'SynthError';
    this.findings = findings;
  }
}

/** The YAML of one chart; a string no reader could get back, or a document too deep, is an error of its object. */
export function emitChart(objects: readonly ResolvedObject[]): string {
  try {
    return emitYaml(objects.map((o) => o.manifest));
  } catch (err: unknown) {
    if (!(err instanceof UnwritableDocumentError)) throw err;
    const constructPath = objects[err.documentIndex]?.constructPath ?? '';
    if (err instanceof UnwritableStringError) {
      const detail = `holds a lone UTF-16 surrogate (${err.codeUnit}), which UTF-8 cannot encode; remove it or complete the pair`;
      throw new SynthError([{ constructPath, finding: invalid(err.field, err.value, detail, { rule: 'appsvc/unencodable-string' }) }]);
    }
    throw new SynthError([{ constructPath, finding: forbidden(err.field, err.detail, { rule: 'appsvc/unwritable-document' }) }]);
  }
}

/**
 * Checks objects already resolved (the Services of one chart named `stem`, rendered without a cdk8s
 * app) as synthesis checks an app's objects, and renders the chart's file (`<stem>.k8s.yaml`).
 * Loads no cdk8s: what the spec compiler uses for the Services it renders directly.
 *
 * @returns the file, and every finding (none of them an error)
 * @throws SynthError with every finding when any is an error
 */
export function synthObjects(stem: string, objects: readonly ResolvedObject[], options: CheckOptions = {}): { file: string; text: string; warnings: readonly ObjectFinding[] } {
  const findings = checkObjects(objects, options);
  if (errorsOf(findings).length > 0) throw new SynthError(findings);
  return { file: `${stem}.k8s.yaml`, text: emitChart(objects), warnings: findings };
}
