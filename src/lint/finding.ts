import type { FieldPath } from '../validation/field-path';
import type { ErrorType, Finding, Severity } from '../validation/field-error';
import { lintRule, type LintRuleId } from './rules';

/**
 * A finding of appsvc's own (not the API server's), worded as such: `<field>: <detail>`, without
 * the server's "Invalid value" phrasing. `type` keeps the closest cause reason for the JSON report;
 * the severity is the rule's unless given.
 */
export function ownFinding(rule: LintRuleId, path: FieldPath, value: unknown, detail: string, options: { readonly type?: ErrorType; readonly severity?: Severity } = {}): Finding {
  const field = path.toString();
  return {
    severity: options.severity ?? lintRule(rule).severity,
    type: options.type ?? 'FieldValueInvalid',
    field,
    value,
    detail,
    message: `${field}: ${detail}`,
    rule,
  };
}
