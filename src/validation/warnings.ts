/**
 * What the API server accepts with a `Warning` header (`GetWarningsForService`), as the chosen
 * version words it: the deprecated topology annotation, IPs and CIDRs that are not in strict or
 * canonical form, fields a headless Service ignores (1.34+), the deprecated `PreferClose`
 * (1.35+). Also appsvc's own warning for a field the server drops without a word. Warnings never
 * make a Service invalid.
 */
import { warning, type Finding } from './field-error';
import { FieldPath } from './field-path';
import type { VersionBehaviour } from './behaviour';
import { checkIPStrictness, parseCIDRSloppy, parseIPSloppy } from './ip';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE, findEntry } from './metadata';
import type { ServiceModel } from './model';
import { goIPString, hasHostBits, isWrittenIPv4Mapped, networkString, strictPrefixParses } from './strict-ip';

const SPEC = FieldPath.root('spec');
const IP_RULE = { rule: 'k8s/non-canonical-ip' } as const;
const FUTURE = 'IP address was accepted, but will be invalid in a future Kubernetes release';

/** 1.28-1.32 `getWarningsForIP`; `warnUnparsable` for fields that are not validated (loadBalancerIP). */
function warnIPLegacy(path: FieldPath, value: string, warnUnparsable: boolean, out: Finding[]): void {
  if (parseIPSloppy(value) === null) {
    if (warnUnparsable) out.push(warning(path, value, `${FUTURE}: ParseAddr(${JSON.stringify(value)}): unable to parse IP`, IP_RULE));
    return;
  }
  const s = checkIPStrictness(value);
  if (s === undefined) return;
  if (s.kind === 'rejected') out.push(warning(path, value, `${FUTURE}: ParseAddr(${JSON.stringify(value)}): ${s.reason}`, IP_RULE));
  else out.push(warning(path, value, `IPv6 address ${JSON.stringify(value)} is not in RFC 5952 canonical format (${JSON.stringify(s.canonical)}), which may cause controller apply-loops`, IP_RULE));
}

/** The `non-standard … value` warning: `will be considered invalid in a future Kubernetes release` (1.33-1.35), `is invalid` (1.36+). */
function nonStandard(what: string, value: string, preferred: string, behaviour: VersionBehaviour): string {
  const verdict = behaviour.ipWarnings === 'invalid' ? 'is invalid' : 'will be considered invalid in a future Kubernetes release';
  return `non-standard ${what} ${JSON.stringify(value)} ${verdict}: use ${JSON.stringify(preferred)}`;
}

/** 1.33+ `GetWarningsForIP` (nothing for what does not parse). */
function warnIP(path: FieldPath, value: string, behaviour: VersionBehaviour, out: Finding[]): void {
  const ip = parseIPSloppy(value);
  if (ip === null) return;
  const s = checkIPStrictness(value);
  if (s?.kind === 'rejected' || isWrittenIPv4Mapped(value, ip)) out.push(warning(path, value, nonStandard('IP address', value, goIPString(ip), behaviour), IP_RULE));
  else if (s?.kind === 'non-canonical') out.push(warning(path, value, `IPv6 address ${JSON.stringify(value)} should be in RFC 5952 canonical format (${JSON.stringify(s.canonical)})`, IP_RULE));
}

/** 1.28-1.32 `getWarningsForCIDR`, for entries that validation accepts. */
function warnCIDRLegacy(path: FieldPath, value: string, out: Finding[]): void {
  const parsed = parseCIDRSloppy(value);
  if (parsed === null) return;
  const addr = value.slice(0, value.indexOf('/'));
  const s = checkIPStrictness(addr);
  const bits = String(parsed.prefix);
  if (s?.kind === 'rejected') {
    out.push(warning(path, value, `IP prefix was accepted, but will be invalid in a future Kubernetes release: netip.ParsePrefix(${JSON.stringify(value)}): ${s.reason}`, IP_RULE));
  } else if (s?.kind === 'non-canonical') {
    const canonical = `${s.canonical}/${bits}`;
    out.push(warning(path, value, `IPv6 prefix ${JSON.stringify(value)} is not in RFC 5952 canonical format (${JSON.stringify(canonical)}), which may cause controller apply-loops`, IP_RULE));
  }
}

