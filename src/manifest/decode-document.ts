import type { Alias, LineCounter as YamlLineCounter, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yamlLibrary } from './yaml-library';

// The yaml library's node tests, with the library loaded on first use (only the full reader decodes its nodes).
const isAlias = (node: unknown): node is Alias => yamlLibrary().isAlias(node);
const isMap = (node: unknown): node is YAMLMap => yamlLibrary().isMap(node);
const isPair = (node: unknown): node is Pair => yamlLibrary().isPair(node);
const isScalar = (node: unknown): node is Scalar => yamlLibrary().isScalar(node);
const isSeq = (node: unknown): node is YAMLSeq => yamlLibrary().isSeq(node);
import { FieldPath } from '../validation/field-path';
import type { LineNode } from './field-lines';
import { MAX_NESTING_DEPTH, aliasingExcessive } from './limits';
import { type ManifestProblem, manifestProblem } from './problems';
import { type ResolvedScalar, jsonKey, resolvePlainScalar, resolveTaggedScalar } from './scalar';
import type { JsonValue } from './types';

/** What the decoder needs of `yaml`'s LineCounter: 1-based line and column of an offset. */
export type LineCounter = Pick<YamlLineCounter, 'linePos'>;

/** One segment of the path of a decoded node. */
export interface PathPart {
  /** `field` renders as `.name`, `key` as `[name]`, `index` as `[n]`. */
  readonly kind: 'field' | 'key' | 'index';
  readonly name: string;
}

/** A mapping key given twice in the same mapping. */
export interface DuplicateKey {
  /** Path of the repeated key, from the document root. */
  readonly path: readonly PathPart[];
  readonly key: string;
  /** Line of the repetition. */
  readonly line: number;
  /** Line of the first occurrence. */
  readonly firstLine: number;
}

/** A decoded document: its JSON value, where each part came from, and its duplicate keys. */
export interface DecodedValue {
  readonly value: JsonValue;
  readonly lines: LineNode;
  readonly duplicates: readonly DuplicateKey[];
}

/** Renders path parts (relative to some root) as a field path string. */
export function renderPath(parts: readonly PathPart[]): string {
  let path: FieldPath | undefined;
  for (const part of parts) {
    if (path === undefined) {
      path = FieldPath.root(part.kind === 'field' ? part.name : `[${part.name}]`);
    } else if (part.kind === 'field') {
      path = path.child(part.name);
    } else if (part.kind === 'key') {
      path = path.key(part.name);
    } else {
      path = path.index(Number(part.name));
    }
  }
  return path === undefined ? '' : path.toString();
}

/**
 * Fields whose value is a map of free-form keys (so a key is rendered `labels[app]`, as the API
 * server renders map entries, rather than as a field name).
 */
const MAP_FIELDS: ReadonlySet<string> = new Set(['labels', 'annotations', 'selector', 'matchLabels', 'nodeSelector', 'data', 'stringData', 'binaryData']);

