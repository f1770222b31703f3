/**
 * Where each field of a decoded document came from: a tree parallel to the decoded value, holding
 * the 1-based source line of every mapping key and sequence item.
 */
export interface LineNode {
  /** Line of the mapping key (for an entry), of the item (for a sequence item), or of the value. */
  readonly line: number;
  /** The entries of a mapping, by JSON key, or the items of a sequence. */
  readonly children?: ReadonlyMap<string, LineNode> | readonly LineNode[];
}

/**
 * Splits a rendered field path (`spec.ports[0].port`, `metadata.annotations[a.b/c]`) into its
 * segments (`spec`, `ports`, `0`, `port`). Field names and `[key]`/`[index]` segments are treated
 * alike; a bracketed segment ends at the `]` followed by `.`, `[` or the end of the path, so map
 * keys may hold dots.
 */
export function fieldSegments(path: string): string[] {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path.charAt(i);
    if (c === '.') {
      i++;
    } else if (c === '[') {
      let end = path.indexOf(']', i + 1);
      while (end !== -1 && end + 1 < path.length && path.charAt(end + 1) !== '.' && path.charAt(end + 1) !== '[') {
        end = path.indexOf(']', end + 1);
      }
      if (end === -1) end = path.length;
      segments.push(path.slice(i + 1, end));
      i = end + 1;
    } else {
      let end = i;
      while (end < path.length && path.charAt(end) !== '.' && path.charAt(end) !== '[') end++;
      segments.push(path.slice(i, end));
      i = end;
    }
  }
  return segments;
}

/** Line information read only when asked for: the object's line, and the tree on demand. */
export interface LazyLineNode {
  /** Line where the object starts. */
  readonly line: number;
  /** The object's line tree (read again from the source when called). */
  resolve(): LineNode;
}

/** Finds the source line of any field of one decoded object. */
export class FieldLines {
  /** @param root line information of the object's root mapping, or a way to read it when needed. */
  public constructor(private readonly root: LineNode | LazyLineNode) {}

  /** Line where the object starts. */
  public get line(): number {
    return this.root.line;
  }

  /**
   * The line of `field` (a rendered field path). When the field is not in the source (a missing
   * required field, a defaulted one), the line of its deepest ancestor that is; for `''`, the
   * object's line.
   */
  public lineOf(field: string): number {
    if (field === '') return this.root.line;
    let node: LineNode = 'resolve' in this.root ? this.root.resolve() : this.root;
    for (const segment of fieldSegments(field)) {
      const children = node.children;
      if (children === undefined) break;
      let next: LineNode | undefined;
      if (isLineList(children)) {
        next = /^(0|[1-9][0-9]*)$/.test(segment) ? children[Number(segment)] : undefined;
      } else {
        next = children.get(segment);
      }
      if (next === undefined) break;
      node = next;
    }
    return node.line;
  }
}

function isLineList(children: ReadonlyMap<string, LineNode> | readonly LineNode[]): children is readonly LineNode[] {
  return Array.isArray(children);
}
