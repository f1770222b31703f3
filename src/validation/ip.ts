/**
 * IP address and CIDR parsing with the semantics of Kubernetes' `netutils.ParseIPSloppy` and
 * `netutils.ParseCIDRSloppy` (Go's `net.ParseIP` / `net.ParseCIDR` as of Go 1.16, which the API
 * server keeps for compatibility).
 *
 * Differences from Node's `net.isIP` (and from `ipaddr.js`), all of them deliberate:
 * - IPv4 octets may have leading zeros and are read as decimal (`010.1.2.3` is 10.1.2.3);
 * - an IPv6 group may have more than four hex digits when its value fits in 16 bits (`00001::`);
 * - zones (`fe80::1%eth0`), surrounding spaces and CIDR suffixes are rejected;
 * - IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) count as IPv4 for family checks, as Go's `To4` does.
 *
 * Addresses are returned as 16-byte arrays (IPv4 in its IPv4-mapped form), like Go's `net.IP`.
 */

const IPV4_LEN = 4;
const IPV6_LEN = 16;
/** Go's `big`: the value at which its number scanners give up. */
const BIG = 0xffffff;

/** A parsed address: always 16 bytes, IPv4 in its `::ffff:a.b.c.d` form. */
export type IPBytes = Uint8Array;

/** A parsed CIDR: the address as written (host bits kept), the prefix length and the address size in bits. */
export interface ParsedCIDR {
  readonly ip: IPBytes;
  readonly prefix: number;
  readonly bits: 32 | 128;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Go's `dtoi`: decimal digits at `from`; returns [value, end] or undefined. */
function dtoi(s: string, from: number): [number, number] | undefined {
  let n = 0;
  let i = from;
  for (; i < s.length && isDigit(s.charCodeAt(i)); i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return undefined;
  }
  return i === from ? undefined : [n, i];
}

/** Go's `xtoi`: hex digits at `from`; returns [value, end] or undefined. */
function xtoi(s: string, from: number): [number, number] | undefined {
  let n = 0;
  let i = from;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else break;
    n = n * 16 + d;
    if (n >= BIG) return undefined;
  }
  return i === from ? undefined : [n, i];
}

/** Parses `s[from:]` as dotted IPv4 that must run to the end of the string. */
function parseIPv4At(s: string, from: number): IPBytes | null {
  const out = new Uint8Array(IPV6_LEN);
  out[10] = 0xff;
  out[11] = 0xff;
  let pos = from;
  for (let i = 0; i < IPV4_LEN; i++) {
    if (pos >= s.length) return null;
    if (i > 0) {
      if (s.charCodeAt(pos) !== 46 /* . */) return null;
      pos++;
    }
    const r = dtoi(s, pos);
    if (r === undefined || r[0] > 0xff) return null;
    out[12 + i] = r[0];
    pos = r[1];
  }
  return pos === s.length ? out : null;
}

function parseIPv6(s: string): IPBytes | null {
  const ip = new Uint8Array(IPV6_LEN);
  let ellipsis = -1;
  let pos = 0;
  if (s.length >= 2 && s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    ellipsis = 0;
    pos = 2;
    if (pos === s.length) return ip;
  }
  let i = 0;
  while (i < IPV6_LEN) {
    const r = xtoi(s, pos);
    if (r === undefined || r[0] > 0xffff) return null;
    const [n, end] = r;
    if (end < s.length && s.charCodeAt(end) === 46 /* . */) {
      if (ellipsis < 0 && i !== IPV6_LEN - IPV4_LEN) return null;
      if (i + IPV4_LEN > IPV6_LEN) return null;
      const ip4 = parseIPv4At(s, pos);
      if (ip4 === null) return null;
      ip.set(ip4.subarray(12), i);
      pos = s.length;
      i += IPV4_LEN;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    pos = end;
    if (pos === s.length) break;
    if (s.charCodeAt(pos) !== 58 /* : */ || pos + 1 === s.length) return null;
    pos++;
    if (s.charCodeAt(pos) === 58) {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      pos++;
      if (pos === s.length) break;
    }
  }
  if (pos !== s.length) return null;
  if (i < IPV6_LEN) {
    if (ellipsis < 0) return null;
    const n = IPV6_LEN - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j] ?? 0;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

/**
 * Parses an IP address as `netutils.ParseIPSloppy` does; `null` when it is not one.
 * The first `.` or `:` decides between IPv4 and IPv6.
 */
export function parseIPSloppy(s: string): IPBytes | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) return parseIPv4At(s, 0);
    if (c === 58) return parseIPv6(s);
  }
  return null;
}

/**
 * Parses a CIDR as `netutils.ParseCIDRSloppy` does; `null` when it is not one.
 * Host bits may be set (`10.0.0.1/8`); the prefix length may have leading zeros.
 */
