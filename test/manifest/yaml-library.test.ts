import { spawnSync } from 'child_process';
import * as path from 'path';
import { BIN, ensureBuilt } from '../support/build';

/**
 * `appsvc validate` loads the yaml library only when the full YAML reader is needed: inputs the
 * fast readers read (JSON, block YAML) never load it. Checked on the built CLI, by the modules it
 * has loaded when it exits.
 */
const PRELOAD = path.join(__dirname, 'report-yaml-loaded.js');

function loadsYaml(input: string): boolean {
  const r = spawnSync(process.execPath, ['-r', PRELOAD, BIN, 'validate', '-'], { input, encoding: 'utf8' });
  const stderr = r.stderr;
  const match = /loaded yaml: (true|false)/.exec(stderr);
  if (match === null) throw new Error(`no module list in: ${stderr}`);
  return match[1] === 'true';
}

beforeAll(ensureBuilt, 300000);

test.each([
  ['block YAML', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n  - port: 80\n', false],
  ['JSON', '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api"}, "spec": {"ports": [{"port": 80}]}}', false],
  ['a block scalar (the full reader)', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: |\n    text\n', true],
])('%s: yaml library loaded = %s', (_name, input, expected) => {
  expect(loadsYaml(input)).toBe(expected);
});
