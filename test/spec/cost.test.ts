import * as fs from 'fs';
import * as path from 'path';
import { parseSpecText } from '../../src/spec/parse';
import { loadSpecText } from '../../src/spec/load';
import { ensureBuilt, runCli, tempDir } from './cli-harness';

function labelSpec(keys: number): string {
  const lines = ['name: big', 'services:', '  - name: api', '    ports: ["80"]', '    labels:'];
  for (let i = 0; i < keys; i++) lines.push(`      k${i}: v${i}`);
  return `${lines.join('\n')}\n`;
}

function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('spec costs grow linearly', () => {
  test('a label map of 50,000 keys is read in linear time (duplicate keys found in one pass)', () => {
    const small = labelSpec(5000);
    const large = labelSpec(50000);
    parseSpecText(small); // warm up
    const t1 = cpuMs(() => parseSpecText(small));
    const t10 = cpuMs(() => expect(loadSpecText('big.yaml', large).spec.services[0]?.labels?.['k49999']).toBe('v49999'));
    // Ten times the keys: about ten times the time (the yaml library's own check made it a hundred).
    expect(t10 / Math.max(t1, 1)).toBeLessThan(30);
  }, 120000);

  test('a duplicate among 50,000 keys is still found, at its line', () => {
    const text = labelSpec(50000).replace('      k49999: v49999\n', '      k7: again\n');
    expect(parseSpecText(text).problems).toEqual([{ line: 50005, col: 7, message: 'Map keys must be unique' }]);
  });
});

describe('200,000 ports', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 180000);

  test('synth reports the problems (the first 200, then one line for the rest) instead of overflowing the stack', () => {
    const dir = tempDir('appsvc-cost-');
    const lines = ['name: big', 'services:', '  - name: api', '    ports:'];
    for (let i = 0; i < 200000; i++) lines.push(`      - "${(i % 65535) + 1}"`);
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), `${lines.join('\n')}\n`);
    const r = runCli(['synth'], { cwd: dir });
    const errors = r.stderr.trim().split('\n');
    expect({ code: r.code, stdout: r.stdout, count: errors.length }).toEqual({ code: 1, stdout: '', count: 201 });
    expect(errors[0]).toMatch(/^error: appsvc\.yaml:\d+:9: service "api": spec\.ports\[65535\]: Duplicate value: /);
    expect(errors[200]).toMatch(/^error: … and \d+ more problems \(\d+ in all\)$/);
    expect(r.stderr).not.toContain('internal error');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  }, 300000);
});
