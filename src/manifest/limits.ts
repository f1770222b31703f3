/**
 * Limits that keep decoding fast and bounded on hostile or broken input. Real Kubernetes manifests
 * stay far below every one of them.
 */

/**
 * Largest input (one file, or stdin) that is decoded, in bytes: 8 MiB. Larger inputs are refused
 * before they are parsed (the API server itself takes at most 3 MiB per request).
 */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/**
 * Largest manifest input (one file, or stdin) that `appsvc validate` reads, in bytes: 64 MiB, room
 * for one file of 100,000 Services. Documents the fast reader cannot read are held to
 * {@link MAX_INPUT_BYTES} each, and a whole input read by the full YAML reader too.
 */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Deepest nesting of mappings and sequences accepted in one document. */
export const MAX_NESTING_DEPTH = 256;

/**
 * The share of decoded nodes that may come from alias expansion, as go-yaml v2 allows it: 99% up to
 * 400,000 decoded nodes, falling linearly to 10% at 4,000,000. Checked once more than 100 aliased
 * nodes and 1,000 nodes in all have been decoded.
 */
export function allowedAliasRatio(decodedNodes: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodedNodes <= low) return 0.99;
  if (decodedNodes >= high) return 0.1;
  return 0.99 - 0.89 * ((decodedNodes - low) / (high - low));
}

/** True when alias expansion has gone past {@link allowedAliasRatio}. */
export function aliasingExcessive(decodedNodes: number, aliasedNodes: number): boolean {
  return aliasedNodes > 100 && decodedNodes > 1000 && aliasedNodes / decodedNodes > allowedAliasRatio(decodedNodes);
}
