import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { BAD_INPUT, ensureBuilt, lines, runCli, snapshotTree, stackLines, tempDir, type ProcessResult } from './harness';

/**
 * The bad-input corpus through the built CLI: `appsvc validate`, `appsvc synth` and `appsvc service
 * list`, `get`, `upsert` and `delete`. Whatever the input, each run ends with exit status 1 (2 for
 * a usage error) and one error line on stderr naming the file (and the line, where there is one),
 * explains the problem in the user's terms, prints no stack trace (unless --debug), changes no
 * file, and finishes within seconds and bounded memory. The large, binary and hostile inputs are
 * generated here, into a temporary directory.
 */

/** Wall-time and peak-RSS limits of one run. */
const LIMITS = { normal: { ms: 5000, rssMb: 300 }, huge: { ms: 20000, rssMb: 1024 } } as const;
/** The V8 heap cap every run gets: a run that needs more dies instead of swapping the machine. */
const HEAP_MB = 1024;

/** Messages that are not explanations: internals leaking out of a failure. */
const INTERNALS = /internal error|Maximum call stack|parseAllDocuments|YAML\.parse|TypeError|RangeError|ReferenceError|\[object Object\]|\bundefined\b|\bE[A-Z]{3,}\b: /;

type Command = 'validate' | 'synth' | 'list' | 'get' | 'upsert' | 'delete';
const COMMANDS: readonly Command[] = ['validate', 'synth', 'list', 'get', 'upsert', 'delete'];
/** The commands that edit the spec file (they run on a copy). */
const EDITS: ReadonlySet<Command> = new Set(['upsert', 'delete']);

/** What a command must do with an input. */
type Outcome =
  /** Exit 1 with one error line naming the file; `line` is the accepted range of its line number. */
  | { readonly kind: 'error'; readonly line?: readonly [number, number]; readonly says?: RegExp }
  /** Exit 0 (an input that is fine for this command). */
  | { readonly kind: 'ok' };

interface Case {
  /** Test title. */
  readonly name: string;
  /** The input for `appsvc validate` (a manifest file or directory). */
  readonly manifest: () => string;
  /** The input for the spec commands (a spec file or directory). @default - the manifest input */
  readonly spec?: () => string;
  readonly outcomes: Readonly<Record<Command, Outcome>>;
  /** Uses the large limits. @default false */
  readonly huge?: boolean;
}

const err = (line?: readonly [number, number], says?: RegExp): Outcome => ({ kind: 'error', ...(line !== undefined ? { line } : {}), ...(says !== undefined ? { says } : {}) });
const ok: Outcome = { kind: 'ok' };
const tooLong = err([6, 6], /metadata\.annotations: Too long: must have at most 262144 bytes/);
const everywhere = (o: Outcome): Record<Command, Outcome> => ({ validate: o, synth: o, list: o, get: o, upsert: o, delete: o });

let generated: string;
const fixture = (name: string) => (): string => path.join(BAD_INPUT, name);
const made = (name: string) => (): string => path.join(generated, name);

