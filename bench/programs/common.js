'use strict';
/**
 * What every benchmark program builds: N Services with two ports, labels and a selector, the same
 * for every program, and the helpers the programs share.
 */
const fs = require('fs');
const path = require('path');

/** The repository root (bench/programs/ → ../..). */
const ROOT = path.resolve(__dirname, '..', '..');

/** The name of the chart and so of the output file (`bench.k8s.yaml`). */
const CHART = 'bench';

/** The definition of Service number `i`: name, labels, selector and two ports. */
function serviceDefinition(i) {
  const name = `svc-${i}`;
  return {
    name,
    labels: { app: name, tier: 'backend' },
    selector: { app: name },
    ports: [
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'metrics', port: 9090, targetPort: 9090 },
    ],
  };
}

/**
 * The manifest of Service `i` as a plain object, keys in the order cdk8s renders them (sorted), so
 * that the floors write the bytes the cdk8s programs and appsvc write.
 */
function serviceManifest(i) {
  const d = serviceDefinition(i);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: d.labels, name: d.name },
    spec: {
      ports: d.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort })),
      selector: d.selector,
      type: 'ClusterIP',
    },
  };
}

/** The name of the spec file of the spec benchmarks (and so of its output file, `bench.k8s.yaml`). */
const SPEC_NAME = CHART;

/**
 * A spec file (`appsvc.yaml`) of `n` services, the same Services as {@link serviceDefinition} (two
 * named ports, labels, a selector), written the way a person writes one: block mappings, flow
 * mappings for the ports, a comment now and then.
 */
function specText(n) {
  const lines = [
    '# yaml-language-server: $schema=./node_modules/appsvc/schema/appsvc.schema.json',
    `name: ${SPEC_NAME}`,
    'namespace: default',
    'services:',
  ];
  for (let i = 0; i < n; i++) {
    const d = serviceDefinition(i);
    if (i % 100 === 0) lines.push(`  # services ${i} to ${i + 99}`);
    lines.push(`  - name: ${d.name}`);
    lines.push('    ports:');
    for (const p of d.ports) lines.push(`      - { name: ${p.name}, port: ${p.port}, targetPort: ${p.targetPort} }`);
    lines.push('    selector:');
    for (const [k, v] of Object.entries(d.selector)) lines.push(`      ${k}: ${v}`);
    lines.push('    labels:');
    for (const [k, v] of Object.entries(d.labels)) lines.push(`      ${k}: ${v}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Reads `N outdir` from the command line. */
function args() {
  const n = Number(process.argv[2]);
  const outdir = process.argv[3];
  if (!Number.isInteger(n) || n < 0 || !outdir) {
    process.stderr.write(`usage: node ${path.relative(ROOT, process.argv[1])} N OUTDIR\n`);
    process.exit(2);
  }
  return { n, outdir };
}

/** Writes `text` to `<outdir>/<file>`, creating the directory. */
function writeOutput(outdir, file, text) {
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, file), text);
}

/** Requires a module of the repository (e.g. `lib/src/synth/emit.js`). */
function requireFromRoot(relative) {
  return require(path.join(ROOT, relative));
}

module.exports = { CHART, ROOT, SPEC_NAME, args, specText, requireFromRoot, serviceDefinition, serviceManifest, writeOutput };
