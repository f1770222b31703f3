'use strict';
/**
 * Where appsvc synth spends its time: runs the steps of `synthesize()` one by one on N AppService
 * constructs and prints the wall time of each (module loading, construction, construct validation,
 * resolution into manifests, validation and cross-object checks, YAML emission, atomic write) and the
 * JavaScript heap in use after it (garbage included: collection is left to V8).
 *
 *   node bench/phases.js [N] [RUNS] (after `npm run build`; N defaults to 10000)
 *
 * With RUNS > 1, runs itself RUNS times, each in a fresh process, and prints the median of each step.
 */
const os = require('os');
const fs = require('fs');
const path = require('path');
const { CHART, requireFromRoot, serviceDefinition } = require('./programs/common');

const n = Number(process.argv[2] ?? 10000);
const runs = Number(process.argv[3] ?? 1);
if (runs > 1) {
  process.exit(medianOfRuns(n, runs));
}
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
const { allConstructs, validateConstructsOf, resolveChartsOf } = requireFromRoot('lib/src/synth/resolve.js');
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
const all = allConstructs(app);
const constructErrors = validateConstructsOf(all);
mark('allConstructs, validateConstructsOf (each construct\'s validations)');
const charts = resolveChartsOf(app, all);
mark('resolveCharts (object order, each object\'s toJson)');
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
if (process.env.BENCH_PHASES_JSON === '1') {
  process.stdout.write(JSON.stringify({ rows, total, rss: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.exit(0);
}
const width = Math.max(...rows.map(([l]) => l.length));
for (const [label, ms, heap] of rows) {
  process.stdout.write(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / total).toFixed(0).padStart(3)}%  heap ${heap.toFixed(0).padStart(4)} MiB\n`);
}
process.stdout.write(`${'total in process (after node start-up)'.padEnd(width)}  ${total.toFixed(0).padStart(6)} ms\n`);
process.stdout.write(`objects ${objects.length}, construct errors ${constructErrors.length}, findings ${findings.length}, ` +
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);

/** Runs this script `runs` times in fresh processes and prints the median of each step; returns the exit status. */
function medianOfRuns(size, count) {
  const childProcess = require('child_process');
  const results = [];
  for (let i = 0; i < count; i++) {
    const res = childProcess.spawnSync(process.execPath, [__filename, String(size)], { env: { ...process.env, BENCH_PHASES_JSON: '1' }, encoding: 'utf8' });
    if (res.status !== 0) {
      process.stderr.write(res.stderr);
      return 1;
    }
    results.push(JSON.parse(res.stdout));
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const labels = results[0].rows.map(([label]) => label);
  const width = Math.max(...labels.map((l) => l.length), 38);
  process.stdout.write(`median of ${count} runs, N = ${size}\n`);
  labels.forEach((label, i) => {
    const ms = results.map((r) => r.rows[i][1]);
    process.stdout.write(`${label.padEnd(width)}  ${median(ms).toFixed(0).padStart(6)} ms  (${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)})\n`);
  });
  process.stdout.write(`${'total in process (after node start-up)'.padEnd(width)}  ${median(results.map((r) => r.total)).toFixed(0).padStart(6)} ms\n`);
  process.stdout.write(`peak RSS ${median(results.map((r) => r.rss)).toFixed(0)} MB\n`);
  return 0;
}
