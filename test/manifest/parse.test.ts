import { parseManifests } from '../../src/manifest/parse';
import type { DecodedObject, ManifestEntry, UndecodableDocument } from '../../src/manifest/types';

function objects(entries: readonly ManifestEntry[]): DecodedObject[] {
  return entries.map((e) => {
    if (e.outcome !== 'object') throw new Error(`expected an object, got ${JSON.stringify(e)}`);
    return e;
  });
}

function only<T extends ManifestEntry['outcome']>(text: string, outcome: T): Extract<ManifestEntry, { outcome: T }> {
  const entries = parseManifests(text);
  const entry = entries[0];
  if (entries.length !== 1 || entry === undefined || entry.outcome !== outcome) throw new Error(`expected one ${outcome}, got ${JSON.stringify(entries)}`);
  return entry as Extract<ManifestEntry, { outcome: T }>;
}

function problemOf(text: string): UndecodableDocument['problem'] {
  return only(text, 'problem').problem;
}

/** `[field, line]` of every finding of an object. */
function findingsOf(entry: DecodedObject): Array<[string, string, number | undefined]> {
  return entry.findings.map((f) => [f.finding.type, f.finding.field, f.line]);
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web
  annotations:
    example.com/owner: team-a
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 8080
    - name: https
      port: 443
`;

describe('multi-document streams', () => {
  it('returns one object per document, skipping empty documents, with indexes in file order', () => {
    const text = `---
apiVersion: v1
kind: Service
metadata: {name: a}
---
# only a comment
---
---
~
---
null
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b}
...
---
apiVersion: v1
kind: Secret
metadata: {name: c}
`;
    const found = objects(parseManifests(text));
    expect(found.map((o) => [o.index, o.object['kind'], o.lines.line])).toStrictEqual([
      [0, 'Service', 2],
      [1, 'ConfigMap', 13],
      [2, 'Secret', 18],
    ]);
  });

  it('returns nothing for empty input, comments only, or separators only', () => {
    for (const text of ['', '\n\n', '# nothing\n', '---\n', '---\n---\n---\n', '---\n~\n', '--- # note\n...\n']) {
      expect(parseManifests(text)).toStrictEqual([]);
    }
  });

  it('refuses content on a --- line and reads no further, as kubectl does', () => {
    // kubectl v1.32.4 (`annotate --local -f`): `error parsing F: invalid Yaml document separator: ~`.
    const entries = parseManifests('apiVersion: v1\nkind: A\n--- ~\nb: c\n---\napiVersion: v1\nkind: B\n');
    expect(entries.map((e) => (e.outcome === 'problem' ? e.problem : e.object['kind']))).toStrictEqual([
      'A',
      { rule: 'manifest/syntax', message: 'invalid document separator "--- ~": only a comment may follow --- on its line', line: 3, column: 1 },
    ]);
  });

  it('keeps decoding the documents after a broken one', () => {
    const entries = parseManifests('apiVersion: v1\nkind: A\n---\na: b: c\n---\napiVersion: v1\nkind: B\n');
    expect(entries.map((e) => [e.outcome, e.index])).toStrictEqual([
      ['object', 0],
      ['problem', 1],
      ['object', 2],
    ]);
  });
});

describe('JSON input', () => {
  it('reads a JSON object, with lines', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } }, null, 2);
    const entry = only(json, 'object');
    expect(entry.object).toStrictEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
    expect(entry.lines.lineOf('spec.ports[0].port')).toBe(10);
  });

  it('reads tab-indented JSON and JSON escapes', () => {
    const entry = only('{\n\t"apiVersion": "v1",\n\t"kind": "ConfigMap",\n\t"data": {"a": "x\\/y\\u00e9", "n": "yes"}\n}\n', 'object');
    expect(entry.object['data']).toStrictEqual({ a: 'x/yé', n: 'yes' });
  });

  it('expands a JSON v1 List', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }] });
    expect(objects(parseManifests(json)).map((o) => [o.index, o.object['kind']])).toStrictEqual([
      [0, 'Service'],
      [1, 'ConfigMap'],
    ]);
  });
});

describe('List kinds', () => {
  it('replaces a List by its items, each with its own index and lines', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: a
  - apiVersion: v1
    kind: Service
    metadata:
      name: b
---
apiVersion: v1
kind: ConfigMap
`;
    const found = objects(parseManifests(text));
    expect(found.map((o) => [o.index, o.object['kind'], (o.object['metadata'] as { name?: string } | undefined)?.name, o.lines.line, o.lines.lineOf('metadata.name')])).toStrictEqual([
      [0, 'Service', 'a', 4, 7],
      [1, 'Service', 'b', 8, 11],
      [2, 'ConfigMap', undefined, 13, 13],
    ]);
  });

  it('gives items of a typed list the list kind without "List" and the list apiVersion', () => {
    const found = objects(parseManifests('apiVersion: v1\nkind: ServiceList\nitems:\n  - metadata: {name: a}\n  - apiVersion: v1\n    kind: Endpoints\n'));
    expect(found.map((o) => [o.object['apiVersion'], o.object['kind'], o.findings.length])).toStrictEqual([
      ['v1', 'Service', 0],
      ['v1', 'Endpoints', 0],
    ]);
  });

  it('reports items of a v1 List without kind', () => {
    const found = objects(parseManifests('apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: a}\n'));
    expect(found.map((o) => [o.object['apiVersion'], o.object['kind'], findingsOf(o)])).toStrictEqual([['v1', undefined, [['FieldValueRequired', 'kind', 4]]]]);
  });

  it('turns an empty List into no objects, and a non-object item into a problem', () => {
    expect(parseManifests('apiVersion: v1\nkind: List\nitems: []\n')).toStrictEqual([]);
    const entries = parseManifests('apiVersion: v1\nkind: List\nitems:\n  - just text\n  - apiVersion: v1\n    kind: A\n');
    expect(entries.map((e) => (e.outcome === 'problem' ? [e.index, e.problem.rule, e.problem.line, e.problem.message] : [e.index, e.object['kind']]))).toStrictEqual([
      [0, 'manifest/not-an-object', 4, 'not a Kubernetes object: items[0] of the List is a string ("just text")'],
      [1, 'A'],
    ]);
  });

  it('keeps a kind ending in List without items as an object', () => {
    const entry = only('apiVersion: example.com/v1\nkind: AccessList\nspec: {}\n', 'object');
    expect(entry.object['kind']).toBe('AccessList');
  });
});

