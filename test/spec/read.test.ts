import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadSpecFile, readSpecText, SpecError } from '../../src/spec/load';
import { tempDir } from './cli-harness';

const SPEC = 'services:\n  - name: api\n    ports: ["80:8080"]\n';

async function problem(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err: unknown) {
    if (err instanceof SpecError) return err.message;
    throw err;
  }
  return 'no error';
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(tempDir('appsvc-read-'), name);
  fs.writeFileSync(file, content);
  return file;
}

describe('readSpecText', () => {
  test('UTF-8 text is returned as is, without a byte order mark', async () => {
    expect(await readSpecText(write('a.yaml', `\ufeff${SPEC}`))).toBe(SPEC);
  });

  test('a missing file is undefined', async () => {
    expect(await readSpecText(path.join(tempDir('appsvc-read-'), 'none.yaml'))).toBeUndefined();
  });

  test.each([
    ['invalid UTF-8 (Latin-1 é in a comment)', Buffer.concat([Buffer.from('# owner: Jos'), Buffer.from([0xe9]), Buffer.from(`\n${SPEC}`)]), ':1:13: invalid UTF-8 (byte 0xe9)'],
    ['binary data', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), ':3:1: binary data (a NUL byte): not a YAML spec file'],
    ['UTF-16', Buffer.from(`\ufeff${SPEC}`, 'utf16le'), ': the file is UTF-16 or UTF-32 encoded; save it as UTF-8'],
    ['a control character', `services: []\n# bell \u0007\n`, ':2:8: control character U+0007 is not allowed in YAML'],
  ])('%s is refused with its position', async (_what, content, want) => {
    const file = write('a.yaml', content);
    expect(await problem(() => readSpecText(file))).toBe(`${file}${want}`);
  });

  test('a file over the limit is refused by its size, naming the limit', async () => {
    const file = write('big.yaml', `${SPEC}${'#'.repeat(3000)}\n`);
    expect(await problem(() => readSpecText(file, 2048))).toBe(`${file}: the file is too large: 3.0 KiB (a spec file may have at most 2 KiB; split the spec)`);
  });

  test('a pipe, which has no size, is read to its end, and refused past the limit', async () => {
    const fifo = (content: string): string => {
      const file = path.join(tempDir('appsvc-read-'), 'pipe.yaml');
      execFileSync('mkfifo', [file]);
      spawn('sh', ['-c', 'printf "%s" "$0" > "$1"', content, file], { stdio: 'ignore' });
      return file;
    };
    const long = `${SPEC}${'#'.repeat(3000)}\n`;
    expect(await readSpecText(fifo(long))).toBe(long);
    expect(await problem(() => readSpecText(fifo(long), 2048))).toMatch(/: the file is too large: more than 2 KiB \(a spec file may have at most 2 KiB; split the spec\)$/);
  });

  test('a file of exactly the limit is read; one byte more is refused', async () => {
    const text = `${SPEC}#`.padEnd(2048, '#');
    expect(await readSpecText(write('a.yaml', text), 2048)).toBe(text);
    expect(await problem(() => readSpecText(write('b.yaml', `${text}#`), 2048))).toMatch(/: the file is too large: 2.0 KiB \(a spec file may have at most 2 KiB; split the spec\)$/);
  });

  test('a directory is refused as such', async () => {
    const dir = tempDir('appsvc-read-');
    expect(await problem(() => readSpecText(dir))).toBe(`${dir}: is a directory, not a spec file`);
  });
});

describe('loadSpecFile', () => {
  test('a missing file says how to create one', async () => {
    const file = path.join(tempDir('appsvc-read-'), 'appsvc.yaml');
    expect(await problem(() => loadSpecFile(file))).toBe(`${file}: no such file (create it with \`appsvc service upsert NAME --port 80:8080\`, or name another with --file)`);
  });

  test('a path through a regular file is explained without an error code', async () => {
    const file = write('plain', 'x\n');
    expect(await problem(() => loadSpecFile(path.join(file, 'appsvc.yaml')))).toBe(`${path.join(file, 'appsvc.yaml')}: a part of the path is not a directory`);
  });
});
