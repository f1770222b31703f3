import { Document, isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq, type Node, type Pair } from 'yaml';
import { parsePortShorthand, type ServicePortSpec } from '../constructs/port-spec';
import { SERVICE_FIELDS, type ServiceEntry } from './model';
import type { NewSpecStart } from './new-spec';
import { specStringTags } from './strings';
import { parseSpecText } from './parse';

/** The schema options of every document rendered here: strings every reader reads back the same ({@link specStringTags}). */
const WRITE_OPTIONS = { customTags: specStringTags } as const;

/** How new YAML is rendered: no line folding, `[a, b]` and `{ a: b }` without inner padding for lists. */
const RENDER_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

export { findEntry, type FindResult } from './find';

/** An edit of the `services` list. */
export type SpecEdit =
  | { readonly op: 'upsert'; readonly entry: ServiceEntry; readonly index: number | undefined }
  | { readonly op: 'delete'; readonly index: number };

/**
 * Applies an edit to spec text and returns the new text.
 *
 * Only the lines of the edited entry change: the fields of an updated entry that keep their
 * meaning are left as written (so running the same upsert twice gives the same bytes), and
 * comments, key order and formatting elsewhere are kept byte for byte. When the file's layout is
 * one the line-level edit does not handle (flow-style lists, for instance), the document is
 * re-rendered by the YAML library instead, which still keeps comments and key order. Either way
 * the result is checked: it must parse to exactly the intended content.
 *
 * @param text the current file content ('' for a new file)
 * @param start the header (for a file without text), `id` and `kubernetesVersion` of a new (empty) file
 */
export function applyEdit(text: string, requested: SpecEdit, start?: NewSpecStart): string {
  let edit = requested;
  const parsed = parseSpecText(text);
  if (parsed.problems.length > 0) throw new Error('cannot edit a spec file that does not parse');
  const before: unknown = parsed.empty ? {} : parsed.doc.toJS();
  edit = keepEqualFields(before, edit);
  const want = intendedContent(before, edit);

  if (parsed.empty) {
    const header = text.trim().length === 0 ? (start === undefined ? '' : `${start.header}\n`) : text.endsWith('\n') ? text : `${text}\n`;
    const id = start === undefined ? '' : `${renderPair('id', (d) => d.createNode(start.id) as Node)}\n`;
    const version = start?.kubernetesVersion === undefined ? '' : `${renderPair('kubernetesVersion', (d) => d.createNode(start.kubernetesVersion) as Node)}\n`;
    const written = header + id + version + renderNode((doc) => servicesPairMap(doc, want.services as unknown[]));
    const wanted = start === undefined ? want : { id: start.id, ...(start.kubernetesVersion === undefined ? {} : { kubernetesVersion: start.kubernetesVersion }), ...want };
    if (start !== undefined && !sameContent(written, wanted)) throw new Error('the new spec does not read back as intended');
    return written;
  }
  const spliced = spliceEdit(text, parsed.doc, edit);
  if (spliced !== undefined && sameContent(spliced, want)) return spliced;
  const doc = parsed.doc.clone();
  editDocument(doc, edit);
  const rendered = doc.toString(RENDER_OPTIONS);
  if (!sameContent(rendered, want)) throw new Error('the edited spec does not read back as intended');
  return rendered;
}

/** An upsert whose fields that mean the same as the existing ones are spelled as they are. */
function keepEqualFields(before: unknown, edit: SpecEdit): SpecEdit {
  if (edit.op !== 'upsert' || edit.index === undefined) return edit;
  const services = typeof before === 'object' && before !== null && 'services' in before ? before.services : undefined;
  const old: unknown = Array.isArray(services) ? services[edit.index] : undefined;
  if (typeof old !== 'object' || old === null) return edit;
  const entry: Record<string, unknown> = { ...edit.entry };
  for (const field of SERVICE_FIELDS) {
    const have: unknown = (old as Record<string, unknown>)[field.key];
    if (have !== undefined && entry[field.key] !== undefined && sameFieldValue(field.key, have, entry[field.key])) entry[field.key] = have;
  }
  return { ...edit, entry: entry as unknown as ServiceEntry };
}

/** The content the file must have after the edit. */
function intendedContent(before: unknown, edit: SpecEdit): Record<string, unknown> {
  const base = typeof before === 'object' && before !== null && !Array.isArray(before) ? { ...(before as Record<string, unknown>) } : {};
  const services = Array.isArray(base.services) ? [...(base.services as unknown[])] : [];
  if (edit.op === 'delete') services.splice(edit.index, 1);
  else if (edit.index === undefined || edit.index >= services.length) services.push(orderedEntry(edit.entry));
  else services[edit.index] = orderedEntry(edit.entry);
  base.services = services;
  return base;
}

