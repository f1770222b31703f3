import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_INPUT_BYTES, MAX_MANIFEST_BYTES } from '../../src/manifest/limits';
import { checkSpec } from '../../src/spec/check';
import { loadSpecText, locateInItems, MAX_FULL_READER_BYTES, MAX_SPEC_BYTES, SpecError } from '../../src/spec/load';
import { deleteService, upsertService } from '../../src/spec/operations';
import { runImport } from '../../src/import/run';
import { locate, parseSpecText } from '../../src/spec/parse';
import { readSimpleYaml } from '../../src/spec/simple-yaml';
import { tempDir } from './cli-harness';

/** A spec of `n` services in plain block YAML, the way people write one. */
function bigSpec(n: number): string {
  const lines = ['name: big', 'services:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  - name: svc-${i}`, '    ports:', `      - { name: http, port: 80, targetPort: 8080 }`, '    selector:', `      app: svc-${i}`, '    labels:', `      app: svc-${i}`, '      tier: backend');
  }
  return `${lines.join('\n')}\n`;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err: unknown) {
    if (err instanceof SpecError) return err.message.split('\n');
    throw err;
  }
  return [];
}

/** More than the yaml library reads whole (8 MiB), well within what the quick reader reads. */
const BIG = bigSpec(70000);

describe('spec size limits', () => {
  test('a spec file may have 64 MiB (as a manifest file); the yaml library reads 8 MiB of it whole', () => {
    expect(MAX_SPEC_BYTES).toBe(MAX_MANIFEST_BYTES);
    expect(MAX_SPEC_BYTES).toBe(64 * 1024 * 1024);
    expect(MAX_FULL_READER_BYTES).toBe(MAX_INPUT_BYTES);
    expect(BIG.length).toBeGreaterThan(MAX_FULL_READER_BYTES);
  });

  test('a spec in plain block YAML larger than 8 MiB loads', () => {
    const loaded = loadSpecText('big.yaml', BIG);
    expect(loaded.spec.services).toHaveLength(70000);
    expect(loaded.spec.services[69999]).toEqual({ name: 'svc-69999', ports: [{ name: 'http', port: 80, targetPort: 8080 }], selector: { app: 'svc-69999' }, labels: { app: 'svc-69999', tier: 'backend' } });
    // Its whole document is never built.
    expect(loaded.parsed).toBeUndefined();
  });

  test('one that needs the full YAML reader is refused in one line naming both limits', () => {
    const text = BIG.replace('name: big\n', 'name: &n big\n');
    expect(problemsOf(() => loadSpecText('big.yaml', text))).toEqual([
      `big.yaml: the file is too large to read with the full YAML reader: ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MiB (it takes at most 8 MiB; a spec in plain block YAML, without anchors, tags, block scalars or escapes, is read up to 64 MiB; or split the spec)`,
    ]);
  });

  test('its problems are reported at their lines, as in a smaller file', () => {
    const text = BIG.replace('  - name: svc-50000\n    ports:\n', '  - name: svc-50000\n    type: Nodeport\n    ports:\n').replace('      tier: backend\n', '      tier: backend\n    selectr: {}\n');
    const line = text.slice(0, text.indexOf('    type: Nodeport')).split('\n').length;
    expect(problemsOf(() => loadSpecText('big.yaml', text))).toEqual([
      'big.yaml:11:5: services[0].selectr: Unsupported value: "selectr": did you mean "selector"?',
      `big.yaml:${line}:11: services[50000].type: Unsupported value: "Nodeport": supported values: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"`,
    ]);
  });

  test('upsert and delete edit one entry of a large spec; the rest of the file is kept byte for byte', async () => {
    const file = path.join(tempDir('appsvc-size-'), 'appsvc.yaml');
    fs.writeFileSync(file, BIG);
    const result = await upsertService({ file, name: 'svc-123', set: { ports: ['81:8080'] } });
    expect(result.action).toBe('updated');
    const upserted = BIG.replace('  - name: svc-123\n    ports:\n      - { name: http, port: 80, targetPort: 8080 }\n', '  - name: svc-123\n    ports: ["81:8080"]\n');
    expect(fs.readFileSync(file, 'utf8')).toBe(upserted);
    expect(await deleteService(file, 'svc-5', undefined, () => Promise.resolve(true))).toBe(true);
    const entry5 = '  - name: svc-5\n    ports:\n      - { name: http, port: 80, targetPort: 8080 }\n    selector:\n      app: svc-5\n    labels:\n      app: svc-5\n      tier: backend\n';
    expect(upserted.split(entry5)).toHaveLength(2);
    expect(fs.readFileSync(file, 'utf8')).toBe(upserted.replace(entry5, ''));
    const loaded = loadSpecText('appsvc.yaml', fs.readFileSync(file, 'utf8'));
    expect(loaded.spec.services).toHaveLength(69999);
    expect(loaded.spec.services.map((e) => e.name).slice(4, 7)).toEqual(['svc-4', 'svc-6', 'svc-7']);
  }, 60000);
});

