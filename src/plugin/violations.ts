import type { Finding } from '../validation/field-error';
import { LINT_RULES } from '../lint/rules';
import { SERVICE_RULES } from '../validation/rules';
import type { ManifestDocument, ManifestProblem } from './read-manifests';
import type { ViolatingResource, Violation } from './contract';

/** A finding about one decoded document. */
export interface DocumentFinding {
  readonly document: ManifestDocument;
  readonly finding: Finding;
}

/** Rule name of findings about manifests that could not be read. */
export const UNREADABLE_RULE = 'appsvc/manifest-unreadable';

/** Rule name of Service findings that carry no rule id of their own. */
export const SERVICE_RULE_FALLBACK = 'k8s/service';

const SERVICE_RECOMMENDATION = 'The Kubernetes API server of the chosen version would reject this Service.';

/** The recommendation for a Service validator rule: what it checks, and why it matters. */
function serviceRecommendation(rule: string): string {
  const info = SERVICE_RULES.find((r) => r.id === rule);
  if (info === undefined) return SERVICE_RECOMMENDATION;
  const what = info.description.charAt(0).toUpperCase() + info.description.slice(1);
  if (info.profile !== 'kubernetes') return `${what} (profile ${info.profile}).`;
  return info.description.startsWith('warning:') ? `${what}.` : `${what}; ${SERVICE_RECOMMENDATION.charAt(0).toLowerCase()}${SERVICE_RECOMMENDATION.slice(1, -1)} otherwise.`;
}
const SERVICE_FIX = 'Correct each field listed under Locations; `npx appsvc validate FILE` prints the same findings for a manifest file.';

/**
 * Groups findings into cdk8s-cli violations: one per rule (in order of first occurrence), and in it
 * one violating resource per object, with one location line per finding:
 * `Service default/web: spec.ports[0].targetPort: Invalid value: ...` (warnings start `warning: `).
 *
 * The resource name is `metadata.name`, which cdk8s-cli maps to the construct path; cdk8s records
 * construct paths by name only, so when several objects of the app share a name the resource name
 * is `Kind/name` instead (no construct path rather than a wrong one).
 */
export function buildViolations(findings: readonly DocumentFinding[], all: readonly ManifestDocument[], problems: readonly ManifestProblem[] = []): Violation[] {
  const nameCounts = new Map<string, number>();
  for (const d of all) {
    const name = identity(d.object).name;
    nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
  }
  const byRule = new Map<string, Map<ManifestDocument, string[]>>();
  for (const { document, finding } of findings) {
    const rule = finding.rule ?? SERVICE_RULE_FALLBACK;
    let resources = byRule.get(rule);
    if (resources === undefined) byRule.set(rule, (resources = new Map()));
    let lines = resources.get(document);
    if (lines === undefined) resources.set(document, (lines = []));
    const id = identity(document.object);
    lines.push(`${finding.severity === 'warning' ? 'warning: ' : ''}${id.kind} ${id.namespace}/${id.name}: ${finding.message}`);
  }
  const out: Violation[] = [];
  for (const [rule, resources] of byRule) {
    const lint = LINT_RULES.find((r) => r.id === rule);
    const violatingResources: ViolatingResource[] = [...resources].map(([document, locations]) => {
      const id = identity(document.object);
      const unique = (nameCounts.get(id.name) ?? 0) <= 1;
      return { resourceName: unique ? id.name : `${id.kind}/${id.name}`, locations, manifestPath: document.manifestPath };
    });
    out.push({
      ruleName: rule,
      recommendation: lint === undefined ? serviceRecommendation(rule) : lint.description,
      fix: lint === undefined ? SERVICE_FIX : lint.fix,
      violatingResources,
    });
  }
  if (problems.length > 0) {
    out.push({
      ruleName: UNREADABLE_RULE,
      recommendation: 'Every synthesized manifest must be readable YAML.',
      fix: 'Check the app output; the location gives the parser message.',
      violatingResources: problems.map((p) => ({ resourceName: '', locations: [p.message], manifestPath: p.manifestPath })),
    });
  }
  return out;
}

/** Kind, namespace and name of a decoded object, for messages (`?` where missing). */
function identity(obj: unknown): { kind: string; namespace: string; name: string } {
  const o = typeof obj === 'object' && obj !== null && !Array.isArray(obj) ? (obj as Record<string, unknown>) : {};
  const m = o['metadata'];
  const meta = typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as Record<string, unknown>) : {};
  const str = (v: unknown, dflt: string): string => (typeof v === 'string' && v !== '' ? v : dflt);
  return { kind: str(o['kind'], '?'), namespace: str(meta['namespace'], 'default'), name: str(meta['name'], '?') };
}
