import type { Finding } from './field-error';
import type { ValidateOptions } from './options';
import { validateService } from './service';

/** True when `obj` is an object whose `apiVersion` is `v1` and `kind` is `Service`. */
export function isService(obj: unknown): boolean {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return false;
  const o = obj as Record<string, unknown>;
  return o['apiVersion'] === 'v1' && o['kind'] === 'Service';
}

/**
 * Validates any decoded manifest: a v1 Service is checked by {@link validateService}; every other
 * kind passes through without findings.
 */
export function validateManifest(obj: unknown, options: ValidateOptions = {}): Finding[] {
  return isService(obj) ? validateService(obj, options) : [];
}