describe('import into a spec larger than the yaml library reads whole', () => {
  test('each Service replaces its entry (or is added), entry by entry; the rest of the file is kept byte for byte', async () => {
    const dir = tempDir('appsvc-size-');
    const file = path.join(dir, 'appsvc.yaml');
    fs.writeFileSync(file, BIG);
    const input = path.join(dir, 'svc.yaml');
    const service = (name: string, port: number): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - port: ${port}\n`;
    fs.writeFileSync(input, [service('svc-7', 81), service('extra-a', 80), service('extra-b', 82)].join('---\n'));
    const result = await runImport({ inputs: [input], specFile: file, format: 'spec', keepNodePorts: false });
    expect(result.outcomes.map((o) => `${o.action} ${o.name}`)).toEqual(['updated svc-7', 'created extra-a', 'created extra-b']);
    const replaced = BIG.replace('  - name: svc-7\n    ports:\n      - { name: http, port: 80, targetPort: 8080 }\n    selector:\n      app: svc-7\n    labels:\n      app: svc-7\n      tier: backend\n', '  - name: svc-7\n    ports: ["81"]\n    selector:\n      app: svc-7\n');
    expect(replaced).not.toBe(BIG);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${replaced}  - name: extra-a\n    ports: ["80"]\n    selector:\n      app: extra-a\n  - name: extra-b\n    ports: ["82"]\n    selector:\n      app: extra-b\n`);
  }, 120000);
});

describe('locateInItems: a path in an entry, located by parsing that entry alone', () => {
  const scalar = fc.constantFrom('1', 'x', '"q"', '[80, 81]', '{ a: b }', 'Nodeport');
  const entry = fc.array(fc.tuple(fc.constantFrom('name', 'type', 'ports', 'selectr', 'labels', 'clusters'), scalar, fc.boolean()), { minLength: 1, maxLength: 4 });
  const spec = fc.tuple(fc.array(entry, { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 2), fc.boolean()).map(([entries, column, comments]) => {
    const pad = ' '.repeat(column);
    const lines = ['# spec', 'name: x', 'services:'];
    for (const fields of entries) {
      if (comments) lines.push(`${pad}# an entry`, '');
      const seen = new Set<string>();
      fields.forEach(([key, value, block], i) => {
        if (seen.has(key)) return;
        seen.add(key);
        const lead = i === 0 ? `${pad}- ` : `${pad}  `;
        if (block && value.startsWith('{')) lines.push(`${lead}${key}:`, `${pad}    a: b`);
        else lines.push(`${lead}${key}: ${value}`);
      });
    }
    return `${lines.join('\n')}\nnamespace: y\n`;
  });

  test('property: the line and column the yaml library gives when it reads the whole file', () => {
    fc.assert(
      fc.property(spec, (text) => {
        const simple = readSimpleYaml(text);
        if (simple === undefined) return;
        const whole = parseSpecText(text);
        const result = checkSpec(simple.value);
        const paths = result.ok ? [] : result.issues.map((i) => ({ path: i.path, atKey: i.finding.rule === 'spec/unknown-field' }));
        paths.push({ path: ['services', 0, 'ports', 1], atKey: false }, { path: ['services', 0], atKey: false }, { path: ['namespace'], atKey: false }, { path: ['name'], atKey: true }, { path: ['services'], atKey: false }, { path: ['id'], atKey: false });
        for (const { path: p, atKey } of paths) expect(locateInItems(text, simple.services, p, atKey)).toEqual(locate(whole, p, atKey));
      }),
      { numRuns: 300 },
    );
  });
});
