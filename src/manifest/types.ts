import type { Finding } from '../validation/field-error';
import type { FieldLines } from './field-lines';
import type { ManifestProblem } from './problems';

/** A JSON value, as a decoded manifest holds it. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** A finding with the source line it points at, when known. */
export interface LocatedFinding {
  readonly finding: Finding;
  /** 1-based line in the file. */
  readonly line?: number;
}

/** A document (or an item of a `List`) decoded into an object. */
export interface DecodedObject {
  readonly outcome: 'object';
  /** 0-based position of the object among the objects of its file. */
  readonly index: number;
  /** The object, as kubectl would send it (JSON values only). */
  readonly object: JsonObject;
  /** Source lines of the object and its fields. */
  readonly lines: FieldLines;
  /** Findings about the source itself: duplicate keys, missing `apiVersion` or `kind`. */
  readonly findings: readonly LocatedFinding[];
}

/** A document that could not be decoded into an object. */
export interface UndecodableDocument {
  readonly outcome: 'problem';
  /** 0-based position among the objects of its file (the object this document would have been). */
  readonly index: number;
  readonly problem: ManifestProblem;
}

/** What one document (or `List` item) of a file turned into. */
export type ManifestEntry = DecodedObject | UndecodableDocument;
