import { decodeManifestText, formatSize } from '../../src/manifest/decode-text';

const bytes = (...parts: Array<string | number[]>): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeManifestText', () => {
  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeManifestText(bytes('kind: Service # é ✓ 😀\n'))).toStrictEqual({ ok: true, text: 'kind: Service # é ✓ 😀\n' });
    expect(decodeManifestText(bytes([0xef, 0xbb, 0xbf], 'a: 1\n'))).toStrictEqual({ ok: true, text: 'a: 1\n' });
    expect(decodeManifestText(bytes('a:\tb\r\n\u0085'))).toStrictEqual({ ok: true, text: 'a:\tb\r\n\u0085' });
  });

  it.each([
    ['binary data', bytes('kind: A\nx: ab', [0x00, 0x01], '\n'), 'binary data (a NUL byte): not a YAML or JSON manifest', 2, 6],
    ['invalid UTF-8', bytes('kind: A\n\nx: caf', [0xe9], '\n'), 'invalid UTF-8 (byte 0xe9)', 3, 7],
    ['an overlong encoding', bytes('x: ', [0xc0, 0xaf]), 'invalid UTF-8 (byte 0xc0)', 1, 4],
    ['an encoded surrogate', bytes('x: ', [0xed, 0xa0, 0x80]), 'invalid UTF-8 (byte 0xed)', 1, 4],
    ['a truncated sequence', bytes('x: ', [0xe2, 0x82]), 'invalid UTF-8 (byte 0xe2)', 1, 4],
    ['a control character', bytes('a: 1\nb: x\u0007y\n'), 'control character U+0007 is not allowed in YAML', 2, 5],
    ['DEL', bytes('a: \u007f\n'), 'control character U+007F is not allowed in YAML', 1, 4],
  ])('refuses %s with its position', (_name, input, message, line, column) => {
    expect(decodeManifestText(input)).toStrictEqual({ ok: false, problem: { rule: 'manifest/encoding', message, line, column } });
  });

  it('refuses UTF-16', () => {
    expect(decodeManifestText(Buffer.from('\ufeffa: 1\n', 'utf16le'))).toStrictEqual({ ok: false, problem: { rule: 'manifest/encoding', message: 'the file is UTF-16 or UTF-32 encoded; save it as UTF-8' } });
  });

  it('refuses input over the size limit', () => {
    expect(decodeManifestText(bytes('a: 1234\n'), 4)).toStrictEqual({ ok: false, problem: { rule: 'manifest/too-large', message: 'input is too large: 8 bytes (the limit is 4 bytes)' } });
  });

  it.each([
    [300, '300 bytes'],
    [2048, '2 KiB'],
    [1536, '1.5 KiB'],
    [8 * 1024 * 1024, '8 MiB'],
    [52428800, '50 MiB'],
    [55000000, '52.5 MiB'],
  ])('formats %d bytes as %s', (n, text) => {
    expect(formatSize(n)).toBe(text);
  });
});