export const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `key` under the field `parent` is a map entry (a label selector's own fields are not). */
export function isMapEntry(parent: string | undefined, key: string): boolean {
  if (parent === undefined || !MAP_FIELDS.has(parent)) return false;
  return !(parent === 'selector' && (key === 'matchLabels' || key === 'matchExpressions'));
}

/** Thrown inside the decoder only; turned into a problem by {@link decodeDocument}. */
class DecodeFailure {
  public constructor(public readonly problem: ManifestProblem) {}
}

interface PathLink {
  readonly parent: PathLink | undefined;
  readonly part: PathPart;
}

function pathParts(link: PathLink | undefined): PathPart[] {
  const parts: PathPart[] = [];
  for (let l = link; l !== undefined; l = l.parent) parts.push(l.part);
  return parts.reverse();
}

function defineEntry(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  // A `__proto__` key is data like any other: define it rather than assign it.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Decodes one composed YAML document (from `yaml`'s `parseAllDocuments` with the failsafe schema,
 * so every scalar is still its source text) into JSON values, the way kubectl reads it: go-yaml v2
 * scalar resolution, merge keys applied in order (a merged mapping overrides keys given before the
 * `<<`, later keys override it; in a list of merged mappings the earlier ones win), sigs.k8s.io/yaml
 * key conversion. Aliases are expanded into fresh copies, within go-yaml's alias ratio limit.
 */
export function decodeDocument(root: YamlNode | null, lineCounter: LineCounter): DecodedValue | ManifestProblem {
  try {
    const anchors = indexAliases(root, lineCounter);
    const decoder = new Decoder(lineCounter, anchors);
    const line = root === null ? 1 : decoder.lineAt(root, 1);
    const decoded = decoder.value(root, undefined, undefined, 0, line);
    return { value: decoded.value, lines: decoded.lines, duplicates: decoder.duplicates };
  } catch (err: unknown) {
    if (err instanceof DecodeFailure) return err.problem;
    throw err;
  }
}

function lineOfOffset(lineCounter: LineCounter, offset: number): { line: number; col: number } {
  return lineCounter.linePos(offset);
}

/**
 * Maps each alias to the node it names (the last node with that anchor before it, in document
 * order) and checks the nesting depth. Iterative, so deep input cannot exhaust the stack.
 */
function indexAliases(root: YamlNode | null, lineCounter: LineCounter): Map<Alias, YamlNode> {
  const targets = new Map<Alias, YamlNode>();
  const anchors = new Map<string, YamlNode>();
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 0 }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, depth } = entry;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) {
        const pos = node.range ? lineOfOffset(lineCounter, node.range[0]) : undefined;
        throw new DecodeFailure(manifestProblem('manifest/unsupported-value', `unknown alias *${node.source}`, pos?.line, pos?.col));
      }
      targets.set(node, target);
      continue;
    }
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) continue;
    if (node.anchor !== undefined && node.anchor !== null) anchors.set(node.anchor, node);
    if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_NESTING_DEPTH) {
        const pos = node.range ? lineOfOffset(lineCounter, node.range[0]) : undefined;
        throw new DecodeFailure(tooDeep(pos?.line, pos?.col));
      }
      const children: unknown[] = [];
      for (const item of node.items as unknown[]) {
        if (isPair(item)) children.push(item.key, item.value);
        else children.push(item);
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
    }
  }
  return targets;
}

function tooDeep(line?: number, column?: number): ManifestProblem {
  return manifestProblem('manifest/too-deep', `mappings and sequences are nested more than ${MAX_NESTING_DEPTH} levels deep`, line, column);
}

class Decoder {
  public readonly duplicates: DuplicateKey[] = [];
  private decoded = 0;
  private aliased = 0;
  private aliasDepth = 0;
  private readonly active = new Set<YamlNode>();

  public constructor(
    private readonly lineCounter: LineCounter,
    private readonly aliases: ReadonlyMap<Alias, YamlNode>,
  ) {}

