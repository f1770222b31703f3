import { pathToFileURL } from 'node:url';
import type { Finding } from '../validation/field-error';
import type { ValidationRun } from './model';

/** The SARIF version written, and the schema that describes it. */
export const SARIF_VERSION = '2.1.0';
/** The SARIF 2.1.0 JSON schema. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /** `tool.driver.version`: the appsvc version. */
  readonly toolVersion: string;
  /**
   * `tool.driver.informationUri`.
   * @default - not written
   */
  readonly informationUri?: string;
  /**
   * One-sentence descriptions of rules by id (`shortDescription` of each rule).
   * @default - a description derived from the rule id
   */
  readonly ruleDescriptions?: ReadonlyMap<string, string>;
}

/** A SARIF `reportingDescriptor` (a rule). */
export interface SarifRule {
  readonly id: string;
  readonly shortDescription: { readonly text: string };
}

/** A SARIF `result`. */
export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: 'error' | 'warning';
  readonly message: { readonly text: string };
  readonly locations: ReadonlyArray<{
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string };
      readonly region?: { readonly startLine: number; readonly startColumn?: number };
    };
  }>;
}

/** A SARIF 2.1.0 log with one run. */
export interface SarifLog {
  readonly $schema: string;
  readonly version: string;
  readonly runs: ReadonlyArray<{
    readonly tool: {
      readonly driver: {
        readonly name: string;
        readonly version: string;
        readonly informationUri?: string;
        readonly rules: readonly SarifRule[];
      };
    };
    readonly results: readonly SarifResult[];
  }>;
}

/** The id a finding is reported under: its rule, or `k8s/<type>` for a finding without one. */
export function sarifRuleId(finding: Finding): string {
  return finding.rule ?? `k8s/${finding.type}`;
}

/**
 * The artifact URI of a file as given: a relative path with `/` separators and without a leading
 * `./` (relative to the directory appsvc ran in, which is what code scanning expects), `file://`
 * for an absolute path, `stdin` for `-`.
 */
export function artifactUri(file: string): string {
  if (file === '-') return 'stdin';
  const posix = file.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[A-Za-z]:\//.test(posix)) return pathToFileURL(file).href;
  return encodeURI(posix.replace(/^(\.\/)+/, ''));
}

/** The SARIF log of a run, as plain data. */
export function sarifLog(run: ValidationRun, options: SarifOptions): SarifLog {
  const ruleIds: string[] = [];
  for (const r of run.results) for (const { finding } of r.findings) if (!ruleIds.includes(sarifRuleId(finding))) ruleIds.push(sarifRuleId(finding));
  ruleIds.sort();
  const rules: SarifRule[] = ruleIds.map((id) => ({ id, shortDescription: { text: options.ruleDescriptions?.get(id) ?? defaultDescription(id) } }));
  const results: SarifResult[] = [];
  for (const r of run.results) {
    const subject = r.problem === undefined ? `${r.kind ?? 'object'} ${JSON.stringify(r.name ?? '')}: ` : '';
    for (const { finding, line } of r.findings) {
      const ruleId = sarifRuleId(finding);
      const startLine = line ?? r.line;
      const startColumn = r.problem !== undefined && r.problem.line !== undefined ? r.problem.column : undefined;
      const region = startLine === undefined ? undefined : startColumn === undefined ? { startLine } : { startLine, startColumn };
      results.push({
        ruleId,
        ruleIndex: ruleIds.indexOf(ruleId),
        level: finding.severity,
        message: { text: `${subject}${finding.message}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(r.file) }, ...(region === undefined ? {} : { region }) } }],
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'appsvc',
            version: options.toolVersion,
            ...(options.informationUri === undefined ? {} : { informationUri: options.informationUri }),
            rules,
          },
        },
        results,
      },
    ],
  };
}

function defaultDescription(id: string): string {
  return id.startsWith('k8s/') ? `Kubernetes API server validation (${id.slice('k8s/'.length)}).` : `appsvc rule ${id}.`;
}

/** Renders the SARIF 2.1.0 log of a run, indented by two spaces, with a final newline. */
export function renderSarif(run: ValidationRun, options: SarifOptions): string {
  return `${JSON.stringify(sarifLog(run, options), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}
