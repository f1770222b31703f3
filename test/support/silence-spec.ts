/**
 * A spec for the silencing tests: "api" carries a deprecated annotation; "web" too, and silences
 * the rule for itself (and is written for two clusters).
 */
export const SILENCE_SPEC = `name: shop
services:
  - name: api
    ports: ["80:8080"]
    selector: {app: api}
    annotations: {service.kubernetes.io/topology-aware-hints: Auto}
  - name: web
    ports: ["80:8080"]
    selector: {app: web}
    annotations: {service.kubernetes.io/topology-aware-hints: Auto, appsvc.dev/ignore: k8s/deprecated-topology-hints}
    clusters: [eu-1, us-1]
`;
