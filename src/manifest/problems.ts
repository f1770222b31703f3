import type { Finding } from '../validation/field-error';

/**
 * Rules about the input itself (as opposed to the rules of the API server): each problem that stops
 * a file or a document from being read as a Kubernetes object carries one of these ids.
 */
export const MANIFEST_RULES = [
  {
    id: 'manifest/unreadable',
    description: 'The input could not be read: the file or directory does not exist or cannot be opened.',
  },
  {
    id: 'manifest/no-manifests',
    description: 'A directory holds no .yaml, .yml or .json file.',
  },
  {
    id: 'manifest/no-objects',
    description: 'A file holds no Kubernetes object (it is empty, or only comments and document separators).',
  },
  {
    id: 'manifest/too-large',
    description: 'The input is larger than the size appsvc decodes.',
  },
  {
    id: 'manifest/encoding',
    description: 'The input is not UTF-8 text: binary data, invalid UTF-8, UTF-16, or control characters YAML does not allow.',
  },
  {
    id: 'manifest/syntax',
    description: 'The input is not well-formed YAML or JSON.',
  },
  {
    id: 'manifest/too-deep',
    description: 'A document nests mappings and sequences deeper than appsvc decodes.',
  },
  {
    id: 'manifest/excessive-aliasing',
    description: 'A document expands YAML aliases far beyond its own size (an alias bomb).',
  },
  {
    id: 'manifest/unsupported-value',
    description: 'A document holds a value JSON cannot carry (a non-scalar or null mapping key, infinity, NaN, a value that does not match its tag, or an unknown alias).',
  },
  {
    id: 'manifest/not-an-object',
    description: 'A document is a list or a scalar, not a Kubernetes object.',
  },
  {
    id: 'manifest/duplicate-key',
    description: 'A mapping sets the same key twice: kubectl keeps the last value silently (a warning).',
  },
  {
    id: 'manifest/type-meta',
    description: 'An object lacks a string apiVersion or kind.',
  },
] as const;

/** The id of one of {@link MANIFEST_RULES}. */
export type ManifestRuleId = (typeof MANIFEST_RULES)[number]['id'];

/** A problem that stops a file or a document from being read as a Kubernetes object. */
export interface ManifestProblem {
  /** Which rule the problem breaks. */
  readonly rule: ManifestRuleId;
  /** What is wrong, in one sentence without the file name, e.g. `Missing closing "quote`. */
  readonly message: string;
  /** 1-based line of the problem, when known. */
  readonly line?: number;
  /** 1-based column of the problem, when known. */
  readonly column?: number;
}

/** A new problem; `line` and `column` are kept only when known. */
export function manifestProblem(rule: ManifestRuleId, message: string, line?: number, column?: number): ManifestProblem {
  const problem: { -readonly [K in keyof ManifestProblem]: ManifestProblem[K] } = { rule, message };
  if (line !== undefined) problem.line = line;
  if (line !== undefined && column !== undefined) problem.column = column;
  return problem;
}

/** `line 3, column 5: ` (or `line 3: `, or nothing) for a problem. */
export function problemLocation(problem: ManifestProblem): string {
  if (problem.line === undefined) return '';
  return problem.column === undefined ? `line ${problem.line}: ` : `line ${problem.line}, column ${problem.column}: `;
}

/**
 * The finding that stands for a problem in a report. The problem concerns the document (or file)
 * as a whole, so `field` is empty; `type` is `FieldValueInvalid`; `detail` is the bare message and
 * `message` adds the line and column when known.
 */
export function problemFinding(problem: ManifestProblem): Finding {
  return {
    severity: 'error',
    type: 'FieldValueInvalid',
    field: '',
    detail: problem.message,
    message: `${problemLocation(problem)}${problem.message}`,
    rule: problem.rule,
  };
}
