import { parseSpecText } from '../../src/spec/parse';

const nested = (depth: number): string => `services: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;

describe('parseSpecText: documents', () => {
  test.each([
    ['nothing', ''],
    ['only comments', '# services come later\n'],
    ['a bare ---', '---\n'],
    ['--- between comments', '# a\n---\n# b\n'],
  ])('%s is an empty spec without problems', (_what, text) => {
    const parsed = parseSpecText(text);
    expect({ empty: parsed.empty, problems: parsed.problems }).toEqual({ empty: true, problems: [] });
  });

  test('an explicit null document is not empty (it is a document that is not a mapping)', () => {
    const parsed = parseSpecText('~\n');
    expect({ empty: parsed.empty, problems: parsed.problems }).toEqual({ empty: false, problems: [] });
  });

  test.each([
    ['two separators', '---\n---\n', [{ line: 2, col: 1, message: 'a spec file holds one YAML document; found 2' }]],
    ['three documents', 'services: []\n---\nservices: []\n---\nname: x\n', [{ line: 2, col: 1, message: 'a spec file holds one YAML document; found 3' }]],
  ])('%s: one problem at the second document, not empty', (_what, text, want) => {
    const parsed = parseSpecText(text);
    expect({ empty: parsed.empty, problems: parsed.problems }).toEqual({ empty: false, problems: want });
  });
});

describe('parseSpecText: nesting', () => {
  test('256 levels are accepted', () => {
    expect(parseSpecText(nested(255)).problems).toEqual([]);
  });

  test('257 levels are refused where the 257th level opens', () => {
    expect(parseSpecText(nested(256)).problems).toEqual([{ line: 1, col: 266, message: 'mappings and sequences are nested more than 256 levels deep' }]);
  });

  test('10,000 levels are refused while parsing, without exhausting the stack', () => {
    const problems = parseSpecText(nested(10000)).problems;
    expect(problems.map((p) => ({ line: p.line, message: p.message }))).toEqual([{ line: 1, message: 'mappings and sequences are nested more than 256 levels deep' }]);
  });

  test('deep block nesting on later lines names the line', () => {
    let text = 'services:\n  - name: api\n    annotations:\n';
    for (let i = 0; i < 300; i++) text += `${'  '.repeat(i + 3)}k${i}:\n`;
    expect(parseSpecText(text).problems).toEqual([{ line: 257, col: 513, message: 'mappings and sequences are nested more than 256 levels deep' }]);
  });
});

describe('parseSpecText: unclosed quotes point where the quote opens', () => {
  test.each([
    ['double, last field of the file', 'services:\n  - name: api\n    labels:\n      team: "shop\n    ports: [80]\n\n', { line: 4, col: 13, message: 'Missing closing "quote' }],
    ['single', "services:\n  - name: 'api\n", { line: 2, col: 11, message: "Missing closing 'quote" }],
  ])('%s', (_what, text, want) => {
    expect(parseSpecText(text).problems[0]).toEqual(want);
  });
});
