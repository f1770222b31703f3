'use strict';
// Floor for `appsvc validate` of a YAML file: js-yaml's `loadAll` (the fastest well-kept
// JavaScript YAML reader) reads the file into plain objects, and nothing else.
const fs = require('fs');
const yaml = require('js-yaml');

const docs = yaml.loadAll(fs.readFileSync(process.argv[2], 'utf8'));
if (docs.length === 0) process.exit(4);
