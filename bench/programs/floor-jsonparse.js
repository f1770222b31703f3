'use strict';
// Floor for `appsvc validate` of a JSON file: `JSON.parse` of the file (plus Node.js start-up).
const fs = require('fs');

const value = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (value === null) process.exit(4);
