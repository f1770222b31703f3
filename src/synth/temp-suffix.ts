/**
 * Eight hexadecimal digits, random, for the name of a temporary file or directory (with the
 * process id before them, so that the names of live processes never clash; the digits keep a
 * process that reuses the id of a crashed one off its leftovers). They guard against no
 * adversary, so `Math.random` serves: the `crypto` module would set up OpenSSL's generator
 * first, about a tenth of Node.js's own start-up (in instructions) on every synth.
 */
export function tempSuffix(): string {
  return Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
}
