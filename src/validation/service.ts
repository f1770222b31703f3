/**
 * Validation of a `v1/Service` as the API server of the chosen Kubernetes version (1.28 by default)
 * applies it on create.
 */
import { isCertainlyValidService } from './certainly-valid';
import type { Finding } from './field-error';
import type { ValidateOptions } from './options';
import type * as ServiceChecks from './service-checks';

let serviceChecks: typeof ServiceChecks | undefined;

/** The step-by-step validator, loaded on first use: most Services never need it. */
function checks(): typeof ServiceChecks {
  serviceChecks ??= require('./service-checks') as typeof ServiceChecks;
  return serviceChecks;
}

/**
 * Validates a decoded `v1/Service` (any value: what `JSON.parse` or a YAML parser returns) the way
 * the chosen Kubernetes version's API server (1.28 by default) handles `POST /api/v1/namespaces/{ns}/services`, and returns every
 * finding: errors for what the server rejects, warnings for what it accepts with a warning.
 *
 * Order, as in the server: structural checks (unknown fields, removed fields, JSON types, as with
 * kubectl's strict field validation); defaulting (`SetDefaults_Service`) and the REST layer's
 * normalization (`clusterIPs` from `clusterIP`, `ipFamilyPolicy`); the REST layer's checks
 * (`ValidateServiceClusterIPsRelatedFields`, SingleStack with two IPs or families, nodePort and
 * healthCheckNodePort allocation against `options.nodePortRange`); then `ValidateService`; then the
 * profile's extra rules; then warnings. Checks that depend on cluster state (Service CIDR, ports
 * used by other Services, configured IP families) are not made, nor checks that defaulting makes
 * unreachable.
 *
 * One deliberate difference: the server stops at the first failing step of its REST layer and
 * reports only that step's errors. Where that step is about cluster IPs (a bad `clusterIP`,
 * mismatched `clusterIPs`, unknown IP families, SingleStack with two families), this function
 * reports those errors together with all the others, so one run shows everything to fix. Likewise
 * a field with the wrong JSON type, which makes the server reject the request before anything
 * else, is reported and then skipped, together with the checks that depend on it, while every
 * other check still runs. Node port allocation is as in the server: only its first failure is
 * reported, and it hides the validation errors. `options.reporting` chooses `server` (exactly the
 * server's answer) or `all` (every failure of every step) instead.
 *
 * The everyday Service that nothing is wrong with is recognised in one pass
 * (`isCertainlyValidService`) without running each step; anything else runs them all.
 *
 * Pure: never throws and never modifies `obj`.
 */
export function validateService(obj: unknown, options: ValidateOptions = {}): Finding[] {
  return isCertainlyValidService(obj, options) ? [] : checks().runServiceChecks(obj, options);
}

/**
 * Every step of {@link validateService}, without the one-pass recognition of a Service nothing is
 * wrong with: the same findings, always computed in full.
 */
export function runServiceChecks(obj: unknown, options: ValidateOptions = {}): Finding[] {
  return checks().runServiceChecks(obj, options);
}
