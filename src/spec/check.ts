import { parseKubernetesVersion, versionList } from '../validation/versions';
import { FieldPath } from '../validation/field-path';
import { duplicate, forbidden, invalid, notSupported, renderMessage, required, type Finding } from '../validation/field-error';
import { suggest } from '../validation/schema';
import { MANAGED_BY_LABEL, SPEC_LABEL } from './labels';
import { PORT_FIELDS, PROTOCOLS, SERVICE_FIELDS, SPEC_FIELDS, type FieldInfo, type Spec } from './model';
import { loneSurrogateIndex } from './strings';

/** A path inside the spec file, as keys and list indices: `['services', 0, 'ports', 1]`. */
export type SpecPath = readonly (string | number)[];

/** One problem with the shape of a spec file, located by its path. */
export interface SpecIssue {
  /** Where the problem is. */
  readonly path: SpecPath;
  /** The problem, with the path rendered as `services[0].ports[1]`. */
  readonly finding: Finding;
}

/** Result of {@link checkSpec}: the typed spec when there are no issues. */
export type CheckResult = { readonly ok: true; readonly spec: Spec } | { readonly ok: false; readonly issues: readonly SpecIssue[] };

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Cluster names become directory names: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_CLUSTER_NAME = 253;

/** Renders a spec path as a field path string: `services[0].ports[1]`. */
export function renderSpecPath(path: SpecPath): FieldPath {
  let fp: FieldPath | undefined;
  for (const seg of path) {
    if (typeof seg === 'number') fp = (fp ?? FieldPath.root('')).index(seg);
    else fp = fp === undefined ? FieldPath.root(seg) : fp.child(seg);
  }
  return fp ?? FieldPath.root('(document)');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** True when `name` may be used as a cluster (output directory) name. */
export function isValidClusterName(name: string): boolean {
  return name.length <= MAX_CLUSTER_NAME && CLUSTER_NAME.test(name);
}

/** True when `name` is a valid spec name (it is used as a label value). */
export function isValidSpecName(name: string): boolean {
  return name.length > 0 && name.length <= 63 && LABEL_VALUE.test(name);
}

/**
 * Checks the shape of a parsed spec file: known keys only, the right types, the closed sets of
 * values, unique service names. Rules of the Kubernetes API (port ranges, label syntax…) are left
 * to the Service validator, which sees the compiled manifest. Never throws; reports every issue.
 */
export function checkSpec(value: unknown, options: CheckOptions = {}): CheckResult {
  const issues: SpecIssue[] = [];
  const add = (path: SpecPath, finding: Finding): void => {
    issues.push({ path, finding });
  };
  const at = (path: SpecPath): FieldPath => renderSpecPath(path);

  if (!isRecord(value)) {
    add([], invalid(FieldPath.root('(document)'), typeName(value), 'the spec must be a mapping with a "services" list'));
    return { ok: false, issues };
  }
  for (const key of Object.keys(value)) {
    if (!(SPEC_FIELDS as readonly string[]).includes(key)) add([key], unknownField(at([key]), key, SPEC_FIELDS));
  }
  for (const key of ['name', 'id'] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') add([key], invalid(at([key]), v, 'must be a string'));
    else if (!isValidSpecName(v)) {
      add([key], invalid(at([key]), v, "must be 1-63 characters: letters, digits, '-', '_' or '.', starting and ending with a letter or digit"));
    }
  }
  if (value.namespace !== undefined && typeof value.namespace !== 'string') add(['namespace'], invalid(at(['namespace']), value.namespace, 'must be a string'));
  const version = value.kubernetesVersion;
  if (version !== undefined && (typeof version !== 'string' || parseKubernetesVersion(version) === undefined)) {
    add(['kubernetesVersion'], invalid(at(['kubernetesVersion']), version, `must be one of ${versionList()} (a patch such as 1.33.3 is ignored; quote it: "1.30")`));
  }
  const services = value.services;
  if (services === undefined || services === null) {
    add(['services'], required(at(['services']), 'a list of services (it may be empty: services: [])'));
  } else if (!Array.isArray(services)) {
    add(['services'], invalid(at(['services']), typeName(services), 'must be a list'));
  } else {
    const seen = new Set<string>();
    const specNamespace = typeof value.namespace === 'string' ? value.namespace : '';
    for (let i = 0; i < services.length; i++) {
      const entry: unknown = services[i];
      const path: SpecPath = ['services', i];
      checkEntry(entry, path, add, options.unicodeKnown !== true);
      if (isRecord(entry) && typeof entry.name === 'string') {
        const id = `${typeof entry.namespace === 'string' ? entry.namespace : specNamespace}/${entry.name}`;
        if (seen.has(id)) add([...path, 'name'], duplicate(at([...path, 'name']), entry.name));
        else seen.add(id);
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, spec: value as unknown as Spec };
}

type Add = (path: SpecPath, finding: Finding) => void;

/** How {@link checkSpec} checks. */
export interface CheckOptions {
  /**
   * True when no string in the value can hold a lone surrogate (it was read from text without
   * any surrogate): the strings are not searched for one.
   * @default false
   */
  readonly unicodeKnown?: boolean;
}

/** The keys of a service entry. */
const SERVICE_FIELD_KEYS: string[] = SERVICE_FIELDS.map((f) => f.key as string);
const SERVICE_FIELD_SET: ReadonlySet<string> = new Set(SERVICE_FIELD_KEYS);
const PORT_FIELD_SET: ReadonlySet<string> = new Set(PORT_FIELDS);

/** True when a key or string value under `value` holds a lone surrogate. Iterative: any depth. */
function hasLoneSurrogate(value: unknown): boolean {
  const stack: unknown[] = [value];
  for (let v = stack.pop(); stack.length > 0 || v !== undefined; v = stack.pop()) {
    if (typeof v === 'string') {
      if (loneSurrogateIndex(v) >= 0) return true;
    } else if (Array.isArray(v)) {
      for (const item of v as unknown[]) stack.push(item);
    } else if (isRecord(v)) {
      for (const k in v) {
        if (loneSurrogateIndex(k) >= 0) return true;
        stack.push(v[k]);
      }
    }
  }
  return false;
}

/**
 * An unknown key: `Unsupported value: "selectr": did you mean "selector"?` when a known key is
 * close to it, else the list of supported keys.
 */
function unknownField(at: FieldPath, key: string, known: readonly string[]): Finding {
  const hint = suggest(key, known);
  const finding = notSupported(at, key, hint === undefined ? known : [], { rule: 'spec/unknown-field' });
  if (hint === undefined) return finding;
  const detail = `did you mean ${JSON.stringify(hint)}?`;
  return { ...finding, detail, message: renderMessage(finding.type, finding.field, key, detail, true) };
}

/**
 * Reports every key and string value under `value` holding a surrogate that is not part of a
 * pair: such a string is not Unicode text, so it can neither be written as UTF-8 nor reach the API
 * server. Iterative: any depth.
 */
function checkUnicode(value: unknown, path: SpecPath, add: Add): void {
  // Paths are built only once a lone surrogate is known to be there: they are rare, ports are not.
  if (!hasLoneSurrogate(value)) return;
  const stack: { v: unknown; p: SpecPath }[] = [{ v: value, p: path }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { v, p } = item;
    if (typeof v === 'string') {
      const at = loneSurrogateIndex(v);
      if (at >= 0) add(p, invalid(renderSpecPath(p), v, `must be Unicode text: the character at index ${at} is half of a surrogate pair (U+${v.charCodeAt(at).toString(16).toUpperCase()})`));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i] as unknown, p: [...p, i] });
    } else if (isRecord(v)) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i] ?? ['', undefined];
        const at = loneSurrogateIndex(k);
        // The key is shown escaped: it may hold line breaks, and the message is one line.
        if (at >= 0) add([...p, k], invalid(renderSpecPath(p).key(JSON.stringify(k).slice(1, -1)), k, `a key must be Unicode text: the character at index ${at} is half of a surrogate pair (U+${k.charCodeAt(at).toString(16).toUpperCase()})`));
        stack.push({ v: child, p: [...p, k] });
      }
    }
  }
}