const CASES: readonly Case[] = [
  { name: 'tabs as indentation', manifest: fixture('tabs.yaml'), outcomes: everywhere(err([4, 4], /tab/i)) },
  { name: 'an unclosed quote', manifest: fixture('unclosed-quote.yaml'), outcomes: everywhere(err([4, 7], /quot/i)) },
  { name: 'bad indentation', manifest: fixture('bad-indent.yaml'), outcomes: everywhere(err([4, 5])) },
  {
    name: 'an empty file',
    manifest: fixture('empty.yaml'),
    // An empty spec file is where `service upsert` starts a new spec.
    outcomes: { ...everywhere(err(undefined, /empty/i)), validate: err(undefined, /empty|no Kubernetes objects/i), upsert: ok },
  },
  { name: 'a file of only ---', manifest: fixture('only-separators.yaml'), outcomes: everywhere(err()) },
  { name: 'a document that is a list', manifest: fixture('list-document.yaml'), outcomes: everywhere(err([1, 1], /list|mapping/i)) },
  { name: 'a document that is a scalar', manifest: fixture('scalar-document.yaml'), outcomes: everywhere(err([1, 1], /string|scalar|mapping/i)) },
  { name: 'a directory without manifests', manifest: fixture('no-manifests'), outcomes: everywhere(err(undefined, /director/i)) },
  {
    name: 'a missing file',
    manifest: made('no-such-file.yaml'),
    // A missing spec file is created by `service upsert`.
    outcomes: { ...everywhere(err(undefined, /no such file/i)), upsert: ok },
  },
  { name: 'a spec file in a missing directory', manifest: made('no-such-dir/appsvc.yaml'), outcomes: everywhere(err(undefined, /no such|does not exist/i)) },
  { name: 'binary bytes', manifest: made('binary.yaml'), outcomes: everywhere(err(undefined, /binary|UTF-8|not text/i)) },
  {
    name: 'invalid UTF-8',
    manifest: made('invalid-utf8.yaml'),
    spec: made('invalid-utf8-spec.yaml'),
    outcomes: { ...everywhere(err([1, 1], /UTF-8/)), validate: err([4, 4], /UTF-8/) },
  },
  { name: 'a 70 MB file', manifest: made('huge.yaml'), outcomes: everywhere(err(undefined, /too large/i)), huge: true },
  {
    name: 'nesting 10,000 levels deep',
    manifest: made('deep.yaml'),
    spec: made('deep-spec.yaml'),
    outcomes: everywhere(err([1, 6], /nest|deep/i)),
  },
  { name: 'an alias bomb (billion laughs)', manifest: made('bomb.yaml'), spec: made('bomb-spec.yaml'), outcomes: everywhere(err([6, 14], /alias|anchor/i)) },
  {
    name: 'a 1 MB annotation',
    manifest: made('annotation.yaml'),
    spec: made('annotation-spec.yaml'),
    // The spec is well-formed: listing it, adding a service and deleting one work; compiling it does not.
    outcomes: { ...everywhere(ok), validate: err(), synth: tooLong, get: tooLong },
  },
];

/** Nine anchors, each a list of nine aliases of the one before: 9^9 strings when expanded. */
function billionLaughs(indent: string): string {
  const names = 'abcdefghi';
  let text = `${indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let i = 1; i < names.length; i++) text += `${indent}${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]\n`;
  return text;
}

function generateCorpus(dir: string): void {
  const write = (name: string, content: string | Buffer): void => fs.writeFileSync(path.join(dir, name), content);
  write('binary.yaml', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), randomBytes(4096)]));
  // "café" in Latin-1: the byte 0xE9 is not UTF-8.
  write('invalid-utf8.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: Service\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\nspec:\n  ports:\n  - port: 80\n')]));
  write('invalid-utf8-spec.yaml', Buffer.concat([Buffer.from('# owner: Jos'), Buffer.from([0xe9]), Buffer.from('\nservices:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n')]));
  const deep = `${'['.repeat(10000)}${']'.repeat(10000)}`;
  write('deep.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${deep}\n`);
  write('deep-spec.yaml', `services: ${deep}\n`);
  write('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${billionLaughs('  ')}`);
  write('bomb-spec.yaml', `services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n    annotations:\n${billionLaughs('      ')}`);
  const blob = 'x'.repeat(1 << 20);
  write('annotation.yaml', `apiVersion: v1\nkind: Service\nmetadata:\n  name: big\n  annotations:\n    example.com/blob: ${blob}\nspec:\n  selector:\n    app: big\n  ports:\n  - port: 80\n`);
  write('annotation-spec.yaml', `services:\n  - name: big\n    ports: ["80:8080"]\n    selector: {app: big}\n    annotations:\n      example.com/blob: ${blob}\n`);
  // 70 MiB of well-formed services: over the 64 MiB a spec file (or, for validate, a manifest input) may have.
  const fd = fs.openSync(path.join(dir, 'huge.yaml'), 'w');
  try {
    fs.writeSync(fd, 'services:\n');
    let size = 10;
    for (let n = 0; size < 70 * 1024 * 1024; n++) {
      const chunk = Array.from({ length: 1000 }, (_, i) => `  - name: svc-${n * 1000 + i}\n    ports: ["80:8080"]\n    selector: {app: svc-${n * 1000 + i}}\n`).join('');
      fs.writeSync(fd, chunk);
      size += Buffer.byteLength(chunk);
    }
  } finally {
    fs.closeSync(fd);
  }
}

interface CommandRun {
  readonly run: ProcessResult;
  /** The input path as given on the command line. */
  readonly shown: string;
  /** The input file's bytes before the run (undefined: not a file). */
  readonly before: Buffer | undefined;
  /** The input file's bytes now. */
  after(): Buffer | undefined;
  /** The output directory (holding one earlier file) before the run. */
  readonly outBefore: Record<string, string> | undefined;
  /** The output directory now. */
  outAfter(): Record<string, string> | undefined;
}

