/** Longest IANA service name. */
export const MAX_PORT_NAME_LENGTH = 15;

/**
 * Why `name` is not an IANA service name (Kubernetes' `IsValidPortName`), as the API server words
 * it; empty when it is one.
 */
export function portNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > MAX_PORT_NAME_LENGTH) errs.push(`must be no more than ${MAX_PORT_NAME_LENGTH} characters`);
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}
