import { applyEdit, canonical } from './edit';
import { loadSimpleSpecText, type LoadedSpec } from './load';
import type { ServiceEntry } from './model';
import { readSimpleYaml, type ItemRange } from './simple-yaml';

/** The `services:` line a few entries are edited under, as a document of their own. */
const HEAD = 'services:\n';

/**
 * Upserts entry `index` (or appends an entry, when `index` is undefined) of a spec file read by
 * the quick reader, editing only the text of that entry: the entry (for an append, the last two,
 * whose layout the new one follows) is cut out as a small document of its own, edited by
 * {@link applyEdit} (which keeps its comments and formatting and checks what it writes), and put
 * back; the rest of the file is kept byte for byte without being parsed again by the yaml library.
 * The new text is read back, and must hold the same number of entries with the edited one as
 * intended.
 *
 * @returns the new text and the spec it reads as, or undefined when this edit cannot be made that
 *   way (the caller edits the whole document then)
 */
export function upsertServiceItem(file: string, text: string, items: readonly ItemRange[], entry: ServiceEntry, index: number | undefined): { text: string; after: LoadedSpec } | undefined {
  if (items.length === 0) return undefined;
  const first = index === undefined ? Math.max(0, items.length - 2) : index;
  const last = index === undefined ? items.length - 1 : index;
  const from = items[first];
  const to = items[last];
  if (from === undefined || to === undefined) return undefined;
  let edited: string;
  try {
    edited = applyEdit(HEAD + text.slice(from.start, to.end), { op: 'upsert', entry, index: index === undefined ? undefined : 0 });
  } catch {
    return undefined;
  }
  if (!edited.startsWith(HEAD)) return undefined;
  const editedItems = readSimpleYaml(edited)?.value.services;
  if (!Array.isArray(editedItems) || editedItems.length !== last - first + 1 + (index === undefined ? 1 : 0)) return undefined;
  const out = text.slice(0, from.start) + edited.slice(HEAD.length) + text.slice(to.end);
  const after = loadSimpleSpecText(file, out);
  if (after === undefined || after.spec.services.length !== items.length + (index === undefined ? 1 : 0)) return undefined;
  const at = index ?? items.length;
  if (canonical(after.spec.services[at]) !== canonical(editedItems[editedItems.length - 1])) return undefined;
  return { text: out, after };
}
