'use strict';
/**
 * `npm run bench`: whole-process wall time and peak RSS of appsvc against outside floors, for N
 * generated Services: synth (TypeScript API) against cdk8s, cdk8s-plus-28 and the YAML/JSON floors;
 * `appsvc validate` of a YAML file against js-yaml `loadAll` and of a JSON List against `JSON.parse`;
 * `appsvc synth --file` of a spec against raw cdk8s writing the same bytes; `appsvc service
 * upsert|list|get` against `node -e 0`; cross-object checks at N and 8N objects; memory retained
 * per object read. Prints PASS/MISS for every target.
 *
 *   node bench/run.js [--quick] [--reps K] [--sizes 1000,10000] [--big 100000] [--big-reps K]
 *                     [--instructions] [--only synth,validate,spec,lint,retained] [--json FILE]
 *
 * --quick: 3 runs, no 100,000 (smoke use). --instructions: also count instructions with valgrind's
 * callgrind (one run of each program; slow, needs valgrind).
 *
 * Every measurement is a separate `node` process; programs alternate round-robin (the order rotates
 * each round) so that a noisy machine slows all of them alike. Compare ratios from the same run only.
 * Run `npm run build` first (`npm run bench` does).
 */
const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, serviceManifest, specText, SPEC_NAME } = require('./programs/common');

// ---------------------------------------------------------------------------------------------
// Options