  /** 1-based line where `node` starts, or `fallback`. */
  public lineAt(node: unknown, fallback: number): number {
    if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) {
      const range = node.range;
      if (range) return lineOfOffset(this.lineCounter, range[0]).line;
    }
    return fallback;
  }

  private fail(rule: ManifestProblem['rule'], message: string, node: unknown, fallbackLine: number): never {
    let line = fallbackLine;
    let column: number | undefined;
    if ((isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) && node.range) {
      const pos = lineOfOffset(this.lineCounter, node.range[0]);
      line = pos.line;
      column = pos.col;
    }
    throw new DecodeFailure(manifestProblem(rule, message, line, column));
  }

  private count(node: unknown, line: number): void {
    this.decoded++;
    if (this.aliasDepth > 0) this.aliased++;
    if (aliasingExcessive(this.decoded, this.aliased)) {
      this.fail('manifest/excessive-aliasing', 'document contains excessive aliasing (an alias bomb?)', node, line);
    }
  }

  /** Decodes any node; `name` is the key it sits under (to render its children's paths). */
  public value(node: unknown, path: PathLink | undefined, name: string | undefined, depth: number, line: number): { value: JsonValue; lines: LineNode } {
    this.count(node, line);
    if (node === null || node === undefined) return { value: null, lines: { line } };
    if (isAlias(node)) {
      const target = this.aliases.get(node);
      if (target === undefined) this.fail('manifest/unsupported-value', `unknown alias *${node.source}`, node, line);
      if (this.active.has(target)) this.fail('manifest/unsupported-value', `alias *${node.source} refers to a node that contains it`, node, line);
      this.aliasDepth++;
      try {
        const decoded = this.value(target, path, name, depth, line);
        return { value: decoded.value, lines: decoded.lines.children === undefined ? { line } : { line, children: decoded.lines.children } };
      } finally {
        this.aliasDepth--;
      }
    }
    if (isScalar(node)) {
      const resolved = this.scalar(node, line);
      if (typeof resolved.value === 'number' && !Number.isFinite(resolved.value)) {
        this.fail('manifest/unsupported-value', `${node.source ?? String(resolved.value)} cannot be represented in JSON`, node, line);
      }
      return { value: resolved.value, lines: { line } };
    }
    if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_NESTING_DEPTH) throw new DecodeFailure(tooDeep(line));
      this.active.add(node);
      try {
        if (isSeq(node)) return this.sequence(node, path, depth, line);
        const target: Record<string, JsonValue> = {};
        const children = new Map<string, LineNode>();
        this.mapping(node, path, name, depth, line, target, children, true);
        return { value: target, lines: { line, children } };
      } finally {
        this.active.delete(node);
      }
    }
    if (isPair(node)) {
      // A `key: value` pair inside a flow sequence is a one-entry mapping.
      const target: Record<string, JsonValue> = {};
      const children = new Map<string, LineNode>();
      this.entry(node.key, node.value, path, name, depth, line, target, children, undefined);
      return { value: target, lines: { line, children } };
    }
    return this.fail('manifest/unsupported-value', 'unsupported YAML node', node, line);
  }

  private sequence(node: YAMLSeq, path: PathLink | undefined, depth: number, line: number): { value: JsonValue; lines: LineNode } {
    const values: JsonValue[] = [];
    const lines: LineNode[] = [];
    (node.items as unknown[]).forEach((item, i) => {
      const itemLine = this.lineAt(item, line);
      const decoded = this.value(item, { parent: path, part: { kind: 'index', name: String(i) } }, undefined, depth + 1, itemLine);
      values.push(decoded.value);
      lines.push(decoded.lines.children === undefined ? { line: itemLine } : { line: itemLine, children: decoded.lines.children });
    });
    return { value: values, lines: { line, children: lines } };
  }

  private mapping(
    node: YAMLMap,
    path: PathLink | undefined,
    name: string | undefined,
    depth: number,
    line: number,
    target: Record<string, JsonValue>,
    children: Map<string, LineNode>,
    reportDuplicates: boolean,
  ): void {
    const seen = reportDuplicates ? new Map<string, number>() : undefined;
    for (const pair of node.items as unknown[]) {
      if (!isPair(pair)) continue;
      if (isMergeKey(pair.key)) {
        this.merge(pair.value, path, name, depth, this.lineAt(pair.key, line), target, children);
        continue;
      }
      this.entry(pair.key, pair.value, path, name, depth, line, target, children, seen);
    }
  }

  private entry(
    keyNode: unknown,
    valueNode: unknown,
    path: PathLink | undefined,
    name: string | undefined,
    depth: number,
    mapLine: number,
    target: Record<string, JsonValue>,
    children: Map<string, LineNode>,
    seen: Map<string, number> | undefined,
  ): void {
    const keyLine = this.lineAt(keyNode, mapLine);
    const key = this.key(keyNode, keyLine);
    const part: PathPart = isMapEntry(name, key) || !FIELD_NAME.test(key) ? { kind: 'key', name: key } : { kind: 'field', name: key };
    const childPath: PathLink = { parent: path, part };
    const decoded = this.value(valueNode, childPath, key, depth + 1, keyLine);
    if (seen !== undefined) {
      const first = seen.get(key);
      if (first !== undefined) this.duplicates.push({ path: pathParts(childPath), key, line: keyLine, firstLine: first });
      else seen.set(key, keyLine);
    }
    defineEntry(target, key, decoded.value);
    children.set(key, decoded.lines.children === undefined ? { line: keyLine } : { line: keyLine, children: decoded.lines.children });
  }

  private merge(
    valueNode: unknown,
    path: PathLink | undefined,
    name: string | undefined,
    depth: number,
    line: number,
    target: Record<string, JsonValue>,
    children: Map<string, LineNode>,
  ): void {
    const resolved = this.deref(valueNode, line);
    if (isMap(resolved.node)) {
      this.mergeMapping(valueNode, path, name, depth, line, target, children);
    } else if (isSeq(resolved.node) && !resolved.alias) {
      this.count(valueNode, line);
      // Earlier mappings take precedence: apply the list from its end.
      const items = resolved.node.items as unknown[];
      for (let i = items.length - 1; i >= 0; i--) this.mergeMapping(items[i], path, name, depth, line, target, children);
    } else {
      this.fail('manifest/unsupported-value', MERGE_NEEDS_MAPS, valueNode, line);
    }
  }

  private mergeMapping(
    source: unknown,
    path: PathLink | undefined,
    name: string | undefined,
    depth: number,
    line: number,
    target: Record<string, JsonValue>,
    children: Map<string, LineNode>,
  ): void {
    const { node, alias } = this.deref(source, line);
    if (!isMap(node)) return this.fail('manifest/unsupported-value', MERGE_NEEDS_MAPS, source, line);
    if (alias) {
      this.count(source, line);
      if (this.active.has(node)) this.fail('manifest/unsupported-value', `alias *${isAlias(source) ? source.source : ''} refers to a node that contains it`, source, line);
      this.aliasDepth++;
    }
    try {
      this.count(node, line);
      if (depth >= MAX_NESTING_DEPTH) throw new DecodeFailure(tooDeep(line));
      this.active.add(node);
      this.mapping(node, path, name, depth, line, target, children, false);
    } finally {
      this.active.delete(node);
      if (alias) this.aliasDepth--;
    }
  }

  private deref(node: unknown, line: number): { node: unknown; alias: boolean } {
    if (!isAlias(node)) return { node, alias: false };
    const target = this.aliases.get(node);
    if (target === undefined) return this.fail('manifest/unsupported-value', `unknown alias *${node.source}`, node, line);
    return { node: target, alias: true };
  }

  private key(node: unknown, line: number): string {
    this.count(node, line);
    const { node: keyNode, alias } = this.deref(node, line);
    if (alias) this.count(keyNode, line);
    if (keyNode === null || keyNode === undefined) return this.fail('manifest/unsupported-value', 'unsupported map key: null', node, line);
    if (!isScalar(keyNode)) return this.fail('manifest/unsupported-value', `invalid map key: a ${isSeq(keyNode) ? 'sequence' : 'mapping'} cannot be a key`, node, line);
    const key = jsonKey(this.scalar(keyNode, line));
    if (key === undefined) return this.fail('manifest/unsupported-value', 'unsupported map key: null', node, line);
    return key;
  }

  private scalar(node: Scalar, line: number): ResolvedScalar {
    const text = typeof node.source === 'string' ? node.source : typeof node.value === 'string' ? node.value : '';
    const tag = node.tag;
    if (typeof tag === 'string' && tag.length > 0) {
      const resolved = resolveTaggedScalar(text, tag);
      if (!resolved.ok) return this.fail('manifest/unsupported-value', resolved.message, node, line);
      return { tag: resolved.tag, value: resolved.value };
    }
    if (node.type === undefined || node.type === 'PLAIN') return resolvePlainScalar(text);
    return { tag: 'str', value: text };
  }
}

const MERGE_NEEDS_MAPS = 'map merge requires map or sequence of maps as the value';

/** A plain, untagged `<<` key (or one tagged `!!merge`), as go-yaml's `isMerge`. */
function isMergeKey(node: unknown): boolean {
  if (!isScalar(node) || node.source !== '<<') return false;
  if (node.tag === 'tag:yaml.org,2002:merge') return true;
  return (node.tag === undefined || node.tag === null) && (node.type === undefined || node.type === 'PLAIN');
}
