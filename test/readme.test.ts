import * as fs from 'fs';
import * as path from 'path';
import { LINT_RULES } from '../src/lint';
import { MANIFEST_RULES } from '../src/manifest/problems';
import { SERVICE_RULES } from '../src/validation';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const RULES_PAGE = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');

describe('README', () => {
  test('is at most 20 KB', () => {
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(20 * 1024);
  });

  test('gives the two commands a developer of appsvc runs', () => {
    expect(README).toContain('npm install && npm run synth');
    expect(README).toContain('npm test');
  });

  test('has an Install section and the three five-minute starts', () => {
    const headings = README.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(
      expect.arrayContaining([
        '## Install',
        '## Five-minute start: a TypeScript app',
        '## Five-minute start: a spec file, no TypeScript',
        '## Five-minute start: validate manifests in CI',
      ]),
    );
  });

  test('documents the exit statuses', () => {
    expect(README).toMatch(/\| 0 \| success \|/);
    expect(README).toMatch(/\| 1 \| invalid input/);
    expect(README).toMatch(/\| 2 \| usage error/);
  });
});

describe('docs/rules.md', () => {
  test.each([...SERVICE_RULES, ...LINT_RULES, ...MANIFEST_RULES].map((r) => [r.id]))('documents rule %s', (id) => {
    expect(RULES_PAGE).toContain(`\`${id}\``);
  });
});
