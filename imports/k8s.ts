/**
 * Kubernetes 1.28 API bindings (`io.k8s.api.*`): `KubeService`, `KubeDeployment`, `IntOrString`,
 * `ServiceSpec`, ... as `cdk8s import k8s@1.28` would generate them.
 *
 * Produced by re-exporting the bindings cdk8s-plus-28 ships, which that package generated from the
 * Kubernetes 1.28 OpenAPI schema with `cdk8s import`. This keeps them offline (`cdk8s import k8s`
 * downloads the schema) and pinned to the cdk8s-plus-28 version in package-lock.json, and it means
 * `k8s.KubeService` here and inside cdk8s-plus-28 are the same class.
 *
 * Do not edit. To switch to generated bindings, run `cdk8s import k8s@1.28.0 --language typescript`
 * (needs network), which overwrites this file with the generated module.
 */
export * from 'cdk8s-plus-28/lib/imports/k8s';
