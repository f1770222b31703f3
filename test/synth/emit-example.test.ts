import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { buildExampleApp } from '../../src/main';
import { emitYaml } from '../../src/synth/emit';
import { renderDocument } from '../../src/synth/emit/document';
import { synthToFiles } from '../../src/synth/synthesize';

/** The files `App.synth()` writes for `app` (name → text), read back from a temporary directory. */
function cdk8sSynth(build: (app: App) => App): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-emit-example-'));
  try {
    build(new App({ outdir })).synth();
    return new Map(fs.readdirSync(outdir).sort().map((f): [string, string] => [f, fs.readFileSync(path.join(outdir, f), 'utf8')]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('emitYaml on the example app', () => {
  test('synthesis writes the files App.synth() writes, byte for byte', () => {
    const ours = synthToFiles(buildExampleApp(new App()), { recordConstructMetadata: false });
    const theirs = cdk8sSynth((app) => buildExampleApp(app));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()]);
    for (const [file, text] of theirs) expect(ours.get(file)).toBe(text);
  });

  test('writes every manifest directly and reads back under YAML 1.1 and 1.2', () => {
    const app = buildExampleApp(new App());
    const manifests: unknown[] = app.charts.flatMap((chart) => chart.toJson());
    expect(manifests.map((m) => (m as { kind?: unknown }).kind)).toEqual(
      expect.arrayContaining(['Deployment', 'StatefulSet', 'Service']),
    );
    expect(emitYaml(manifests)).toBe(app.synthYaml());
    for (const manifest of manifests) {
      const text = renderDocument(manifest);
      expect(text).toBe(emitYaml([manifest]));
      for (const version of ['1.1', '1.2'] as const) {
        expect(YAML.parseAllDocuments(text ?? '', { version }).map((d) => d.toJS())).toEqual([manifest]);
      }
    }
  });
});