/** 1.33+ `GetWarningsForCIDR` (nothing for what does not parse, space-padded entries included). */
function warnCIDR(path: FieldPath, value: string, behaviour: VersionBehaviour, out: Finding[]): void {
  const cidr = parseCIDRSloppy(value);
  if (cidr === null) return;
  const before = out.length;
  const addrText = value.slice(0, value.indexOf('/'));
  if (hasHostBits(cidr)) {
    const single = `${goIPString(cidr.ip)}/${cidr.bits}`;
    out.push(warning(path, value, `CIDR value ${JSON.stringify(value)} is ambiguous in this context (should be ${JSON.stringify(networkString(cidr))} or ${JSON.stringify(single)}?)`, IP_RULE));
  }
  if (!strictPrefixParses(value) || isWrittenIPv4Mapped(addrText, cidr.ip)) {
    out.push(warning(path, value, nonStandard('CIDR value', value, networkString(cidr), behaviour), IP_RULE));
  }
  if (out.length === before && cidr.bits === 128) {
    const s = checkIPStrictness(addrText);
    if (s?.kind === 'non-canonical') {
      const canonical = `${s.canonical}/${cidr.prefix}`;
      out.push(warning(path, value, `IPv6 CIDR value ${JSON.stringify(value)} should be in RFC 5952 canonical format (${JSON.stringify(canonical)})`, IP_RULE));
    }
  }
}

/** Appends the server's warnings for `svc` (severity `warning`) as `behaviour`'s version gives them. */
export function collectWarnings(svc: ServiceModel, behaviour: VersionBehaviour, out: Finding[]): void {
  const annotations = svc.meta.annotations;
  if (annotations !== null && findEntry(annotations, ANNOTATION_TOPOLOGY_AWARE_HINTS) !== undefined) {
    out.push(
      warning(
        FieldPath.root('metadata').child('annotations').key(ANNOTATION_TOPOLOGY_AWARE_HINTS),
        findEntry(annotations, ANNOTATION_TOPOLOGY_AWARE_HINTS),
        `annotation ${ANNOTATION_TOPOLOGY_AWARE_HINTS} is deprecated, please use ${ANNOTATION_TOPOLOGY_MODE} instead`,
        { rule: 'k8s/deprecated-topology-hints' },
      ),
    );
  }
  const legacy = behaviour.ipWarnings === 'legacy';
  const ipWarning = (path: FieldPath, ip: string, unparsable: boolean): void => (legacy ? warnIPLegacy(path, ip, unparsable, out) : warnIP(path, ip, behaviour, out));
  const { clusterIP, clusterIPs, externalIPs, loadBalancerIP, loadBalancerSourceRanges } = svc;
  if (clusterIP !== null && clusterIP !== '' && clusterIP !== 'None' && clusterIPs !== null) {
    clusterIPs.forEach((ip, i) => {
      if (ip !== null) ipWarning(SPEC.child('clusterIPs').index(i), ip, false);
    });
  }
  if (behaviour.headlessWarnings && svc.type === 'ClusterIP' && clusterIP === 'None') {
    const rule = { rule: 'k8s/headless-ignored', separator: ' ' } as const;
    if (loadBalancerIP !== null && loadBalancerIP !== '') out.push(warning(SPEC.child('loadBalancerIP'), loadBalancerIP, 'is ignored for headless services', rule));
    if (externalIPs !== null && externalIPs.length > 0) out.push(warning(SPEC.child('externalIPs'), externalIPs, 'is ignored for headless services', rule));
    if (svc.sessionAffinity !== null && svc.sessionAffinity !== 'None') out.push(warning(SPEC.child('SessionAffinity'), svc.sessionAffinity, 'is ignored for headless services', rule));
  }
  externalIPs?.forEach((ip, i) => {
    if (ip !== null) ipWarning(SPEC.child('externalIPs').index(i), ip, false);
  });
  if (loadBalancerIP !== null && loadBalancerIP !== '') ipWarning(SPEC.child('loadBalancerIP'), loadBalancerIP, true);
  loadBalancerSourceRanges?.forEach((cidr, i) => {
    if (cidr === null) return;
    const path = SPEC.child('loadBalancerSourceRanges').index(i);
    if (legacy) warnCIDRLegacy(path, cidr, out);
    else warnCIDR(path, cidr, behaviour, out);
  });
  if (behaviour.preferCloseDeprecated && svc.trafficDistribution === 'PreferClose') {
    out.push(warning(SPEC.child('trafficDistribution'), 'PreferClose', '"PreferClose" is deprecated; use "PreferSameZone"', { rule: 'k8s/deprecated-traffic-distribution' }));
  }
  if (svc.trafficDistributionDropped) {
    out.push(
      warning(
        SPEC.child('trafficDistribution'),
        undefined,
        `is dropped by the Kubernetes ${behaviour.version} API server: the ServiceTrafficDistribution feature gate is off (use --feature-gates ServiceTrafficDistribution=true if the cluster turns it on)`,
        { rule: 'k8s/dropped-field' },
      ),
    );
  }
}
