import * as fs from 'fs';
import * as path from 'path';
import { LINT_RULES } from '../src/lint';
import { MANIFEST_RULES } from '../src/manifest/problems';
import { SERVICE_RULES } from '../src/validation';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  test.each([...SERVICE_RULES, ...LINT_RULES, ...MANIFEST_RULES].map((r) => [r.id]))('documents rule %s', (id) => {
    expect(README).toContain(`\`${id}\``);
  });

  test('gives the two commands a new user runs', () => {
    expect(README).toContain('npm install && npm run synth');
    expect(README).toContain('npm test');
  });

  test('documents the exit statuses', () => {
    expect(README).toMatch(/\| 0 \| success \|/);
    expect(README).toMatch(/\| 2 \| usage error/);
  });
});
