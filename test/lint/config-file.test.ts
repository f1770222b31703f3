import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findLintConfigFile, knownRuleIds, LintConfigError, mergeSwitches, parseLintConfig, readLintConfig } from '../../src/lint/config-file';

const KNOWN = knownRuleIds();

describe('parseLintConfig', () => {
  test.each<[string, string, unknown]>([
    ['both lists', 'disable: [lint/service-name-unique]\nenable:\n  - lint/service-numeric-target-port\n', { file: 'c.yaml', enable: ['lint/service-numeric-target-port'], disable: ['lint/service-name-unique'] }],
    ['an empty file', '', { file: 'c.yaml', enable: [], disable: [] }],
    ['a comment only', '# nothing yet\n', { file: 'c.yaml', enable: [], disable: [] }],
    ['an unknown key', 'disabled: [lint/service-name-unique]\n', { problems: ['c.yaml: disabled: unknown key (supported: enable, disable)'] }],
    ['a rule that does not exist', 'disable: [lint/nope]\n', { problems: ['c.yaml: disable[0]: unknown rule "lint/nope"'] }],
    ['a string instead of a list', 'enable: lint/service-numeric-target-port\n', { problems: ['c.yaml: enable: must be a list of rule ids'] }],
    ['a list at the top', '- lint/service-name-unique\n', { problems: ['c.yaml: must be a mapping with the keys enable, disable'] }],
  ])('%s', (_name, text, expected) => {
    expect(parseLintConfig('c.yaml', text, KNOWN)).toStrictEqual(expected);
  });

  test('a key given twice is not valid YAML here', () => {
    const r = parseLintConfig('c.yaml', 'disable: []\ndisable: []\n', KNOWN);
    expect('problems' in r && r.problems[0]).toMatch(/^c\.yaml: not valid YAML: /);
  });
});

describe('mergeSwitches: the file first, the options over it', () => {
  test.each<[string, { enable: string[]; disable: string[] } | undefined, string[], string[], { enable: string[]; disable: string[] }]>([
    ['no file', undefined, ['a'], ['b'], { enable: ['a'], disable: ['b'] }],
    ['file only', { enable: ['a'], disable: ['b'] }, [], [], { enable: ['a'], disable: ['b'] }],
    ['an option turns a disabled rule on', { enable: [], disable: ['a'] }, ['a'], [], { enable: ['a'], disable: [] }],
    ['an option turns an enabled rule off', { enable: ['a'], disable: [] }, [], ['a'], { enable: [], disable: ['a'] }],
  ])('%s', (_name, config, enable, disable, expected) => {
    expect(mergeSwitches(config, enable, disable)).toStrictEqual(expected);
  });
});

describe('readLintConfig', () => {
  test('the first .appsvc.yaml from the directory upwards; none: undefined; a bad one: LintConfigError naming the file', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-config-')));
    try {
      const deep = path.join(root, 'a', 'b');
      fs.mkdirSync(deep, { recursive: true });
      expect(readLintConfig(deep)).toBeUndefined();
      fs.writeFileSync(path.join(root, '.appsvc.yaml'), 'disable: [lint/service-name-unique]\n');
      fs.writeFileSync(path.join(root, 'a', '.appsvc.yaml'), 'enable: [lint/service-numeric-target-port]\n');
      expect(findLintConfigFile(deep)).toBe(path.join(root, 'a', '.appsvc.yaml'));
      expect(readLintConfig(deep)).toStrictEqual({ file: path.join(root, 'a', '.appsvc.yaml'), enable: ['lint/service-numeric-target-port'], disable: [] });
      fs.writeFileSync(path.join(root, 'a', '.appsvc.yaml'), 'enable: lint/x\n');
      expect(() => readLintConfig(deep)).toThrow(new LintConfigError(`${path.join(root, 'a', '.appsvc.yaml')}: enable: must be a list of rule ids`));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
