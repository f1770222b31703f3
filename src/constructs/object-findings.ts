import type { ApiObject } from 'cdk8s';
import type { Finding } from '../validation/field-error';

/*
 * Problems a construct knows about its API object that the manifest alone cannot show (a port
 * shorthand that did not parse, a target workload in another app), and how findings about the
 * manifest map to the construct's own terms. Synthesis reports them with the validator's findings,
 * under the same construct path.
 */

/** The key of an API object's method that returns the problems it knows about (see {@link ObjectFindingSource}). */
export const OWN_FINDINGS: unique symbol = Symbol.for('appsvc.ownFindings');
/** The key of an API object's method that returns its finding mapper (see {@link ObjectFindingSource}). */
export const FINDING_MAPPER: unique symbol = Symbol.for('appsvc.findingMapper');

/**
 * An API object that knows its own problems and how findings about its manifest map to its own
 * terms (AppService is one). The methods are keyed by symbols, so they are no part of the
 * object's named API.
 */
export interface ObjectFindingSource {
  /** Problems the object knows about that its manifest cannot show. */
  [OWN_FINDINGS](): readonly Finding[];
  /** How findings about the manifest map to the object's own terms; `undefined` when they apply as they are. */
  [FINDING_MAPPER](): FindingMapper | undefined;
}

function isObjectFindingSource(x: object): x is ObjectFindingSource {
  const source = x as Partial<Record<keyof ObjectFindingSource, unknown>>;
  return typeof source[OWN_FINDINGS] === 'function' && typeof source[FINDING_MAPPER] === 'function';
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** The findings `apiObject` knows about itself (when it is an {@link ObjectFindingSource}). */
export function objectFindings(apiObject: ApiObject): readonly Finding[] {
  return isObjectFindingSource(apiObject) ? apiObject[OWN_FINDINGS]() : NO_FINDINGS;
}

/**
 * Maps a finding about an object's rendered manifest to the construct's own terms, or drops it
 * (`undefined`) when it only restates a problem the construct reports itself. For example,
 * AppService leaves unparseable port shorthands out of the manifest, so `spec.ports[1]` of the
 * manifest may be port 2 of the user's list, and "spec.ports: Required value" may only mean that
 * the one port given did not parse.
 */
export type FindingMapper = (finding: Finding) => Finding | undefined;

/** The finding mapper `apiObject` gives as an {@link ObjectFindingSource}, if any. */
export function findingMapper(apiObject: ApiObject): FindingMapper | undefined {
  return isObjectFindingSource(apiObject) ? apiObject[FINDING_MAPPER]() : undefined;
}

/** `finding` reported at `field` instead, message included. */
export function withField(finding: Finding, field: string): Finding {
  if (field === finding.field) return finding;
  const message = finding.message.startsWith(finding.field) ? field + finding.message.slice(finding.field.length) : finding.message;
  return { ...finding, field, message };
}
