import { createHash } from 'crypto';
import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';

/** The longest Service name the API server accepts (a DNS-1035 label). */
export const MAX_SERVICE_NAME_LENGTH = 63;
/** Hex digits of the hash suffix. */
const HASH_LENGTH = 8;
/** Prefix used when a name would otherwise not start with a letter. */
const LETTER_PREFIX = 'svc';

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** True when `s` is a DNS-1035 label: what a Service's `metadata.name` must be. */
export function isDns1035Label(s: string): boolean {
  return s.length <= MAX_SERVICE_NAME_LENGTH && DNS_1035_LABEL.test(s);
}

/**
 * Derives a Service name, a DNS-1035 label, from construct ids.
 *
 * The ids are joined with "-". When the result already is a DNS-1035 label it is the name.
 * Otherwise it is lowercased, every run of characters other than `a-z`, `0-9` becomes one "-",
 * "svc-" is put in front when it does not start with a letter, it is cut to fit, and a stable
 * hash of `hashInput` (8 hex digits) is appended, so different ids that normalise alike still get
 * different names. Deterministic: the same ids give the same name.
 *
 * @param ids the construct ids, outermost first
 * @param hashInput what the hash suffix is computed from; defaults to the ids joined with "/"
 */
export function serviceNameFromIds(ids: readonly string[], hashInput: string = ids.join('/')): string {
  const joined = ids.join('-');
  if (isDns1035Label(joined)) return joined;

  let base = joined
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(base)) base = base.length > 0 ? `${LETTER_PREFIX}-${base}` : LETTER_PREFIX;
  const hash = createHash('sha256').update(hashInput).digest('hex').slice(0, HASH_LENGTH);
  base = base.slice(0, MAX_SERVICE_NAME_LENGTH - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${base}-${hash}`;
}

/**
 * The Service name generated for a construct: from the ids of the construct path below its chart
 * (for `new AppService(chart, 'api')`, the name is "api"), hashed over the full construct path
 * when the ids had to be altered, so it is unique within the app.
 */
export function generateServiceName(scope: IConstruct): string {
  const chart = Chart.of(scope);
  const below = scope.node.scopes.slice(chart.node.scopes.length).map((c) => c.node.id);
  return serviceNameFromIds(below.length > 0 ? below : [scope.node.id], scope.node.path);
}
