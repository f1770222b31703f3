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

/** The smallest int32. */
export const INT32_MIN = -2147483648;
/** The largest int32. */
export const INT32_MAX = 2147483647;
const INT64_LIMIT = 9223372036854775807;

/** True for an integer in the int32 range (what Go decodes into an `int32` field). */
export function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
}

/** True for an integer Go can decode into an `int64` field. */
export function isInt64(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT64_LIMIT;
}
