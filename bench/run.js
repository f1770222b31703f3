'use strict';
/**
 * `npm run bench`: whole-process wall time and peak RSS of appsvc synth against cdk8s, cdk8s-plus-28
 * and the floors, for N generated Services, and of `appsvc validate` against parsing alone.
 *
 *   node bench/run.js [--quick] [--reps K] [--sizes 1000,10000] [--big 100000] [--big-reps K]
 *                     [--json FILE]
 *
 * Every measurement is a separate `node` process; programs alternate round-robin (the order rotates
 * each round) so that a noisy machine slows all of them alike. Compare ratios from the same run only.
 * Run `npm run build` first (`npm run bench` does).
 */
const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, serviceManifest } = require('./programs/common');

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
 * `entries`: [{ key, nodeArgs: () => string[], ok?: (status) => boolean }].
 */
function runRounds(entries, reps, scratch, progress) {
  const samples = new Map(entries.map((e) => [e.key, []]));
  const failures = new Map();
  for (let r = 0; r < reps; r++) {
    for (const e of rotate(entries, r)) {
      if (failures.has(e.key)) continue;
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
    checkSameOutput(available, scratch);

    // 2. Synth at each N, all programs alternating.
    for (const n of opts.sizes) {
      progress(`N=${n} `);
      results.synth[n] = Object.fromEntries(runRounds(available.map((p) => ({ key: p.id, nodeArgs: nodeArgsFor(p, n) })), opts.reps, scratch, progress));
      progress('\n');
    }
    // 3. appsvc alone at the big sizes (with the start-up floor alternating).
    const appsvc = available.find((p) => p.id === 'appsvc');
    if (appsvc) {
      for (const n of opts.big) {
        progress(`N=${n} `);
        const entries = [{ key: 'appsvc', nodeArgs: nodeArgsFor(appsvc, n) }, { key: 'json', nodeArgs: nodeArgsFor(SYNTH_PROGRAMS.find((p) => p.id === 'json'), n) }];
        results.synth[n] = Object.fromEntries(runRounds(entries, opts.bigReps, scratch, progress));
        progress('\n');
      }
    }
    reportSynth(results, opts);

    // 4. validate against parse alone, and start-up against node -e 0.
    results.validate = benchValidate(opts, scratch);
    reportValidate(results);

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

/** Writes the validate inputs: one file of 10,000 Services and one of a single Service. */
function writeValidateInputs(scratch) {
  const YAML = require('yaml');
  const options = { keepUndefined: true, lineWidth: 0, version: '1.1' };
  const write = (name, n) => {
    const docs = [];
    for (let i = 0; i < n; i++) docs.push(YAML.stringify(serviceManifest(i), options));
    const file = path.join(scratch, name);
    fs.writeFileSync(file, docs.join('---\n'));
    return file;
  };
  return { big: write('services-10000.yaml', 10000), small: write('service-1.yaml', 1) };
}

function benchValidate(opts, scratch) {
  const bin = path.join(ROOT, 'bin', 'appsvc.js');
  const parseModule = path.join(ROOT, 'lib', 'src', 'manifest', 'parse.js');
  const { big, small } = writeValidateInputs(scratch);
  const probe = childProcess.spawnSync(process.execPath, [bin, 'validate', small], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const validateWorks = probe.status === 0;
  const result = { available: { validate: validateWorks, parse: fs.existsSync(parseModule) } };
  if (!validateWorks) result.validateProblem = `appsvc validate on one valid Service: exit ${probe.status}: ${String(probe.stderr).trim().split('\n').slice(-1)[0] ?? ''}`;
  const entries = [{ key: 'node', nodeArgs: () => ['-e', '0'] }];
  if (validateWorks) {
    entries.push({ key: 'validate-big', nodeArgs: () => [bin, 'validate', big] });
    entries.push({ key: 'validate-small', nodeArgs: () => [bin, 'validate', small] });
  }
  if (result.available.parse) entries.push({ key: 'parse-big', nodeArgs: () => [path.join(PROGRAMS_DIR, 'parse-only.js'), big] });
  progress('validate ');
  result.stats = Object.fromEntries(runRounds(entries, opts.reps, scratch, progress));
  progress('\n');
  return result;
}

function reportValidate(results) {
  const v = results.validate;
  out('appsvc validate');
  if (!v.available.validate) out(`not available: ${v.validateProblem}`);
  if (!v.available.parse) out('not available: parsing alone (lib/src/manifest/parse.js missing)');
  const labels = {
    'validate-big': 'appsvc validate, one file of 10,000 Services',
    'parse-big': 'parse the same file alone (appsvc\'s parser)',
    'validate-small': 'appsvc validate, one Service',
    node: 'node -e 0',
  };
  const rows = Object.entries(labels).filter(([k]) => v.stats[k]).map(([k, label]) => {
    const r = v.stats[k];
    return r.failed ? [label, 'failed', '', r.failed.slice(0, 80)] : [label, fmtMs(r.ms), `${fmtMs(r.min)}–${fmtMs(r.max)}`, fmtMiB(r.rss)];
  });
  table(['program', 'median', 'range', 'peak RSS'], rows);
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
  if (sizes.length >= 3) {
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
  const v = results.validate.stats ?? {};
  targets.push(['validate 10,000 Services within 1.25x of parsing alone', ok(v['validate-big']) && ok(v['parse-big']) ? v['validate-big'].ms / v['parse-big'].ms <= 1.25 : undefined, ratios(v['validate-big'], v['parse-big'])]);
  targets.push(['validate start-up (one Service) within 2x of node -e 0', ok(v['validate-small']) && ok(v.node) ? v['validate-small'].ms / v.node.ms <= 2 : undefined, ratios(v['validate-small'], v.node)]);
  out('targets (verdicts on medians)');
  for (const [label, pass, detail] of targets) out(`  ${verdict(pass)}  ${label}: ${detail}`);
  results.targets = targets.map(([label, pass, detail]) => ({ label, pass: pass ?? null, detail }));
}

main();
