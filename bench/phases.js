'use strict';
/**
 * Where appsvc synth spends its time: runs the steps of `synthesize()` one by one on N AppService
 * constructs and prints the wall time of each (module loading, construction, construct validation,
 * resolution by cdk8s, validation and cross-object checks, YAML emission, atomic write) and the
 * JavaScript heap in use after it (garbage included: collection is left to V8).
 *
 *   node bench/phases.js [N]        (after `npm run build`; N defaults to 10000)
 */
const os = require('os');
const fs = require('fs');
const path = require('path');
const { CHART, requireFromRoot, serviceDefinition } = require('./programs/common');

const n = Number(process.argv[2] ?? 10000);
const rows = [];
let last = process.hrtime.bigint();
const start = last;
function mark(label) {
  const now = process.hrtime.bigint();
  rows.push([label, Number(now - last) / 1e6, process.memoryUsage().heapUsed / 1048576]);
  last = now;
}

const { App, Chart } = require('cdk8s');
mark('load cdk8s');
const { AppService } = requireFromRoot('lib/src/constructs/app-service.js');
mark('load AppService (and what it imports)');
const { validateConstructs, resolveCharts } = requireFromRoot('lib/src/synth/resolve.js');
const { checkObjects } = requireFromRoot('lib/src/synth/check.js');
const { emitYaml } = requireFromRoot('lib/src/synth/emit.js');
const { writeDirAtomic } = requireFromRoot('lib/src/synth/write.js');
mark('load synth modules');

const app = new App();
const chart = new Chart(app, CHART);
for (let i = 0; i < n; i++) {
  const d = serviceDefinition(i);
  new AppService(chart, d.name, { labels: d.labels, selector: d.selector, ports: d.ports });
}
mark(`construct ${n} AppServices`);
const constructErrors = validateConstructs(app);
mark('validateConstructs (node.validate of every construct)');
const charts = resolveCharts(app);
mark('resolveCharts (cdk8s chart.toJson and object order)');
const objects = charts.flatMap((c) => c.objects);
const findings = checkObjects(objects, {});
mark('checkObjects (validator and cross-object checks)');
const files = new Map();
for (const c of charts) files.set(`${c.stem}.k8s.yaml`, emitYaml(c.objects.map((o) => o.manifest)));
mark('emitYaml');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-phases-'));
writeDirAtomic(path.join(outdir, 'dist'), files);
mark('writeDirAtomic');
fs.rmSync(outdir, { recursive: true, force: true });

const total = Number(process.hrtime.bigint() - start) / 1e6;
const width = Math.max(...rows.map(([l]) => l.length));
for (const [label, ms, heap] of rows) {
  process.stdout.write(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / total).toFixed(0).padStart(3)}%  heap ${heap.toFixed(0).padStart(4)} MiB\n`);
}
process.stdout.write(`${'total in process (after node start-up)'.padEnd(width)}  ${total.toFixed(0).padStart(6)} ms\n`);
process.stdout.write(`objects ${objects.length}, construct errors ${constructErrors.length}, findings ${findings.length}, ` +
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
