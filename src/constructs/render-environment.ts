/**
 * The part of the environment that changes how cdk8s renders objects: `CDK8S_DISABLE_SORT` (any
 * non-empty value turns off key sorting). cdk8s reads it for every object; synthesis reads it once
 * per pass over the app ({@link withRenderEnvironment}), as reading `process.env` is slow.
 */
let snapshot: boolean | undefined;

/** Whether `CDK8S_DISABLE_SORT` is set (as read at the start of the current synthesis pass, if any). */
export function isSortDisabled(): boolean {
  return snapshot ?? Boolean(process.env.CDK8S_DISABLE_SORT);
}

/** Runs `render` with the environment read once, for every object it renders. */
export function withRenderEnvironment<T>(render: () => T): T {
  const previous = snapshot;
  snapshot = Boolean(process.env.CDK8S_DISABLE_SORT);
  try {
    return render();
  } finally {
    snapshot = previous;
  }
}
