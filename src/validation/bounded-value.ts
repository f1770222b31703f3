/**
 * The value a finding carries, kept small enough to print: a list or object nested deeper, or
 * holding more, than a message can usefully show is replaced by a shortened copy. Strings,
 * numbers and other scalars are kept as they are.
 *
 * Without the bound, a label value nested 100,000 arrays deep could not be printed at all
 * (`JSON.stringify` runs out of stack), and a list repeated in one finding per element (the
 * `ownerReferences` list in "Only one reference can have Controller set to true") would make the
 * findings grow with the square of the input.
 *
 * Both walks are iterative and stop once a limit is reached: their cost does not depend on the
 * size of the value.
 */

/** Lists and objects nested deeper than this are cut. */
export const MAX_VALUE_DEPTH = 32;
/** At most this many list elements and object entries are kept, counted over the whole value. */
export const MAX_VALUE_ITEMS = 64;
/** At most this many characters of strings (values and keys) are kept, counted over the whole value. */
export const MAX_VALUE_CHARS = 1024;
/** What stands for the part of a value that was cut. */
export const CUT = '…';

type Container = readonly unknown[] | Record<string, unknown>;

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/** True when `value` fits the limits, checked without walking more than the limits allow. */
function fits(value: unknown): boolean {
  if (!isContainer(value)) return true;
  let items = 0;
  let chars = 0;
  const stack: Array<readonly [Container, number]> = [[value, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [c, depth] = top;
    if (depth > MAX_VALUE_DEPTH) return false;
    if (Array.isArray(c)) {
      if (items + c.length > MAX_VALUE_ITEMS) return false;
      items += c.length;
      for (let i = 0; i < c.length; i++) {
        const v: unknown = c[i];
        if (typeof v === 'string') chars += v.length;
        else if (isContainer(v)) stack.push([v, depth + 1]);
      }
    } else {
      for (const k in c) {
        if (!Object.prototype.hasOwnProperty.call(c, k)) continue;
        if (++items > MAX_VALUE_ITEMS) return false;
        const v = (c as Record<string, unknown>)[k];
        chars += k.length;
        if (typeof v === 'string') chars += v.length;
        else if (isContainer(v)) stack.push([v, depth + 1]);
      }
    }
    if (chars > MAX_VALUE_CHARS) return false;
  }
  return true;
}

/**
 * `value` itself when it fits the limits ({@link MAX_VALUE_DEPTH}, {@link MAX_VALUE_ITEMS},
 * {@link MAX_VALUE_CHARS}); otherwise a copy of its first part, in which each cut list ends with
 * {@link CUT}, each cut object has a `"…": "…"` entry, and each cut string ends with `…`.
 * Never throws on plain JSON data (nor on cyclic data: a cycle is cut like a deep value).
 */
export function boundedValue(value: unknown): unknown {
  if (!isContainer(value) || fits(value)) return value;
  // The same list may be the value of many findings (one per duplicate): within one run it is
  // cut once.
  if (cutCopies === undefined) return cutCopy(value);
  let copy = cutCopies.get(value);
  if (copy === undefined) {
    copy = cutCopy(value);
    cutCopies.set(value, copy);
  }
  return copy;
}

/** The values cut during the current {@link withCutValuesShared} run. */
let cutCopies: Map<object, unknown> | undefined;

/**
 * Runs `fn`, during which a value cut by {@link boundedValue} is cut once and the same copy is
 * returned for it each time (so its rendering can be shared too). Input is not expected to change
 * during one run; between runs it may, so nothing is remembered afterwards.
 */
export function withCutValuesShared<T>(fn: () => T): T {
  const outer = cutCopies;
  cutCopies ??= new Map();
  try {
    return fn();
  } finally {
    cutCopies = outer;
  }
}

/** True when `v` is a copy made by {@link boundedValue} (never the caller's own object). */
export function isCutCopy(v: unknown): boolean {
  return isContainer(v) && madeCopies.has(v);
}

const madeCopies = new WeakSet<object>();

function cutCopy(value: Container): unknown {
  let items = 0;
  let chars = 0;
  const cutString = (s: string): string => {
    const room = Math.max(0, MAX_VALUE_CHARS - chars);
    chars += Math.min(s.length, room);
    return s.length <= room ? s : s.slice(0, room) + CUT;
  };
  // Each frame copies one container into `into`, in document order: a child container gets a
  // frame of its own, and its parent's frame resumes at `next` once the child is done.
  interface Frame {
    readonly from: Container;
    readonly keys: readonly string[] | undefined;
    readonly into: unknown[] | Record<string, unknown>;
    readonly depth: number;
    next: number;
  }
  const stack: Frame[] = [];
  const copyOf = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return cutString(v);
    if (!isContainer(v)) return v;
    if (depth > MAX_VALUE_DEPTH) return CUT;
    const array = Array.isArray(v);
    const into: unknown[] | Record<string, unknown> = array ? [] : {};
    stack.push({ from: v, keys: array ? undefined : Object.keys(v), into, depth, next: 0 });
    return into;
  };
  const root = copyOf(value, 1);
  if (isContainer(root)) madeCopies.add(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const { from, keys, into, depth } = frame;
    const length = keys === undefined ? (from as readonly unknown[]).length : keys.length;
    if (frame.next >= length) {
      stack.pop();
      continue;
    }
    if (items >= MAX_VALUE_ITEMS || chars >= MAX_VALUE_CHARS) {
      if (Array.isArray(into)) into.push(CUT);
      else into[CUT] = CUT;
      stack.pop();
      continue;
    }
    const i = frame.next++;
    items++;
    if (keys === undefined) {
      (into as unknown[]).push(copyOf((from as readonly unknown[])[i], depth + 1));
    } else {
      const k = keys[i] as string;
      const key = cutString(k);
      const copy = copyOf((from as Record<string, unknown>)[k], depth + 1);
      Object.defineProperty(into, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}
