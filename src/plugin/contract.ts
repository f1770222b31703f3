/**
 * The part of the cdk8s-cli validation plugin contract (`cdk8s-cli/lib/plugins/validation`) this
 * package uses, written out structurally so that nothing here loads cdk8s-cli.
 */

/** A resource that violates a rule: its name, where in it, and which manifest holds it. */
export interface ViolatingResource {
  /** `metadata.name`: cdk8s-cli looks the construct path up by it. */
  readonly resourceName: string;
  /** One line per finding. */
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

/** A violated rule with every resource that violates it. */
export interface Violation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly ViolatingResource[];
}

/** The status a report is submitted with. */
export type ReportStatus = 'success' | 'failure';

/** The report a plugin fills in (`context.report`). */
export interface Report {
  addViolation(violation: Violation): void;
  submit(status: ReportStatus, metadata?: { readonly [key: string]: string }): void;
}

/** What cdk8s-cli hands to `validate` (`ValidationContext`). */
export interface Context {
  /** Paths of the manifests the app synthesized. */
  readonly manifests: readonly string[];
  /** True when `cdk8s synth` runs with `--stdout`. */
  readonly stdout?: boolean | undefined;
  readonly report: Report;
}

/** A cdk8s-cli validation plugin (`Validation`). */
export interface Plugin {
  validate(context: Context): Promise<void>;
}
