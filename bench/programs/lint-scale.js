'use strict';
/**
 * Cross-object checks alone, in one process: `lintManifests` over N Services and N Deployments
 * (each Service selecting its Deployment's pods by label and a named port), all in one namespace
 * (`one`) or spread over N/10 namespaces (`many`). Prints the median time of RUNS calls, in ms, as
 * JSON on stdout.
 *
 *   node bench/programs/lint-scale.js N one|many [RUNS]
 */
const { requireFromRoot } = require('./common');

const n = Number(process.argv[2]);
const mode = process.argv[3];
const runs = Number(process.argv[4] ?? 5);
if (!Number.isInteger(n) || n <= 0 || (mode !== 'one' && mode !== 'many')) {
  process.stderr.write('usage: node bench/programs/lint-scale.js N one|many [RUNS]\n');
  process.exit(2);
}
const { lintManifests } = requireFromRoot('lib/src/lint/index.js');

function objects() {
  const out = [];
  for (let i = 0; i < n; i++) {
    const name = `app-${i}`;
    const namespace = mode === 'one' ? 'default' : `ns-${i % Math.max(1, Math.floor(n / 10))}`;
    out.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: { app: name } },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name, tier: 'backend' } },
          spec: { containers: [{ name: 'main', image: 'example/app:1', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }] }] },
        },
      },
    });
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: { app: name } },
      spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }] },
    });
  }
  return out;
}

const list = objects();
const times = [];
let findings = 0;
for (let r = 0; r < runs; r++) {
  const start = process.hrtime.bigint();
  findings = lintManifests(list).length;
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ n, mode, ms: times[Math.floor(times.length / 2)], findings })}\n`);
