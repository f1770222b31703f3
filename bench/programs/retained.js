'use strict';
/**
 * Memory retained per object after reading a manifest file: parses FILE with the reader
 * `appsvc validate` uses (src/manifest), keeps the result, collects garbage and prints, as JSON on
 * stdout, the heap (and external memory) held after reading minus before, per object.
 *
 *   node --expose-gc bench/programs/retained.js FILE
 */
const fs = require('fs');
const { requireFromRoot } = require('./common');

if (typeof global.gc !== 'function') {
  process.stderr.write('run with node --expose-gc\n');
  process.exit(2);
}
const CANDIDATES = ['parseManifestText', 'parseManifests', 'parseYamlManifests', 'parseDocuments', 'parse'];
const parser = requireFromRoot('lib/src/manifest/parse.js');
const name = CANDIDATES.find((c) => typeof parser[c] === 'function');
if (name === undefined) {
  process.stderr.write(`lib/src/manifest/parse.js exports none of ${CANDIDATES.join(', ')}\n`);
  process.exit(3);
}
const text = fs.readFileSync(process.argv[2], 'utf8');
const held = () => {
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};
const before = held();
const result = parser[name](text, process.argv[2]);
const after = held();
const objects = Array.isArray(result) ? result.length : 0;
process.stdout.write(`${JSON.stringify({ objects, bytes: after - before, perObject: objects > 0 ? (after - before) / objects : null, textBytes: Buffer.byteLength(text) })}\n`);
// Keep the result alive until after the measurement.
if (result === undefined) process.exit(4);