export function parseCIDRSloppy(s: string): ParsedCIDR | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  let bits: 32 | 128 = 32;
  let ip = parseIPv4At(addr, 0);
  if (ip === null) {
    bits = 128;
    ip = parseIPv6(addr);
  }
  if (ip === null) return null;
  const r = dtoi(s, slash + 1);
  if (r === undefined || r[1] !== s.length || r[0] > bits) return null;
  return { ip, prefix: r[0], bits };
}

/** Go's `ip.To4() != nil`: IPv4, including IPv4-mapped IPv6. */
export function isIPv4Bytes(ip: IPBytes): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** True when `s` parses (sloppily) as an IPv6 address, as `netutils.IsIPv6String`. */
export function isIPv6String(s: string): boolean {
  const ip = parseIPSloppy(s);
  return ip !== null && !isIPv4Bytes(ip);
}

/** Go's `IP.IsUnspecified`: `0.0.0.0` or `::`. */
export function isUnspecified(ip: IPBytes): boolean {
  if (isIPv4Bytes(ip)) return ip[12] === 0 && ip[13] === 0 && ip[14] === 0 && ip[15] === 0;
  return ip.every((b) => b === 0);
}

/** Go's `IP.IsLoopback`: `127.0.0.0/8` or `::1`. */
export function isLoopback(ip: IPBytes): boolean {
  if (isIPv4Bytes(ip)) return ip[12] === 127;
  for (let i = 0; i < 15; i++) if (ip[i] !== 0) return false;
  return ip[15] === 1;
}

/** Go's `IP.IsLinkLocalUnicast`: `169.254.0.0/16` or `fe80::/10`. */
export function isLinkLocalUnicast(ip: IPBytes): boolean {
  if (isIPv4Bytes(ip)) return ip[12] === 169 && ip[13] === 254;
  return ip[0] === 0xfe && ((ip[1] ?? 0) & 0xc0) === 0x80;
}

/** Go's `IP.IsLinkLocalMulticast`: `224.0.0.0/24` or `ffx2::/16`. */
export function isLinkLocalMulticast(ip: IPBytes): boolean {
  if (isIPv4Bytes(ip)) return ip[12] === 224 && ip[13] === 0 && ip[14] === 0;
  return ip[0] === 0xff && ((ip[1] ?? 0) & 0x0f) === 0x02;
}

/** The RFC 5952 text of an address, as Go's `netip.Addr.String` prints it (IPv4-mapped as `::ffff:a.b.c.d`). */
export function formatIP(ip: IPBytes, asIPv4: boolean): string {
  if (asIPv4) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < IPV6_LEN; i += 2) groups.push(((ip[i] ?? 0) << 8) | (ip[i + 1] ?? 0));
  if (isIPv4Bytes(ip)) return `::ffff:${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number | undefined): string => (g ?? 0).toString(16);
  if (bestStart < 0) return groups.map(hex).join(':');
  const head = groups.slice(0, bestStart).map(hex).join(':');
  const tail = groups.slice(bestStart + bestLen).map(hex).join(':');
  return `${head}::${tail}`;
}

const STRICT_IPV4 = /^(?:0|[1-9][0-9]{0,2})(?:\.(?:0|[1-9][0-9]{0,2})){3}$/;
const LONG_HEX_GROUP = /(?:^|:)[0-9a-fA-F]{5,}(?::|$)/;

/** How a sloppily valid address differs from what Go's strict `netip` parser accepts. */
export type IPStrictness =
  /** Strict parsing would reject it (e.g. IPv4 leading zeros): `reason` says why. */
  | { readonly kind: 'rejected'; readonly reason: string }
  /** An IPv6 address not in RFC 5952 form: `canonical` is that form. */
  | { readonly kind: 'non-canonical'; readonly canonical: string };

/**
 * Compares an address that {@link parseIPSloppy} accepts with Go's strict `netip.ParseAddr`;
 * `undefined` when it is strictly valid and (for IPv6) canonical, or not an address at all.
 */
export function checkIPStrictness(s: string): IPStrictness | undefined {
  const ip = parseIPSloppy(s);
  if (ip === null) return undefined;
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) {
    return STRICT_IPV4.test(s) ? undefined : { kind: 'rejected', reason: 'IPv4 field has octet with leading zero' };
  }
  const tail = s.slice(lastColon + 1);
  const hasEmbedded = tail.indexOf('.') >= 0;
  if (hasEmbedded && !STRICT_IPV4.test(tail)) return { kind: 'rejected', reason: 'IPv4 field has octet with leading zero' };
  if (LONG_HEX_GROUP.test(hasEmbedded ? s.slice(0, lastColon) : s)) return { kind: 'rejected', reason: 'each group must have at most 4 hex digits' };
  const canonical = formatIP(ip, false);
  return canonical === s ? undefined : { kind: 'non-canonical', canonical };
}