/** Checks one entry of `services` (also used for an entry built from command-line flags). */
export function checkEntry(entry: unknown, path: SpecPath, add: Add, checkStrings = true): void {
  const at = (p: SpecPath): FieldPath => renderSpecPath(p);
  if (!isRecord(entry)) {
    add(path, invalid(at(path), typeName(entry), 'each service must be a mapping with at least "name"'));
    return;
  }
  if (checkStrings) checkUnicode(entry, path, add);
  if (entryIsClean(entry)) return;
  const known = SERVICE_FIELD_KEYS;
  for (const key of Object.keys(entry)) {
    if (!SERVICE_FIELD_SET.has(key)) add([...path, key], unknownField(at([...path, key]), key, known));
  }
  if (entry.name === undefined) add([...path, 'name'], required(at([...path, 'name'])));
  for (const field of SERVICE_FIELDS) {
    const v = entry[field.key];
    if (v === undefined) continue;
    checkField(field, v, path, add);
  }
  if (isRecord(entry.labels)) {
    for (const reserved of [MANAGED_BY_LABEL, SPEC_LABEL]) {
      if (reserved in entry.labels) {
        add([...path, 'labels', reserved], forbidden(at([...path, 'labels']).key(reserved), 'appsvc sets this label on every object of the spec (it finds them by it); remove it'));
      }
    }
  }
}

