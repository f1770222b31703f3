import { spawnSync } from 'child_process';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { SpecCompileError } from '../../src/spec/compile';
import { loadSpecFile, SpecError } from '../../src/spec/load';
import { upsertService, type UpsertRequest } from '../../src/spec/operations';
import { doubleQuoted, loneSurrogateIndex, needsEscapes } from '../../src/spec/strings';

/** Code points some YAML reader treats specially, and characters that matter to YAML's syntax. */
const TROUBLESOME: readonly number[] = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
  0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff,
  0xd800, 0xdbff, 0xdc00, 0xdfff, // lone surrogates
];
const ORDINARY = [' ', '"', "'", '\\', ':', '#', '-', '?', '&', '*', '!', '|', '>', '%', '@', '`', ',', '[', '{', 'a', 'Z', '0', 'é', '\u00a0', '\ufffd', '😀'];
const char = fc.oneof(fc.constantFrom(...TROUBLESOME).map((c) => String.fromCharCode(c)), fc.constantFrom(...ORDINARY));
const text = fc.array(char, { maxLength: 10 }).map((cs) => cs.join(''));

/** Where a string goes: the request that puts it there, and where to find it in the parsed spec. */
interface Target {
  readonly field: string;
  readonly request: (v: string) => Pick<UpsertRequest, 'name' | 'set'> & { namespace?: string };
  readonly find: (spec: Spec) => unknown;
}

interface Spec {
  readonly services: Array<Record<string, unknown>>;
}

function entry(spec: Spec, name = 'api'): Record<string, unknown> {
  return spec.services.find((s) => s['name'] === name) ?? {};
}

function mapOf(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

const TARGETS: readonly Target[] = [
  { field: 'annotation value', request: (v) => ({ name: 'api', set: { annotations: { note: v } } }), find: (s) => mapOf(entry(s)['annotations'])['note'] },
  { field: 'annotation key', request: (v) => ({ name: 'api', set: { annotations: { [v]: 'x' } } }), find: (s) => Object.keys(mapOf(entry(s)['annotations']))[0] },
  { field: 'label value', request: (v) => ({ name: 'api', set: { labels: { team: v } } }), find: (s) => mapOf(entry(s)['labels'])['team'] },
  { field: 'selector key', request: (v) => ({ name: 'api', set: { selector: { [v]: 'api' } } }), find: (s) => Object.keys(mapOf(entry(s)['selector']))[0] },
  { field: 'loadBalancerIP', request: (v) => ({ name: 'api', set: { type: 'LoadBalancer', loadBalancerIP: v } }), find: (s) => entry(s)['loadBalancerIP'] },
  { field: 'loadBalancerClass', request: (v) => ({ name: 'api', set: { type: 'LoadBalancer', loadBalancerClass: v } }), find: (s) => entry(s)['loadBalancerClass'] },
  { field: 'externalName', request: (v) => ({ name: 'api', set: { externalName: v } }), find: (s) => entry(s)['externalName'] },
  { field: 'service name', request: (v) => ({ name: v, set: { ports: ['80'] } }), find: (s) => s.services[1]?.['name'] },
  { field: 'namespace', request: (v) => ({ name: 'web', namespace: v, set: { ports: ['80'] } }), find: (s) => entry(s, 'web')['namespace'] },
  { field: 'cluster', request: (v) => ({ name: 'api', set: { clusters: [v] } }), find: (s) => (entry(s)['clusters'] as unknown[] | undefined)?.[0] },
  { field: 'port', request: (v) => ({ name: 'api', set: { ports: [v] } }), find: (s) => (entry(s)['ports'] as unknown[] | undefined)?.[0] },
];

const START = '# Services.\nname: shop\nservices:\n  - name: api\n    ports: ["80:8080"]\n    selector: {app: api}\n';

/** A spec written in the property, to be read back by kubectl and PyYAML afterwards. */
interface Written {
  readonly text: string;
  readonly field: string;
  readonly value: string;
}

const written: Written[] = [];
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-strings-'));
});

describe('doubleQuoted', () => {
  test.each([
    ['a\x7fb', '"a\\x7Fb"'],
    ['\u0085', '"\\x85"'],
    ['k \n', '"k \\n"'],
    ['\u2028\u2029\ufeff\ufffe\uffff', '"\\u2028\\u2029\\uFEFF\\uFFFE\\uFFFF"'],
    ['"\\', '"\\"\\\\"'],
    ['😀é', '"😀é"'],
  ])('%j is written %s', (input, out) => {
    expect(doubleQuoted(input)).toBe(out);
    expect(parse(`k: ${out}`)).toEqual({ k: input });
  });

  test('lone surrogates are found, pairs are not', () => {
    expect(['a\ud800', '\udc00b', 'a😀', '😀\udfff'].map(loneSurrogateIndex)).toEqual([1, 0, -1, 2]);
    expect(['plain', 'tab\t', 'a\u00a0b'].map(needsEscapes)).toEqual([false, true, false]);
  });
});