function parseOptions(argv) {
  const quick = argv.includes('--quick');
  const value = (flag) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  const list = (s) => s.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const opts = {
    quick,
    reps: Number(value('--reps') ?? (quick ? 3 : 5)),
    sizes: list(value('--sizes') ?? '1000,10000'),
    big: value('--big') !== undefined ? list(value('--big')) : quick ? [] : [100000],
    bigReps: Number(value('--big-reps') ?? 3),
    instructions: argv.includes('--instructions'),
    only: value('--only') ? value('--only').split(',') : undefined,
    json: value('--json'),
  };
  if (argv.includes('--help') || !(opts.reps > 0) || opts.sizes.length === 0) {
    const usage = fs.readFileSync(__filename, 'utf8').split('*/')[0].split('\n').filter((l) => l.startsWith(' *'));
    process.stdout.write(usage.map((l) => l.replace(/^ \* ?/, '')).join('\n') + '\n');
    process.exit(argv.includes('--help') ? 0 : 2);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Programs

const PROGRAMS_DIR = path.join(__dirname, 'programs');

/** The synth programs, in table order. `needs` lists build outputs the program loads. */
const SYNTH_PROGRAMS = [
  { id: 'appsvc', label: 'appsvc synth (AppService, validate, lint, emit, atomic write)', script: 'appsvc-synth.js', needs: ['lib/src/synth/synthesize.js', 'lib/src/constructs/app-service.js'] },
  { id: 'cdk8s', label: 'cdk8s KubeService + App.synthYaml', script: 'cdk8s-raw.js', needs: [] },
  { id: 'cdk8s-plus', label: 'cdk8s-plus-28 Service + App.synthYaml', script: 'cdk8s-plus.js', needs: [] },
  { id: 'yaml', label: 'floor: plain objects, yaml.stringify', script: 'floor-yaml.js', needs: [] },
  { id: 'emit', label: 'floor: plain objects, appsvc emitYaml', script: 'floor-emit.js', needs: ['lib/src/synth/emit.js'] },
  { id: 'json', label: 'floor: plain objects, JSON.stringify', script: 'floor-json.js', needs: [] },
  { id: 'node', label: 'node -e 0', argv: ['-e', '0'], needs: [] },
];

function missingBuildOutputs(program) {
  return program.needs.filter((rel) => !fs.existsSync(path.join(ROOT, rel)));
}

// ---------------------------------------------------------------------------------------------
// Measurement

const TIME_BIN = ['/usr/bin/time', '/bin/time'].find((p) => {
  try {
    return childProcess.spawnSync(p, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
});

/**
 * Runs `node ...nodeArgs` once; returns wall time (ms, measured here around the child), peak RSS
 * (MiB, from /usr/bin/time %M, or reported by the child itself) and the exit status.
 */
function measure(nodeArgs, scratch) {
  const rssFile = path.join(scratch, `rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const [cmd, args, env] = TIME_BIN
    ? [TIME_BIN, ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgs], process.env]
    : [process.execPath, ['-r', path.join(PROGRAMS_DIR, 'report-rss.js'), ...nodeArgs], { ...process.env, BENCH_RSS_FILE: rssFile }];
  const start = process.hrtime.bigint();
  const res = childProcess.spawnSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rssMiB = NaN;
  try {
    const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
    rssMiB = Number(lines[lines.length - 1]) / 1024;
    fs.rmSync(rssFile, { force: true });
  } catch {
    // no report: the child died before writing it
  }
  const status = res.status;
  const stderr = res.stderr ? res.stderr.toString() : '';
  return { ms, rssMiB, status, stderr };
}

function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function rotate(list, k) {
  const n = list.length;
  return list.map((_, i) => list[(i + k) % n]);
}

/**
 * Runs each entry `reps` times, round-robin, with the order rotated every round.
 * `entries`: [{ key, nodeArgs: () => string[], ok?: (status) => boolean, prepare?: () => void }]
 * (`prepare` runs before each sample, untimed).
 */
function runRounds(entries, reps, scratch, progress) {
  const samples = new Map(entries.map((e) => [e.key, []]));
  const failures = new Map();
  for (let r = 0; r < reps; r++) {
    for (const e of rotate(entries, r)) {
      if (failures.has(e.key)) continue;
      if (e.prepare) e.prepare();
      const m = measure(e.nodeArgs(), scratch);
      const ok = e.ok ? e.ok(m.status) : m.status === 0;
      if (!ok) {
        failures.set(e.key, `exit ${m.status}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        continue;
      }
      samples.get(e.key).push(m);
      progress(`.`);
    }
  }
  const stats = new Map();
  for (const e of entries) {
    const list = samples.get(e.key);
    stats.set(e.key, failures.has(e.key) || list.length === 0
      ? { failed: failures.get(e.key) ?? 'no samples' }
      : { ms: median(list.map((m) => m.ms)), min: Math.min(...list.map((m) => m.ms)), max: Math.max(...list.map((m) => m.ms)), rss: median(list.map((m) => m.rssMiB)), runs: list.length });
  }
  return stats;
}

// ---------------------------------------------------------------------------------------------
// Output

const out = (s = '') => process.stdout.write(`${s}\n`);
const progress = (s) => process.stderr.write(s);
const fmtMs = (ms) => (Number.isFinite(ms) ? (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`) : 'n/a');
const fmtMiB = (m) => (Number.isFinite(m) ? `${m.toFixed(0)} MiB` : 'n/a');
const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  out(line(header));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out(line(r));
}

function verdict(ok) {
  return ok === undefined ? 'n/a ' : ok ? 'PASS' : 'MISS';
}

// ---------------------------------------------------------------------------------------------
// Main

function main() {
  const opts = parseOptions(process.argv.slice(2));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-bench-'));
  const results = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, rss: TIME_BIN ? `${TIME_BIN} %M` : 'process.resourceUsage().maxRSS', synth: {}, validate: {}, targets: [] };
  try {
    out(`appsvc benchmark — node ${process.version}, ${os.cpus().length} CPU(s), ${opts.quick ? 'quick' : 'full'} run`);
    out(`peak RSS from ${results.rss}; every figure is the median of ${opts.reps} runs (${opts.bigReps} at ${opts.big.join(', ') || '-'})`);
    out();

    const available = SYNTH_PROGRAMS.filter((p) => missingBuildOutputs(p).length === 0);
    for (const p of SYNTH_PROGRAMS) {
      const missing = missingBuildOutputs(p);
      if (missing.length > 0) out(`not available: ${p.label} (missing ${missing.join(', ')}; run npm run build)`);
    }
    const nodeArgsFor = (p, n) => () => {
      if (p.argv) return p.argv;
      return [path.join(PROGRAMS_DIR, p.script), String(n), path.join(scratch, `${p.id}-${n}`)];
    };

    // 1. Same bytes: appsvc, raw cdk8s and both YAML floors must write the same file.
    if (opts.only === undefined || opts.only.includes('synth')) checkSameOutput(available, scratch);

    const run = (section) => opts.only === undefined || opts.only.includes(section);
    // 2. Synth at each N, all programs alternating.
    for (const n of run('synth') ? opts.sizes : []) {
      progress(`N=${n} `);
      results.synth[n] = Object.fromEntries(runRounds(available.map((p) => ({ key: p.id, nodeArgs: nodeArgsFor(p, n) })), opts.reps, scratch, progress));
      progress('\n');
    }
    // 3. appsvc alone at the big sizes (with the start-up floor alternating).
    const appsvc = available.find((p) => p.id === 'appsvc');
    if (appsvc && run('synth')) {
      for (const n of opts.big) {
        progress(`N=${n} `);
        const entries = [{ key: 'appsvc', nodeArgs: nodeArgsFor(appsvc, n) }, { key: 'json', nodeArgs: nodeArgsFor(SYNTH_PROGRAMS.find((p) => p.id === 'json'), n) }];
        results.synth[n] = Object.fromEntries(runRounds(entries, opts.bigReps, scratch, progress));
        progress('\n');
      }
    }
    reportSynth(results, opts);

    const inputs = writeInputs(opts, scratch);
    // 4. validate against js-yaml and JSON.parse, and start-up against node -e 0.
    if (run('validate')) {
      results.validate = benchValidate(opts, scratch, inputs);
      reportValidate(results);
    }
    // 5. The spec path: synth --file against raw cdk8s; service upsert, list, get against node -e 0.
    if (run('spec')) {
      results.spec = benchSpec(opts, scratch, inputs);
      reportSpec(results);
    }
    // 6. Cross-object checks at N and 8N objects; memory retained per object read.
    if (run('lint')) {
      results.lint = benchLint(opts, scratch);
      reportLint(results);
    }
    if (run('retained')) {
      results.retained = benchRetained(opts, scratch, inputs);
      reportRetained(results);
    }
    // 7. Instruction counts (optional).
    if (opts.instructions) {
      results.instructions = benchInstructions(scratch, inputs);
      reportInstructions(results);
    }

    reportTargets(results, opts);
    if (opts.json) {
      fs.writeFileSync(opts.json, JSON.stringify(results, null, 2) + '\n');
      out(`\nresults written to ${opts.json}`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function checkSameOutput(available, scratch) {
  const n = 200;
  const ids = ['appsvc', 'cdk8s', 'yaml', 'emit'].filter((id) => available.some((p) => p.id === id));
  const texts = new Map();
  for (const id of ids) {
    const p = available.find((x) => x.id === id);
    const dir = path.join(scratch, `same-${id}`);
    const res = childProcess.spawnSync(process.execPath, [path.join(PROGRAMS_DIR, p.script), String(n), dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    const file = path.join(dir, 'bench.k8s.yaml');
    if (res.status !== 0 || !fs.existsSync(file)) {
      out(`output check: ${p.label} failed (exit ${res.status}): ${String(res.stderr).trim().split('\n').slice(-2).join(' | ')}`);
      continue;
    }
    texts.set(id, fs.readFileSync(file));
  }
  const reference = texts.get('cdk8s');
  const differing = [...texts].filter(([, t]) => reference && !t.equals(reference)).map(([id]) => id);
  if (!reference) out('output check: raw cdk8s output missing; not compared');
  else if (differing.length === 0) out(`output check (N=${n}): ${[...texts.keys()].join(', ')} write byte-identical bench.k8s.yaml (${reference.length} bytes)`);
  else out(`output check (N=${n}): DIFFERENT from raw cdk8s: ${differing.join(', ')}`);
  out();
}

function reportSynth(results, opts) {
  const sizes = Object.keys(results.synth).map(Number).sort((a, b) => a - b);
  for (const n of sizes) {
    const s = results.synth[n];
    out(`synth, N = ${n.toLocaleString('en-US')} Services`);
    const rows = SYNTH_PROGRAMS.filter((p) => s[p.id]).map((p) => {
      const r = s[p.id];
      if (r.failed) return [p.label, 'failed', '', '', '', r.failed.slice(0, 80)];
      const perService = p.id === 'node' ? '' : `${((r.ms * 1000) / n).toFixed(1)} µs`;
      return [p.label, fmtMs(r.ms), `${fmtMs(r.min)}–${fmtMs(r.max)}`, fmtMiB(r.rss), perService, ''];
    });
    table(['program', 'median', 'range', 'peak RSS', 'per Service', ''], rows);
    const a = s.appsvc;
    if (a && !a.failed) {
      const ratio = (id) => (s[id] && !s[id].failed ? s[id].ms / a.ms : NaN);
      const names = [['cdk8s', 'cdk8s'], ['cdk8s-plus', 'cdk8s-plus-28'], ['yaml', 'yaml floor'], ['emit', 'emitYaml floor'], ['json', 'JSON floor']];
      const parts = names.filter(([id]) => Number.isFinite(ratio(id))).map(([id, name]) => `${name} ${fmtRatio(ratio(id))}`);
      out(`appsvc speed-up (other's time / appsvc's time): ${parts.join(', ')}`);
      if (s.cdk8s && !s.cdk8s.failed) out(`appsvc peak RSS / cdk8s peak RSS: ${fmtRatio(a.rss / s.cdk8s.rss)}`);
    }
    out();
  }
  // Scaling of appsvc: per-Service time at each N and the marginal cost between sizes.
  const points = sizes.filter((n) => results.synth[n].appsvc && !results.synth[n].appsvc.failed).map((n) => [n, results.synth[n].appsvc.ms]);
  if (points.length >= 2) {
    out('appsvc scaling');
    const rows = points.map(([n, ms], i) => {
      const prev = points[i - 1];
      const marginal = prev ? `${(((ms - prev[1]) * 1000) / (n - prev[0])).toFixed(1)} µs` : '';
      return [n.toLocaleString('en-US'), fmtMs(ms), `${((ms * 1000) / n).toFixed(1)} µs`, marginal];
    });
    table(['N', 'median', 'per Service', 'marginal per Service (from previous N)'], rows);
    out();
  }
}

/** N of the validate and spec benchmarks. */
const INPUT_N = 10000;

/**
 * Writes the inputs: one YAML file of 10,000 Services (as cdk8s writes them), the same Services as
 * one JSON `List`, a file of one Service, a spec file of 10,000 services (and of 200, for the
 * output check), and in a full run a YAML file and a spec file of 100,000 Services.
 */
function writeInputs(opts, scratch) {
  const YAML = require('yaml');
  const options = { keepUndefined: true, lineWidth: 0, version: '1.1' };
  const yamlFile = (name, n) => {
    const file = path.join(scratch, name);
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < n; i++) fs.writeSync(fd, (i > 0 ? '---\n' : '') + YAML.stringify(serviceManifest(i), options));
    fs.closeSync(fd);
    return file;
  };
  const jsonFile = path.join(scratch, `services-${INPUT_N}.json`);
  const items = [];
  for (let i = 0; i < INPUT_N; i++) items.push(serviceManifest(i));
  fs.writeFileSync(jsonFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2));
  const specFile = (n) => {
    const dir = path.join(scratch, `spec-${n}`);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'appsvc.yaml');
    fs.writeFileSync(file, specText(n));
    return file;
  };
  return {
    yaml: yamlFile(`services-${INPUT_N}.yaml`, INPUT_N),
    json: jsonFile,
    small: yamlFile('service-1.yaml', 1),
    spec: specFile(INPUT_N),
    specSmall: specFile(200),
    huge: opts.quick ? undefined : yamlFile('services-100000.yaml', 100000),
    specHuge: opts.quick ? undefined : specFile(100000),
  };
}

const BIN = path.join(ROOT, 'bin', 'appsvc.js');

/** The validate programs, in table order. */
function validatePrograms(inputs) {
  return [
    { key: 'validate-yaml', label: `appsvc validate, YAML file of ${INPUT_N.toLocaleString('en-US')} Services`, nodeArgs: () => [BIN, 'validate', inputs.yaml] },
    { key: 'jsyaml', label: 'floor: js-yaml loadAll of the same file', nodeArgs: () => [path.join(PROGRAMS_DIR, 'floor-jsyaml.js'), inputs.yaml] },
    { key: 'validate-json', label: `appsvc validate, the same Services as one JSON List`, nodeArgs: () => [BIN, 'validate', inputs.json] },
    { key: 'jsonparse', label: 'floor: JSON.parse of the JSON file (and start-up)', nodeArgs: () => [path.join(PROGRAMS_DIR, 'floor-jsonparse.js'), inputs.json] },
    { key: 'validate-small', label: 'appsvc validate, one Service', nodeArgs: () => [BIN, 'validate', inputs.small] },
    { key: 'node', label: 'node -e 0', nodeArgs: () => ['-e', '0'] },
  ];
}

function benchValidate(opts, scratch, inputs) {
  const probe = childProcess.spawnSync(process.execPath, [BIN, 'validate', inputs.small], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const result = {};
  if (probe.status !== 0) result.problem = `appsvc validate on one valid Service: exit ${probe.status}: ${String(probe.stderr).trim().split('\n').slice(-1)[0] ?? ''}`;
  const jsyaml = hasModule('js-yaml');
  const entries = validatePrograms(inputs).filter((p) => p.key !== 'jsyaml' || jsyaml);
  if (!jsyaml) result.problem = 'js-yaml is not installed (npm install): no js-yaml floor';
  progress('validate ');
  result.stats = Object.fromEntries(runRounds(entries, opts.reps, scratch, progress));
  progress('\n');
  return result;
}

function hasModule(name) {
  try {
    require.resolve(name, { paths: [ROOT] });
    return true;
  } catch {
    return false;
  }
}

function statsTable(programs, stats, extra) {
  const rows = programs.filter((p) => stats[p.key]).map((p) => {
    const r = stats[p.key];
    return r.failed ? [p.label, 'failed', '', r.failed.slice(0, 100)] : [p.label, fmtMs(r.ms), `${fmtMs(r.min)}–${fmtMs(r.max)}`, fmtMiB(r.rss)];
  });
  table(['program', 'median', 'range', 'peak RSS'], rows);
  if (extra) out(extra);
  out();
}

function reportValidate(results) {
  const v = results.validate;
  out('appsvc validate');
  if (v.problem) out(`note: ${v.problem}`);
  const s = v.stats;
  const r = (a, b) => (s[a] && !s[a].failed && s[b] && !s[b].failed ? fmtRatio(s[a].ms / s[b].ms) : 'n/a');
  statsTable(validatePrograms({}), s, `appsvc / floor: YAML ${r('validate-yaml', 'jsyaml')} of js-yaml, JSON ${r('validate-json', 'jsonparse')} of JSON.parse, one Service ${r('validate-small', 'node')} of node -e 0`);
}

/** The spec programs, in table order. */
function specPrograms(inputs, scratch) {
  const upsertFile = path.join(scratch, 'spec-upsert', 'appsvc.yaml');
  return [
    { key: 'spec-synth', label: `appsvc synth --file, spec of ${INPUT_N.toLocaleString('en-US')} services`, nodeArgs: () => [BIN, 'synth', '--file', inputs.spec, '--out', path.join(scratch, 'spec-out')] },
    { key: 'cdk8s-spec', label: 'raw cdk8s KubeService writing the same bytes', nodeArgs: () => [path.join(PROGRAMS_DIR, 'cdk8s-spec.js'), String(INPUT_N), path.join(scratch, 'cdk8s-spec-out')] },
    {
      key: 'upsert',
      label: 'appsvc service upsert (changes one service)',
      prepare: () => {
        fs.mkdirSync(path.dirname(upsertFile), { recursive: true });
        fs.copyFileSync(inputs.spec, upsertFile);
      },
      nodeArgs: () => [BIN, 'service', 'upsert', `svc-${INPUT_N / 2}`, '--file', upsertFile, '--port', '81:8080', '--port', '9090'],
    },
    { key: 'list', label: 'appsvc service list', nodeArgs: () => [BIN, 'service', 'list', '--file', inputs.spec] },
    { key: 'get', label: 'appsvc service get', nodeArgs: () => [BIN, 'service', 'get', `svc-${INPUT_N / 2}`, '--file', inputs.spec] },
    { key: 'node', label: 'node -e 0', nodeArgs: () => ['-e', '0'] },
  ];
}

function benchSpec(opts, scratch, inputs) {
  const result = { check: checkSpecOutput(inputs, scratch) };
  progress('spec ');
  result.stats = Object.fromEntries(runRounds(specPrograms(inputs, scratch), opts.reps, scratch, progress));
  progress('\n');
  // A full run also checks that appsvc synth --file compiles a spec of 100,000 services within 1 GB.
  if (inputs.specHuge) {
    progress('synth --file 100000 ');
    const m = measure([BIN, 'synth', '--file', inputs.specHuge, '--out', path.join(scratch, 'spec-huge-out')], scratch);
    progress('.\n');
    result.synthHuge = { ms: m.ms, rss: m.rssMiB, status: m.status, error: m.status === 0 ? undefined : m.stderr.trim().split('\n').slice(-1)[0] };
  }
  return result;
}

/** appsvc synth --file and raw cdk8s must write the same bytes for the 200-service spec. */
function checkSpecOutput(inputs, scratch) {
  const a = path.join(scratch, 'spec-check-appsvc');
  const c = path.join(scratch, 'spec-check-cdk8s');
  const ra = childProcess.spawnSync(process.execPath, [BIN, 'synth', '--file', inputs.specSmall, '--out', a], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const rc = childProcess.spawnSync(process.execPath, [path.join(PROGRAMS_DIR, 'cdk8s-spec.js'), '200', c], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const fa = path.join(a, `${SPEC_NAME}.k8s.yaml`);
  const fc = path.join(c, `${SPEC_NAME}.k8s.yaml`);
  if (ra.status !== 0 || !fs.existsSync(fa)) return `appsvc synth --file failed (exit ${ra.status}): ${String(ra.stderr).trim().split('\n').slice(-1)[0] ?? ''}`;
  if (rc.status !== 0 || !fs.existsSync(fc)) return `raw cdk8s failed (exit ${rc.status}): ${String(rc.stderr).trim().split('\n').slice(-1)[0] ?? ''}`;
  const same = fs.readFileSync(fa).equals(fs.readFileSync(fc));
  return same ? `appsvc synth --file and raw cdk8s write byte-identical ${SPEC_NAME}.k8s.yaml (${fs.statSync(fa).size} bytes, 200 services)` : `DIFFERENT: appsvc synth --file and raw cdk8s write different ${SPEC_NAME}.k8s.yaml`;
}

function reportSpec(results) {
  const v = results.spec;
  out('the spec path (appsvc.yaml)');
  out(`output check: ${v.check}`);
  const s = v.stats;
  const ok = (k) => s[k] && !s[k].failed;
  const parts = [];
  if (ok('spec-synth') && ok('cdk8s-spec')) parts.push(`synth --file ${fmtRatio(s['cdk8s-spec'].ms / s['spec-synth'].ms)} faster than raw cdk8s`);
  for (const k of ['upsert', 'list', 'get']) if (ok(k) && ok('node')) parts.push(`${k} ${fmtRatio(s[k].ms / s.node.ms)} of node -e 0`);
  statsTable(specPrograms({}, ''), s, parts.join(', '));
  if (v.synthHuge) {
    const h = v.synthHuge;
    out(`appsvc synth --file, spec of 100,000 services (${(Buffer.byteLength(specText(100000)) / 1048576).toFixed(1)} MiB): ${h.status === 0 ? `${fmtMs(h.ms)}, peak RSS ${fmtMiB(h.rss)}` : `exit ${h.status}: ${h.error}`}`);
    out();
  }
}

/** Sizes of the cross-object benchmark: N and 8N objects of each kind. */
function lintSizes(opts) {
  const n = opts.quick ? 2000 : 5000;
  return [n, 8 * n];
}

function benchLint(opts, scratch) {
  const script = path.join(PROGRAMS_DIR, 'lint-scale.js');
  if (!fs.existsSync(path.join(ROOT, 'lib', 'src', 'lint', 'index.js'))) return { problem: 'lib/src/lint/index.js missing (npm run build)' };
  const sizes = lintSizes(opts);
  const samples = {};
  progress('cross-object ');
  for (let r = 0; r < opts.reps; r++) {
    for (const mode of ['one', 'many']) {
      for (const n of sizes) {
        const key = `${mode}-${n}`;
        const res = childProcess.spawnSync(process.execPath, [script, String(n), mode, '3'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        if (res.status !== 0) return { problem: `lint-scale ${n} ${mode}: exit ${res.status}: ${String(res.stderr).trim().split('\n').slice(-1)[0] ?? ''}` };
        (samples[key] ??= []).push(JSON.parse(String(res.stdout)).ms);
        progress('.');
      }
    }
  }
  progress('\n');
  const stats = {};
  for (const [key, list] of Object.entries(samples)) stats[key] = median(list);
  return { sizes, stats };
}

function reportLint(results) {
  const l = results.lint;
  out('cross-object checks (lintManifests alone, in process; N Deployments + N Services)');
  if (l.problem) {
    out(`not available: ${l.problem}`);
    out();
    return;
  }
  const [a, b] = l.sizes;
  const rows = ['one', 'many'].map((mode) => {
    const ta = l.stats[`${mode}-${a}`];
    const tb = l.stats[`${mode}-${b}`];
    return [mode === 'one' ? 'one namespace' : `${a / 10}…${b / 10} namespaces`, `${ta.toFixed(1)} ms`, `${tb.toFixed(1)} ms`, fmtRatio(tb / ta)];
  });
  table(['objects in', `N=${a.toLocaleString('en-US')}`, `N=${b.toLocaleString('en-US')}`, 'time ratio (input 8x)'], rows);
  out();
}

function benchRetained(opts, scratch, inputs) {
  const file = inputs.huge ?? inputs.yaml;
  progress('retained ');
  const res = childProcess.spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', path.join(PROGRAMS_DIR, 'retained.js'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  progress('.\n');
  if (res.status !== 0) return { problem: `exit ${res.status}: ${String(res.stderr).trim().split('\n').slice(-1)[0] ?? ''}` };
  const r = JSON.parse(String(res.stdout));
  // A full run also checks that appsvc validate reads the 100,000-Service file within 1 GB.
  if (inputs.huge) {
    progress('validate 100000 ');
    const m = measure([BIN, 'validate', inputs.huge], scratch);
    progress('.\n');
    r.validateHuge = { ms: m.ms, rss: m.rssMiB, status: m.status, error: m.status === 0 ? undefined : m.stderr.trim().split('\n').slice(-1)[0] };
  }
  return r;
}

function reportRetained(results) {
  const r = results.retained;
  out('memory retained after reading (src/manifest reader, result kept, after garbage collection)');
  if (r.problem) out(`not available: ${r.problem}`);
  else out(`${r.objects.toLocaleString('en-US')} objects from ${(r.textBytes / 1048576).toFixed(1)} MiB of YAML: ${(r.bytes / 1048576).toFixed(1)} MiB retained, ${(r.perObject / 1024).toFixed(2)} KiB per object`);
  if (r.validateHuge) {
    const v = r.validateHuge;
    out(`appsvc validate, one file of 100,000 Services: ${v.status === 0 ? `${fmtMs(v.ms)}, peak RSS ${fmtMiB(v.rss)}` : `exit ${v.status}: ${v.error}`}`);
  }
  out();
}

/**
 * Instructions of one run of `node ...args`, counted by callgrind; NaN when it fails. Node.js runs
 * with `--single-threaded`: V8 then compiles and collects garbage on the main thread, so the count
 * is the same from run to run (with its helper threads, how much code runs before the optimised
 * version is ready depends on how valgrind schedules them, and counts moved by 40%).
 */
function countInstructions(nodeArgs) {
  const res = childProcess.spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', ...nodeArgs], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const m = /Collected\s*:\s*(\d+)/.exec(String(res.stderr));
  return res.status === 0 && m ? Number(m[1]) : NaN;
}

function benchInstructions(scratch, inputs) {
  const probe = childProcess.spawnSync('valgrind', ['--version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) return { problem: 'valgrind not found' };
  const programs = [...validatePrograms(inputs), ...specPrograms(inputs, scratch).filter((p) => p.key !== 'node')];
  const counts = {};
  progress('instructions ');
  for (const p of programs) {
    if (p.key === 'jsyaml' && !hasModule('js-yaml')) continue;
    if (p.prepare) p.prepare();
    counts[p.key] = countInstructions(p.nodeArgs());
    progress('.');
  }
  progress('\n');
  return { counts, labels: Object.fromEntries(programs.map((p) => [p.key, p.label])) };
}

function reportInstructions(results) {
  const r = results.instructions;
  out('instructions (valgrind --tool=callgrind, node --single-threaded, one run each)');
  if (r.problem) {
    out(`not available: ${r.problem}`);
    out();
    return;
  }
  const c = r.counts;
  const rows = Object.entries(c).map(([k, n]) => [r.labels[k], Number.isFinite(n) ? `${(n / 1e9).toFixed(2)} G` : 'failed']);
  table(['program', 'instructions'], rows);
  const ratio = (a, b) => fmtRatio(c[a] / c[b]);
  out(`appsvc / floor: YAML ${ratio('validate-yaml', 'jsyaml')} of js-yaml, JSON ${ratio('validate-json', 'jsonparse')} of JSON.parse; synth --file ${ratio('cdk8s-spec', 'spec-synth')} fewer than raw cdk8s; upsert ${ratio('upsert', 'node')}, list ${ratio('list', 'node')}, get ${ratio('get', 'node')} of node -e 0`);
  out();
}

function reportTargets(results, opts) {
  const s10 = results.synth[10000];
  const ok = (r) => r && !r.failed;
  /** `median ratio (fastest-run ratio)` of two measured programs: slow / fast. */
  const ratios = (slow, fast) => (ok(slow) && ok(fast) ? `${fmtRatio(slow.ms / fast.ms)} (fastest runs: ${fmtRatio(slow.min / fast.min)})` : 'n/a');
  const targets = [];
  if (s10) {
    const a = s10.appsvc;
    const vs = (id, min) => (ok(a) && ok(s10[id]) ? s10[id].ms / a.ms >= min : undefined);
    targets.push(['N=10,000: appsvc at least 4x faster than raw cdk8s', vs('cdk8s', 4), ratios(s10.cdk8s, a)]);
    targets.push(['N=10,000: appsvc at least 5x faster than cdk8s-plus-28', vs('cdk8s-plus', 5), ratios(s10['cdk8s-plus'], a)]);
    targets.push(['N=10,000: appsvc peak RSS no higher than raw cdk8s', ok(a) && ok(s10.cdk8s) ? a.rss <= s10.cdk8s.rss : undefined, ok(a) && ok(s10.cdk8s) ? `${fmtMiB(a.rss)} vs ${fmtMiB(s10.cdk8s.rss)}` : 'n/a']);
  }
  const sizes = Object.keys(results.synth).map(Number).sort((x, y) => x - y).filter((n) => ok(results.synth[n].appsvc));
  if (Object.keys(results.synth).length === 0) {
    // synth not run (--only)
  } else if (sizes.length >= 3) {
    // Roughly flat: the marginal cost per Service between the two largest sizes is at most 1.5x
    // the one between the two smallest.
    const t = (n) => results.synth[n].appsvc.ms;
    const first = (t(sizes[1]) - t(sizes[0])) / (sizes[1] - sizes[0]);
    const k = sizes.length - 1;
    const last = (t(sizes[k]) - t(sizes[k - 1])) / (sizes[k] - sizes[k - 1]);
    targets.push([`time per Service roughly flat ${sizes[0]}→${sizes[k]} (marginal cost within 1.5x)`, last <= first * 1.5, `${(first * 1000).toFixed(1)} µs → ${(last * 1000).toFixed(1)} µs`]);
  } else {
    targets.push(['time per Service roughly flat 1,000→100,000', undefined, opts.quick ? 'not measured in --quick' : 'n/a']);
  }
  const v = results.validate?.stats ?? {};
  const within = (slow, fast, max) => (ok(slow) && ok(fast) ? slow.ms / fast.ms <= max : undefined);
  const atLeast = (slow, fast, min) => (ok(slow) && ok(fast) ? slow.ms / fast.ms >= min : undefined);
  const ins = results.instructions?.counts;
  const insRatio = (a, b) => (ins && Number.isFinite(ins[a] / ins[b]) ? `; instructions ${fmtRatio(ins[a] / ins[b])}` : '');
  const insWithin = (a, b, max, wall) => (ins && Number.isFinite(ins[a] / ins[b]) && wall !== undefined ? wall && ins[a] / ins[b] <= max : wall);
  const yamlWall = within(v['validate-yaml'], v.jsyaml, 1.5);
  targets.push(['validate of a 10,000-Service YAML file within 1.5x of js-yaml loadAll' + (ins ? ' (wall and instructions)' : ''), insWithin('validate-yaml', 'jsyaml', 1.5, yamlWall), ratios(v['validate-yaml'], v.jsyaml) + insRatio('validate-yaml', 'jsyaml')]);
  const jsonWall = within(v['validate-json'], v.jsonparse, 3);
  targets.push(['validate of the same Services as a JSON List within 3x of JSON.parse plus start-up' + (ins ? ' (wall and instructions)' : ''), insWithin('validate-json', 'jsonparse', 3, jsonWall), ratios(v['validate-json'], v.jsonparse) + insRatio('validate-json', 'jsonparse')]);
  targets.push(['validate start-up (one Service) within 2x of node -e 0', within(v['validate-small'], v.node, 2), ratios(v['validate-small'], v.node)]);
  const sp = results.spec?.stats ?? {};
  targets.push(['synth --file of 10,000 services at least 3x faster than raw cdk8s writing the same bytes', atLeast(sp['cdk8s-spec'], sp['spec-synth'], 3), ratios(sp['cdk8s-spec'], sp['spec-synth'])]);
  for (const k of ['upsert', 'list', 'get']) {
    targets.push([`service ${k} on a 10,000-service spec within 5x node -e 0`, within(sp[k], sp.node, 5), ratios(sp[k], sp.node)]);
  }
  const sh = results.spec?.synthHuge;
  if (sh) targets.push(['appsvc synth --file of a spec of 100,000 services within 1 GiB peak RSS', sh.status === 0 ? sh.rss <= 1024 : false, sh.status === 0 ? `${fmtMiB(sh.rss)}, ${fmtMs(sh.ms)}` : `exit ${sh.status}: ${sh.error}`]);
  const l = results.lint;
  if (l && !l.problem) {
    const [a, b] = l.sizes;
    for (const mode of ['one', 'many']) {
      const r = l.stats[`${mode}-${b}`] / l.stats[`${mode}-${a}`];
      targets.push([`cross-object checks linear, ${mode === 'one' ? 'one namespace' : 'many namespaces'} (8x input, at most 10x time)`, r <= 10, fmtRatio(r)]);
    }
  } else targets.push(['cross-object checks linear', undefined, l?.problem ?? 'n/a']);
  const rt = results.retained;
  if (rt && !rt.problem) {
    targets.push([`memory retained per object read at ${rt.objects.toLocaleString('en-US')} objects at most 1.5 KiB`, rt.perObject <= 1536, `${(rt.perObject / 1024).toFixed(2)} KiB`]);
    if (rt.validateHuge) targets.push(['appsvc validate of one file of 100,000 Services within 1 GiB', rt.validateHuge.status === 0 ? rt.validateHuge.rss <= 1024 : false, rt.validateHuge.status === 0 ? fmtMiB(rt.validateHuge.rss) : `exit ${rt.validateHuge.status}: ${rt.validateHuge.error}`]);
  } else targets.push(['memory retained per object read at most 1.5 KiB', undefined, rt?.problem ?? 'n/a']);
  out('targets (verdicts on medians)');
  for (const [label, pass, detail] of targets) out(`  ${verdict(pass)}  ${label}: ${detail}`);
  results.targets = targets.map(([label, pass, detail]) => ({ label, pass: pass ?? null, detail }));
}

main();
