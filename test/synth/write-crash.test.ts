import * as os from 'os';
import * as path from 'path';

// The file system as the writer sees it, with renameSync replaceable to simulate a crash.
jest.mock('fs', () => {
  const real: typeof import('fs') = jest.requireActual('fs');
  return { ...real, renameSync: jest.fn(real.renameSync) };
});

import * as fs from 'fs';
import { recoverOutputDir, writeDirAtomic } from '../../src/synth/write';

const realFs: typeof import('fs') = jest.requireActual('fs');
const renameSync = fs.renameSync as jest.MockedFunction<typeof fs.renameSync>;

let root: string;
let out: string;

beforeEach(() => {
  root = realFs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-crash-'));
  out = path.join(root, 'dist');
});

afterEach(() => {
  realFs.rmSync(root, { recursive: true, force: true });
});

test('a write that dies between the two renames leaves the old tree aside; recovery puts it back', () => {
  writeDirAtomic(out, new Map([['old.k8s.yaml', 'old\n']]));
  let calls = 0;
  // The process "dies" at the second rename: from then on, no rename happens.
  renameSync.mockImplementation((from, to) => {
    calls += 1;
    if (calls >= 2) throw new Error('simulated crash');
    realFs.renameSync(from, to);
  });
  try {
    expect(() => writeDirAtomic(out, new Map([['new.k8s.yaml', 'new\n']]))).toThrow('simulated crash');
  } finally {
    renameSync.mockImplementation(realFs.renameSync);
  }
  expect(realFs.existsSync(out)).toBe(false);
  expect(recoverOutputDir(out)).toBe(true);
  expect(realFs.readdirSync(out)).toEqual(['old.k8s.yaml']);
  expect(realFs.readFileSync(path.join(out, 'old.k8s.yaml'), 'utf8')).toBe('old\n');
  expect(realFs.readdirSync(root)).toEqual(['dist']);
});

test('a write that dies writing the new tree leaves the old directory in place', () => {
  writeDirAtomic(out, new Map([['old.k8s.yaml', 'old\n']]));
  renameSync.mockImplementationOnce(() => {
    throw new Error('simulated crash');
  });
  expect(() => writeDirAtomic(out, new Map([['new.k8s.yaml', 'new\n']]))).toThrow('simulated crash');
  expect(realFs.readdirSync(out)).toEqual(['old.k8s.yaml']);
  writeDirAtomic(out, new Map([['new.k8s.yaml', 'new\n']]));
  expect(realFs.readdirSync(out)).toEqual(['new.k8s.yaml']);
  expect(realFs.readdirSync(root)).toEqual(['dist']);
});

test('a failing swap puts the old tree back at once', () => {
  writeDirAtomic(out, new Map([['old.k8s.yaml', 'old\n']]));
  let calls = 0;
  renameSync.mockImplementation((from, to) => {
    calls += 1;
    if (calls === 2) throw new Error('EXDEV');
    realFs.renameSync(from, to);
  });
  try {
    expect(() => writeDirAtomic(out, new Map([['new.k8s.yaml', 'new\n']]))).toThrow('EXDEV');
  } finally {
    renameSync.mockImplementation(realFs.renameSync);
  }
  expect(realFs.readdirSync(out)).toEqual(['old.k8s.yaml']);
  expect(realFs.readdirSync(root)).toEqual(['dist']);
});
