import { parseFully } from '../../src/manifest/parse';
import type { JsonValue, ManifestEntry } from '../../src/manifest/types';

/**
 * The fast reader (src/manifest/block-scanner.ts) against the full YAML reader: on any text, both
 * give the same entries — values, findings with their lines, the line of every field, problems.
 * Texts are generated from random trees written in many styles, with scalars chosen to hit YAML
 * 1.1 resolution, quoting, comments and the features the scanner leaves to the full reader.
 *
 * The full reader reads each `---`-separated document on its own, as kubectl's document reader
 * (k8s.io/apimachinery/pkg/util/yaml.YAMLReader) splits the stream before decoding, so that a
 * broken document (an unclosed quote) cannot swallow the ones after it.
 */
export function oracle(text: string): ManifestEntry[] {
  const lines = text.split('\n');
  if (lines.some((l) => l.startsWith('%') || /^\.\.\.[ ]+[^ #\r]/.test(l))) return parseFully(text);
  const entries: ManifestEntry[] = [];
  let start = 0;
  let separator: string | undefined;
  let stopped = false;
  const flush = (end: number): void => {
    if (stopped) return;
    if (separator !== undefined) {
      stopped = true;
      const problem = { rule: 'manifest/syntax' as const, message: `invalid document separator ${JSON.stringify(separator.trimEnd())}: only a comment may follow --- on its line`, line: start, column: 1 };
      entries.push({ outcome: 'problem', index: entries.length, problem });
      return;
    }
    const slice = lines.slice(start, end).join('\n') + (end < lines.length ? '\n' : '');
    for (const e of parseFully(slice, start)) entries.push({ ...e, index: entries.length });
  };
  lines.forEach((l, i) => {
    if (/^---(?: |\r?$)/.test(l)) {
      flush(i);
      start = i + 1;
      separator = /^---[ ]+(?:#.*)?\r?$|^---\r?$/.test(l) ? undefined : l;
    }
  });
  flush(lines.length);
  return entries;
}

/** Every field path of a value, rendered as findings render them. */
function fieldPaths(value: JsonValue, prefix: string, out: string[]): void {
  if (Array.isArray(value)) {
    (value as readonly JsonValue[]).forEach((v, i) => {
      const p = `${prefix}[${i}]`;
      out.push(p);
      fieldPaths(v, p, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? (prefix === '' ? k : `${prefix}.${k}`) : `${prefix}[${k}]`;
      out.push(p);
      fieldPaths(v, p, out);
    }
  }
}

export function comparable(entries: readonly ManifestEntry[]): unknown[] {
  return entries.map((e) => {
    if (e.outcome === 'problem') return e;
    const paths: string[] = [];
    fieldPaths(e.object, '', paths);
    return {
      index: e.index,
      object: e.object,
      keys: Object.keys(e.object),
      findings: e.findings,
      line: e.lines.line,
      lines: paths.filter((p) => !p.includes(']]') && !/\][^.[]/.test(p)).map((p) => [p, e.lines.lineOf(p)]),
    };
  });
}

