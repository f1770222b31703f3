/**
 * `ValidateServiceClusterIPsRelatedFields` (#34-#37), which the REST layer runs before allocation
 * and validation runs again, and the allocator's static SingleStack check (#47).
 */
import { duplicate, invalid, notSupported, type Finding } from './field-error';
import { FieldPath } from './field-path';
import { isIPv6String, parseIPSloppy, isIPv4Bytes } from './ip';
import type { ServiceModel } from './model';
import { validateIPForLegacyField } from './strict-ip';

/** The IP families, in the order the server lists them. */
export const IP_FAMILIES = ['IPv4', 'IPv6'] as const;
/** One of {@link IP_FAMILIES}. */
export type IPFamily = (typeof IP_FAMILIES)[number];
const IP_FAMILY_SET: ReadonlySet<string> = new Set(IP_FAMILIES);

/** The IP family policies, in the order the server lists them. */
export const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'] as const;
/** One of {@link IP_FAMILY_POLICIES}. */
export type IPFamilyPolicy = (typeof IP_FAMILY_POLICIES)[number];
const IP_FAMILY_POLICY_SET: ReadonlySet<string> = new Set(IP_FAMILY_POLICIES);

const SPEC = FieldPath.root('spec');
const CLUSTER_IPS = SPEC.child('clusterIPs');
const IP_FAMILIES_PATH = SPEC.child('ipFamilies');
const IP_FAMILY_POLICY = SPEC.child('ipFamilyPolicy');

/** Which lists #34-#37 found well-formed. */
export interface ClusterIPsCheck {
  /** `clusterIPs` holds only valid entries (IPs, or a lone None), at most two. */
  readonly clusterIPsValid: boolean;
  /** `ipFamilies` holds only known, distinct families. */
  readonly ipFamiliesValid: boolean;
}

const SKIPPED: ClusterIPsCheck = { clusterIPsValid: false, ipFamiliesValid: false };

/**
 * #34-#37 (skipped for ExternalName and when the type is unknown); `strictIPs` is
 * StrictIPCIDRValidation.
 */
export function validateClusterIPsRelatedFields(svc: ServiceModel, strictIPs: boolean, out: Finding[]): ClusterIPsCheck {
  if (svc.type === null || svc.type === 'ExternalName') return SKIPPED;
  const { clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy } = svc;
  const ips = clusterIPs ?? [];
  const rule = 'k8s/cluster-ips';

  // #34 clusterIP / clusterIPs consistency. (Required is unreachable: #46 copies clusterIP.)
  if (clusterIP !== null && clusterIPs !== null) {
    if (clusterIP !== '') {
      if (clusterIPs.length > 0 && clusterIPs[0] !== null && clusterIPs[0] !== clusterIP) {
        out.push(invalid(CLUSTER_IPS, clusterIPs, 'first value must match `clusterIP`', { rule }));
      }
    } else if (clusterIPs.length !== 0) {
      out.push(invalid(CLUSTER_IPS, clusterIPs, 'must be empty when `clusterIP` is not specified', { rule }));
    }
  }

  // #35 ipFamilies
  let ipFamiliesValid = ipFamilies !== null;
  if (ipFamilies !== null) {
    const seen = new Set<string>();
    ipFamilies.forEach((f, i) => {
      if (f === null) {
        ipFamiliesValid = false;
        return;
      }
      if (!IP_FAMILY_SET.has(f)) {
        ipFamiliesValid = false;
        out.push(notSupported(IP_FAMILIES_PATH.index(i), f, IP_FAMILIES, { rule: 'k8s/ip-families' }));
      }
      if (seen.has(f)) {
        ipFamiliesValid = false;
        out.push(duplicate(IP_FAMILIES_PATH.index(i), f, { rule: 'k8s/ip-families' }));
      }
      seen.add(f);
    });
  }

  // #36 ipFamilyPolicy
  if (typeof ipFamilyPolicy === 'string' && !IP_FAMILY_POLICY_SET.has(ipFamilyPolicy)) {
    out.push(notSupported(IP_FAMILY_POLICY, ipFamilyPolicy, IP_FAMILY_POLICIES, { rule: 'k8s/ip-family-policy' }));
  }

  // #37 clusterIPs entries
  if (clusterIPs === null) return { clusterIPsValid: false, ipFamiliesValid };
  let hasInvalid = false;
  ips.forEach((ip, i) => {
    if (ip === null) {
      hasInvalid = true;
      return;
    }
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        hasInvalid = true;
        out.push(invalid(CLUSTER_IPS, clusterIPs, "'None' must be the first and only value", { rule }));
      }
      return;
    }
    const before = out.length;
    validateIPForLegacyField(CLUSTER_IPS.index(i), ip, strictIPs, rule, out);
    if (out.length > before) hasInvalid = true;
  });
  if (ips.length > 2) {
    hasInvalid = true;
    out.push(invalid(CLUSTER_IPS, clusterIPs, 'may only hold up to 2 values', { rule }));
  }
  if (hasInvalid) return { clusterIPsValid: false, ipFamiliesValid };

  if (ips.length > 1) {
    let v4 = false;
    let v6 = false;
    for (const ip of ips) {
      const parsed = ip === null ? null : parseIPSloppy(ip);
      if (parsed === null) continue;
      if (isIPv4Bytes(parsed)) v4 = true;
      else v6 = true;
    }
    if (!(v4 && v6)) {
      out.push(invalid(CLUSTER_IPS, clusterIPs, 'may specify no more than one IP for each IP family', { rule }));
      return { clusterIPsValid: false, ipFamiliesValid };
    }
  }

  if (svc.headless !== true && ips.length > 0 && ipFamilies !== null && ipFamilies.length > 0) {
    for (let i = 0; i < ips.length && i < ipFamilies.length; i++) {
      const ip = ips[i];
      const family = ipFamilies[i];
      if (ip === null || ip === undefined || family === null) continue;
      if (family === 'IPv4' && isIPv6String(ip)) {
        out.push(invalid(CLUSTER_IPS.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``, { rule }));
      }
      if (family === 'IPv6' && !isIPv6String(ip)) {
        out.push(invalid(CLUSTER_IPS.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``, { rule }));
      }
    }
  }
  return { clusterIPsValid: true, ipFamiliesValid };
}

/**
 * #47: SingleStack (given or defaulted) with two clusterIPs, or with two ipFamilies. A list that
 * #34-#37 found malformed (e.g. `["None", "10.0.0.1"]`, `["IPv4", "IPv4"]`) is not counted: its
 * own finding says what is wrong.
 */
export function validateSingleStack(svc: ServiceModel, lists: ClusterIPsCheck, out: Finding[]): void {
  if (svc.type === null || svc.type === 'ExternalName' || svc.ipFamilyPolicy !== 'SingleStack') return;
  const rule = 'k8s/single-stack';
  if (lists.clusterIPsValid && svc.clusterIPs !== null && svc.clusterIPs.length === 2) {
    out.push(invalid(IP_FAMILY_POLICY, svc.ipFamilyPolicy, 'must be RequireDualStack or PreferDualStack when multiple cluster IPs are specified', { rule }));
  }
  if (lists.ipFamiliesValid && svc.ipFamilies !== null && svc.ipFamilies.length === 2) {
    out.push(invalid(IP_FAMILY_POLICY, svc.ipFamilyPolicy, 'must be RequireDualStack or PreferDualStack when multiple IP families are specified', { rule }));
  }
}