describe('the spec writer', () => {

  test('a key with a lone surrogate and a line break is refused in one line that shows the key escaped', async () => {
    const file = path.join(dir, 'key-line-break.yaml');
    fs.writeFileSync(file, START);
    await expect(upsertService({ file, name: 'api', set: { annotations: { '\udc00\n': 'x' } } })).rejects.toThrow(
      `${file}: service "api": annotations[\\udc00\\n]: Invalid value: "\\udc00\\n": a key must be Unicode text: the character at index 0 is half of a surrogate pair (U+DC00)`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(START);
  });
  test('every string is refused before anything is written, or read back the same by appsvc and yaml@2 (1.1 and 1.2)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TARGETS), text, async (target, value) => {
        const file = path.join(dir, `case-${n++}.yaml`);
        fs.writeFileSync(file, START);
        const req = target.request(value);
        let refused: unknown;
        try {
          await upsertService({ file, ...req });
        } catch (err: unknown) {
          refused = err;
        }
        const after = fs.readFileSync(file, 'utf8');
        if (refused !== undefined) {
          // A refusal is a user error (one line per problem, naming the field), and the file is untouched.
          expect(refused instanceof SpecError || refused instanceof SpecCompileError).toBe(true);
          expect((refused as Error).message.split('\n').every((l) => l.startsWith(`${file}:`))).toBe(true);
          expect(after).toBe(START);
          return;
        }
        expect(loneSurrogateIndex(value)).toBe(-1);
        for (const version of ['1.1', '1.2'] as const) {
          expect(target.find(parse(after, { version }) as Spec)).toBe(value);
        }
        // appsvc itself reads it back (list, synth, delete and the next upsert load it so).
        expect(target.find((await loadSpecFile(file)).spec as unknown as Spec)).toBe(value);
        // Every service is still there, unchanged but for the edit.
        expect(entry(parse(after) as Spec)['selector']).toEqual(target.field === 'selector key' ? { [value]: 'api' } : { app: 'api' });
        written.push({ text: after, field: target.field, value });
      }),
      { numRuns: 150 },
    );
  }, 120000);

  test('a lone surrogate anywhere is refused with the field, and the file keeps its bytes', async () => {
    const file = path.join(dir, 'lone.yaml');
    fs.writeFileSync(file, START);
    await expect(upsertService({ file, name: 'api', set: { annotations: { note: 'a\ud800' } } })).rejects.toEqual(
      new SpecError([{ file, line: 0, col: 0, message: 'service "api": annotations.note: Invalid value: "a\\ud800": must be Unicode text: the character at index 1 is half of a surrogate pair (U+D800)' }]),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(START);
  });

  test('what was written reads back the same in PyYAML and in kubectl (go-yaml)', () => {
    // Strings that are accepted always include annotation values; make sure the hard ones are there.
    const hard = ['a\x7fb', ' \n', '\u0085', '\u2028', '\u2029', '\ufeff', '\ufffe', '\x00\x1b', 'x\u009fy', 'multi\nline\n', '\t', '"\\'];
    return (async () => {
      for (const [i, value] of hard.entries()) {
        const file = path.join(dir, `hard-${i}.yaml`);
        fs.writeFileSync(file, START);
        await upsertService({ file, name: 'api', set: { annotations: { note: value } } });
        written.push({ text: fs.readFileSync(file, 'utf8'), field: 'annotation value', value });
      }
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-readers-'));
      written.forEach((w, i) => {
        // kubectl reads objects: give the spec the fields of one (the spec's own keys ride along).
        fs.writeFileSync(path.join(out, `spec-${String(i).padStart(4, '0')}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "o-${i}"\n${w.text}`);
      });
      const files = fs.readdirSync(out).sort();

      const py = spawnSync('python3', ['-c', 'import json,sys,yaml\nprint(json.dumps([yaml.safe_load(open(f, encoding="utf-8")) for f in sys.argv[1:]]))', ...files.map((f) => path.join(out, f))], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(py.stderr).toBe('');
      const pyDocs = JSON.parse(py.stdout) as Array<Spec & { metadata: { name: string } }>;

      const kubectl = spawnSync('kubectl', ['annotate', '--local', '-o', 'json', '-f', out, 'checked=yes'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(kubectl.stderr).toBe('');
      // One JSON object per file, printed one after the other.
      const kubeDocs = kubectl.stdout
        .replace(/^\}\s*\{/gm, '}\u0000{')
        .split('\u0000')
        .map((doc) => JSON.parse(doc) as Spec & { metadata: { name: string } });
      expect(kubeDocs).toHaveLength(written.length);
      const byName = new Map(kubeDocs.map((d) => [d.metadata.name, d]));

      const target = new Map(TARGETS.map((t) => [t.field, t]));
      const wrong = written.flatMap((w, i) => {
        const find = target.get(w.field)?.find ?? (() => undefined);
        const fromPy = pyDocs[i] === undefined ? undefined : find(pyDocs[i]);
        const kube = byName.get(`o-${i}`);
        const fromKube = kube === undefined ? undefined : find(kube);
        return fromPy === w.value && fromKube === w.value ? [] : [{ field: w.field, value: w.value, pyyaml: fromPy, kubectl: fromKube, text: w.text }];
      });
      expect(wrong).toEqual([]);
      expect(written.length).toBeGreaterThan(hard.length);
    })();
  }, 120000);
});
