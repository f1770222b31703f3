/**
 * What the API server accepts with a `Warning` header (`GetWarningsForService`): the deprecated
 * topology annotation and IPs that are not in strict or canonical form. Warnings never make a
 * Service invalid.
 */
import { invalid, type Finding } from './field-error';
import { FieldPath } from './field-path';
import { checkIPStrictness, parseCIDRSloppy, parseIPSloppy } from './ip';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE, findEntry } from './metadata';
import type { ServiceModel } from './model';

const SPEC = FieldPath.root('spec');
const WARNING = { severity: 'warning', rule: 'k8s/non-canonical-ip' } as const;
const FUTURE = 'IP address was accepted, but will be invalid in a future Kubernetes release';

/** `getWarningsForIP`; `warnUnparsable` for fields that are not validated (loadBalancerIP). */
function warnIP(path: FieldPath, value: string, warnUnparsable: boolean, out: Finding[]): void {
  if (parseIPSloppy(value) === null) {
    if (warnUnparsable) out.push(invalid(path, value, `${FUTURE}: ParseAddr(${JSON.stringify(value)}): unable to parse IP`, WARNING));
    return;
  }
  const s = checkIPStrictness(value);
  if (s === undefined) return;
  if (s.kind === 'rejected') out.push(invalid(path, value, `${FUTURE}: ParseAddr(${JSON.stringify(value)}): ${s.reason}`, WARNING));
  else out.push(invalid(path, value, `IPv6 address ${JSON.stringify(value)} is not in RFC 5952 canonical format (${JSON.stringify(s.canonical)}), which may cause controller apply-loops`, WARNING));
}

/** `getWarningsForCIDR`, for entries that validation accepts. */
function warnCIDR(path: FieldPath, value: string, out: Finding[]): void {
  const parsed = parseCIDRSloppy(value);
  if (parsed === null) return;
  const addr = value.slice(0, value.indexOf('/'));
  const s = checkIPStrictness(addr);
  const bits = String(parsed.prefix);
  if (s?.kind === 'rejected') {
    out.push(invalid(path, value, `IP prefix was accepted, but will be invalid in a future Kubernetes release: netip.ParsePrefix(${JSON.stringify(value)}): ${s.reason}`, WARNING));
  } else if (s?.kind === 'non-canonical') {
    const canonical = `${s.canonical}/${bits}`;
    out.push(invalid(path, value, `IPv6 prefix ${JSON.stringify(value)} is not in RFC 5952 canonical format (${JSON.stringify(canonical)}), which may cause controller apply-loops`, WARNING));
  }
}

/** Appends the server's warnings for `svc` (severity `warning`). */
export function collectWarnings(svc: ServiceModel, out: Finding[]): void {
  const annotations = svc.meta.annotations;
  if (annotations !== null && findEntry(annotations, ANNOTATION_TOPOLOGY_AWARE_HINTS) !== undefined) {
    out.push(
      invalid(
        FieldPath.root('metadata').child('annotations').key(ANNOTATION_TOPOLOGY_AWARE_HINTS),
        findEntry(annotations, ANNOTATION_TOPOLOGY_AWARE_HINTS),
        `annotation ${ANNOTATION_TOPOLOGY_AWARE_HINTS} is deprecated, please use ${ANNOTATION_TOPOLOGY_MODE} instead`,
        { severity: 'warning', rule: 'k8s/deprecated-topology-hints' },
      ),
    );
  }
  const { clusterIP, clusterIPs, externalIPs, loadBalancerIP, loadBalancerSourceRanges } = svc;
  if (clusterIP !== null && clusterIP !== '' && clusterIP !== 'None' && clusterIPs !== null) {
    clusterIPs.forEach((ip, i) => {
      if (ip !== null) warnIP(SPEC.child('clusterIPs').index(i), ip, false, out);
    });
  }
  externalIPs?.forEach((ip, i) => {
    if (ip !== null) warnIP(SPEC.child('externalIPs').index(i), ip, false, out);
  });
  if (loadBalancerIP !== null && loadBalancerIP !== '') warnIP(SPEC.child('loadBalancerIP'), loadBalancerIP, true, out);
  loadBalancerSourceRanges?.forEach((cidr, i) => {
    if (cidr !== null) warnCIDR(SPEC.child('loadBalancerSourceRanges').index(i), cidr, out);
  });
}
