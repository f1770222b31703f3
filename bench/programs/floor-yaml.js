'use strict';
// Floor: the same manifests as plain objects through yaml@2's `stringify` with cdk8s's options
// (what cdk8s's `Yaml.stringify` does), written to one file.
const { CHART, args, serviceManifest, writeOutput } = require('./common');

const { n, outdir } = args();
const YAML = require('yaml');
const options = { keepUndefined: true, lineWidth: 0, version: '1.1' };
const docs = [];
for (let i = 0; i < n; i++) docs.push(serviceManifest(i));
writeOutput(outdir, `${CHART}.k8s.yaml`, docs.map((d) => YAML.stringify(d, options)).join('---\n'));
