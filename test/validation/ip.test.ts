import * as net from 'net';
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import {
  checkIPStrictness,
  formatIP,
  isIPv4Bytes,
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  parseCIDRSloppy,
  parseIPSloppy,
} from '../../src/validation/ip';

function text(s: string): string | null {
  const ip = parseIPSloppy(s);
  return ip === null ? null : formatIP(ip, isIPv4Bytes(ip));
}

describe('parseIPSloppy (Go ParseIPSloppy)', () => {
  test.each<[string, string | null]>([
    ['10.0.0.1', '10.0.0.1'],
    ['010.001.002.003', '10.1.2.3'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['256.0.0.1', null],
    ['1.2.3', null],
    ['1.2.3.4.5', null],
    ['1.2.3.4 ', null],
    [' 1.2.3.4', null],
    ['1.2.3.4/32', null],
    ['0x7f.0.0.1', null],
    ['', null],
    ['None', null],
    ['::', '::'],
    ['::1', '::1'],
    ['2001:db8::10', '2001:db8::10'],
    ['2001:DB8:0:0:0:0:0:10', '2001:db8::10'],
    ['00002001:db8::', '2001:db8::'],
    ['12345::', null],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::1.2.3.4', '::102:304'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['1:2:3:4:5:1.2.3.4', null],
    ['1::2::3', null],
    ['1:2:3:4:5:6:7:8:9', null],
    ['1:2:3:4:5:6:7::8', null],
    ['1:2:3:4:5:6:7:8::', null],
    ['fe80::1%eth0', null],
    ['[::1]', null],
    ['::ffff:010.1.2.3', '10.1.2.3'],
  ])('%j', (s, expected) => {
    expect(text(s)).toBe(expected);
  });
});

describe('parseCIDRSloppy (Go ParseCIDRSloppy)', () => {
  test.each<[string, [number, number] | null]>([
    ['10.0.0.0/8', [8, 32]],
    ['10.0.0.1/8', [8, 32]],
    ['010.0.0.0/08', [8, 32]],
    ['0.0.0.0/0', [0, 32]],
    ['1.2.3.4/33', null],
    ['1.2.3.4/-1', null],
    ['1.2.3.4/+8', null],
    ['1.2.3.4/', null],
    ['1.2.3.4', null],
    ['2001:db8::/32', [32, 128]],
    ['::ffff:1.2.3.0/120', [120, 128]],
    ['::/129', null],
    ['foo.bar', null],
    [' 10.0.0.0/8', null],
  ])('%j', (s, expected) => {
    const c = parseCIDRSloppy(s);
    expect(c === null ? null : [c.prefix, c.bits]).toEqual(expected);
  });
});

describe('special ranges (Go net.IP predicates)', () => {
  test.each<[string, string]>([
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['127.255.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.0.1', 'link-local'],
    ['febf::1', 'link-local'],
    ['224.0.0.255', 'link-local multicast'],
    ['ff02::1', 'link-local multicast'],
    ['ff12::1', 'link-local multicast'],
    ['224.0.1.1', 'none'],
    ['fec0::1', 'none'],
    ['::2', 'none'],
    ['8.8.8.8', 'none'],
  ])('%s is %s', (s, kind) => {
    const ip = parseIPSloppy(s);
    if (ip === null) throw new Error('unparsed');
    const kinds = [isUnspecified(ip) && 'unspecified', isLoopback(ip) && 'loopback', isLinkLocalUnicast(ip) && 'link-local', isLinkLocalMulticast(ip) && 'link-local multicast'].filter(Boolean);
    expect(kinds).toEqual(kind === 'none' ? [] : [kind]);
  });
});

describe('strictness (for warnings)', () => {
  test.each<[string, ReturnType<typeof checkIPStrictness>]>([
    ['10.0.0.1', undefined],
    ['010.0.0.1', { kind: 'rejected', reason: 'IPv4 field has octet with leading zero' }],
    ['fd00::10', undefined],
    ['FD00::10', { kind: 'non-canonical', canonical: 'fd00::10' }],
    ['fd00:0:0:0:0:0:0:10', { kind: 'non-canonical', canonical: 'fd00::10' }],
    ['2001:db8:0:1:1:1:1:1', undefined],
    ['2001:db8::1:0:0:1', undefined],
    ['2001:0:0:1:0:0:0:1', { kind: 'non-canonical', canonical: '2001:0:0:1::1' }],
    ['00001::', { kind: 'rejected', reason: 'each group must have at most 4 hex digits' }],
    ['::ffff:1.2.3.4', undefined],
    ['::ffff:01.2.3.4', { kind: 'rejected', reason: 'IPv4 field has octet with leading zero' }],
    ['garbage', undefined],
  ])('%j', (s, expected) => {
    expect(checkIPStrictness(s)).toEqual(expected);
  });
});

describe('agreement with Node and ipaddr.js', () => {
  const ipLike = fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    fc.ipV4Extended(),
    fc.stringMatching(/^[0-9a-fA-F:.%/ ]{0,20}$/),
  );

  test('every address Node accepts (without a zone) parses, to the same bytes as ipaddr.js', () => {
    fc.assert(
      fc.property(ipLike, (s) => {
        if (net.isIP(s) === 0 || s.includes('%')) return;
        const ours = parseIPSloppy(s);
        expect(ours).not.toBeNull();
        // ipaddr.js reads any `::a.b.c.d` as IPv4-mapped; Go keeps the bytes as written.
        if (s.includes(':') && s.includes('.')) return;
        const theirs = ipaddr.parse(s);
        const bytes = theirs.kind() === 'ipv4' ? (theirs as ipaddr.IPv4).toIPv4MappedAddress().toByteArray() : theirs.toByteArray();
        expect(Array.from(ours ?? [])).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  test('what only we accept is one of Go sloppy forms: leading zeros or long hex groups', () => {
    fc.assert(
      fc.property(ipLike, (s) => {
        if (parseIPSloppy(s) === null || net.isIP(s) !== 0) return;
        expect(/(^|[.:])0\d|[0-9a-fA-F]{5,}/.test(s)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('canonical IPv6 text equals Node URL canonicalisation', () => {
    fc.assert(
      fc.property(fc.ipV6(), (s) => {
        const ip = parseIPSloppy(s);
        if (ip === null || isIPv4Bytes(ip)) return;
        const viaUrl = new URL(`http://[${s}]/`).hostname.slice(1, -1);
        if (viaUrl.includes('.')) return;
        expect(formatIP(ip, false)).toBe(viaUrl);
      }),
      { numRuns: 300 },
    );
  });
});
