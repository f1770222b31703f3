import { SpecCompileError } from '../../src/spec/compile';
import { describeFailure, MAX_PROBLEM_LINES } from '../../src/spec/failure';
import { SpecError } from '../../src/spec/load';
import { SpecOperationError } from '../../src/spec/operations';
import { SpecFileError, SpecLockedError } from '../../src/spec/store';
import { DeployUsageError } from '../../src/kubectl/deploy';
import { KubectlNotFoundError } from '../../src/kubectl/runner';
import { OutputBusyError, OutputPathError } from '../../src/synth/write';

describe('describeFailure', () => {
  test.each([
    [new SpecError([{ file: 'a.yaml', line: 2, col: 3, message: 'x' }, { file: 'a.yaml', line: 0, col: 0, message: 'y' }]), { lines: ['a.yaml:2:3: x', 'a.yaml: y'], exitCode: 1 }],
    [new SpecCompileError([{ file: 'a.yaml', line: 1, col: 1, message: 'z' }]), { lines: ['a.yaml:1:1: z'], exitCode: 1 }],
    [new SpecOperationError('no service'), { lines: ['no service'], exitCode: 1 }],
    [new SpecLockedError('a.yaml', 'a.yaml.lock'), { lines: ['a.yaml: locked by another appsvc process (a.yaml.lock); if none is running, remove a.yaml.lock'], exitCode: 1 }],
    [new SpecFileError('gone'), { lines: ['gone'], exitCode: 1 }],
    [new KubectlNotFoundError('k', 'not found'), { lines: ['cannot run kubectl "k": not found (install kubectl, or choose the binary with --kubectl PATH or the KUBECTL variable)'], exitCode: 1 }],
    [new DeployUsageError('--prune needs'), { lines: ['--prune needs'], exitCode: 2 }],
    [new OutputBusyError('another process is writing /w/dist (lock /w/.appsvc-tmp-dist.lock); try again when it has finished'), { lines: ['another process is writing /w/dist (lock /w/.appsvc-tmp-dist.lock); try again when it has finished'], exitCode: 1 }],
    [new OutputPathError('cannot write the output directory "f/dist": "f" is not a directory'), { lines: ['cannot write the output directory "f/dist": "f" is not a directory'], exitCode: 1 }],
  ])('%s', (err, want) => {
    expect(describeFailure(err)).toEqual(want);
  });

  test('past MAX_PROBLEM_LINES problems the rest are one line', () => {
    const problems = Array.from({ length: MAX_PROBLEM_LINES + 3 }, (_, i) => ({ file: 'a.yaml', line: i + 1, col: 1, message: 'x' }));
    const report = describeFailure(new SpecCompileError(problems));
    expect(report?.lines).toHaveLength(MAX_PROBLEM_LINES + 1);
    expect(report?.lines[MAX_PROBLEM_LINES - 1]).toBe(`a.yaml:${MAX_PROBLEM_LINES}:1: x`);
    expect(report?.lines[MAX_PROBLEM_LINES]).toBe(`… and 3 more problems (${MAX_PROBLEM_LINES + 3} in all)`);
  });

  test('anything else is not described', () => {
    expect(describeFailure(new Error('boom'))).toBeUndefined();
    expect(describeFailure('text')).toBeUndefined();
  });
});
