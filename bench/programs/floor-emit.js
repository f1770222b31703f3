'use strict';
// The emitter alone: the same manifests as plain objects through appsvc's `emitYaml`, written to
// one file (no constructs, no validation).
const { CHART, args, requireFromRoot, serviceManifest, writeOutput } = require('./common');

const { n, outdir } = args();
const { emitYaml } = requireFromRoot('lib/src/synth/emit.js');
const docs = [];
for (let i = 0; i < n; i++) docs.push(serviceManifest(i));
writeOutput(outdir, `${CHART}.k8s.yaml`, emitYaml(docs));
