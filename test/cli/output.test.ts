import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { EXIT_STDOUT_CLOSED } from '../../src/cli/output';
import { BIN, ensureBuilt, tempDir } from '../spec/cli-harness';

beforeAll(async () => {
  await ensureBuilt();
}, 180000);

/** Runs the CLI with a stdout pipe whose reading end is closed before the command writes. */
function runWithClosedStdout(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdout closed by its reader', () => {
  const spec = 'name: shop\nservices:\n' + Array.from({ length: 200 }, (_, i) => `  - name: svc-${i}\n    ports: ["80:8080"]\n    selector: {app: svc-${i}}\n`).join('');

  test.each([
    [['synth', '--stdout']],
    [['synth', '-o', 'json']],
    [['service', 'list', '-o', 'yaml']],
    [['completion', 'bash']],
  ])('appsvc %j ends quietly with the status of a command stopped by SIGPIPE', async (args) => {
    const dir = tempDir('appsvc-stdout-');
    fs.writeFileSync(path.join(dir, 'appsvc.yaml'), spec);
    expect(await runWithClosedStdout(args, dir)).toEqual({ code: EXIT_STDOUT_CLOSED, stderr: expect.not.stringMatching(/EPIPE|\n\s+at /) as unknown as string });
  });
});
