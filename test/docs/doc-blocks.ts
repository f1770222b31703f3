import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BIN, ROOT } from '../support/build';
import { writeFakeKubectl } from '../spec/cli-harness';

/**
 * Fenced code blocks of the documentation, and the markers that say how a test uses them.
 *
 * A block is marked by an HTML comment on the last non-blank line before its fence:
 *
 * - `<!-- doc-test: NAME -->`: the block belongs to the sequence NAME; a test runs the blocks of
 *   a sequence in document order, in one fresh directory;
 * - `<!-- doc-test: NAME file=PATH -->`: the block is the content of the file PATH of that
 *   sequence (written, not run);
 * - `<!-- doc-test: skip: REASON -->`: the block is not run, for the reason given.
 *
 * Every block that shows commands (`sh`, `bash`, `shell`, `console`, or a transcript whose lines
 * start with `$ `) must carry a marker.
 */

/** How a test uses a block. */
export type DocMarker =
  | { readonly kind: 'run'; readonly name: string }
  | { readonly kind: 'file'; readonly name: string; readonly file: string }
  | { readonly kind: 'skip'; readonly reason: string };

/** One fenced code block. */
export interface DocBlock {
  /** The page, relative to the repository root (`README.md`, `docs/ci.md`). */
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word (`sh`, `yaml`, `text`, or `` for none). */
  readonly lang: string;
  /** The block's text without the fence's indentation, ending with a newline. */
  readonly body: string;
  readonly marker: DocMarker | undefined;
  /** A marker comment that did not parse. */
  readonly badMarker?: string;
}

const MARKER = /^\s*<!--\s*doc-test:\s*(.*?)\s*-->\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;

function parseMarker(text: string): DocMarker | undefined {
  const skip = /^skip:\s*(\S.*)$/.exec(text);
  if (skip) return { kind: 'skip', reason: skip[1] ?? '' };
  const file = /^([a-z0-9-]+)\s+file=(\S+)$/.exec(text);
  if (file) return { kind: 'file', name: file[1] ?? '', file: file[2] ?? '' };
  const run = /^([a-z0-9-]+)$/.exec(text);
  if (run) return { kind: 'run', name: run[1] ?? '' };
  return undefined;
}

/** The fenced code blocks of `page` (relative to the repository root), in order. */
export function docBlocks(page: string): DocBlock[] {
  const lines = fs.readFileSync(path.join(ROOT, page), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    const fence = open[2] ?? '```';
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '') break;
      body.push(l.slice(Math.min(indent, l.length - l.trimStart().length)));
    }
    let prev = start - 1;
    while (prev >= 0 && (lines[prev] ?? '').trim() === '') prev--;
    const comment = MARKER.exec(lines[prev] ?? '');
    const marker = comment ? parseMarker(comment[1] ?? '') : undefined;
    blocks.push({
      page,
      line: start + 1,
      lang: open[3] ?? '',
      body: body.map((l) => `${l}\n`).join(''),
      marker,
      ...(comment && marker === undefined ? { badMarker: comment[1] ?? '' } : {}),
    });
  }
  return blocks;
}

/** True when the block shows commands to run. */
export function showsCommands(block: DocBlock): boolean {
  return ['sh', 'bash', 'shell', 'console'].includes(block.lang) || /^\$ /m.test(block.body);
}

/** The names of the sequences `page` marks, in order of first appearance. */
export function sequenceNames(page: string): string[] {
  const names: string[] = [];
  for (const b of docBlocks(page)) if (b.marker !== undefined && b.marker.kind !== 'skip' && !names.includes(b.marker.name)) names.push(b.marker.name);
  return names;
}

/** The blocks of sequence `name` on `page`; throws when the page has none (the marker was removed). */
export function sequence(page: string, name: string): DocBlock[] {
  const blocks = docBlocks(page).filter((b) => b.marker !== undefined && b.marker.kind !== 'skip' && b.marker.name === name);
  if (blocks.length === 0) throw new Error(`${page} has no block marked "doc-test: ${name}"`);
  return blocks;
}

/** The one block of sequence `name` that is the file `file`. */
export function fileBlock(page: string, name: string, file: string): DocBlock {
  const block = sequence(page, name).find((b) => b.marker?.kind === 'file' && b.marker.file === file);
  if (block === undefined) throw new Error(`${page} has no block marked "doc-test: ${name} file=${file}"`);
  return block;
}

/** One command of a transcript (`$ COMMAND` followed by what it prints). */
export interface TranscriptStep {
  readonly command: string;
  readonly output: string;
}

