import type { IConstruct } from 'constructs';

/**
 * Reading the construct tree without an allocation per construct.
 *
 * The constructs library's `node.children`, `node.dependencies` and `node.validate()` build a new
 * list on every call, even when there is nothing to list. A node keeps each of them in a field that
 * stays `undefined` until the first child, dependency or validation is added; these functions look
 * at that field first and only call the public accessor when there is something to list. When the
 * field is not where this version of the library keeps it, they call the public accessor directly.
 */
interface NodeFields {
  readonly _children?: unknown;
  readonly _dependencies?: unknown;
  readonly _validations?: unknown;
}

const NONE: readonly IConstruct[] = Object.freeze([]);
const NO_MESSAGES: readonly string[] = Object.freeze([]);

/** True when the node has the (private) field `name` and it is `undefined`: nothing was ever added. */
function neverSet(node: object, name: keyof NodeFields): boolean {
  return name in node && (node as NodeFields)[name] === undefined;
}

/** `c.node.children`. */
export function childrenOf(c: IConstruct): readonly IConstruct[] {
  const node = c.node;
  return neverSet(node, '_children') ? NONE : node.children;
}

/** `c.node.dependencies`. */
export function dependenciesOf(c: IConstruct): readonly IConstruct[] {
  const node = c.node;
  return neverSet(node, '_dependencies') ? NONE : node.dependencies;
}

/** `c.node.validate()`. */
export function validationMessagesOf(c: IConstruct): readonly string[] {
  const node = c.node;
  return neverSet(node, '_validations') ? NO_MESSAGES : node.validate();
}
