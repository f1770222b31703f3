/**
 * Profiles: `kubernetes` is plain Kubernetes 1.28; `cce` adds the limits of Huawei Cloud CCE.
 */
import { invalid, notSupported, type Finding } from './field-error';
import { FieldPath } from './field-path';
import { byteLength } from './formats';
import { GENERATE_NAME_MAX_BASE, GENERATED_SUFFIX, type ServiceModel } from './model';
import { CCE_MAX_SERVICE_NAME_LENGTH } from './well-known';

export { CCE_MAX_SERVICE_NAME_LENGTH } from './well-known';
/** Port protocols CCE supports. */
export const CCE_PORT_PROTOCOLS = ['TCP', 'UDP'] as const;
const GENERATED_SUFFIX_LENGTH = GENERATED_SUFFIX.length;

/** The checks the `cce` profile adds to the Kubernetes rules. */
export function validateCCE(svc: ServiceModel, out: Finding[]): void {
  const meta = FieldPath.root('metadata');
  const { name, generateName, nameGenerated } = svc.meta;
  if (nameGenerated && generateName !== null) {
    const generated = Math.min(byteLength(generateName), GENERATE_NAME_MAX_BASE) + GENERATED_SUFFIX_LENGTH;
    if (generated > CCE_MAX_SERVICE_NAME_LENGTH) {
      out.push(
        invalid(
          meta.child('generateName'),
          generateName,
          `generated names would have ${generated} characters; CCE allows at most ${CCE_MAX_SERVICE_NAME_LENGTH} (use at most ${CCE_MAX_SERVICE_NAME_LENGTH - GENERATED_SUFFIX_LENGTH} characters)`,
          { rule: 'cce/service-name-length' },
        ),
      );
    }
  } else if (name !== null && byteLength(name) > CCE_MAX_SERVICE_NAME_LENGTH) {
    out.push(invalid(meta.child('name'), name, `must be no more than ${CCE_MAX_SERVICE_NAME_LENGTH} characters on CCE`, { rule: 'cce/service-name-length' }));
  }
  const ports = FieldPath.root('spec').child('ports');
  svc.ports?.forEach((p, i) => {
    if (p !== null && p.protocol === 'SCTP') out.push(notSupported(ports.index(i).child('protocol'), p.protocol, CCE_PORT_PROTOCOLS, { rule: 'cce/port-protocol' }));
  });
}