/** Checks the value `v` of `field` in the entry at `entryPath`. */
function checkField(field: FieldInfo, v: unknown, entryPath: SpecPath, add: Add): void {
  // Built only for an issue: most fields have none.
  let built: SpecPath | undefined;
  const fieldPath = (): SpecPath => (built ??= [...entryPath, field.key]);
  const at = (): FieldPath => renderSpecPath(fieldPath());
  const issue = (finding: Finding): void => add(fieldPath(), finding);
  switch (field.kind) {
    case 'string':
      if (typeof v !== 'string') issue(invalid(at(), v, 'must be a string'));
      else if (field.key === 'name' && !DNS1035.test(v)) {
        issue(invalid(at(), v, "a Service name must consist of lower case alphanumeric characters or '-', start with a letter and end with a letter or digit"));
      }
      return;
    case 'enum':
      if (typeof v !== 'string' || !(field.values ?? []).includes(v)) issue(notSupported(at(), v, field.values ?? []));
      return;
    case 'enumList':
      if (!Array.isArray(v)) {
        issue(invalid(at(), typeName(v), 'must be a list'));
        return;
      }
      v.forEach((item: unknown, i) => {
        if (typeof item !== 'string' || !(field.values ?? []).includes(item)) add([...fieldPath(), i], notSupported(renderSpecPath([...fieldPath(), i]), item, field.values ?? []));
      });
      return;
    case 'boolean':
      if (typeof v !== 'boolean') issue(invalid(at(), v, 'must be true or false'));
      return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) issue(invalid(at(), v, 'must be an integer'));
      return;
    case 'stringMap':
      checkStringMap(v, fieldPath, add);
      return;
    case 'stringList':
      if (!Array.isArray(v)) {
        issue(invalid(at(), typeName(v), 'must be a list of strings'));
        return;
      }
      v.forEach((item: unknown, i) => {
        if (typeof item === 'string' && (field.key !== 'clusters' || isValidClusterName(item)) && v.indexOf(item) === i) return;
        const p = [...fieldPath(), i];
        if (typeof item !== 'string') add(p, invalid(renderSpecPath(p), item, 'must be a string'));
        else if (field.key === 'clusters' && !isValidClusterName(item)) {
          add(p, invalid(renderSpecPath(p), item, "a cluster name becomes a directory name: letters, digits, '.', '_' and '-', starting with a letter or digit (no '/', no '..')"));
        } else if (v.indexOf(item) !== i) add(p, duplicate(renderSpecPath(p), item));
      });
      return;
    case 'ports':
      if (!Array.isArray(v)) {
        issue(invalid(at(), typeName(v), 'must be a list of ports such as "80:8080/TCP"'));
        return;
      }
      v.forEach((item: unknown, i) => checkPort(item, fieldPath, i, add));
      return;
  }
}

function checkStringMap(v: unknown, pathOf: () => SpecPath, add: Add): void {
  if (!isRecord(v)) {
    add(pathOf(), invalid(renderSpecPath(pathOf()), typeName(v), 'must be a mapping of strings to strings'));
    return;
  }
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (typeof val !== 'string') {
      const path = pathOf();
      add([...path, k], invalid(renderSpecPath(path).key(k), val, `must be a string (quote it: "${String(val)}")`));
    }
  }
}

