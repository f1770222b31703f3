/**
 * What the emitter writes, every reader reads back as the same strings: yaml@2 with the YAML 1.1
 * and 1.2 schemas, PyYAML and kubectl (go-yaml). Lone surrogates, which UTF-8 cannot encode, are
 * refused with the document and field named.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { App, Chart, Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { AppService } from '../../src/constructs/app-service';
import { emitYaml, FALLBACK_MAX_DEPTH, UnwritableDocumentError, UnwritableStringError } from '../../src/synth/emit';
import { MAX_DOCUMENT_DEPTH } from '../../src/synth/emit/document';
import { SynthError, synthToFiles } from '../../src/synth/synthesize';

/** Single characters that readers treat specially: C0 controls, DEL, C1 controls, line and paragraph separators, BOM, noncharacters. */
const TROUBLESOME_CHARS: readonly string[] = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '\x7f',
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
  '\u00a0', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\ufffd', '\u{1F600}', '\u{10FFFF}', '\u{E000}',
];

/** Pieces with meaning to YAML: indicators, words YAML 1.1 reads as booleans or null, numbers. */
const YAML_PIECES: readonly string[] = [
  '<<', '- ', ': ', '#', ' #', ' ', '  ', '\t', '\n', '\r\n', '---', '...', '? ', '|', '>', '!', '&a', '*a', '%', '@', '`', "'", '"', '\\',
  '[', ']', '{', '}', ',', 'yes', 'no', 'on', 'off', 'y', 'n', 'true', 'False', '~', 'null', 'Null', '=', '0', '0755', '0o17', '0x1F', '1e3',
  '1_000', '-_6', '12:30', '.inf', '.NaN', '2002-12-14', 'a', 'b', 'word', 'é', '日本',
];

const troublesome = fc
  .array(fc.oneof(fc.constantFrom(...TROUBLESOME_CHARS), fc.constantFrom(...YAML_PIECES)), { maxLength: 8 })
  .chain((parts) => fc.boolean().map((long) => (long ? [...parts, ' and some more text to pass forty characters'].join('') : parts.join(''))));

/** Strings a few dozen readers' pitfalls are made of, for the kubectl table (one kubectl run for all). */
const KUBECTL_TABLE: readonly string[] = [
  'a\u2028b', '\u2028', 'a\u2029b', 'next\u0085line', '\ufeffbom', 'bom\ufeff', 'a\ufffeb', 'a\uffffb', 'del\x7f', 'c1\x80\x9f', 'bell\x07',
  'nul\x00', 'esc\x1b', 'tab\tinside', '\ttab', 'cr\r', 'crlf\r\nx', '<<', '- a', 'a: b', '#x', 'a #b', ' leading', 'trailing ', 'yes', 'no',
  'on', 'off', '~', 'null', '0o17', '0755', '1e3', '0x1F', '-_6', '12:30', '=', '---', 'a\n\u2028b', ' \n', 'nbsp\u00a0',
  'a long annotation with a line separator\u2028in the middle of it and more',
  'a long annotation with DEL\x7f and a newline\nso it is folded when written',
];

/** The documents a string is tried in: as a map value, a key, a list item, and nested. */
function docsFor(s: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { note: s } }, data: { value: s, [s === 'value' ? 'v' : s]: 'key' }, list: [s, [s]] };
}

/** yaml@2 reads `text` back as `docs` under the YAML 1.1 and 1.2 schemas. */
function expectYamlReadsBack(text: string, docs: readonly unknown[]): void {
  for (const version of ['1.1', '1.2'] as const) {
    const read = YAML.parseAllDocuments(text, { version }).map((d) => {
      if (d.errors.length > 0) throw new Error(`YAML ${version}: ${d.errors[0]?.message ?? ''}\n${text}`);
      return d.toJS() as unknown;
    });
    expect(read).toEqual(docs);
  }
}