/** Runs one command over `input` in a scratch directory; a file input is copied first, so upsert edits the copy. */
async function runCommand(command: Command, input: string, huge: boolean): Promise<CommandRun> {
  const work = tempDir('appsvc-bad-input-');
  let target = input;
  if (EDITS.has(command) && fs.existsSync(input) && fs.statSync(input).isFile()) {
    target = path.join(work, path.basename(input));
    fs.copyFileSync(input, target);
  } else if (EDITS.has(command) && !fs.existsSync(input)) {
    // upsert creates a missing file: in the scratch directory, never in the shared corpus.
    target = path.join(work, path.relative(generated, input));
  }
  const read = (): Buffer | undefined => (fs.existsSync(target) && fs.statSync(target).isFile() ? fs.readFileSync(target) : undefined);
  const before = read();
  const out = path.join(work, 'dist');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'previous.k8s.yaml'), 'previous output\n');
  const outBefore = snapshotTree(out);
  const args: Record<Command, string[]> = {
    validate: ['validate', target],
    synth: ['synth', '--file', target, '--out', out],
    list: ['service', 'list', '--file', target],
    get: ['service', 'get', 'big', '--file', target],
    upsert: ['service', 'upsert', 'x', '--port', '80', '--file', target],
    delete: ['service', 'delete', 'big', '--yes', '--file', target],
  };
  const limits = huge ? LIMITS.huge : LIMITS.normal;
  const run = await runCli(args[command], { cwd: work, timeoutMs: limits.ms + 5000, measureRss: true, nodeOptions: [`--max-old-space-size=${HEAP_MB}`] });
  scratch.push(work);
  return { run, shown: target, before, after: read, outBefore, outAfter: () => snapshotTree(out) };
}

const scratch: string[] = [];

beforeAll(async () => {
  generated = tempDir('appsvc-corpus-');
  generateCorpus(generated);
  await ensureBuilt();
}, 180000);

afterAll(() => {
  for (const dir of [generated, ...scratch]) fs.rmSync(dir, { recursive: true, force: true });
});

/** The summary line `appsvc validate` ends with (the report itself goes to stdout). */
const VALIDATE_SUMMARY = /^\d+ objects? in \d+ files?(: .+)?$/;
/** A line of `appsvc validate` naming an input it cannot read: location, severity, rule id, message. */
const VALIDATE_PROBLEM = /^.+?: error manifest\/[a-z-]+: ./;