describe('duplicate keys', () => {
  it('warns about each repeated key at its field path, naming both lines, and keeps the last value as kubectl does', () => {
    // kubectl v1.32.4, `kubectl annotate --local -o json -f dup.yaml x=y` on this text prints
    // metadata.labels {"app":"b"}, spec.ports [{"port":81}] and no warning: the last value wins.
    const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: a
    app: b
spec:
  ports:
    - port: 80
      port: 81
kind: Service
`;
    const entry = only(text, 'object');
    expect(findingsOf(entry)).toStrictEqual([
      ['FieldValueDuplicate', 'metadata.labels[app]', 7],
      ['FieldValueDuplicate', 'spec.ports[0].port', 11],
      ['FieldValueDuplicate', 'kind', 12],
    ]);
    expect(entry.object['metadata']).toStrictEqual({ name: 'web', labels: { app: 'b' } });
    expect(entry.object['spec']).toStrictEqual({ ports: [{ port: 81 }] });
    expect(entry.findings.map((f) => f.finding.severity)).toStrictEqual(['warning', 'warning', 'warning']);
    expect(entry.findings[1]?.finding).toStrictEqual({
      severity: 'warning',
      type: 'FieldValueDuplicate',
      field: 'spec.ports[0].port',
      value: 'port',
      detail: 'key "port" is set twice, at lines 10 and 11: kubectl keeps the value of line 11 and drops the other',
      message: 'spec.ports[0].port: key "port" is set twice, at lines 10 and 11: kubectl keeps the value of line 11 and drops the other',
      rule: 'manifest/duplicate-key',
    });
  });

  it('warns about repeated keys in any kind', () => {
    for (const kind of ['ConfigMap', 'Deployment', 'Widget']) {
      const entry = only(`apiVersion: example.com/v1\nkind: ${kind}\nmetadata:\n  name: a\n  name: b\n`, 'object');
      expect(entry.findings.map((f) => [f.finding.severity, f.finding.rule, f.finding.field, f.line])).toStrictEqual([['warning', 'manifest/duplicate-key', 'metadata.name', 5]]);
      expect(entry.object['metadata']).toStrictEqual({ name: 'b' });
    }
  });

  it('treats keys that convert to the same JSON key as duplicates', () => {
    const entry = only('apiVersion: v1\nkind: ConfigMap\ndata:\n  on: a\n  "true": b\n', 'object');
    expect(findingsOf(entry)).toStrictEqual([['FieldValueDuplicate', 'data[true]', 5]]);
  });

  it('renders keys that are not field names in brackets', () => {
    const entry = only('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    example.com/a: x\n    example.com/a: y\n', 'object');
    expect(findingsOf(entry)).toStrictEqual([['FieldValueDuplicate', 'metadata.annotations[example.com/a]', 6]]);
  });

  it('renders map entries of selectors, and the fields of a label selector', () => {
    const service = only('apiVersion: v1\nkind: Service\nspec:\n  selector:\n    app: a\n    app: b\n', 'object');
    expect(findingsOf(service)).toStrictEqual([['FieldValueDuplicate', 'spec.selector[app]', 6]]);
    const deployment = only('apiVersion: apps/v1\nkind: Deployment\nspec:\n  selector:\n    matchLabels: {app: a, app: b}\n    matchLabels: {}\n', 'object');
    expect(findingsOf(deployment)).toStrictEqual([
      ['FieldValueDuplicate', 'spec.selector.matchLabels[app]', 5],
      ['FieldValueDuplicate', 'spec.selector.matchLabels', 6],
    ]);
  });

  it('attaches duplicates inside List items to the item', () => {
    const found = objects(parseManifests('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: A\n  - apiVersion: v1\n    kind: B\n    kind: B\n'));
    expect(found.map(findingsOf)).toStrictEqual([[], [['FieldValueDuplicate', 'kind', 8]]]);
  });

  it('does not report keys overridden through merge keys', () => {
    const entry = only('apiVersion: v1\nkind: ConfigMap\nbase: &b {x: 1}\ndata:\n  <<: *b\n  x: 2\n', 'object');
    expect(entry.findings).toStrictEqual([]);
  });
});

describe('merge keys, as go-yaml v2 applies them', () => {
  it('applies merges in order: a merge overrides earlier keys, later keys override it', () => {
    const entry = only('apiVersion: v1\nkind: ConfigMap\nbase: &b {a: 1, b: 2}\ndata:\n  a: 0\n  <<: *b\n  b: 3\n', 'object');
    expect(entry.object['data']).toStrictEqual({ a: 1, b: 3 });
  });

  it('lets earlier mappings of a merge list win', () => {
    const entry = only('apiVersion: v1\nkind: ConfigMap\np: &p {k: p, x: 1}\nq: &q {k: q, z: 2}\ndata:\n  <<: [*p, *q]\n', 'object');
    expect(entry.object['data']).toStrictEqual({ k: 'p', x: 1, z: 2 });
  });

  it('merges inline mappings and keeps a quoted "<<" as a key', () => {
    const entry = only('apiVersion: v1\nkind: ConfigMap\ndata:\n  <<: {a: 1}\n  "<<": literal\n', 'object');
    expect(entry.object['data']).toStrictEqual({ a: 1, '<<': 'literal' });
  });

  it('refuses to merge a scalar', () => {
    expect(problemOf('apiVersion: v1\nkind: ConfigMap\ndata:\n  <<: 1\n')).toStrictEqual({
      rule: 'manifest/unsupported-value',
      message: 'map merge requires map or sequence of maps as the value',
      line: 4,
      column: 7,
    });
  });
});

describe('aliases', () => {
  it('expands aliases into separate copies', () => {
    const entry = only('apiVersion: v1\nkind: ConfigMap\na: &x {k: [1]}\nb: *x\n', 'object');
    expect(entry.object['a']).toStrictEqual({ k: [1] });
    expect(entry.object['b']).toStrictEqual({ k: [1] });
    expect(entry.object['a']).not.toBe(entry.object['b']);
  });

  it('refuses an unknown alias and an alias inside its own anchor', () => {
    expect(problemOf('apiVersion: v1\nkind: A\nb: *nope\n')).toStrictEqual({ rule: 'manifest/unsupported-value', message: 'unknown alias *nope', line: 3, column: 4 });
    expect(problemOf('apiVersion: v1\nkind: A\nb: &a [*a]\n').message).toBe('alias *a refers to a node that contains it');
  });

  it('stops an alias bomb quickly', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const problem = problemOf(`apiVersion: v1\nkind: ConfigMap\n${lines.join('\n')}\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect([problem.rule, problem.message]).toStrictEqual(['manifest/excessive-aliasing', 'document contains excessive aliasing (an alias bomb?)']);
  });
});

