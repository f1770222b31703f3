/**
 * Validation of a `v1/Service` as a Kubernetes 1.28 API server applies it on create.
 */
import { checkNodePortAllocation } from './allocator';
import { validateClusterIPsRelatedFields, validateSingleStack } from './cluster-ips';
import { hasErrors, type Finding } from './field-error';
import { isPlainObject } from './json';
import { decodeService } from './model';
import { DEFAULT_NODE_PORT_RANGE, type ValidateOptions } from './options';
import { validateCCE } from './profiles';
import { checkServiceSchema } from './schema';
import { validateServiceFields } from './service-rules';
import { collectWarnings } from './warnings';

/**
 * Validates a decoded `v1/Service` (any value: what `JSON.parse` or a YAML parser returns) the way
 * a Kubernetes 1.28 API server handles `POST /api/v1/namespaces/{ns}/services`, and returns every
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
 * Pure: never throws and never modifies `obj`.
 */
export function validateService(obj: unknown, options: ValidateOptions = {}): Finding[] {
  const out = checkServiceSchema(obj);
  const mode = options.reporting ?? 'default';
  const server = mode === 'server';
  if (!isPlainObject(obj) || (server && hasErrors(out))) return out;
  const svc = decodeService(obj);

  // The REST layer's steps. A step that fails ends the run in `server` mode; in `default` mode
  // only node port allocation does (see above).
  let mark = out.length;
  const stepFailed = (stops: boolean): boolean => {
    const failed = stops && out.length > mark;
    mark = out.length;
    return failed;
  };
  const lists = validateClusterIPsRelatedFields(svc, out);
  if (stepFailed(server)) return out;
  validateSingleStack(svc, lists, out);
  if (stepFailed(server)) return out;
  const allocated = checkNodePortAllocation(svc, options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE, mode !== 'all', out);
  if (stepFailed(mode !== 'all')) return out;

  validateServiceFields(svc, allocated, out);

  if (options.profile === 'cce') validateCCE(svc, out);
  collectWarnings(svc, out);
  return out;
}
