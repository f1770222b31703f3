/** The label every object compiled from a spec carries, naming the tool that manages it. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** The value of {@link MANAGED_BY_LABEL}. */
export const MANAGED_BY_VALUE = 'appsvc';
/** The label naming the spec an object was compiled from (its value is the spec's id, else its name). */
export const SPEC_LABEL = 'appsvc.dev/spec';

/**
 * The labels put on every object compiled from the spec named `specName`. They are part of the
 * synthesized manifests (so output is the same whether it is applied by `appsvc apply`, kubectl or
 * a GitOps engine) and let `appsvc apply --prune` find exactly this spec's Services.
 */
export function specLabels(specName: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [SPEC_LABEL]: specName };
}

/** The label selector matching the objects of the spec named `specName`. */
export function specSelector(specName: string): string {
  return `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${SPEC_LABEL}=${specName}`;
}