function sameContent(text: string, want: unknown): boolean {
  const p = parseSpecText(text);
  return p.problems.length === 0 && canonical(p.empty ? {} : p.doc.toJS()) === canonical(want);
}

// ---------------------------------------------------------------------------------------------
// Line-level edits

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function spliceEdit(text: string, doc: Document, edit: SpecEdit): string | undefined {
  if (!isMap(doc.contents) || doc.contents.flow === true) return undefined;
  const servicesPair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  const seq = servicesPair?.value;
  const splices = ((): Splice[] | undefined => {
    if (servicesPair === undefined) {
      // No `services` key: append one at the end of the document.
      if (edit.op !== 'upsert') return undefined;
      const at = text.length;
      return [{ start: at, end: at, text: `${needsNewline(text, at)}${renderPair('services', (d) => servicesNode(d, { services: [orderedEntry(edit.entry)] }))}\n` }];
    }
    if (!isSeq(seq) || seq.flow === true || seq.items.length === 0 || !hasRange(seq)) {
      // `services: []`, `services:` or a flow list: rewrite the whole `services` value.
      return replacePairValue(text, servicesPair, (d) => {
        const current = isSeq(seq) ? (seq.toJSON() as unknown[]) : [];
        return servicesNode(d, { services: intendedContent({ services: current }, edit).services as unknown[] });
      });
    }
    const dashCol = column(text, seq.range[0]);
    if (edit.op === 'delete') {
      if (seq.items.length === 1) return replacePairValue(text, servicesPair, (d) => servicesNode(d, { services: [] }));
      return deleteItem(text, seq, edit.index);
    }
    const item = edit.index === undefined ? undefined : seq.items[edit.index];
    if (item === undefined) {
      const last = seq.items[seq.items.length - 1];
      if (!hasRange(last)) return undefined;
      const at = endOfLine(text, contentEnd(text, last.range[1]));
      const rendered = renderNode((d) => seqOf([entryNode(d, edit.entry)]));
      // Keep the file's habit of separating entries with a blank line.
      const sep = seq.items.length > 1 && hasRange(last) && precededByBlankLine(text, lineStart(text, last.range[0])) ? '\n\n' : '\n';
      return [{ start: at, end: at, text: `${sep}${indent(rendered.replace(/\n$/, ''), dashCol, true)}` }];
    }
    if (!isMap(item) || item.flow === true || !hasRange(item)) return undefined;
    return updateItem(text, item, edit.entry);
  })();
  if (splices === undefined) return undefined;
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/** Splices that turn an existing block mapping into `entry`, field by field. */
function updateItem(text: string, item: YAMLMap, entry: ServiceEntry): Splice[] | undefined {
  const splices: Splice[] = [];
  const firstKey = item.items[0]?.key;
  if (!hasRange(firstKey)) return undefined;
  const keyCol = column(text, firstKey.range[0]);
  const order = SERVICE_FIELDS.map((f) => f.key as string);
  for (const field of SERVICE_FIELDS) {
    const key = field.key;
    const want: unknown = entry[key];
    const pair = item.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair === undefined) {
      if (want === undefined) continue;
      // Insert after the last present field that comes earlier in the canonical order.
      const earlier = item.items.filter((p) => isScalar(p.key) && order.indexOf(String(p.key.value)) < order.indexOf(key) && order.includes(String(p.key.value)));
      const after = earlier[earlier.length - 1] ?? item.items[0];
      const end = after === undefined ? undefined : pairEnd(after);
      if (end === undefined) return undefined;
      const at = endOfLine(text, contentEnd(text, end));
      splices.push({ start: at, end: at, text: `\n${indent(renderPair(key, (d) => valueNode(d, key, want)), keyCol, true)}` });
      continue;
    }
    if (!hasRange(pair.key)) return undefined;
    if (want === undefined) {
      const end = pairEnd(pair);
      if (end === undefined || pair === item.items[0]) return undefined;
      const start = lineStart(text, pair.key.range[0]);
      if (text.slice(start, pair.key.range[0]).trim().length > 0) return undefined;
      const stop = endOfLine(text, contentEnd(text, end));
      splices.push({ start, end: Math.min(text.length, stop + 1), text: '' });
      continue;
    }
    const have: unknown = isNodeValue(pair.value) ? pair.value.toJSON() : null;
    if (sameFieldValue(key, have, want)) continue;
    const end = pairEnd(pair);
    if (end === undefined) return undefined;
    splices.push({ start: pair.key.range[0], end: contentEnd(text, end), text: indent(renderPair(key, (d) => valueNode(d, key, want)), keyCol, false) });
  }
  return splices;
}

