import { checkEntry } from './check';
import { applyEdit, itemDeletion } from './edit';
import { withLazyParse, type LoadedSpec } from './load';
import type { ServiceEntry, Spec } from './model';
import { readSimpleYaml, type ItemRange } from './simple-yaml';

/** The `services:` line a few entries are edited under, as a document of their own. */
const HEAD = 'services:\n';

/**
 * Upserts entry `index` (or appends an entry, when `index` is undefined) of a spec file read by
 * the quick reader, editing only the text of that entry: the entry (for an append, the last two,
 * whose layout the new one follows) is cut out as a small document of its own, edited by
 * {@link applyEdit} (which keeps its comments and formatting and checks what it writes), and put
 * back; the rest of the file is kept byte for byte.
 *
 * The new file is not read again. The quick reader reads each item of a block list from its own
 * lines only (every line of an item is deeper than its `-`, and the first line after it is not), so
 * when the edited entries start at the column of the ones they replace and end with a line break,
 * the new file reads as the old one with those entries replaced by the entries of the edited
 * snippet. Those entries are checked as the whole file would be (their fields, and their names
 * against the other entries').
 *
 * @returns the new text and the spec it reads as, or undefined when this edit cannot be made that
 *   way (the caller edits the whole document then)
 */
export function upsertServiceItem(loaded: LoadedSpec, entry: ServiceEntry, index: number | undefined): { text: string; after: LoadedSpec } | undefined {
  const { text, serviceItems: items, spec } = loaded;
  if (items === undefined || items.length === 0 || items.length !== spec.services.length) return undefined;
  const first = index === undefined ? Math.max(0, items.length - 2) : index;
  const last = index === undefined ? items.length - 1 : index;
  const from = items[first];
  const to = items[last];
  if (from === undefined || to === undefined) return undefined;
  // A comment indented under the last entry after its last line belongs to it for the yaml library.
  if (deeperCommentAfter(text, to.end, columnOf(text, from.start))) return undefined;
  let edited: string;
  try {
    edited = applyEdit(HEAD + text.slice(from.start, to.end), { op: 'upsert', entry, index: index === undefined ? undefined : 0 });
  } catch {
    return undefined;
  }
  if (!edited.startsWith(HEAD)) return undefined;
  // The rest of the file must follow a line break (unless there is no rest).
  if (to.end < text.length && !edited.endsWith('\n')) return undefined;
  const snippet = readSimpleYaml(edited);
  const editedItems = snippet?.value.services;
  const ranges = snippet?.services;
  if (snippet === undefined || !Array.isArray(editedItems) || ranges === undefined || Object.keys(snippet.value).length !== 1) return undefined;
  if (editedItems.length !== last - first + 1 + (index === undefined ? 1 : 0) || ranges.length !== editedItems.length) return undefined;
  // The edited entries fill the snippet, from its first line to its end, at the column of the old ones.
  if (ranges[0]?.start !== HEAD.length || ranges[ranges.length - 1]?.end !== edited.length) return undefined;
  if (columnOf(edited, HEAD.length) !== columnOf(text, from.start)) return undefined;

  const services: unknown[] = [...spec.services.slice(0, first), ...(editedItems as unknown[]), ...spec.services.slice(last + 1)];
  if (!entriesCheck(spec, services, first, first + editedItems.length)) return undefined;
  const out = text.slice(0, from.start) + edited.slice(HEAD.length) + text.slice(to.end);
  // Where the entries are now: those before the edit where they were, the edited ones where the
  // snippet put them, those after moved by the change in length; so a further edit takes this way too.
  const shift = from.start - HEAD.length;
  const moved = edited.length - HEAD.length - (to.end - from.start);
  const serviceItems: ItemRange[] = [
    ...items.slice(0, first),
    ...ranges.map((r) => ({ start: r.start + shift, end: r.end + shift })),
    ...items.slice(last + 1).map((r) => ({ start: r.start + moved, end: r.end + moved })),
  ];
  const after = withLazyParse({ file: loaded.file, text: out, spec: { ...spec, services: services as ServiceEntry[] }, specName: loaded.specName, specId: loaded.specId, serviceItems });
  return { text: out, after };
}

/**
 * Deletes entry `index` of a spec file read by the quick reader by cutting its lines out (with the
 * comment lines right above it, and a blank line where the whole-document edit drops one), as
 * {@link applyEdit} deletes it; the rest of the file is kept byte for byte, and nothing is given
 * to the yaml library. The other entries are read from their own lines, so the new file reads as
 * the old one without the entry.
 *
 * @returns the new text, or undefined when the entry cannot be deleted that way (the last entry
 *   of the list, or one followed by a comment indented under it; the caller edits the whole
 *   document then)
 */
export function deleteServiceItem(loaded: LoadedSpec, index: number): string | undefined {
  const { text, serviceItems: items, spec } = loaded;
  if (items === undefined || items.length < 2 || items.length !== spec.services.length) return undefined;
  const item = items[index];
  if (item === undefined) return undefined;
  // A comment indented under the entry after its last line belongs to it for the yaml library.
  if (deeperCommentAfter(text, item.end, columnOf(text, item.start))) return undefined;
  const cut = itemDeletion(text, item.start, item.end, index === 0);
  return text.slice(0, cut.start) + text.slice(cut.end);
}

/** True when a comment line deeper than `column` comes after `at` before the next line with content. */
function deeperCommentAfter(text: string, at: number, column: number): boolean {
  for (let start = at; start < text.length; ) {
    const col = columnOf(text, start);
    const c = text.charCodeAt(start + col);
    if (c === 35 /* # */) {
      if (col > column) return true;
    } else if (c === 10 || Number.isNaN(c)) {
      // A blank line.
    } else {
      return false;
    }
    const eol = text.indexOf('\n', start);
    if (eol < 0) return false;
    start = eol + 1;
  }
  return false;
}

/** The column of the first character that is not a space on the line starting at `start`. */
function columnOf(text: string, start: number): number {
  let i = start;
  while (text.charCodeAt(i) === 32) i++;
  return i - start;
}

/**
 * What `checkSpec` finds for entries `from` to `to` (exclusive) of `services` when the others are
 * known to be fine: none of their own problems, and no other entry with the same name in the same
 * namespace.
 */
function entriesCheck(spec: Spec, services: readonly unknown[], from: number, to: number): boolean {
  let ok = true;
  for (let i = from; i < to; i++) checkEntry(services[i], ['services', i], () => (ok = false));
  if (!ok) return false;
  // As checkSpec keys them: an entry without a namespace is in the spec's, or in none.
  const id = (e: ServiceEntry): string => `${typeof e.namespace === 'string' ? e.namespace : typeof spec.namespace === 'string' ? spec.namespace : ''}/${e.name}`;
  const edited = new Set<string>();
  for (let i = from; i < to; i++) {
    const key = id(services[i] as ServiceEntry);
    if (edited.has(key)) return false;
    edited.add(key);
  }
  for (let i = 0; i < services.length; i++) {
    if (i === from) i = to;
    const other = services[i];
    if (other !== undefined && edited.has(id(other as ServiceEntry))) return false;
  }
  return true;
}
