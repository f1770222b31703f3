'use strict';
// Preloaded (node -r) by yaml-library.test.ts: says on exit whether the yaml library was loaded.
const path = require('path');
const mark = `${path.sep}node_modules${path.sep}yaml${path.sep}`;
process.on('exit', () => process.stderr.write(`loaded yaml: ${Object.keys(require.cache).some((k) => k.includes(mark))}\n`));