/** Checks port `index` of the ports at `portsPath`. */
function checkPort(item: unknown, portsPath: () => SpecPath, index: number, add: Add): void {
  if (typeof item === 'string') return; // the shorthand is parsed (and reported) when compiled
  if (isRecord(item) && portIsClean(item)) return;
  const path: SpecPath = [...portsPath(), index];
  const at = (): FieldPath => renderSpecPath(path);
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) add(path, invalid(at(), item, 'must be an integer port or a string such as "80:8080/TCP"'));
    return;
  }
  if (!isRecord(item)) {
    add(path, invalid(at(), typeName(item), 'must be a string such as "80:8080/TCP" or a mapping with "port"'));
    return;
  }
  for (const key of Object.keys(item)) {
    if (!PORT_FIELD_SET.has(key)) add([...path, key], unknownField(at().child(key), key, PORT_FIELDS));
  }
  if (item.port === undefined) add([...path, 'port'], required(at().child('port')));
  for (const key of ['port', 'nodePort'] as const) {
    const v = item[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v))) add([...path, key], invalid(at().child(key), v, 'must be an integer'));
  }
  const tp = item.targetPort;
  if (tp !== undefined && typeof tp !== 'string' && !(typeof tp === 'number' && Number.isInteger(tp))) {
    add([...path, 'targetPort'], invalid(at().child('targetPort'), tp, 'must be an integer or a port name'));
  }
  for (const key of ['name', 'appProtocol'] as const) {
    const v = item[key];
    if (v !== undefined && typeof v !== 'string') add([...path, key], invalid(at().child(key), v, 'must be a string'));
  }
  if (item.protocol !== undefined && (typeof item.protocol !== 'string' || !(PROTOCOLS as readonly string[]).includes(item.protocol))) {
    add([...path, 'protocol'], notSupported(at().child('protocol'), item.protocol, [...PROTOCOLS]));
  }
}

/** True when {@link checkPort} finds nothing in the port mapping `item` (checked without building a path). */
function portIsClean(item: Record<string, unknown>): boolean {
  for (const key in item) if (!PORT_FIELD_SET.has(key) || !Object.prototype.hasOwnProperty.call(item, key)) return false;
  const { port, nodePort, targetPort, name, appProtocol, protocol } = item;
  if (typeof port !== 'number' || !Number.isInteger(port)) return false;
  if (nodePort !== undefined && (typeof nodePort !== 'number' || !Number.isInteger(nodePort))) return false;
  if (targetPort !== undefined && typeof targetPort !== 'string' && !(typeof targetPort === 'number' && Number.isInteger(targetPort))) return false;
  if (name !== undefined && typeof name !== 'string') return false;
  if (appProtocol !== undefined && typeof appProtocol !== 'string') return false;
  return protocol === undefined || (typeof protocol === 'string' && (PROTOCOLS as readonly string[]).includes(protocol));
}

const FIELD_BY_KEY: ReadonlyMap<string, FieldInfo> = new Map(SERVICE_FIELDS.map((f) => [f.key as string, f]));

/**
 * True when {@link checkEntry} finds nothing in `entry` but what {@link checkUnicode} finds:
 * checked without building a path or a closure (most entries are like that). Anything unusual
 * (an inherited key, another prototype) answers false, and the entry is checked in full.
 */
function entryIsClean(entry: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(entry) !== Object.prototype || typeof entry.name !== 'string') return false;
  for (const key in entry) {
    if (!Object.prototype.hasOwnProperty.call(entry, key)) return false;
    const field = FIELD_BY_KEY.get(key);
    if (field === undefined) return false;
    const v = entry[key];
    if (v !== undefined && !fieldIsClean(field, v)) return false;
  }
  const labels = entry.labels;
  return !(isRecord(labels) && (MANAGED_BY_LABEL in labels || SPEC_LABEL in labels));
}

/** True when {@link checkField} finds nothing in `v`. */
function fieldIsClean(field: FieldInfo, v: unknown): boolean {
  switch (field.kind) {
    case 'string':
      return typeof v === 'string' && (field.key !== 'name' || DNS1035.test(v));
    case 'enum':
      return typeof v === 'string' && (field.values ?? []).includes(v);
    case 'enumList':
      return Array.isArray(v) && v.every((item: unknown) => typeof item === 'string' && (field.values ?? []).includes(item));
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'stringMap':
      if (!isRecord(v)) return false;
      for (const k of Object.keys(v)) if (typeof v[k] !== 'string') return false;
      return true;
    case 'stringList':
      return Array.isArray(v) && v.every((item: unknown, i) => typeof item === 'string' && (field.key !== 'clusters' || isValidClusterName(item)) && v.indexOf(item) === i);
    case 'ports':
      if (!Array.isArray(v)) return false;
      for (const item of v as unknown[]) {
        if (typeof item === 'string') continue;
        if (typeof item === 'number' ? !Number.isInteger(item) : !isRecord(item) || !portIsClean(item)) return false;
      }
      return true;
  }
}
