import * as fs from 'fs';
import * as path from 'path';
import type { ReportingMode } from '../../src/validation/options';
import { validateService } from '../../src/validation/service';

/** One fixture: a manifest, the verdict of a 1.28 API server, and the field paths it reports. */
interface ServiceCase {
  readonly id: string;
  readonly description: string;
  readonly object: unknown;
  readonly expect: 'valid' | 'invalid';
  readonly fields: readonly string[];
}

const DIR = path.join(__dirname, '..', 'fixtures', 'service-cases');

function load(file: string): ServiceCase {
  const c = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as ServiceCase;
  return c;
}

const cases = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map(load);

test('there are fixtures', () => {
  expect(cases.length).toBeGreaterThanOrEqual(100);
});

function verdictAndFields(obj: unknown, reporting: ReportingMode): { verdict: string; fields: string[] } {
  const errors = validateService(obj, { reporting }).filter((f) => f.severity === 'error');
  return { verdict: errors.length > 0 ? 'invalid' : 'valid', fields: [...new Set(errors.map((f) => f.field))].sort() };
}

describe.each<ReportingMode>(['default', 'server'])('reporting %s', (reporting) => {
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(verdictAndFields(c.object, reporting)).toEqual({ verdict: c.expect, fields: [...new Set(c.fields)].sort() });
  });
});
