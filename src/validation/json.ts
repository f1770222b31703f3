/** Type guards for decoded JSON/YAML values. */

/** A JSON object: not `null`, not an array. */
export type JsonObject = Record<string, unknown>;

/** True for an object that is not `null` and not an array (what a JSON object decodes to). */
export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object's own enumerable keys, in insertion order. */
export function ownKeys(o: JsonObject): string[] {
  return Object.keys(o);
}

/** The value of an own property, ignoring anything inherited (`toString`, `__proto__`, ...). */
export function own(o: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}
