/**
 * Opt-in: validates a corpus of real manifests from public repositories, file by file and directory
 * by directory, against the verdicts recorded in test/fixtures/corpus/index.json (repository,
 * commit, path, and per file: objects, Services, errors, warnings, error rules).
 *
 *     APPSVC_CORPUS=/path/to/corpus npx jest test/cli/validate-corpus.test.ts
 *
 * The corpus directory holds `<owner>/<repo>/<path>` for every repository and path of the index,
 * taken from the recorded commit (for example
 * `git -C argo-cd archive <commit> manifests | tar -x -C $APPSVC_CORPUS/argoproj/argo-cd`), with
 * kustomization.yaml files, Helm chart files (Chart.yaml, values*.yaml, templates/) and files other
 * than .yaml, .yml and .json removed. The manifests themselves are not part of this repository.
 *
 * The same run holds the fast readers (JSON and block YAML) to the full YAML reader on every file:
 * the same values, findings, lines and problems.
 *
 * With APPSVC_CORPUS_UPDATE=1 the file and directory entries of the index are written from the run
 * (review every error before committing: each must be a file kubectl rejects too).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runValidateCommand } from '../../src/cli/validate-command';
import type { Output } from '../../src/cli/output';
import { scanDocuments } from '../../src/manifest/block-scanner';
import { decodeManifestText } from '../../src/manifest/decode-text';
import { readJson } from '../../src/manifest/json-reader';
import { MAX_MANIFEST_BYTES } from '../../src/manifest/limits';
import { parseManifests } from '../../src/manifest/parse';
import { comparable, oracle } from '../support/manifest-oracle';

const CORPUS = process.env['APPSVC_CORPUS'];
const UPDATE = process.env['APPSVC_CORPUS_UPDATE'] === '1';
const INDEX = path.join(__dirname, '..', 'fixtures', 'corpus', 'index.json');

interface Verdict {
  readonly objects: number;
  readonly services: number;
  readonly errors: number;
  readonly warnings: number;
  /** The rules of the error findings, sorted, each once. */
  readonly errorRules: readonly string[];
}

interface Entry extends Verdict {
  readonly repo: string;
  readonly path: string;
}

interface Index {
  /** For each file with errors: why kubectl rejects it too (`kubectl apply`, or `kubectl annotate --local -f`). */
  readonly kubectlRejects?: Readonly<Record<string, string>>;
  readonly repos: ReadonlyArray<{ readonly repo: string; readonly commit: string; readonly paths: readonly string[] }>;
  readonly files: readonly Entry[];
  readonly directories: readonly Entry[];
}

interface JsonReport {
  readonly results: ReadonlyArray<{ readonly kind: string | null; readonly apiVersion: string | null; readonly errors: ReadonlyArray<{ readonly severity: string; readonly rule?: string }> }>;
}

/** Runs `appsvc validate -o json` in process on one input; the verdict. */
async function verdict(input: string): Promise<Verdict> {
  let json = '';
  const out: Output = { data: (t) => (json += t), info: () => undefined, warn: () => undefined, error: () => undefined, color: false, debug: false };
  await runValidateCommand([input], { output: 'json', profile: 'kubernetes', strict: false }, out);
  const report = JSON.parse(json) as JsonReport;
  const findings = report.results.flatMap((r) => r.errors);
  const errors = findings.filter((f) => f.severity === 'error');
  return {
    objects: report.results.filter((r) => r.kind !== null).length,
    services: report.results.filter((r) => r.kind === 'Service' && r.apiVersion === 'v1').length,
    errors: errors.length,
    warnings: findings.length - errors.length,
    errorRules: [...new Set(errors.map((e) => e.rule ?? ''))].sort(),
  };
}

/** Every manifest file under `dir`, relative to `root`, in sorted order. */
function manifestFiles(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [dir];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => {
      const rel = dir === '.' ? name : path.join(dir, name);
      const stat = fs.statSync(path.join(root, rel));
      if (stat.isDirectory()) return manifestFiles(root, rel);
      return /\.(ya?ml|json)$/.test(name) ? [rel] : [];
    });
}

const index = JSON.parse(fs.readFileSync(INDEX, 'utf8')) as Index;

test('the committed index records source and verdict for every file', () => {
  const repos = new Set(index.repos.map((r) => r.repo));
  for (const r of index.repos) expect(r.commit).toMatch(/^[0-9a-f]{40}$/);
  for (const e of [...index.files, ...index.directories]) {
    expect(repos.has(e.repo)).toBe(true);
    expect(e.errors).toBe(e.errorRules.length === 0 ? 0 : e.errors);
  }
  // No error without the record that kubectl rejects the file too.
  const rejected = index.files.filter((f) => f.errors > 0).map((f) => `${f.repo}/${f.path}`);
  expect(Object.keys(index.kubectlRejects ?? {}).sort()).toEqual(rejected.sort());
});

(CORPUS === undefined ? describe.skip : describe)('the corpus of real manifests (APPSVC_CORPUS)', () => {
  const root = CORPUS ?? '';

  test('every file and every directory gets its recorded verdict', async () => {
    const files: Entry[] = [];
    const directories: Entry[] = [];
    for (const { repo, paths } of index.repos) {
      const base = path.join(root, repo);
      expect(fs.existsSync(base) ? base : `missing ${base}: see the head of this test for the layout`).toBe(base);
      for (const p of paths) for (const file of manifestFiles(base, p)) files.push({ repo, path: file, ...(await verdict(path.join(base, file))) });
      directories.push({ repo, path: '.', ...(await verdict(base)) });
    }
    if (UPDATE) {
      fs.writeFileSync(INDEX, `${JSON.stringify({ kubectlRejects: index.kubectlRejects ?? {}, repos: index.repos, files, directories }, null, 2)}\n`);
      return;
    }
    expect(files.map((f) => `${f.repo}/${f.path}`)).toEqual(index.files.map((f) => `${f.repo}/${f.path}`));
    expect(files).toEqual(index.files);
    expect(directories).toEqual(index.directories);
  }, 600000);

  test('the fast readers read every file as the full YAML reader does', () => {
    let fastDocuments = 0;
    let fullDocuments = 0;
    let jsonFiles = 0;
    const files = index.repos.flatMap(({ repo, paths }) => paths.flatMap((p) => manifestFiles(path.join(root, repo), p).map((file) => path.join(root, repo, file))));
    expect(files.length).toBe(index.files.length);
    for (const file of files) {
      const decoded = decodeManifestText(fs.readFileSync(file), MAX_MANIFEST_BYTES);
      if (!decoded.ok) continue;
      const { text } = decoded;
      if (readJson(text) !== undefined) jsonFiles++;
      for (const doc of scanDocuments(text) ?? []) {
        if (doc.value === 'full') fullDocuments++;
        else if (typeof doc.value === 'object') fastDocuments++;
      }
      expect([file, comparable(parseManifests(text))]).toStrictEqual([file, comparable(oracle(text))]);
    }
    // The corpus exercises the fast paths (and the full reader for what they leave).
    expect(fastDocuments).toBeGreaterThan(1000);
    expect(jsonFiles).toBeGreaterThan(0);
    process.stdout.write(`fast readers on the corpus: ${files.length} files, ${fastDocuments} documents by the block reader, ${fullDocuments} by the full reader, ${jsonFiles} JSON files\n`);
  }, 600000);
});
