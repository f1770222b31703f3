'use strict';
// appsvc synth: N AppService constructs in one chart, synthesized through the public path
// (resolve, validation of every Service, cross-object checks, YAML emission, atomic write).
const { CHART, args, requireFromRoot, serviceDefinition } = require('./common');

const { n, outdir } = args();
const { App, Chart } = require('cdk8s');
const { AppService } = requireFromRoot('lib/src/constructs/app-service.js');
const { synthesize } = requireFromRoot('lib/src/synth/synthesize.js');

const app = new App({ outdir });
const chart = new Chart(app, CHART);
for (let i = 0; i < n; i++) {
  const d = serviceDefinition(i);
  new AppService(chart, d.name, { labels: d.labels, selector: d.selector, ports: d.ports });
}
synthesize(app, { outdir });
