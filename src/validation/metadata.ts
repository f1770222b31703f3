/**
 * ObjectMeta rules as a Service gets them (#1-#12): `ValidateObjectMeta` with
 * `ValidateServiceName`, the core finalizer check, and the topology annotation check.
 */
import { invalid, required, tooLong, type Finding } from './field-error';
import type { FieldPath } from './field-path';
import { byteLength, goToLower, isDNS1035Label, isDNS1123Label, isQualifiedName, isValidLabelValue, maskTrailingDash } from './formats';
import type { Entries, MetaModel, OwnerReferenceModel } from './model';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES } from './well-known';

export { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES } from './well-known';

/** Finalizer names allowed without a `/` prefix. */
export const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'] as const;
const STANDARD_FINALIZER_SET: ReadonlySet<string> = new Set(STANDARD_FINALIZERS);

/** #5/#6 and #31: label keys are qualified names and values label values; path has no key. */
export function validateLabels(labels: Entries, path: FieldPath, rule: string, out: Finding[]): void {
  for (const [k, v] of labels) {
    for (const msg of isQualifiedName(k)) out.push(invalid(path, k, msg, { rule }));
    if (v === null) continue;
    for (const msg of isValidLabelValue(v)) out.push(invalid(path, v, msg, { rule }));
  }
}

function validateAnnotations(annotations: Entries, path: FieldPath, out: Finding[]): void {
  let size = 0;
  for (const [k, v] of annotations) {
    for (const msg of isQualifiedName(goToLower(k))) out.push(invalid(path, k, msg, { rule: 'k8s/annotations' }));
    size += byteLength(k) + (v === null ? 0 : byteLength(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) out.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_BYTES, { rule: 'k8s/annotations-size' }));
}

/** `schema.ParseGroupVersion`: group and version, both empty when the apiVersion does not parse. */
function parseGroupVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  const first = apiVersion.indexOf('/');
  if (apiVersion === '/' || (first >= 0 && apiVersion.indexOf('/', first + 1) >= 0)) return { group: '', version: '' };
  return first < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, first), version: apiVersion.slice(first + 1) };
}

function validateOwnerReferences(refs: ReadonlyArray<OwnerReferenceModel | null>, raw: unknown, path: FieldPath, out: Finding[]): void {
  const rule = 'k8s/owner-references';
  let firstController = '';
  for (const ref of refs) {
    if (ref === null) continue;
    const { apiVersion, kind, name, uid } = ref;
    const gv = apiVersion === null ? null : parseGroupVersion(apiVersion);
    if (gv !== null && gv.version === '') out.push(invalid(path.child('apiVersion'), apiVersion, 'version must not be empty', { rule }));
    if (kind === '') out.push(invalid(path.child('kind'), kind, 'kind must not be empty', { rule }));
    if (name === '') out.push(invalid(path.child('name'), name, 'name must not be empty', { rule }));
    if (uid === '') out.push(invalid(path.child('uid'), uid, 'uid must not be empty', { rule }));
    if (gv !== null && kind === 'Event' && gv.version === 'v1' && gv.group === '') {
      out.push(invalid(path, ref.raw, '/v1, Kind=Event is disallowed from being an owner', { rule }));
    }
    if (ref.controller === true && kind !== null && name !== null) {
      const current = `${kind}/${name}`;
      if (firstController !== '') {
        out.push(
          invalid(path, raw, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`, { rule }),
        );
      } else {
        firstController = current;
      }
    }
  }
}

function validateFinalizers(finalizers: ReadonlyArray<string | null>, path: FieldPath, out: Finding[]): void {
  const rule = 'k8s/finalizers';
  let orphan = false;
  let foreground = false;
  for (const f of finalizers) {
    if (f === null) continue;
    for (const msg of isQualifiedName(f)) out.push(invalid(path, f, msg, { rule }));
    if (f === 'orphan') orphan = true;
    if (f === 'foregroundDeletion') foreground = true;
  }
  if (orphan && foreground) out.push(invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set', { rule }));
}

/**
 * `ValidateObjectMeta(&svc.ObjectMeta, true, ValidateServiceName, "metadata")` followed by the core
 * wrapper's finalizer check (`validateKubeFinalizerName`), and the topology annotation rule (#12).
 * With `relaxedNames` (RelaxedServiceNameValidation) names are RFC 1123 labels.
 * `metadata.namespace` is not required: the server takes it from the request URL.
 */
export function validateServiceMeta(meta: MetaModel, path: FieldPath, relaxedNames: boolean, out: Finding[]): void {
  const { name, generateName } = meta;
  // RelaxedServiceNameValidation: `NameIsDNSLabel` (RFC 1123) instead of `NameIsDNS1035Label`.
  const isName = relaxedNames ? isDNS1123Label : isDNS1035Label;
  if (generateName !== null && generateName !== '') {
    for (const msg of isName(maskTrailingDash(generateName))) {
      out.push(invalid(path.child('generateName'), generateName, msg, { rule: 'k8s/generate-name' }));
    }
  }
  if (name === '') {
    out.push(required(path.child('name'), 'name or generateName is required', { rule: 'k8s/service-name' }));
  } else if (name !== null) {
    for (const msg of isName(name)) out.push(invalid(path.child('name'), name, msg, { rule: 'k8s/service-name' }));
  }
  if (meta.namespace !== null && meta.namespace !== '') {
    for (const msg of isDNS1123Label(meta.namespace)) out.push(invalid(path.child('namespace'), meta.namespace, msg, { rule: 'k8s/namespace' }));
  }
  if (meta.generation !== null && meta.generation < 0) {
    out.push(invalid(path.child('generation'), meta.generation, 'must be greater than or equal to 0', { rule: 'k8s/generation' }));
  }
  if (meta.labels !== null) validateLabels(meta.labels, path.child('labels'), 'k8s/labels', out);
  if (meta.annotations !== null) validateAnnotations(meta.annotations, path.child('annotations'), out);
  if (meta.ownerReferences !== null) validateOwnerReferences(meta.ownerReferences, meta.rawOwnerReferences, path.child('ownerReferences'), out);
  if (meta.finalizers !== null) {
    validateFinalizers(meta.finalizers, path.child('finalizers'), out);
    meta.finalizers.forEach((f, i) => {
      if (f !== null && f.indexOf('/') < 0 && !STANDARD_FINALIZER_SET.has(f)) {
        out.push(invalid(path.child('finalizers').index(i), f, 'name is neither a standard finalizer name nor is it fully qualified', { rule: 'k8s/finalizers' }));
      }
    });
  }
  if (meta.annotations !== null) {
    const hints = findEntry(meta.annotations, ANNOTATION_TOPOLOGY_AWARE_HINTS);
    const mode = findEntry(meta.annotations, ANNOTATION_TOPOLOGY_MODE);
    if (hints !== undefined && mode !== undefined && hints !== null && mode !== null && hints !== mode) {
      out.push(
        invalid(path.child('annotations').key(ANNOTATION_TOPOLOGY_MODE), mode, `must match annotations[${ANNOTATION_TOPOLOGY_AWARE_HINTS}] when both are specified`, {
          rule: 'k8s/topology-annotations',
        }),
      );
    }
  }
}

/** The value of `key` in `entries`: `undefined` when absent, `null` when of the wrong type. */
export function findEntry(entries: Entries, key: string): string | null | undefined {
  for (const [k, v] of entries) if (k === key) return v;
  return undefined;
}