describe('documents that are not objects', () => {
  it.each([
    ['- a\n- b\n', 'not a Kubernetes object: the document is a list', 1],
    ['just a string\n', 'not a Kubernetes object: the document is a string ("just a string")', 1],
    ['\n\n42\n', 'not a Kubernetes object: the document is a number (42)', 3],
    ['yes\n', 'not a Kubernetes object: the document is a boolean (true)', 1],
    ['[]\n', 'not a Kubernetes object: the document is a list', 1],
  ])('%j', (text, message, line) => {
    expect(problemOf(text)).toStrictEqual({ rule: 'manifest/not-an-object', message, line });
  });

  it('reports a missing or non-string apiVersion and kind as findings', () => {
    expect(findingsOf(only('metadata:\n  name: x\n', 'object'))).toStrictEqual([
      ['FieldValueRequired', 'apiVersion', 1],
      ['FieldValueRequired', 'kind', 1],
    ]);
    const entry = only('apiVersion: 1\nkind: ""\n', 'object');
    expect(entry.findings.map((f) => f.finding.message)).toStrictEqual(['apiVersion: Invalid value: 1: must be a string', 'kind: Required value: kind not set']);
  });

  it('refuses values JSON cannot carry and keys it cannot hold', () => {
    expect(problemOf('apiVersion: v1\nkind: A\nx: .inf\n')).toStrictEqual({ rule: 'manifest/unsupported-value', message: '.inf cannot be represented in JSON', line: 3, column: 4 });
    expect(problemOf('apiVersion: v1\nkind: A\nx: .NaN\n').message).toBe('.NaN cannot be represented in JSON');
    expect(problemOf('apiVersion: v1\nkind: A\n~: x\n')).toStrictEqual({ rule: 'manifest/unsupported-value', message: 'unsupported map key: null', line: 3, column: 1 });
    expect(problemOf('apiVersion: v1\nkind: A\n[a]: x\n').message).toBe('invalid map key: a sequence cannot be a key');
    expect(problemOf('apiVersion: v1\nkind: A\nx: !!int abc\n')).toStrictEqual({ rule: 'manifest/unsupported-value', message: 'cannot decode !!str `abc` as a !!int', line: 3, column: 10 });
    expect(problemOf('apiVersion: v1\nkind: A\nx: !!binary "not base64!"\n').message).toBe('!!binary value contains invalid base64 data');
  });
});

