import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes a kubectl stand-in into `dir` and returns its path. It appends its arguments (one JSON
 * array per line) to `$FAKE_KUBECTL_LOG`, then:
 * - with `--watch`, plays `$FAKE_WATCH_DIR/<resource>.json`, a list of steps: `{"event": {...}}`
 *   prints the event as kubectl does (indented JSON), `{"waitFor": "name"}` waits until the file
 *   `$FAKE_WATCH_DIR/name` exists, `{"stderr": "text"}`, `{"exit": N}`; after the last step it
 *   keeps running until it is killed, as a watch does; it writes its pid to
 *   `$FAKE_WATCH_DIR/<resource>.pid` (and its parent's to `<resource>.ppid`);
 * - otherwise prints the file `$FAKE_KUBECTL_LIST` (a `kubectl get -o json` list), or, when
 *   `$FAKE_KUBECTL_EXIT` is set, prints `$FAKE_KUBECTL_STDERR` on stderr and exits with it.
 */
export function writeWatchingKubectl(dir: string): string {
  const file = path.join(dir, 'kubectl');
  fs.writeFileSync(
    file,
    `#!${process.execPath}
const fs = require('fs');
const path = require('path');
const args = process.argv.slice(2);
if (process.env.FAKE_KUBECTL_LOG) fs.appendFileSync(process.env.FAKE_KUBECTL_LOG, JSON.stringify(args) + '\\n');
if (process.env.FAKE_KUBECTL_EXIT) {
  process.stderr.write(process.env.FAKE_KUBECTL_STDERR || '');
  process.exit(Number(process.env.FAKE_KUBECTL_EXIT));
}
if (!args.includes('--watch')) {
  process.stdout.write(fs.readFileSync(process.env.FAKE_KUBECTL_LIST, 'utf8'));
  process.exit(0);
}
const dir = process.env.FAKE_WATCH_DIR;
fs.writeFileSync(path.join(dir, args[1] + '.ppid'), String(process.ppid));
fs.writeFileSync(path.join(dir, args[1] + '.pid'), String(process.pid));
const steps = JSON.parse(fs.readFileSync(path.join(dir, args[1] + '.json'), 'utf8'));
const keepAlive = setInterval(() => undefined, 1 << 30);
(async () => {
  for (const step of steps) {
    if (step.event) process.stdout.write(JSON.stringify(step.event, null, 4) + '\\n');
    if (step.stderr) process.stderr.write(step.stderr);
    if (step.waitFor) while (!fs.existsSync(path.join(dir, step.waitFor))) await new Promise((r) => setTimeout(r, 25));
    if (step.exit !== undefined) { clearInterval(keepAlive); process.exitCode = step.exit; return; }
  }
})();
`,
    { mode: 0o755 },
  );
  return file;
}
