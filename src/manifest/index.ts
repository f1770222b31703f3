/**
 * Reading Kubernetes manifests as kubectl reads them: files, directories and stdin; YAML 1.1
 * scalars as go-yaml v2 resolves them; multi-document streams, JSON and `List` kinds; source lines
 * for every field; bounded work on hostile input.
 */
export { FieldLines, fieldSegments } from './field-lines';
export type { LineNode } from './field-lines';
export { decodeManifestText, formatSize } from './decode-text';
export type { DecodedText } from './decode-text';
export { MAX_INPUT_BYTES, MAX_MANIFEST_BYTES, MAX_NESTING_DEPTH } from './limits';
export { parseManifests } from './parse';
export { MANIFEST_RULES, manifestProblem, problemFinding, problemLocation } from './problems';
export type { ManifestProblem, ManifestRuleId } from './problems';
export { MANIFEST_EXTENSIONS, STDIN_ARG, readInputs } from './read';
export type { InputSource, ReadOptions } from './read';
export { CORE_TAGS, jsonKey, resolvePlainScalar, resolveTaggedScalar } from './scalar';
export type { CoreTag, ResolvedScalar, ScalarValue, TaggedScalar } from './scalar';
export type { DecodedObject, JsonObject, JsonValue, LocatedFinding, ManifestEntry, UndecodableDocument } from './types';
