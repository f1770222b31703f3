/**
 * The cdk8s-cli validation plugin. A `cdk8s.yaml` names it as
 * `package: ./node_modules/appsvc/lib/src/plugin` (or `./node_modules/appsvc` through the
 * package's main entry), `class: AppsvcValidation`.
 */
export { AppsvcValidation } from './validation';
export type { AppsvcValidationProps } from './validation';
export type { Context, Plugin, Report, ReportStatus, Violation, ViolatingResource } from './contract';
