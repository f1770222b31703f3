'use strict';
// Floor: the same manifests as plain objects, `JSON.stringify`, written to one file.
const { CHART, args, serviceManifest, writeOutput } = require('./common');

const { n, outdir } = args();
const docs = [];
for (let i = 0; i < n; i++) docs.push(serviceManifest(i));
writeOutput(outdir, `${CHART}.json`, JSON.stringify(docs));
