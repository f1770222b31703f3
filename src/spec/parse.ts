import { Composer, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, visit, type Node } from 'yaml';
import { MAX_NESTING_DEPTH } from '../manifest/limits';
import { syntaxErrorOffset } from '../manifest/error-offset';
import { boundedTokens, NestingTooDeep } from '../manifest/parse';
import type { SpecPath } from './check';
import { specStringTags } from './strings';

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
  /** True when the file holds one document without content (nothing, only comments, a bare `---`). */
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
  // Checked by parseSpecText in one pass: the yaml library compares each key with every earlier one.
  uniqueKeys: false,
  maxAliasCount: 100,
  prettyErrors: false,
  strict: true,
  // Parsing is unchanged; an edited document writes strings as every reader reads them back.
  customTags: specStringTags,
} as const;

/** The tags of the YAML 1.2 core schema; any other tag is refused. */
const CORE_TAGS: ReadonlySet<string> = new Set(['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((t) => `tag:yaml.org,2002:${t}`));

/**
 * Parses spec text into a document, reporting as problems: syntax errors, more than one document,
 * mappings and sequences nested more than {@link MAX_NESTING_DEPTH} levels deep (refused while
 * parsing, so no amount of nesting can exhaust memory or the call stack), unknown tags, anchors and
 * aliases. An unclosed quote is reported where the quote opens, not at the end of the file.
 */
export function parseSpecText(text: string): ParsedSpec {
  const lines = new LineCounter();
  const pos = (offset: number): { line: number; col: number } => lines.linePos(offset);
  const composer = new Composer({ ...PARSE_OPTIONS, keepSourceTokens: false });
  const docs: Document.Parsed[] = [];
  try {
    for (const doc of composer.compose(boundedTokens(text, lines), true, text.length)) docs.push(doc);
  } catch (err: unknown) {
    if (!(err instanceof NestingTooDeep)) throw err;
    return { doc: new Document(), lines, empty: false, problems: [{ ...pos(err.offset), message: TOO_DEEP }] };
  }
  const doc = docs[0] ?? new Document();
  const problems: ParseProblem[] = [];
  for (const d of docs) {
    for (const e of [...d.errors, ...d.warnings]) problems.push({ ...pos(syntaxErrorOffset(d, e)), message: firstLine(e.message) });
  }
  const second = docs[1];
  if (second !== undefined) {
    problems.push({ ...pos(second.range[0]), message: `a spec file holds one YAML document; found ${docs.length}` });
  }
  const deep = problems.length === 0 ? tooDeepAt(doc.contents) : undefined;
  if (deep !== undefined) problems.push({ ...pos(deep), message: TOO_DEEP });
  if (problems.length === 0) {
    visit(doc, {
      Map(_key, map) {
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          if (seen.has(key)) problems.push({ ...pos(pair.key.range?.[0] ?? 0), message: 'Map keys must be unique' });
          seen.add(key);
        }
        return visitNode(map);
      },
      Node(_key, node) {
        return visitNode(node);
      },
    });
  }
  function visitNode(node: Node): typeof visit.SKIP | undefined {
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
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return { doc, lines, empty: docs.length <= 1 && isEmptyContent(doc.contents), problems };
}

/** No content at all: nothing, only comments, or a bare `---` (not an explicit `~` or `null`). */
function isEmptyContent(contents: unknown): boolean {
  return contents === null || (isScalar(contents) && contents.value === null && contents.source === '' && contents.tag === undefined && contents.anchor === undefined);
}

/** The problem reported for nesting deeper than {@link MAX_NESTING_DEPTH}. */
const TOO_DEEP = `mappings and sequences are nested more than ${MAX_NESTING_DEPTH} levels deep`;

/**
 * The offset of the first mapping or sequence nested {@link MAX_NESTING_DEPTH} levels deep inside
 * `root`, or undefined. Iterative, so it works whatever the depth.
 */
function tooDeepAt(root: unknown): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, depth } = entry;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= MAX_NESTING_DEPTH) return node.range?.[0] ?? 0;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
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
