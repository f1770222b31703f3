import { isUtf8 } from 'node:buffer';
import { MAX_INPUT_BYTES } from './limits';
import { type ManifestProblem, manifestProblem } from './problems';

/** The outcome of turning input bytes into text. */
export type DecodedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: ManifestProblem };

/**
 * Turns the bytes of a manifest file into text, refusing what is not YAML text:
 * - more than `maxBytes` (default {@link MAX_INPUT_BYTES});
 * - binary data (a NUL byte), UTF-16 or UTF-32 (byte order mark), invalid UTF-8;
 * - characters YAML does not allow (C0/C1 control characters other than tab, line feed, carriage
 *   return and next line; U+FFFE, U+FFFF).
 * A UTF-8 byte order mark is dropped. Pure.
 */
export function decodeManifestText(bytes: Uint8Array, maxBytes: number = MAX_INPUT_BYTES): DecodedText {
  if (bytes.length > maxBytes) return fail(manifestProblem('manifest/too-large', `input is too large: ${formatSize(bytes.length)} (the limit is ${formatSize(maxBytes)})`));
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return fail(manifestProblem('manifest/encoding', 'the file is UTF-16 or UTF-32 encoded; save it as UTF-8'));
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = position(bytes, nul);
    return fail(manifestProblem('manifest/encoding', 'binary data (a NUL byte): not a YAML or JSON manifest', line, column));
  }
  // Node's native check first; the byte at fault is looked for only when there is one.
  const invalidAt = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (invalidAt !== -1) {
    const { line, column } = position(bytes, invalidAt);
    return fail(manifestProblem('manifest/encoding', `invalid UTF-8 (byte 0x${hex(bytes[invalidAt] ?? 0)})`, line, column));
  }
  let text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  const control = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/.exec(text);
  if (control !== null) {
    const before = text.slice(0, control.index);
    const line = before.split('\n').length;
    const column = control.index - before.lastIndexOf('\n');
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return fail(manifestProblem('manifest/encoding', `control character U+${code} is not allowed in YAML`, line, column));
  }
  if (text.startsWith('\ufeff')) text = text.slice(1);
  return { ok: true, text };
}

function fail(problem: ManifestProblem): DecodedText {
  return { ok: false, problem };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** Sizes as `8 MiB`, `52.4 MiB`, `512 KiB`, `300 bytes`. */
export function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  const kib = bytes / 1024;
  if (kib >= 1) return `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** 1-based line and column (in bytes) of a byte offset. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
