import * as fs from 'fs';
import * as path from 'path';
import { checkOutputParents, listServices, synthSpec, upsertService } from '../../src/spec/operations';
import { OutputPathError } from '../../src/synth/write';
import { tempDir } from './cli-harness';

const SPEC = 'services:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n';

function specFile(content: string | Buffer): string {
  const file = path.join(tempDir('appsvc-ops-'), 'appsvc.yaml');
  fs.writeFileSync(file, content);
  return file;
}

async function messageOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err: unknown) {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    throw err;
  }
  return 'no error';
}

const upsert = (file: string): Promise<unknown> => upsertService({ file, name: 'web', set: { ports: ['80'] } });

describe('upsert into a spec without content', () => {
  test.each([
    ['a bare ---', '---\n'],
    ['only comments', '# the shop\n'],
  ])('%s: the service is added and the file keeps what it had', async (_what, text) => {
    const file = specFile(text);
    expect(await upsertService({ file, name: 'web', set: { ports: ['80'] } })).toMatchObject({ action: 'created' });
    const now = fs.readFileSync(file, 'utf8');
    expect(now.startsWith(text)).toBe(true);
    expect((await listServices(file)).map((r) => r.name)).toEqual(['web']);
  });
});

describe('spec files the commands refuse, leaving them byte for byte as they were', () => {
  test.each([
    ['several documents', '---\n---\n', (f: string) => `SpecError: ${f}:2:1: a spec file holds one YAML document; found 2`],
    ['invalid UTF-8', Buffer.concat([Buffer.from('# owner: Jos'), Buffer.from([0xe9]), Buffer.from(`\n${SPEC}`)]), (f: string) => `SpecError: ${f}:1:13: invalid UTF-8 (byte 0xe9)`],
    ['nesting 10,000 levels deep', `services: ${'['.repeat(10000)}${']'.repeat(10000)}\n`, (f: string) => `SpecError: ${f}:1:1034: mappings and sequences are nested more than 256 levels deep`],
    ['an unclosed quote', 'services:\n  - name: "api\n    ports: ["80"]\n', (f: string) => `SpecError: ${f}:2:11: Missing closing "quote`],
  ])('%s', async (_what, content, want) => {
    const file = specFile(content);
    const before = fs.readFileSync(file);
    expect(await messageOf(() => upsert(file))).toBe(want(file));
    expect(await messageOf(() => listServices(file))).toBe(want(file));
    expect({ same: fs.readFileSync(file).equals(before), entries: fs.readdirSync(path.dirname(file)) }).toEqual({ same: true, entries: ['appsvc.yaml'] });
  });

  test('a directory given as the spec file', async () => {
    const dir = tempDir('appsvc-ops-');
    expect(await messageOf(() => upsert(dir))).toBe(`SpecError: ${dir}: is a directory, not a spec file`);
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  test('a spec file in a missing directory is refused at once', async () => {
    const file = path.join(tempDir('appsvc-ops-'), 'missing', 'appsvc.yaml');
    const started = Date.now();
    expect(await messageOf(() => upsert(file))).toBe(`SpecFileError: ${file}: the directory ${path.dirname(file)} does not exist`);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the output directory', () => {
  test('a parent that is a regular file is named', () => {
    const dir = tempDir('appsvc-ops-');
    fs.writeFileSync(path.join(dir, 'plain'), 'x\n');
    const out = path.join(dir, 'plain', 'sub', 'dist');
    expect(() => checkOutputParents(out)).toThrow(new OutputPathError(`cannot write the output directory ${JSON.stringify(out)}: ${JSON.stringify(path.join(dir, 'plain'))} is not a directory`));
  });

  test('synth under a regular file fails before writing anything', async () => {
    const file = specFile(SPEC);
    const dir = path.dirname(file);
    fs.writeFileSync(path.join(dir, 'plain'), 'x\n');
    const out = path.join(dir, 'plain', 'dist');
    expect(await messageOf(() => synthSpec(file, out))).toBe(`OutputPathError: cannot write the output directory ${JSON.stringify(out)}: ${JSON.stringify(path.join(dir, 'plain'))} is not a directory`);
    expect(fs.readdirSync(dir).sort()).toEqual(['appsvc.yaml', 'plain']);
  });
});
