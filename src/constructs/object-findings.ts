import type { ApiObject } from 'cdk8s';
import type { Finding } from '../validation/field-error';

/**
 * Problems a construct knows about its API object that the manifest alone cannot show (a port
 * shorthand that did not parse, a target workload in another app). Synthesis reports them with
 * the validator's findings, under the same construct path.
 */
const producers = new WeakMap<ApiObject, Array<() => readonly Finding[]>>();
/** Whether anything was ever registered (most apps register nothing: lookups are skipped then). */
let anyRegistered = false;

/** Registers a producer of findings about `apiObject`; it is called at synthesis time. */
export function registerObjectFindings(apiObject: ApiObject, produce: () => readonly Finding[]): void {
  anyRegistered = true;
  const list = producers.get(apiObject);
  if (list === undefined) producers.set(apiObject, [produce]);
  else list.push(produce);
}

/**
 * An API object that knows its own problems and how findings about its manifest map to its own
 * terms, without registering producers (AppService's Service object is one).
 */
export interface ObjectFindingSource {
  /** Problems the object knows about that its manifest cannot show. */
  objectFindings(): Finding[];
  /** How findings about the manifest map to the object's own terms; `undefined` when they apply as they are. */
  findingMapper(): FindingMapper | undefined;
}

function isObjectFindingSource(x: object): x is ObjectFindingSource {
  const source = x as Partial<Record<keyof ObjectFindingSource, unknown>>;
  return typeof source.objectFindings === 'function' && typeof source.findingMapper === 'function';
}

/** Every finding about `apiObject`: its own (when it is an {@link ObjectFindingSource}), then the registered ones. */
export function objectFindings(apiObject: ApiObject): Finding[] {
  const own = isObjectFindingSource(apiObject) ? apiObject.objectFindings() : [];
  const list = anyRegistered ? producers.get(apiObject) : undefined;
  return list === undefined ? own : [...own, ...list.flatMap((produce) => produce())];
}

/**
 * Maps a finding about an object's rendered manifest to the construct's own terms, or drops it
 * (`undefined`) when it only restates a problem the construct reports itself. For example,
 * AppService leaves unparseable port shorthands out of the manifest, so `spec.ports[1]` of the
 * manifest may be port 2 of the user's list, and "spec.ports: Required value" may only mean that
 * the one port given did not parse.
 */
export type FindingMapper = (finding: Finding) => Finding | undefined;

const mappers = new WeakMap<ApiObject, FindingMapper>();

/** Registers how findings about `apiObject`'s manifest map to the construct's own terms. */
export function registerFindingMapper(apiObject: ApiObject, map: FindingMapper): void {
  anyRegistered = true;
  mappers.set(apiObject, map);
}

/** The finding mapper registered for `apiObject`, or the one it gives as an {@link ObjectFindingSource}, if any. */
export function findingMapper(apiObject: ApiObject): FindingMapper | undefined {
  return (anyRegistered ? mappers.get(apiObject) : undefined) ?? (isObjectFindingSource(apiObject) ? apiObject.findingMapper() : undefined);
}

/** `finding` reported at `field` instead, message included. */
export function withField(finding: Finding, field: string): Finding {
  if (field === finding.field) return finding;
  const message = finding.message.startsWith(finding.field) ? field + finding.message.slice(finding.field.length) : finding.message;
  return { ...finding, field, message };
}
