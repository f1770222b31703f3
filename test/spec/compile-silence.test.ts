import * as fc from 'fast-check';
import { compileSpec, compileSpecThroughCdk8s, SpecCompileError, type CompileOptions, type SpecSource } from '../../src/spec/compile';
import { loadSpecText } from '../../src/spec/load';
import type { ServiceEntry } from '../../src/spec/model';
import { SILENCE_SPEC } from '../support/silence-spec';

/** Files, warnings and silenced findings of a compilation (or its problems), with the switches given. */
function outcome(compile: (options: CompileOptions) => ReturnType<typeof compileSpec>, options: CompileOptions): unknown {
  const silenced: string[] = [];
  const withCount: CompileOptions = { ...options, onSilenced: (f) => silenced.push(`[${f.constructPath}] ${f.finding.rule ?? ''} ${f.finding.field}`) };
  try {
    const c = compile(withCount);
    return { files: [...c.files], warnings: c.warnings, silenced };
  } catch (err: unknown) {
    if (err instanceof SpecCompileError) return { problems: err.problems, silenced };
    throw err;
  }
}

function expectSameAsCdk8s(source: SpecSource, options: CompileOptions = {}): unknown {
  const got = outcome((o) => compileSpec(source, o), options);
  expect(got).toEqual(outcome((o) => compileSpecThroughCdk8s(source, o), options));
  return got;
}

const SPEC = SILENCE_SPEC;

describe('silencing at synth of a spec: the direct and the cdk8s compilation agree', () => {
  const source = loadSpecText('appsvc.yaml', SPEC);

  test('the annotation silences its own object only; the silenced finding is passed on, once per compiled copy', () => {
    const got = expectSameAsCdk8s(source) as { warnings: Array<{ message: string }>; silenced: string[] };
    expect(got.warnings.map((w) => w.message)).toEqual([expect.stringContaining('service "api": metadata.annotations[service.kubernetes.io/topology-aware-hints]')]);
    expect(got.silenced).toEqual([
      '[shop/default.web.1] k8s/deprecated-topology-hints metadata.annotations[service.kubernetes.io/topology-aware-hints]',
      '[shop/default.web.1] k8s/deprecated-topology-hints metadata.annotations[service.kubernetes.io/topology-aware-hints]',
    ]);
  });

  test('disable leaves the rule out everywhere; strict then has nothing to fail on', () => {
    const got = expectSameAsCdk8s(source, { disable: ['k8s/deprecated-topology-hints'], strict: true }) as { warnings: unknown[]; silenced: string[] };
    expect(got.warnings).toEqual([]);
    expect(got.silenced).toHaveLength(3);
  });

  const entry = fc.record(
    {
      name: fc.constantFrom('api', 'web', 'db'),
      namespace: fc.constantFrom('default', 'production'),
      ports: fc.constantFrom<unknown[]>(['80'], ['80:8080'], ['53:53/UDP'], ['443:8443'], ['80', '443'], ['70000']),
      selector: fc.constantFrom({ app: 'api' }, { app: 'web' }),
      annotations: fc.constantFrom<Record<string, string>>(
        { note: 'a' },
        { 'service.kubernetes.io/topology-aware-hints': 'Auto' },
        { 'service.kubernetes.io/topology-aware-hints': 'Auto', 'appsvc.dev/ignore': 'k8s/deprecated-topology-hints' },
        { 'appsvc.dev/ignore': 'lint/service-name-unique' },
        { 'appsvc.dev/ignore': '*' },
      ),
      clusters: fc.constantFrom(['eu-1'], ['eu-1', 'us-1']),
    },
    { requiredKeys: ['name'] },
  );
  const rules = fc.subarray(['k8s/deprecated-topology-hints', 'lint/service-name-unique', 'lint/service-numeric-target-port']);

  test('generated specs (clashes, annotations, errors) with generated switches', () => {
    const seen = { silenced: 0, warnings: 0, problems: 0 };
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), rules, rules, fc.boolean(), (entries, enable, disable, strict) => {
        const src: SpecSource = { file: 'appsvc.yaml', spec: { name: 'shop', services: entries as unknown as ServiceEntry[] }, specName: 'shop' };
        const got = expectSameAsCdk8s(src, { enable, disable, strict }) as { silenced: unknown[]; warnings?: unknown[]; problems?: unknown[] };
        if (got.silenced.length > 0) seen.silenced++;
        if ((got.warnings?.length ?? 0) > 0) seen.warnings++;
        if (got.problems !== undefined) seen.problems++;
      }),
      // Enough runs that each kind of outcome shows up many times over (with 150, warnings came up
      // about 11 times, sometimes 5 or fewer).
      { numRuns: 600 },
    );
    expect(seen.silenced).toBeGreaterThan(10);
    expect(seen.warnings).toBeGreaterThan(5);
    expect(seen.problems).toBeGreaterThan(10);
  });
});
