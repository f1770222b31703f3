import { entryNamespace, type ServiceEntry, type Spec } from './model';

/** Where an entry is in the spec, found by name (and namespace when given). */
export type FindResult =
  | { readonly kind: 'found'; readonly index: number; readonly entry: ServiceEntry }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ambiguous'; readonly namespaces: readonly string[] };

/**
 * Finds the entry named `name`. With `namespace`, only an entry in that (effective) namespace
 * matches; without, a name used in several namespaces is ambiguous.
 */
export function findEntry(spec: Spec, name: string, namespace?: string): FindResult {
  const matches: { index: number; entry: ServiceEntry }[] = [];
  spec.services.forEach((entry, index) => {
    if (entry.name !== name) return;
    if (namespace !== undefined && entryNamespace(spec, entry) !== namespace) return;
    matches.push({ index, entry });
  });
  const [first] = matches;
  if (first === undefined) return { kind: 'missing' };
  if (matches.length > 1) return { kind: 'ambiguous', namespaces: matches.map((m) => entryNamespace(spec, m.entry)) };
  return { kind: 'found', index: first.index, entry: first.entry };
}