/** The `$ ` commands of a transcript block and the lines each prints. */
export function transcript(block: DocBlock): TranscriptStep[] {
  const steps: { command: string; output: string[] }[] = [];
  for (const line of block.body.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
    else steps[steps.length - 1]?.output.push(line);
  }
  return steps.map((s) => ({ command: s.command, output: s.output.map((l) => `${l}\n`).join('') }));
}

/** What a shell run printed (stdout and stderr interleaved, as on a terminal) and returned. */
export interface ShellResult {
  readonly status: number;
  readonly output: string;
}

/** A directory to run documented commands in, with `appsvc`, `kubectl` and `helm` on the PATH. */
export interface DocSandbox {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where the kubectl stand-in records its argument lists. */
  readonly kubectlLog: string;
}

/**
 * A fresh directory under `parent` with a `bin/` of stand-ins that comes first on the PATH:
 * `appsvc` runs this checkout's built CLI (unless `appsvc` is false: an installed one is used),
 * `kubectl` records its arguments (and a `-f -` stream) and prints what `FAKE_KUBECTL_*` say, `helm` prints
 * `$FAKE_HELM_OUTPUT`'s file.
 */
export function sandbox(parent: string, options: { appsvc?: boolean } = {}): DocSandbox {
  // A plain lower-case name, as `npm init -y` wants for the package name it derives from it.
  const dir = path.join(fs.mkdtempSync(path.join(parent, 'doc-')), 'project');
  fs.mkdirSync(dir);
  const bin = fs.mkdtempSync(path.join(parent, 'doc-bin-'));
  if (options.appsvc !== false) fs.writeFileSync(path.join(bin, 'appsvc'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  // Like kubectl, the stand-in reads a manifest stream given as `-f -` (into kubectl.stdin).
  const fake = writeFakeKubectl(bin);
  fs.writeFileSync(path.join(bin, 'kubectl'), `#!/bin/sh\ncase " $* " in *" -f - "*) cat > "$FAKE_KUBECTL_LOG.stdin" ;; esac\nexec "${fake}" "$@"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'helm'), '#!/bin/sh\ncat "$FAKE_HELM_OUTPUT"\n', { mode: 0o755 });
  const kubectlLog = path.join(bin, 'kubectl.log');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1', FAKE_KUBECTL_LOG: kubectlLog, CDK8S_CHECK_UPGRADE: 'false' };
  for (const k of ['FORCE_COLOR', 'KUBECTL', 'APPSVC_DEBUG', 'CDK8S_OUTDIR']) delete env[k];
  return { dir, env, kubectlLog };
}

/** Runs `script` with bash in the sandbox (`set -e -o pipefail`, so any failing command fails it). */
export function runShell(box: DocSandbox, script: string, env: NodeJS.ProcessEnv = {}, timeout = 120000): ShellResult {
  const r = spawnSync('bash', ['-c', `set -e -o pipefail\nexec 2>&1\n${script}`], { cwd: box.dir, env: { ...box.env, ...env }, encoding: 'utf8', timeout });
  return { status: r.status ?? -1, output: r.stdout };
}

/**
 * Runs a sequence's blocks in order in the sandbox: `file=` blocks are written, command blocks
 * run (a transcript's commands must print exactly what it shows). Returns the output of every
 * block; throws with the block's page and line when a command block fails or a transcript differs.
 */
export function runSequence(box: DocSandbox, blocks: readonly DocBlock[], env: NodeJS.ProcessEnv = {}): string[] {
  const outputs: string[] = [];
  for (const block of blocks) {
    const where = `${block.page}:${block.line}`;
    if (block.marker?.kind === 'file') {
      const file = path.join(box.dir, block.marker.file);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, block.body);
      outputs.push('');
    } else if (/^\$ /m.test(block.body)) {
      let all = '';
      for (const step of transcript(block)) {
        const r = runShell(box, step.command, env);
        if (r.output !== step.output) throw new Error(`${where}: \`${step.command}\` printed\n${r.output}\ninstead of\n${step.output}`);
        all += r.output;
      }
      outputs.push(all);
    } else if (showsCommands(block)) {
      const r = runShell(box, block.body, env);
      if (r.status !== 0) throw new Error(`${where}: the block exited with ${r.status}:\n${r.output}`);
      outputs.push(r.output);
    } else {
      throw new Error(`${where}: a "${block.lang}" block is neither a file nor commands`);
    }
  }
  return outputs;
}
