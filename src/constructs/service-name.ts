import { createHash } from 'crypto';
import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';

/** The longest Service name the API server accepts (a DNS-1035 label). */
export const MAX_SERVICE_NAME_LENGTH = 63;
/** Hex digits of the hash suffix. */
const HASH_LENGTH = 8;
/** Prefix used when a name would otherwise not start with a letter. */
const LETTER_PREFIX = 'svc';

/** True when `s` is a DNS-1035 label (`[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 characters): what a Service's `metadata.name` must be. */
export function isDns1035Label(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > MAX_SERVICE_NAME_LENGTH) return false;
  // Checked by hand: a name is checked once per Service, and a regular expression costs more.
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const lower = c >= 0x61 && c <= 0x7a;
    if (lower) continue;
    const digit = c >= 0x30 && c <= 0x39;
    if ((digit && i > 0) || (c === 0x2d && i > 0 && i < n - 1)) continue;
    return false;
  }
  return true;
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
  const below: string[] = [];
  let x: IConstruct | undefined = scope;
  for (; x !== undefined && !Chart.isChart(x); x = x.node.scope) below.push(x.node.id);
  if (x === undefined) Chart.of(scope); // throws cdk8s's "cannot find a parent chart"
  below.reverse();
  return serviceNameFromIds(below.length > 0 ? below : [scope.node.id], scope.node.path);
}

/** The characters the constructs library replaces with `--` in an id (path and address separators). */
const ID_SEPARATORS = /[/\n]/g;

/**
 * {@link generateServiceName} of a construct not defined yet: the one `id` will name in `scope`.
 * Outside a chart, the name comes from `id` alone (defining the API object reports the missing
 * chart).
 */
export function serviceNameFor(scope: IConstruct, id: string): string {
  // The common case: an id that is a name already, right below its chart.
  if (isDns1035Label(id) && Chart.isChart(scope)) return id;
  const ownId = id.replace(ID_SEPARATORS, '--');
  const below: string[] = [ownId];
  let x: IConstruct | undefined = scope;
  for (; x !== undefined && !Chart.isChart(x); x = x.node.scope) below.push(x.node.id);
  if (x === undefined) return serviceNameFromIds([ownId]);
  below.reverse();
  const parent = scope.node.path;
  return serviceNameFromIds(below, parent === '' ? ownId : `${parent}/${ownId}`);
}
