import * as fs from 'fs';
import * as path from 'path';
import { BIN, ROOT, ensureBuilt, runNode, tempDir } from '../reliability/harness';

/**
 * Bounded cost below the input size limit, through the built CLI with a 1 GiB heap: inputs made
 * of nothing but document markers and empty documents finish in seconds, in bounded memory, with a
 * one-line answer (once 57 s and 3 GB for a million empty documents). Time is the process's CPU
 * time, which a busy machine does not inflate; wall time only has to stay under a minute.
 */

const HEAP_MB = 1024;
const LIMIT_MS = 10_000;

let work: string;

beforeAll(async () => {
  work = tempDir('appsvc-cost-');
  await ensureBuilt();
}, 180000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';

describe.each([
  ['1,000,000 empty documents', '---\n#\n'.repeat(1_000_000), 'no-objects'],
  ['2,000,000 --- lines', '---\n'.repeat(2_000_000), 'no-objects'],
  ['1,000,000 empty documents and one Service', `${'---\n\n'.repeat(1_000_000)}---\n${SERVICE}`, 'ok'],
  ['1,000,000 documents with content on the --- line', '--- ~\n'.repeat(1_000_000), 'separator'],
  ['a directive and 2,000,000 --- lines', `%YAML 1.1\n${'---\n'.repeat(2_000_000)}`, 'too-many'],
  ['20,000 documents that need the full YAML reader', '--- \n&a x: 1\n'.repeat(20_000), 'too-many'],
])('%s', (_name, text, expected) => {
  it('finishes within 10 s and a 1 GiB heap with a one-line answer', async () => {
    const file = path.join(work, `${expected}-${text.length}.yaml`);
    fs.writeFileSync(file, text);
    expect(fs.statSync(file).size).toBeLessThan(8 * 1024 * 1024);
    const usageFile = `${file}.usage.json`;
    const run = await runNode([`--max-old-space-size=${HEAP_MB}`, '--require', path.join(ROOT, 'test', 'fixtures', 'manifest', 'record-usage.js'), BIN, 'validate', file], {
      timeoutMs: 60_000,
      env: { APPSVC_USAGE_FILE: usageFile },
    });
    expect(run.timedOut).toBe(false);
    const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as { cpuMs: number; peakRssKb: number };
    expect(usage.cpuMs).toBeLessThan(LIMIT_MS);
    expect(usage.peakRssKb).toBeLessThan(1024 * 1024);
    const lines = run.stderr.trim().split('\n');
    switch (expected) {
      case 'ok':
        expect(run.code).toBe(0);
        expect(lines[lines.length - 1]).toBe('1 object in 1 file: no errors');
        break;
      case 'no-objects':
        expect(run.code).toBe(1);
        expect(lines).toStrictEqual([`${file}: error manifest/no-objects: no Kubernetes objects in the file (it is empty or holds only comments and ---)`, '0 objects in 1 file: 1 error']);
        break;
      case 'separator':
        expect(run.code).toBe(1);
        expect(lines[0]).toBe(`${file}:1:1: error manifest/syntax: invalid document separator "--- ~": only a comment may follow --- on its line`);
        break;
      default:
        expect(run.code).toBe(1);
        expect(lines.filter((l) => l.startsWith(file) && l.includes(': error manifest/too-large: more than 10,000 documents'))).toHaveLength(1);
        expect(run.stderr).toMatch(/more than 10,000 documents use YAML beyond plain block mappings/);
    }
  }, 70_000);
});
