'use strict';
// Raw cdk8s: N KubeService (generated Kubernetes 1.28 bindings) in one chart, `App.synthYaml()`,
// written to one file.
const { CHART, args, serviceDefinition, writeOutput } = require('./common');

const { n, outdir } = args();
const { App, Chart } = require('cdk8s');
const { IntOrString, KubeService } = require('cdk8s-plus-28/lib/imports/k8s');

const app = new App({ outdir });
const chart = new Chart(app, CHART);
for (let i = 0; i < n; i++) {
  const d = serviceDefinition(i);
  new KubeService(chart, d.name, {
    metadata: { name: d.name, labels: d.labels },
    spec: {
      type: 'ClusterIP',
      selector: d.selector,
      ports: d.ports.map((p) => ({ name: p.name, port: p.port, targetPort: IntOrString.fromNumber(p.targetPort) })),
    },
  });
}
writeOutput(outdir, `${CHART}.k8s.yaml`, app.synthYaml());
