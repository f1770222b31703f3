import { boundedValue, isCutCopy } from './bounded-value';
import { FieldPath } from './field-path';

/**
 * The closed set of error types, spelled as the API server's `details.causes[].reason`.
 */
export const ERROR_TYPES = [
  'FieldValueRequired',
  'FieldValueInvalid',
  'FieldValueNotSupported',
  'FieldValueDuplicate',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'InternalError',
] as const;
/** One of {@link ERROR_TYPES}. */
export type ErrorType = (typeof ERROR_TYPES)[number];

/** Severities: errors make an object invalid; warnings (what the server accepts with a warning) never do. */
export const SEVERITIES = ['error', 'warning'] as const;
/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** One finding about one field of one object. Plain data: safe to serialise as JSON. */
export interface Finding {
  readonly severity: Severity;
  readonly type: ErrorType;
  /** Rendered field path, e.g. `spec.ports[1].targetPort`. */
  readonly field: string;
  /**
   * The offending value, when the error type carries one. A list or object too deep or too large
   * to print is shortened (see `boundedValue`): the part that is cut is written `…`.
   */
  readonly value?: unknown;
  /** The explanation, without the path and type prefix. */
  readonly detail: string;
  /** The whole line as the API server renders it: `<field>: <Type>: <value>: <detail>`. */
  readonly message: string;
  /** A stable rule id (e.g. `k8s/service-port-range`). */
  readonly rule?: string;
}

/** How the API server words each error type in messages. */
const TYPE_WORDS: Record<ErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
};

/** Error types whose message does not print the value (as in Go's `field.Error.ErrorBody`). */
const VALUELESS: ReadonlySet<ErrorType> = new Set<ErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

/**
 * Renders a value the way Go's `%q` / `%v` print it in `field.Error` messages; a list or object
 * too deep or too large to print is shortened first (see `boundedValue`). Never throws.
 */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const shown = boundedValue(value);
  if (typeof shown !== 'object' || shown === null) return renderValue(shown);
  if (!isCutCopy(shown)) return renderObject(shown);
  let text = renderings.get(shown);
  if (text === undefined) {
    text = renderObject(shown);
    renderings.set(shown, text);
  }
  return text;
}

/** Renderings of shortened copies (which never change): a copy shared by many findings is rendered once. */
const renderings = new WeakMap<object, string>();

function renderObject(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return typeof value;
    }
  }
}

/**
 * Renders `<field>: <Type words>[: <value>][: <detail>]` (without `<field>: ` for the empty path of
 * a whole object); `renderedValue` replaces {@link renderValue}'s rendering of `value`.
 */
export function renderMessage(type: ErrorType, field: string, value: unknown, detail: string, hasValue: boolean, renderedValue?: string): string {
  let body = TYPE_WORDS[type];
  if (!VALUELESS.has(type) && hasValue) body += `: ${renderedValue ?? renderValue(value)}`;
  if (detail.length > 0) body += `: ${detail}`;
  return field.length > 0 ? `${field}: ${body}` : body;
}

/** Options common to every finding constructor. */
export interface FindingOptions {
  readonly severity?: Severity;
  readonly rule?: string;
}

function make(type: ErrorType, path: FieldPath | string, given: unknown, hasValue: boolean, detail: string, opts: FindingOptions): Finding {
  const field = path.toString();
  const value = hasValue ? boundedValue(given) : undefined;
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    severity: opts.severity ?? 'error',
    type,
    field,
    detail,
    message: renderMessage(type, field, value, detail, hasValue),
  };
  if (hasValue) finding.value = value;
  if (opts.rule !== undefined) finding.rule = opts.rule;
  return finding;
}

/** `field.Required`: a value is needed and missing. */
export function required(path: FieldPath | string, detail = '', opts: FindingOptions = {}): Finding {
  return make('FieldValueRequired', path, undefined, false, detail, opts);
}

/** `field.Invalid`: the value is malformed. */
export function invalid(path: FieldPath | string, value: unknown, detail: string, opts: FindingOptions = {}): Finding {
  return make('FieldValueInvalid', path, value, true, detail, opts);
}

/** `field.NotSupported`: the value is not one of the listed ones. */
export function notSupported(path: FieldPath | string, value: unknown, supported: readonly string[], opts: FindingOptions = {}): Finding {
  const detail = supported.length > 0 ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '';
  return make('FieldValueNotSupported', path, value, true, detail, opts);
}

/** `field.Duplicate`: the value repeats one given earlier. */
export function duplicate(path: FieldPath | string, value: unknown, opts: FindingOptions = {}): Finding {
  return make('FieldValueDuplicate', path, value, true, '', opts);
}

/** `field.Forbidden`: the field may not be set here. */
export function forbidden(path: FieldPath | string, detail: string, opts: FindingOptions = {}): Finding {
  return make('FieldValueForbidden', path, undefined, false, detail, opts);
}

/** `field.TooLong`: the value is longer than allowed. */
export function tooLong(path: FieldPath | string, value: unknown, maxLength: number, opts: FindingOptions = {}): Finding {
  return make('FieldValueTooLong', path, value, true, `must have at most ${maxLength} bytes`, opts);
}

/** `field.TooMany`: the list has more items than allowed. */
export function tooMany(path: FieldPath | string, actual: number, max: number, opts: FindingOptions = {}): Finding {
  return make('FieldValueTooMany', path, actual, true, `must have at most ${max} items`, opts);
}

/** `field.InternalError`: what the server reports as HTTP 500. */
export function internalError(path: FieldPath | string, detail: string, opts: FindingOptions = {}): Finding {
  return make('InternalError', path, undefined, false, detail, opts);
}

/**
 * A warning as the API server words it in a `Warning` header, `<field>: <text>` (or
 * `<field> <text>` with `opts.separator: ' '`); severity `warning`, type `FieldValueInvalid`.
 */
export function warning(path: FieldPath | string, value: unknown, text: string, opts: { readonly rule: string; readonly separator?: string }): Finding {
  const field = path.toString();
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    severity: 'warning',
    type: 'FieldValueInvalid',
    field,
    detail: text,
    message: field.length > 0 ? `${field}${opts.separator ?? ': '}${text}` : text,
    rule: opts.rule,
  };
  if (value !== undefined) finding.value = boundedValue(value);
  return finding;
}

/** True when any finding has severity error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
