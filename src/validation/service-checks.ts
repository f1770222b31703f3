/**
 * The full validation of a `v1/Service`, step by step (see `validateService` in `service.ts`, which
 * loads this module only for a Service its one-pass check does not recognise as valid).
 */
import { checkNodePortAllocation } from './allocator';
import { behaviourOf, type VersionBehaviour } from './behaviour';
import { withCutValuesShared } from './bounded-value';
import { inVersionWords } from './dialect';
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
 * Every step of `validateService`, without the one-pass recognition of a Service nothing is wrong
 * with: the same findings, always computed in full.
 */
export function runServiceChecks(obj: unknown, options: ValidateOptions = {}): Finding[] {
  const behaviour = behaviourOf(options);
  return withCutValuesShared(() => checkService(obj, options, behaviour));
}

function checkService(obj: unknown, options: ValidateOptions, behaviour: VersionBehaviour): Finding[] {
  const out = checkServiceSchema(obj, behaviour.minor);
  const mode = options.reporting ?? 'default';
  const server = mode === 'server';
  if (!isPlainObject(obj) || (server && hasErrors(out))) return out;
  const svc = decodeService(obj, behaviour);

  // The REST layer's steps. A step that fails ends the run in `server` mode; in `default` mode
  // only node port allocation does (see above).
  let mark = out.length;
  const stepFailed = (stops: boolean): boolean => {
    const failed = stops && out.length > mark;
    mark = out.length;
    return failed;
  };
  const lists = validateClusterIPsRelatedFields(svc, behaviour.strictIPCIDR, out);
  if (stepFailed(server)) return inVersionWords(out, behaviour);
  validateSingleStack(svc, lists, out);
  if (stepFailed(server)) return inVersionWords(out, behaviour);
  const allocated = checkNodePortAllocation(svc, options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE, mode !== 'all', out);
  if (stepFailed(mode !== 'all')) return inVersionWords(out, behaviour);

  validateServiceFields(svc, allocated, behaviour, out);

  if (options.profile === 'cce') validateCCE(svc, out);
  collectWarnings(svc, behaviour, out);
  return inVersionWords(out, behaviour);
}
