import type { Finding } from '../../src/validation/field-error';
import { validateService } from '../../src/validation/service';
import type { ValidateOptions } from '../../src/validation/options';

/** A JSON object in a test manifest. */
export type Obj = Record<string, unknown>;

/** A Service manifest as tests build and tweak it. */
export interface Svc {
  apiVersion?: unknown;
  kind?: unknown;
  metadata: Obj;
  spec: Obj & { ports: Obj[] };
  [k: string]: unknown;
}

/** The one valid Service every table case starts from. */
export function baseService(): Svc {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
}

/** The base Service with `tweak` applied. */
export function tweaked(tweak: (s: Svc) => void): Svc {
  const s = baseService();
  tweak(s);
  return s;
}

/** Short names of the error types. */
const SHORT: Record<string, string> = {
  FieldValueRequired: 'Required',
  FieldValueInvalid: 'Invalid',
  FieldValueNotSupported: 'NotSupported',
  FieldValueDuplicate: 'Duplicate',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'TooLong',
  FieldValueTooMany: 'TooMany',
  InternalError: 'InternalError',
};

/** `[type, field]` of each error-severity finding, in order. */
export function errorsOf(obj: unknown, options?: ValidateOptions): Array<[string, string]> {
  return validateService(obj, options)
    .filter((f: Finding) => f.severity === 'error')
    .map((f) => [SHORT[f.type] ?? f.type, f.field]);
}
