'use strict';
// cdk8s-plus-28: N `Service` constructs in one chart, `App.synthYaml()`, written to one file.
const { CHART, args, serviceDefinition, writeOutput } = require('./common');

const { n, outdir } = args();
const { App, Chart } = require('cdk8s');
const kplus = require('cdk8s-plus-28');

const app = new App({ outdir });
const chart = new Chart(app, CHART);
for (let i = 0; i < n; i++) {
  const d = serviceDefinition(i);
  const service = new kplus.Service(chart, d.name, {
    metadata: { name: d.name, labels: d.labels },
    type: kplus.ServiceType.CLUSTER_IP,
    ports: d.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort })),
  });
  for (const [key, value] of Object.entries(d.selector)) service.selectLabel(key, value);
}
writeOutput(outdir, `${CHART}.k8s.yaml`, app.synthYaml());
