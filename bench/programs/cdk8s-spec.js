'use strict';
// Raw cdk8s writing what `appsvc synth --file` writes for the bench spec: N KubeService (generated
// Kubernetes 1.28 bindings) in a chart carrying the spec's labels, with the spec's namespace,
// `App.synthYaml()`, written to one file. The data comes from JavaScript, not from a file: parsing
// the spec is appsvc's cost alone.
const { args, requireFromRoot, serviceDefinition, SPEC_NAME, writeOutput } = require('./common');

const { n, outdir } = args();
const { App, Chart } = require('cdk8s');
const { IntOrString, KubeService } = require('cdk8s-plus-28/lib/imports/k8s');
const { specLabels } = requireFromRoot('lib/src/spec/labels.js');

const app = new App({ outdir });
const chart = new Chart(app, SPEC_NAME, { labels: specLabels(SPEC_NAME) });
for (let i = 0; i < n; i++) {
  const d = serviceDefinition(i);
  new KubeService(chart, d.name, {
    metadata: { name: d.name, namespace: 'default', labels: d.labels },
    spec: {
      type: 'ClusterIP',
      selector: d.selector,
      ports: d.ports.map((p) => ({ name: p.name, port: p.port, targetPort: IntOrString.fromNumber(p.targetPort) })),
    },
  });
}
writeOutput(outdir, `${SPEC_NAME}.k8s.yaml`, app.synthYaml());
