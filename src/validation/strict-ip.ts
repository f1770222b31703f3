/**
 * IP and CIDR checks of the fields that have always accepted sloppy forms (`clusterIPs`,
 * `externalIPs`, load-balancer source ranges): apimachinery's `IsValidIPForLegacyField` and
 * `IsValidCIDRForLegacyField` (1.33+), which 1.30-1.32 spell `IsValidIP` / `IsValidCIDR`. With
 * StrictIPCIDRValidation on, forms Go's `netip` parser refuses are rejected as well. A create has
 * no old object, so nothing is exempt.
 */
import { invalid, type Finding } from './field-error';
import type { FieldPath } from './field-path';
import { checkIPStrictness, formatIP, isIPv4Bytes, parseCIDRSloppy, parseIPSloppy, type IPBytes, type ParsedCIDR } from './ip';

/** The message of an address `ParseIPSloppy` refuses. */
export const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
/** The message of a CIDR `ParseCIDRSloppy` refuses (1.30+). */
export const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** `netip.Addr.Is4In6`: an address written as IPv6 that is IPv4-mapped (`::ffff:1.2.3.4`). */
export function isWrittenIPv4Mapped(text: string, ip: IPBytes): boolean {
  return text.indexOf(':') >= 0 && isIPv4Bytes(ip);
}

/** Go's `strconv.Atoi`-free check of `netip.ParsePrefix`'s length: decimal, no leading zero. */
function strictPrefixLength(text: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(text);
}

/** `netip.ParsePrefix` accepts `text` (which `ParseCIDRSloppy` accepted). */
export function strictPrefixParses(text: string): boolean {
  const slash = text.indexOf('/');
  const addr = text.slice(0, slash);
  return strictPrefixLength(text.slice(slash + 1)) && checkIPStrictness(addr)?.kind !== 'rejected';
}

/** The network address of `cidr`: its bytes with the host bits cleared. */
export function maskedBytes(cidr: ParsedCIDR): IPBytes {
  const out = new Uint8Array(cidr.ip);
  const first = cidr.bits === 32 ? 12 : 0;
  for (let i = first; i < 16; i++) {
    const bitIndex = (i - first) * 8;
    const keep = Math.max(0, Math.min(8, cidr.prefix - bitIndex));
    out[i] = (out[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

/** True when `cidr` has bits set after its prefix length. */
export function hasHostBits(cidr: ParsedCIDR): boolean {
  const masked = maskedBytes(cidr);
  for (let i = 0; i < 16; i++) if (masked[i] !== cidr.ip[i]) return true;
  return false;
}

/** Go's `net.IPNet.String()` of the CIDR `ParseCIDRSloppy` returns (the network, IPv4-mapped shown as IPv4). */
export function networkString(cidr: ParsedCIDR): string {
  const masked = maskedBytes(cidr);
  if (isIPv4Bytes(masked)) {
    const ones = cidr.bits === 32 ? cidr.prefix : cidr.prefix - 96;
    if (ones >= 0) return `${formatIP(masked, true)}/${ones}`;
  }
  return `${formatIP(masked, false)}/${cidr.prefix}`;
}

/** Go's `net.IP.String()`: IPv4 (also IPv4-mapped) dotted, IPv6 in RFC 5952 form. */
export function goIPString(ip: IPBytes): string {
  return formatIP(ip, isIPv4Bytes(ip));
}

/** `IsValidIPForLegacyField` on a create. */
export function validateIPForLegacyField(path: FieldPath, value: string, strict: boolean, rule: string, out: Finding[]): void {
  const ip = parseIPSloppy(value);
  if (ip === null) {
    out.push(invalid(path, value, INVALID_IP, { rule }));
    return;
  }
  if (!strict) return;
  const rejected = checkIPStrictness(value)?.kind === 'rejected';
  if (rejected) out.push(invalid(path, value, 'must not have leading 0s', { rule }));
  else if (isWrittenIPv4Mapped(value, ip)) out.push(invalid(path, value, 'must not be an IPv4-mapped IPv6 address', { rule }));
}

/** `IsValidCIDRForLegacyField` on a create (from 1.30; `IsValidCIDR` before 1.33). */
export function validateCIDRForLegacyField(path: FieldPath, value: string, strict: boolean, rule: string, out: Finding[]): void {
  const cidr = parseCIDRSloppy(value);
  if (cidr === null) {
    out.push(invalid(path, value, INVALID_CIDR, { rule }));
    return;
  }
  if (!strict) return;
  if (!strictPrefixParses(value)) out.push(invalid(path, value, 'must not have leading 0s in IP or prefix length', { rule }));
  else if (isWrittenIPv4Mapped(value.slice(0, value.indexOf('/')), cidr.ip)) out.push(invalid(path, value, 'must not have an IPv4-mapped IPv6 address', { rule }));
  else if (hasHostBits(cidr)) out.push(invalid(path, value, 'must not have bits set beyond the prefix length', { rule }));
}