/** Checks many (text, expected) pairs with PyYAML in one python process; returns the mismatches, or undefined without PyYAML. */
function pyyamlMismatches(cases: ReadonlyArray<{ readonly text: string; readonly expected: unknown }>): unknown[] | undefined {
  const script = [
    'import json, sys, yaml',
    'cases = json.loads(sys.stdin.buffer.read().decode("utf-8"))',
    'bad = []',
    'for c in cases:',
    '    try:',
    '        got = list(yaml.safe_load_all(c["text"]))',
    '    except Exception as e:',
    '        bad.append({"text": c["text"], "error": str(e).splitlines()[0]})',
    '        continue',
    '    if got != c["expected"]:',
    '        bad.append({"text": c["text"], "got": got})',
    'sys.stdout.write(json.dumps(bad))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error !== undefined || (run.status !== 0 && /No module named|not found/.test(run.stderr))) return undefined;
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown[];
}

function hasKubectl(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

describe('emitted YAML reads back as the same strings in every reader', () => {
  test('property: troublesome code points and YAML indicators, as keys, values and items (yaml@2 1.1/1.2 each case, PyYAML all at once)', () => {
    const cases: Array<{ text: string; expected: unknown }> = [];
    fc.assert(
      fc.property(fc.array(troublesome, { minLength: 1, maxLength: 3 }), (strings) => {
        const docs = strings.map(docsFor);
        const text = emitYaml(docs);
        expectYamlReadsBack(text, docs);
        cases.push({ text, expected: docs });
      }),
      { numRuns: 400 },
    );
    for (const s of [...TROUBLESOME_CHARS, ...YAML_PIECES, ...KUBECTL_TABLE]) cases.push({ text: emitYaml([docsFor(s)]), expected: [docsFor(s)] });
    const bad = pyyamlMismatches(cases);
    if (bad === undefined) {
      console.warn('PyYAML is not available (python3 -c "import yaml" failed): the PyYAML read-back was skipped');
      return;
    }
    expect(bad).toEqual([]);
  });

  test('PyYAML rejects what cdk8s writes for these strings, and reads what appsvc writes', () => {
    const strings = ['a\u2028b', 'a\x7fb', 'a\ufffeb', 'a\x85b', 'tab\tinside', '<<', '='];
    const cdk8s = pyyamlMismatches(strings.map((s) => ({ text: Yaml.stringify({ v: s }), expected: [{ v: s }] })));
    const appsvc = pyyamlMismatches(strings.map((s) => ({ text: emitYaml([{ v: s }]), expected: [{ v: s }] })));
    if (cdk8s === undefined || appsvc === undefined) {
      console.warn('PyYAML is not available: skipped');
      return;
    }
    expect(cdk8s).toHaveLength(strings.length);
    expect(appsvc).toEqual([]);
  });

  test('kubectl (go-yaml) reads back a table of troublesome strings as annotation values, data keys and values', () => {
    if (!hasKubectl()) {
      console.warn('kubectl is not installed: the kubectl read-back table was skipped');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-kubectl-'));
    try {
      const docs = KUBECTL_TABLE.map((s, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, annotations: { note: s } }, data: { value: s, [s]: 'key' } }));
      const file = path.join(dir, 'all.yaml');
      fs.writeFileSync(file, emitYaml(docs));
      const out = execFileSync('kubectl', ['annotate', '--local', '-o', 'json', '-f', file, 'checked=yes'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      // One JSON object per document, one after the other.
      const objects = out
        .split(/\n(?=\{\n)/)
        .map((chunk) => JSON.parse(chunk) as { metadata: { name: string; annotations: Record<string, string> }; data: Record<string, string> });
      expect(objects.map((o) => o.metadata.name)).toEqual(docs.map((d) => d.metadata.name));
      const got = objects.map((o) => ({ note: o.metadata.annotations['note'], data: o.data }));
      expect(got).toEqual(KUBECTL_TABLE.map((s) => ({ note: s, data: { value: s, [s]: 'key' } })));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an AppService annotation with U+2028, DEL and C1 controls is written so kubectl and PyYAML read it back', () => {
    const note = 'first\u2028second\x7f\x85\x9f end';
    const app = new App();
    new AppService(new Chart(app, 'example'), 'api', { ports: ['80:8080'], annotations: { note } });
    const text = [...synthToFiles(app).values()][0] ?? '';
    expect(text).toContain('note: "first\\Lsecond\\x7f\\N\\x9f end"');
    const bad = pyyamlMismatches([{ text, expected: YAML.parseAllDocuments(text).map((d) => d.toJS() as unknown) }]);
    if (bad !== undefined) expect(bad).toEqual([]);
    expect(YAML.parse(text, { version: '1.1' })).toMatchObject({ metadata: { annotations: { note } } });
  });

  test('keeps cdk8s bytes for ordinary strings', () => {
    const doc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', annotations: { 'example.com/owner': 'team a', note: 'line one\nline two\n' } }, spec: { ports: [{ port: 80 }] } };
    expect(emitYaml([doc])).toBe(Yaml.stringify(doc));
  });
});

describe('lone surrogates are refused', () => {
  test.each([
    [{ metadata: { annotations: { 'example.com/note': 'a\ud800b' } } }, 'metadata.annotations[example.com/note]', 'U+D800'],
    [{ spec: { ports: [{ name: 'x' }, { name: '\udfff' }] } }, 'spec.ports[1].name', 'U+DFFF'],
    [{ data: { 'key\udc00': 'v' } }, 'data[key\udc00]', 'U+DC00'],
  ])('%j: refused at %s', (doc, field, codeUnit) => {
    let thrown: unknown;
    try {
      emitYaml([{ kind: 'First' }, doc]);
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UnwritableStringError);
    const err = thrown as UnwritableStringError;
    expect({ documentIndex: err.documentIndex, field: err.field, codeUnit: err.codeUnit }).toEqual({ documentIndex: 1, field, codeUnit });
    expect(err.message).not.toContain('\n');
  });

  test('a pair written as two halves is a character and is written as it is', () => {
    expect(emitYaml([{ a: '\ud83d\ude00' }])).toBe('a: \u{1F600}\n');
  });

  test('property: any string with a lone surrogate is refused, also where yaml@2 writes the document', () => {
    const lone = fc.tuple(fc.string({ maxLength: 5 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 5 })).map(([a, c, b]) => {
      const s = a + String.fromCharCode(c) + b;
      return /[\u{D800}-\u{DFFF}]/u.test(s) ? s : `${s}\ud800`;
    });
    fc.assert(
      fc.property(lone, fc.boolean(), (s, shared) => {
        const list = [s];
        const doc = shared ? { a: list, b: list } : { a: [s] };
        expect(() => emitYaml([doc])).toThrow(UnwritableStringError);
      }),
      { numRuns: 200 },
    );
  });

  test('at synth, the object is named and nothing is written', () => {
    const app = new App();
    new AppService(new Chart(app, 'example'), 'api', { ports: ['80:8080'], annotations: { note: 'half \ud800' } });
    let thrown: unknown;
    try {
      synthToFiles(app);
    } catch (err: unknown) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SynthError);
    const findings = (thrown as SynthError).findings;
    expect(findings.map((f) => [f.constructPath, f.finding.field, f.finding.rule])).toEqual([['example/api', 'metadata.annotations.note', 'appsvc/unencodable-string']]);
    expect(findings[0]?.finding.message).toBe(
      'metadata.annotations.note: Invalid value: "half \\ud800": holds a lone UTF-16 surrogate (U+D800), which UTF-8 cannot encode; remove it or complete the pair',
    );
  });
});

describe('documents nested too deeply are refused, not a stack overflow', () => {
  function nested(depth: number, leaf: unknown, inLists: boolean): unknown {
    let v = leaf;
    for (let i = 0; i < depth; i++) v = inLists ? [v] : { a: v };
    return v;
  }

  test.each([
    ['maps', false],
    ['lists', true],
  ])('%s: up to MAX_DOCUMENT_DEPTH levels are written, deeper ones refused (also 100,000)', (_name, inLists) => {
    expect(() => emitYaml([nested(MAX_DOCUMENT_DEPTH, 'v', inLists)])).not.toThrow();
    for (const depth of [MAX_DOCUMENT_DEPTH + 1, 100_000]) {
      let thrown: unknown;
      try {
        emitYaml([{ kind: 'First' }, nested(depth, 'v', inLists)]);
      } catch (err: unknown) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(UnwritableDocumentError);
      expect((thrown as Error).message).toBe(`document 1: nested more than ${MAX_DOCUMENT_DEPTH} levels deep`);
    }
  });

  test('a deep document yaml@2 writes (a Map at the top) is refused too', () => {
    for (const depth of [FALLBACK_MAX_DEPTH, 100_000]) {
      expect(() => emitYaml([new Map([['a', nested(depth, 'v', false)]])])).toThrow(new UnwritableDocumentError(0, '', `nested more than ${FALLBACK_MAX_DEPTH} levels deep`));
    }
    expect(() => emitYaml([new Map([['a', nested(FALLBACK_MAX_DEPTH - 1, 'v', false)]])])).not.toThrow();
  });
});
