/**
 * How each version words and renders errors whose rules did not change: the rules build findings
 * in one wording (1.28's texts, values rendered as JSON), and this pass rewrites them for the
 * chosen version. Warnings are built in their version's words already and are left alone.
 */
import { renderMessage, type Finding } from './field-error';
import type { VersionBehaviour } from './behaviour';

/** Rules whose messages come from the label key / value checks that 1.35 moved (and reworded). */
const LABEL_FORMAT_RULES: ReadonlySet<string> = new Set(['k8s/labels', 'k8s/selector', 'k8s/annotations', 'k8s/app-protocol', 'k8s/lb-class', 'k8s/finalizers']);

/** 1.34's owner reference messages. */
const SHORT_OWNER_REFERENCE: ReadonlyMap<string, string> = new Map([
  ['kind must not be empty', 'must not be empty'],
  ['name must not be empty', 'must not be empty'],
  ['uid must not be empty', 'must not be empty'],
]);

/** Go's `%q` of a string, close enough for what validation quotes (JSON escapes). */
function goQuote(s: unknown): string {
  return typeof s === 'string' ? JSON.stringify(s) : '""';
}

/** Go's `%#v` of the value types validation reports whole, before 1.34; `undefined` for the rest. */
function goSyntax(value: unknown, rule: string | undefined): string | undefined {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || v === null)) {
    return `[]string{${value.map(goQuote).join(', ')}}`;
  }
  if (rule === 'k8s/port-unique' && typeof value === 'object' && value !== null) {
    const p = value as Record<string, unknown>;
    return `core.ServicePort{Name:${goQuote(p['Name'])}, Protocol:${goQuote(p['Protocol'])}, AppProtocol:(*string)(nil), Port:${String(p['Port'])}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
  }
  return undefined;
}

function reword(f: Finding, behaviour: VersionBehaviour): string {
  let detail = f.detail;
  if (f.type === 'FieldValueTooLong' && behaviour.tooLongMayNot) detail = detail.replace(/^must have at most (\d+) bytes$/, 'may not be more than $1 bytes');
  if (behaviour.labelMessagesInBytes && f.rule !== undefined && LABEL_FORMAT_RULES.has(f.rule)) {
    detail = detail.replace(/must be no more than (\d+) characters/g, 'must be no more than $1 bytes').replace(/^a qualified name /, 'a valid label key ');
  }
  if (behaviour.shortOwnerReferenceMessages && f.rule === 'k8s/owner-references') detail = SHORT_OWNER_REFERENCE.get(detail) ?? detail;
  return detail;
}

/** The findings as `behaviour`'s version words and renders them (the same array when nothing changes). */
export function inVersionWords(findings: Finding[], behaviour: VersionBehaviour): Finding[] {
  return findings.map((f) => {
    if (f.severity === 'warning') return f;
    const detail = reword(f, behaviour);
    const go = behaviour.jsonValues || !('value' in f) ? undefined : goSyntax(f.value, f.rule);
    if (detail === f.detail && go === undefined) return f;
    return { ...f, detail, message: renderMessage(f.type, f.field, f.value, detail, 'value' in f, go) };
  });
}