/** Splices that remove item `index` of a block list, with the comment lines right above it. */
function deleteItem(text: string, seq: YAMLSeq, index: number): Splice[] | undefined {
  const item = seq.items[index];
  if (!hasRange(item)) return undefined;
  const end = Math.min(text.length, endOfLine(text, contentEnd(text, item.range[1])) + 1);
  return [{ ...itemDeletion(text, lineStart(text, item.range[0]), end, index === 0), text: '' }];
}

/**
 * What deleting a block list item removes: from `start` (the start of the line of its `-`), with
 * the comment lines right above it, to `end` (just past the line break of its last line with
 * content, or the end of the text), and one blank line after it when that would leave a blank
 * line at the top of the list (`first`: it is the list's first item) or two where it was.
 */
export function itemDeletion(text: string, start: number, end: number, first: boolean): { start: number; end: number } {
  let from = start;
  // Comment lines directly above the item belong to it.
  for (;;) {
    if (from === 0) break;
    const prevStart = lineStart(text, from - 1);
    if (!/^\s*#/.test(text.slice(prevStart, from))) break;
    from = prevStart;
  }
  let to = end;
  if (text[to] === '\n' && (first || precededByBlankLine(text, from))) to += 1;
  return { start: from, end: to };
}

/** A splice replacing `key: value` of a top-level pair with a rendering of the new value. */
function replacePairValue(text: string, pair: Pair, make: (doc: Document) => Node): Splice[] | undefined {
  if (!hasRange(pair.key)) return undefined;
  const end = pairEnd(pair) ?? pair.key.range[1];
  const keyText = isScalar(pair.key) ? String(pair.key.value) : 'services';
  let stop = contentEnd(text, end);
  // `services:` with no value ends at the colon.
  if (stop <= pair.key.range[1]) stop = text.indexOf(':', pair.key.range[1]) + 1;
  return [{ start: pair.key.range[0], end: stop, text: indent(renderPair(keyText, make), column(text, pair.key.range[0]), false).replace(/\n$/, '') }];
}

// ---------------------------------------------------------------------------------------------
// Document-level edits (fallback)

function editDocument(doc: Document, edit: SpecEdit): void {
  if (!isMap(doc.contents)) doc.contents = new YAMLMap() as unknown as typeof doc.contents;
  let seq = doc.get('services', true);
  if (!isSeq(seq)) {
    seq = new YAMLSeq();
    doc.set('services', seq);
  }
  const services = seq as YAMLSeq;
  if (edit.op === 'delete') {
    services.items.splice(edit.index, 1);
    return;
  }
  const existing = edit.index === undefined ? undefined : services.items[edit.index];
  if (edit.index === undefined || !isMap(existing)) {
    if (services.flow === true && services.items.length === 0) services.flow = false;
    services.items.push(entryNode(doc, edit.entry));
    return;
  }
  for (const field of SERVICE_FIELDS) {
    const want: unknown = edit.entry[field.key];
    const pair = existing.items.find((p) => isScalar(p.key) && p.key.value === field.key);
    if (want === undefined) {
      if (pair !== undefined) existing.delete(field.key);
    } else if (pair === undefined) {
      existing.items.push(doc.createPair(field.key, valueNode(doc, field.key, want)) as Pair<unknown, unknown>);
    } else {
      const have: unknown = isNodeValue(pair.value) ? pair.value.toJSON() : null;
      if (!sameFieldValue(field.key, have, want)) pair.value = valueNode(doc, field.key, want);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** The entry as a plain object with its fields in canonical order. */
function orderedEntry(entry: ServiceEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of SERVICE_FIELDS) if (entry[field.key] !== undefined) out[field.key] = entry[field.key];
  return out;
}

function entryNode(doc: Document, entry: ServiceEntry): YAMLMap {
  const map = new YAMLMap();
  for (const field of SERVICE_FIELDS) {
    const v: unknown = entry[field.key];
    if (v !== undefined) map.items.push(doc.createPair(field.key, valueNode(doc, field.key, v)) as Pair<unknown, unknown>);
  }
  return map;
}

function seqOf(items: readonly Node[]): YAMLSeq {
  const seq = new YAMLSeq();
  for (const item of items) seq.items.push(item);
  return seq;
}

function servicesNode(doc: Document, content: { services: readonly unknown[] }): Node {
  if (content.services.length === 0) {
    const empty = new YAMLSeq();
    empty.flow = true;
    return empty;
  }
  return seqOf(content.services.map((e) => entryNode(doc, e as ServiceEntry)));
}

function valueNode(doc: Document, key: string, value: unknown): Node {
  const node = doc.createNode(value) as Node;
  if (key === 'ports' && isSeq(node)) {
    // "80:8080" is a sexagesimal number to a YAML 1.1 reader: always quote shorthands.
    for (const item of node.items) if (isScalar(item) && typeof item.value === 'string') item.type = Scalar.QUOTE_DOUBLE;
  }
  if ((key === 'clusters' || key === 'ports') && isSeq(node) && node.items.every((i) => isScalar(i))) node.flow = true;
  return node;
}

/** Renders a node built by `make` in a fresh document. */
function renderNode(make: (doc: Document) => Node): string {
  const doc = new Document(undefined, WRITE_OPTIONS);
  doc.contents = make(doc) as typeof doc.contents;
  return doc.toString(RENDER_OPTIONS);
}

function servicesPairMap(doc: Document, services: readonly unknown[]): YAMLMap {
  const map = new YAMLMap();
  map.items.push(doc.createPair('services', servicesNode(doc, { services })) as Pair<unknown, unknown>);
  return map;
}

/** Renders `key: value` (block values on the following lines), without a trailing newline. */
function renderPair(key: string, make: (doc: Document) => Node): string {
  const doc = new Document(undefined, WRITE_OPTIONS);
  const map = new YAMLMap();
  map.items.push(doc.createPair(key, make(doc)) as Pair<unknown, unknown>);
  doc.contents = map as typeof doc.contents;
  return doc.toString(RENDER_OPTIONS).replace(/\n$/, '');
}

/** Indents every line by `col` spaces (the first line too when `first`). */
function indent(text: string, col: number, first: boolean): string {
  const pad = ' '.repeat(col);
  return text
    .split('\n')
    .map((line, i) => ((i > 0 || first) && line.length > 0 ? pad + line : line))
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Text positions

function hasRange(n: unknown): n is Node & { range: [number, number, number] } {
  return (isMap(n) || isSeq(n) || isScalar(n)) && Array.isArray(n.range);
}

function isNodeValue(n: unknown): n is Node {
  return isMap(n) || isSeq(n) || isScalar(n);
}

/** The end offset of a pair's value (or key, when it has no value). */
function pairEnd(pair: Pair): number | undefined {
  if (hasRange(pair.value) && pair.value.range[1] > pair.value.range[0]) return pair.value.range[1];
  if (hasRange(pair.key)) return pair.key.range[1];
  return undefined;
}

/** Moves back over trailing whitespace and newlines. */
function contentEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** True when the line before the one starting at `start` (skipping comment lines) is blank. */
function precededByBlankLine(text: string, start: number): boolean {
  let s = start;
  while (s > 0) {
    const prev = lineStart(text, s - 1);
    const line = text.slice(prev, s - 1);
    if (line.trim().length === 0) return true;
    if (!/^\s*#/.test(line)) return false;
    s = prev;
  }
  return false;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset of the newline that ends the line containing `offset` (or the end of the text). */
function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function needsNewline(text: string, at: number): string {
  return at > 0 && text[at - 1] !== '\n' ? '\n' : '';
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** True when two values of a field mean the same (map key order and port spelling aside). */
export function sameFieldValue(key: string, a: unknown, b: unknown): boolean {
  if (key === 'ports' && Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((p: unknown, i) => canonical(normalizePort(p)) === canonical(normalizePort(b[i])));
  }
  return canonical(a) === canonical(b);
}

/** A port with defaults filled in, for comparison; unparsable text is compared as is. */
function normalizePort(p: unknown): unknown {
  let spec: ServicePortSpec | undefined;
  if (typeof p === 'string' || typeof p === 'number') {
    const r = parsePortShorthand(String(p));
    if (!r.ok) return p;
    spec = r.port;
  } else if (typeof p === 'object' && p !== null && !Array.isArray(p)) {
    spec = p as ServicePortSpec;
  } else return p;
  return { ...spec, targetPort: spec.targetPort ?? spec.port, protocol: spec.protocol ?? 'TCP' };
}

/** JSON with sorted keys. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    typeof val === 'object' && val !== null && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : val,
  );
}
