import { App, ImplicitTokenResolver, type IResolver, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import type { ApiObject } from 'cdk8s';
import { isSortDisabled } from './render-environment';
import { kube, sortedStringMap, type ServiceSpecDefinition } from './service-spec';

/**
 * A `v1/Service` manifest rendered directly from its parts, exactly as cdk8s's generic
 * `KubeService.toJson()` renders the same object: keys sorted, empty lists and maps left out.
 * `undefined` when the object uses something only the generic rendering reproduces: custom
 * resolvers on the app, `CDK8S_DISABLE_SORT`, JSON patches, metadata beyond name, namespace,
 * labels and annotations (finalizers, owner references, `metadata.add()`), or values of unexpected
 * types.
 *
 * @param obj the Service's API object (its metadata and the app's resolvers are read)
 * @param spec the Service's spec
 */
export function renderServiceDirect(obj: ApiObject, spec: ServiceSpecDefinition): Record<string, unknown> | undefined {
  if (!isEmptyArray((obj as unknown as PatchState).patches) || isSortDisabled() || !hasDefaultResolvers(obj.node.root)) return undefined;
  const metadata = renderMetadata(obj.metadata as unknown as MetadataState);
  if (metadata === undefined) return undefined;
  const renderedSpec = spec.render();
  if (renderedSpec === undefined) return undefined;
  return { apiVersion: 'v1', kind: 'Service', metadata, spec: renderedSpec };
}

/**
 * The manifest as cdk8s's generic `KubeService.toJson()` renders `obj` (resolvers, JSON patches
 * and all); `obj`'s props hold a {@link ServiceSpecDefinition} as `spec`, which cdk8s's
 * implicit-token resolver renders.
 */
export function renderServiceGeneric(obj: ApiObject): Record<string, unknown> {
  return kube().KubeService.prototype.toJson.call(obj) as Record<string, unknown>;
}

/** The private state of cdk8s's `ApiObject` that holds its JSON patches. */
interface PatchState {
  readonly patches?: unknown;
}

/** The private state of cdk8s's `ApiObjectMetadataDefinition` that its `toJson()` renders. */
interface MetadataState {
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly _additionalAttributes?: unknown;
}

/**
 * `metadata` as `ApiObjectMetadataDefinition.toJson()` renders it (sorted keys, empty maps left
 * out), or `undefined` when it holds anything else (beyond the keys set when the object is defined,
 * which `toJson()` renders from the fields): finalizers, owner references, attributes
 * added with `add()`, values that are not strings, or a state this version does not know.
 */
function renderMetadata(md: MetadataState): Record<string, unknown> | undefined {
  const extra = md._additionalAttributes;
  if (typeof extra !== 'object' || extra === null) return undefined;
  for (const key in extra) if (key !== 'name' && key !== 'namespace' && key !== 'labels' && key !== 'annotations') return undefined;
  if (!isEmptyArray(md.finalizers) || !isEmptyArray(md.ownerReferences)) return undefined;
  const { name, namespace } = md;
  if (typeof name !== 'string' || (namespace !== undefined && typeof namespace !== 'string')) return undefined;
  const annotations = sortedStringMap(md.annotations);
  const labels = sortedStringMap(md.labels);
  if (annotations === undefined || labels === undefined) return undefined;
  const out: Record<string, unknown> = {};
  if (annotations !== null) out['annotations'] = annotations;
  if (labels !== null) out['labels'] = labels;
  out['name'] = name;
  if (namespace !== undefined) out['namespace'] = namespace;
  return out;
}

function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

/** The resolver list last found to hold only cdk8s's built-in resolvers, and its entries then. */
let defaultResolvers: { readonly list: readonly IResolver[]; readonly entries: readonly IResolver[] } | undefined;

/**
 * True when `root` is an App that resolves values only with cdk8s's built-in resolvers (which leave
 * plain data as it is). Remembers the last list that passed, so that an app's objects check it by
 * identity.
 */
function hasDefaultResolvers(root: unknown): boolean {
  if (!(root instanceof App)) return false;
  const r = root.resolvers;
  if (r.length !== 3) return false;
  const known = defaultResolvers;
  if (known !== undefined && known.list === r && known.entries[0] === r[0] && known.entries[1] === r[1] && known.entries[2] === r[2]) return true;
  const builtIn = r[0] instanceof LazyResolver && r[1] instanceof ImplicitTokenResolver && r[2] instanceof NumberStringUnionResolver;
  if (builtIn) defaultResolvers = { list: r, entries: [...r] };
  return builtIn;
}
