'use strict';
// Parses one YAML file with the parser `appsvc validate` uses (src/manifest/parse.ts) and nothing
// else: the floor for `appsvc validate` on the same file.
const fs = require('fs');
const path = require('path');
const { ROOT, requireFromRoot } = require('./common');

/** Export names the parse module may give its text → documents function, in order of preference. */
const CANDIDATES = ['parseManifestText', 'parseManifests', 'parseYamlManifests', 'parseManifestFile', 'parseDocuments', 'parse'];

const file = process.argv[2];
if (!file) {
  process.stderr.write(`usage: node ${path.relative(ROOT, process.argv[1])} FILE\n`);
  process.exit(2);
}
const parser = requireFromRoot('lib/src/manifest/parse.js');
const name = CANDIDATES.find((n) => typeof parser[n] === 'function');
if (name === undefined) {
  process.stderr.write(`lib/src/manifest/parse.js exports none of ${CANDIDATES.join(', ')}\n`);
  process.exit(3);
}
const text = fs.readFileSync(file, 'utf8');
const result = parser[name](text, file);
// Touch the result so that lazy work is not skipped.
if (result === undefined) process.exit(4);