describe('syntax errors', () => {
  it.each([
    ['tabs as indentation', 'apiVersion: v1\nkind: A\nmetadata:\n\tname: x\n', 'YAML syntax error: Tabs are not allowed as indentation', 4, 1],
    ['an unclosed quote', 'apiVersion: v1\nkind: A\nmetadata:\n  name: "x\n', 'YAML syntax error: Missing closing "quote', 4, 9],
    ['bad indentation', 'apiVersion: v1\nkind: A\nmetadata:\n    name: x\n  labels: {}\n', 'YAML syntax error: All mapping items must start at the same column', 5, 1],
    ['an unclosed flow sequence', 'apiVersion: v1\nkind: A\nx: [a, b\n', 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]', 4, 1],
    ['a nested compact mapping', 'apiVersion: v1\nkind: A\nx: a: b\n', 'YAML syntax error: Nested mappings are not allowed in compact mappings', 3, 4],
  ])('reports %s with its line and column', (_name, text, message, line, column) => {
    expect(problemOf(text)).toStrictEqual({ rule: 'manifest/syntax', message, line, column });
  });
});

describe('nesting depth', () => {
  it('refuses 10,000 levels of flow nesting quickly, without exhausting the stack', () => {
    const started = Date.now();
    const problem = problemOf(`apiVersion: v1\nkind: A\nx: ${'['.repeat(10000)}${']'.repeat(10000)}\n`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(problem.rule).toBe('manifest/too-deep');
  });

  it('refuses 10,000 levels of block nesting', () => {
    const lines = Array.from({ length: 10000 }, (_, i) => `${' '.repeat(i)}k:`);
    expect(problemOf(`${lines.join('\n')} x\n`).rule).toBe('manifest/too-deep');
  });

  it('refuses 8 MB of [ quickly, before the parser uses up memory', () => {
    const started = Date.now();
    expect(problemOf('['.repeat(8 * 1024 * 1024))).toStrictEqual({ rule: 'manifest/too-deep', message: 'mappings and sequences are nested more than 256 levels deep', line: 1, column: 1025 });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps the documents before a document nested too deeply', () => {
    const entries = parseManifests(`apiVersion: v1\nkind: A\n---\napiVersion: v1\nkind: B\n---\nx: ${'{a: '.repeat(5000)}\n`);
    expect(entries.map((e) => (e.outcome === 'object' ? e.object['kind'] : e.problem.rule))).toStrictEqual(['A', 'B', 'manifest/too-deep']);
  });

  it('accepts 255 levels of block mappings and of compact block sequences', () => {
    const lines = Array.from({ length: 254 }, (_, i) => `${' '.repeat(i)}k:`);
    const deepMap = only(`apiVersion: v1\nkind: A\n${lines.join('\n')} x\n`, 'object');
    expect(deepMap.lines.lineOf('k.k.k')).toBe(5);
    const deepSeq = only(`apiVersion: v1\nkind: A\nx:\n${'- '.repeat(254)}x\n`, 'object');
    let v: unknown = deepSeq.object['x'];
    let depth = 0;
    while (Array.isArray(v)) {
      v = v[0];
      depth++;
    }
    expect([depth, v]).toStrictEqual([254, 'x']);
    expect(problemOf(`apiVersion: v1\nkind: A\nx:\n${'- '.repeat(256)}x\n`).rule).toBe('manifest/too-deep');
  });

  it('accepts 255 levels and refuses 257', () => {
    expect(only(`apiVersion: v1\nkind: A\nx: ${'['.repeat(255)}${']'.repeat(255)}\n`, 'object').object['kind']).toBe('A');
    expect(problemOf(`apiVersion: v1\nkind: A\nx: ${'['.repeat(257)}${']'.repeat(257)}\n`)).toStrictEqual({
      rule: 'manifest/too-deep',
      message: 'mappings and sequences are nested more than 256 levels deep',
      line: 3,
      column: 259,
    });
  });
});

describe('line of a field path', () => {
  const entry = only(SERVICE, 'object');
  it.each([
    ['', 1],
    ['kind', 2],
    ['metadata', 3],
    ['metadata.name', 4],
    ['metadata.labels[app]', 6],
    ['metadata.labels.app', 6],
    ['metadata.annotations[example.com/owner]', 8],
    ['spec.selector', 10],
    ['spec.ports', 12],
    ['spec.ports[0]', 13],
    ['spec.ports[0].targetPort', 15],
    ['spec.ports[1]', 16],
    ['spec.ports[1].port', 17],
    // not in the source: the deepest ancestor that is
    ['spec.ports[1].targetPort', 16],
    ['spec.ports[7].port', 12],
    ['spec.clusterIP', 9],
    ['status.loadBalancer', 1],
    ['metadata.ownerReferences.apiVersion', 3],
  ])('%s is on line %d', (field, line) => {
    expect(entry.lines.lineOf(field)).toBe(line);
  });

  it('points aliased values at their anchor', () => {
    const aliased = only('apiVersion: v1\nkind: A\nbase: &b\n  x: 1\n  z: 2\nspec:\n  copy: *b\n', 'object');
    expect([aliased.lines.lineOf('spec.copy'), aliased.lines.lineOf('spec.copy.z')]).toStrictEqual([7, 5]);
  });
});

/**
 * Quoted scalars whose continuation lines are indented less than a strict YAML parser wants, read
 * as kubectl reads them. Each expectation is kubectl's output, recorded with kubectl v1.32.4:
 * `kubectl annotate --local -o json -f FILE x=y` (the `data` it prints, or its error).
 */
describe('quoted scalars continued at a lower indentation (as go-yaml reads them)', () => {
  const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\n';
  it.each([
    ['continued one column left of the key', `${HEAD}data:\n  a: "one\n two"\n`, { a: 'one two' }],
    ['continued at the key\'s own indentation, looking like a key', `${HEAD}data:\n  a: "one\n  b: two"\n`, { a: 'one b: two' }],
    ['single-quoted, with an escaped quote, continued at column 1', `${HEAD}data:\n  a: 'it''s\nthree'\n`, { a: "it's three" }],
    ['double-quoted with escapes, followed by another key', `${HEAD}data:\n  a: "tab\\tx\n\\"q\\" end"\n  b: c\n`, { a: 'tab\tx "q" end', b: 'c' }],
    ['with an empty line (a line break)', `${HEAD}data:\n  a: "one\n\n  two"\n`, { a: 'one\ntwo' }],
  ])('%s', (_name, text, data) => {
    expect(only(text, 'object').object['data']).toStrictEqual(data);
  });

  it('reads one inside a List item', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: q\n  data:\n    a: "one\n  two"\n';
    expect(only(text, 'object').object['data']).toStrictEqual({ a: 'one two' });
  });

  it('keeps the lines of what follows', () => {
    const entry = only(`${HEAD}data:\n  a: "one\ntwo\nthree"\n  b: c\n`, 'object');
    expect(entry.lines.lineOf('data.b')).toBe(9);
  });

  it('still refuses a quote that is never closed, or one broken by a document marker', () => {
    // kubectl: `error converting YAML to JSON: yaml: line 8: found unexpected end of stream` (both).
    expect(parseManifests(`${HEAD}data:\n  a: "never closed\n  b: c\n`)[0]).toStrictEqual({
      outcome: 'problem',
      index: 0,
      problem: { rule: 'manifest/syntax', message: 'YAML syntax error: Missing closing "quote', line: 6, column: 6 },
    });
    const broken = parseManifests(`${HEAD}data:\n  a: "one\n---\n  two"\n`);
    expect(broken[0]?.outcome).toBe('problem');
  });
});