describe.each(COMMANDS)('appsvc %s', (command) => {
  test.each(CASES.filter((c) => c.outcomes[command] !== undefined).map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const outcome = c.outcomes[command];
    const input = command === 'validate' ? c.manifest() : (c.spec ?? c.manifest)();
    const { run, shown, before, after, outBefore, outAfter } = await runCommand(command, input, c.huge === true);
    const limits = c.huge === true ? LIMITS.huge : LIMITS.normal;
    // validate names an input it cannot read as its report's lines do (`F:L:C: error manifest/RULE: …`); the other commands print `error: F…`.
    const prefix = command === 'validate' ? shown : `error: ${shown}`;
    const isError = (l: string): boolean => (command === 'validate' ? VALIDATE_PROBLEM.test(l) : l.startsWith('error:'));
    const errorLines = lines(run.stderr).filter(isError);
    const otherLines = lines(run.stderr).filter((l) => !isError(l) && !(command === 'validate' && VALIDATE_SUMMARY.test(l)));

    // No crash, no stack trace, in time, in memory.
    expect({ signal: run.signal, timedOut: run.timedOut, stack: stackLines(run.stderr) }).toEqual({ signal: null, timedOut: false, stack: [] });
    expect(run.ms).toBeLessThan(limits.ms);
    expect(run.peakRssKb).toBeDefined();
    expect((run.peakRssKb ?? Infinity) / 1024).toBeLessThan(limits.rssMb);

    if (outcome.kind === 'ok') {
      expect({ code: run.code, errors: errorLines }).toEqual({ code: 0, errors: [] });
      return;
    }
    if (command === 'validate' && c.name === 'a 1 MB annotation') {
      // A well-formed file with an invalid object: the finding is the report, on stdout.
      expect({ code: run.code, errors: errorLines, other: otherLines }).toEqual({ code: 1, errors: [], other: [] });
      expect(lines(run.stdout)).toEqual([`${shown}:5: error k8s/annotations-size: Service "big" is invalid: metadata.annotations: Too long: must have at most 262144 bytes`]);
      return;
    }
    expect({ code: run.code, errorLines: errorLines.length, other: otherLines }).toEqual({ code: 1, errorLines: 1, other: [] });
    const message = errorLines[0] ?? '';
    expect(message.startsWith(prefix)).toBe(true);
    expect(message).not.toMatch(INTERNALS);
    // What the message says, without the file name (which may itself contain the words looked for).
    const explanation = message.slice(prefix.length).replace(/^:\d+(:\d+)?/, '');
    if (outcome.says !== undefined) expect({ message, explains: outcome.says.test(explanation) }).toEqual({ message, explains: true });
    if (outcome.line !== undefined) {
      const line = Number(new RegExp(`^${escape(prefix)}:(\\d+)`).exec(message)?.[1]);
      const [first, last] = outcome.line;
      expect({ message, lineWithin: [first, last], ok: line >= first && line <= last }).toEqual({ message, lineWithin: [first, last], ok: true });
    }
    // Nothing changed: the input file, and the output directory.
    expect({ inputUnchanged: sameBytes(before, after()), output: outAfter() }).toEqual({ inputUnchanged: true, output: outBefore });
  });
});

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('usage errors', () => {
  test.each([
    ['validate without inputs', ['validate']],
    ['upsert without a name', ['service', 'upsert']],
    ['an unknown flag', ['synth', '--no-such-flag']],
    ['an unknown report format', ['validate', '-o', 'xml', 'x.yaml']],
    ['a port that is not a number where a number is required', ['service', 'upsert', 'x', '--session-affinity-timeout', 'soon']],
  ])('%s: exit 2, one error line (and the hint to --help), no stack trace', async (_name, args) => {
    const run = await runCli(args, { cwd: generated });
    const shown = lines(run.stderr);
    expect({ code: run.code, stdout: run.stdout, stack: stackLines(run.stderr) }).toEqual({ code: 2, stdout: '', stack: [] });
    expect(shown.filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(shown.filter((l) => !l.startsWith('error:'))).toEqual(['(run with --help for usage)']);
  });
});

describe('--debug', () => {
  test('a user error: one line without --debug; with --debug the same line and then its stack trace', async () => {
    const args = ['synth', '--file', 'no-such-file.yaml', '--out', path.join(generated, 'debug-out')];
    const plain = await runCli(args, { cwd: generated });
    const debug = await runCli(['--debug', ...args], { cwd: generated });
    expect({ code: plain.code, stack: stackLines(plain.stderr) }).toEqual({ code: 1, stack: [] });
    expect(lines(plain.stderr)).toHaveLength(1);
    expect(debug.code).toBe(1);
    expect(lines(debug.stderr)[0]).toBe(lines(plain.stderr)[0]);
    expect(stackLines(debug.stderr).length).toBeGreaterThan(0);
  });

  test('an unexpected failure (output directory under a regular file): one line without --debug; a stack trace with it', async () => {
    const work = tempDir('appsvc-debug-');
    scratch.push(work);
    const spec = path.join(work, 'appsvc.yaml');
    fs.writeFileSync(spec, 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n');
    fs.writeFileSync(path.join(work, 'plain-file'), 'not a directory\n');
    const out = path.join(work, 'plain-file', 'dist');
    const plain = await runCli(['synth', '--file', spec, '--out', out], { cwd: work });
    const debug = await runCli(['--debug', 'synth', '--file', spec, '--out', out], { cwd: work });
    expect({ code: plain.code, stack: stackLines(plain.stderr), lines: lines(plain.stderr).length }).toEqual({ code: 1, stack: [], lines: 1 });
    expect(debug.code).toBe(1);
    expect(stackLines(debug.stderr).length).toBeGreaterThan(0);
  });

  test('an output directory under a regular file is explained as such, not as an internal error', async () => {
    const work = tempDir('appsvc-debug-');
    scratch.push(work);
    const spec = path.join(work, 'appsvc.yaml');
    fs.writeFileSync(spec, 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n');
    fs.writeFileSync(path.join(work, 'plain-file'), 'not a directory\n');
    const out = path.join(work, 'plain-file', 'dist');
    const run = await runCli(['synth', '--file', spec, '--out', out], { cwd: work });
    expect(lines(run.stderr)).toHaveLength(1);
    expect(lines(run.stderr)[0]).not.toMatch(INTERNALS);
    expect(lines(run.stderr)[0]).toMatch(/not a directory/);
  });
});
