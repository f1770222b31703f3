/**
 * How strings are written into a spec file so that every YAML reader reads them back the same:
 * kubectl (go-yaml, YAML 1.1 line breaks), the `yaml` library (1.1 and 1.2) and PyYAML.
 */
import type { ScalarTag, Tags } from 'yaml';

/**
 * Characters some reader treats specially, or that are not printable in YAML: C0 controls (tab and
 * line breaks included), DEL, C1 controls (NEL is a line break to YAML 1.1 readers), U+2028 and
 * U+2029 (line breaks to YAML 1.1 readers), U+FEFF (a byte order mark), U+FFFE, U+FFFF, and
 * surrogates that are not part of a pair.
 */
const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A surrogate that is not part of a pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Escapes every reader knows, for the characters that have one. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** True when `s` holds a character of {@link SPECIAL}: it is written double-quoted with escapes. */
export function needsEscapes(s: string): boolean {
  return SPECIAL.test(s);
}

/**
 * The index of the first surrogate in `s` that is not part of a pair (such a string is not
 * Unicode text: it cannot be written as UTF-8 nor sent to the API server), or -1.
 */
export function loneSurrogateIndex(s: string): number {
  return LONE_SURROGATE.exec(s)?.index ?? -1;
}

/**
 * `s` as a one-line double-quoted YAML scalar in which every character of {@link SPECIAL} and
 * every `"` and `\` is escaped (`\x7F`, `\u2028`, `\n`). Other characters are written as they are.
 */
export function doubleQuoted(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += s.slice(i, i + 2);
      i++;
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${hex(code, 2)}`;
    else if (SPECIAL.test(ch)) out += `\\u${hex(code, 4)}`;
    else out += ch;
  }
  return `${out}"`;
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

const STR_TAG = 'tag:yaml.org,2002:str';

/**
 * The `customTags` of every document the spec writer renders: the schema's own tags, with strings
 * of {@link SPECIAL} characters stringified by {@link doubleQuoted} (the `yaml` library writes
 * some of them raw, or as block scalars some readers trim).
 */
export function specStringTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag === 'string' || tag.tag !== STR_TAG || !('resolve' in tag)) return tag;
    const str = tag as ScalarTag;
    const plain = str.stringify;
    const replaced: ScalarTag = {
      ...str,
      stringify(item, ctx, onComment, onChompKeep) {
        if (typeof item.value === 'string' && needsEscapes(item.value)) return doubleQuoted(item.value);
        return plain !== undefined ? plain(item, ctx, onComment, onChompKeep) : String(item.value);
      },
    };
    return replaced;
  });
}
