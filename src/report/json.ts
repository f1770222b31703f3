import type { Finding } from '../validation/field-error';
import { type ValidationRun, runOk } from './model';

/** One finding as the `-o json` report prints it. */
export interface JsonFinding {
  readonly severity: Finding['severity'];
  readonly type: Finding['type'];
  readonly field: string;
  readonly value?: unknown;
  readonly detail: string;
  readonly message: string;
  readonly rule?: string;
}

/** One result as the `-o json` report prints it. */
export interface JsonResult {
  readonly file: string;
  readonly index: number;
  readonly apiVersion: string | null;
  readonly kind: string | null;
  readonly namespace: string | null;
  readonly name: string | null;
  readonly errors: readonly JsonFinding[];
}

/** The `-o json` report. */
export interface JsonReport {
  readonly ok: boolean;
  readonly results: readonly JsonResult[];
}

/** The `-o json` document of a run, as plain data (keys in contract order). */
export function jsonReport(run: ValidationRun): JsonReport {
  return {
    ok: runOk(run),
    results: run.results.map((r) => ({
      file: r.file,
      index: r.index,
      apiVersion: r.apiVersion,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      errors: r.findings.map(({ finding }) => jsonFinding(finding)),
    })),
  };
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    severity: f.severity,
    type: f.type,
    field: f.field,
    ...(f.value === undefined ? {} : { value: f.value }),
    detail: f.detail,
    message: f.message,
    ...(f.rule === undefined ? {} : { rule: f.rule }),
  };
}

/**
 * Renders the `-o json` report: `{"ok", "results": [{"file", "index", "apiVersion", "kind",
 * "namespace", "name", "errors": [{"severity", "type", "field", "value"?, "detail", "message",
 * "rule"?}]}]}`, indented by two spaces, with a final newline.
 */
export function renderJson(run: ValidationRun): string {
  return `${JSON.stringify(jsonReport(run), jsonSafe, 2)}\n`;
}

/** Keeps every value printable: big integers as strings (JSON.stringify turns NaN and infinities into null). */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
