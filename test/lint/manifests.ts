/** Small manifest builders for the lint tests: one valid object plus a tweak per case. */

type Json = Record<string, unknown>;

/** A ClusterIP Service selecting `selector`, with the given ports. */
export function service(name: string, selector: Record<string, string> | undefined, ports: readonly unknown[], extra: { namespace?: string; spec?: Json } = {}): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(extra.namespace === undefined ? {} : { namespace: extra.namespace }) },
    spec: { ...(selector === undefined ? {} : { selector }), ports, ...extra.spec },
  };
}

/** A container with the given ports. */
export function container(name: string, ports: readonly Json[]): Json {
  return { name, image: 'nginx', ports };
}

/** A pod spec of the given containers. */
export function podSpec(containers: readonly Json[], initContainers?: readonly Json[]): Json {
  return { containers, ...(initContainers === undefined ? {} : { initContainers }) };
}

/** An `apps/v1` Deployment whose pods carry `labels`. */
export function deployment(name: string, labels: Record<string, string>, spec: Json, namespace?: string): Json {
  return workload('apps/v1', 'Deployment', name, labels, spec, namespace);
}

/** A workload of any kind whose pod template sits at `spec.template`. */
export function workload(apiVersion: string, kind: string, name: string, labels: Record<string, string>, spec: Json, namespace?: string, extraSpec: Json = {}): Json {
  return {
    apiVersion,
    kind,
    metadata: { name, ...(namespace === undefined ? {} : { namespace }) },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec }, ...extraSpec },
  };
}
