/**
 * Validation runs and their reports: `buildRun` joins parsing, the API server rules and the
 * cross-object checks; the renderers turn a run into text, JSON or SARIF. All pure.
 */
export { countFindings, displayFile, runOk } from './model';
export type { ObjectResult, ValidationRun } from './model';
export { buildRun } from './run';
export type { IndexedFinding, LintObjects, RunOptions, ValidateObject } from './run';
export { jsonReport, renderJson } from './json';
export type { JsonFinding, JsonReport, JsonResult } from './json';
export { RULE_COUNT_THRESHOLD, renderProblemLines, renderRuleCounts, renderSilenced, renderSummary, renderText, ruleId } from './text';
export { SARIF_SCHEMA, SARIF_VERSION, artifactUri, renderSarif, sarifLog, sarifRuleId } from './sarif';
export type { SarifLog, SarifOptions, SarifResult, SarifRule } from './sarif';
