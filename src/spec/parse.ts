import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import type { SpecPath } from './check';

/** A parse problem, with a 1-based line and column. */
export interface ParseProblem {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** A parsed spec document, with what is needed to edit it and to locate its nodes. */
export interface ParsedSpec {
  /** The YAML document (comments and formatting kept), for editing. */
  readonly doc: Document;
  /** Maps offsets to lines. */
  readonly lines: LineCounter;
  /** True when the file holds no document content (empty, or only comments). */
  readonly empty: boolean;
  /** Problems that make the document unusable. */
  readonly problems: readonly ParseProblem[];
}

/**
 * The options every spec document is parsed with: YAML 1.2 core schema (no `!!binary`, no
 * `!!timestamp`, no merge keys), unique keys, a small alias budget. The `yaml` library never
 * executes anything; unknown tags are reported as problems instead of being resolved.
 */
const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  uniqueKeys: true,
  maxAliasCount: 100,
  prettyErrors: false,
  strict: true,
} as const;

/** The tags of the YAML 1.2 core schema; any other tag is refused. */
const CORE_TAGS: ReadonlySet<string> = new Set(['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((t) => `tag:yaml.org,2002:${t}`));

/** Parses spec text into a document, reporting syntax errors, unknown tags and aliases as problems. */
export function parseSpecText(text: string): ParsedSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lines, keepSourceTokens: false });
  const problems: ParseProblem[] = [];
  const pos = (offset: number): { line: number; col: number } => lines.linePos(offset);
  for (const e of [...doc.errors, ...doc.warnings]) {
    const p = pos(e.pos[0]);
    problems.push({ ...p, message: firstLine(e.message) });
  }
  if (doc.errors.length === 0) {
    visit(doc, {
      Node(_key, node) {
        const offset = node.range?.[0] ?? 0;
        if (isAlias(node)) {
          problems.push({ ...pos(offset), message: `aliases are not supported in a spec file (*${node.source})` });
          return visit.SKIP;
        }
        if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
          problems.push({ ...pos(offset), message: `tags other than the core ones (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map) are not supported in a spec file (${node.tag})` });
        }
        if ((isMap(node) || isSeq(node) || isScalar(node)) && node.anchor !== undefined) {
          problems.push({ ...pos(offset), message: `anchors are not supported in a spec file (&${node.anchor})` });
        }
        return undefined;
      },
    });
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return { doc, lines, empty: doc.contents === null, problems };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  // The yaml library appends " at line L, column C"; the location is printed separately.
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

/**
 * The 1-based line and column of the deepest node found along `path` (the value; the key itself
 * when `atKey`, for unknown fields): used to point error messages at the file.
 */
export function locate(parsed: Pick<ParsedSpec, 'doc' | 'lines'>, path: SpecPath, atKey = false): { line: number; col: number } {
  let node: unknown = parsed.doc.contents;
  let best: Node | undefined = isNodeWithRange(node) ? node : undefined;
  for (const [i, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) break;
      if (isNodeWithRange(pair.key)) best = pair.key;
      if (atKey && i === path.length - 1) break;
      node = pair.value;
      if (isNodeWithRange(node)) best = node;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (isNodeWithRange(node)) best = node;
      else break;
    } else break;
  }
  if (best?.range === undefined || best.range === null) return { line: 1, col: 1 };
  return parsed.lines.linePos(best.range[0]);
}

function isNodeWithRange(v: unknown): v is Node {
  return (isMap(v) || isSeq(v) || isScalar(v) || isAlias(v)) && v.range !== undefined && v.range !== null;
}
