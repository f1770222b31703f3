import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { compileSpec, compileSpecThroughCdk8s, SpecCompileError, type CompileOptions, type SpecSource } from '../../src/spec/compile';
import { loadSpecText } from '../../src/spec/load';
import type { ServiceEntry } from '../../src/spec/model';

/** Everything a compilation gives: files, clusters, services and warnings, or the problems. */
function outcome(compile: () => ReturnType<typeof compileSpec>): unknown {
  try {
    const c = compile();
    return { files: [...c.files], clusters: c.clusters, services: JSON.stringify(c.services), warnings: c.warnings };
  } catch (err: unknown) {
    if (err instanceof SpecCompileError) return { problems: err.problems };
    throw err;
  }
}

function expectSameAsCdk8s(source: SpecSource, options: CompileOptions = {}): unknown {
  const got = outcome(() => compileSpec(source, options));
  expect(got).toEqual(outcome(() => compileSpecThroughCdk8s(source, options)));
  return got;
}

describe('compileSpec without cdk8s: the files, services, warnings and errors of the cdk8s compilation', () => {
  test('the example spec', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'appsvc.yaml'), 'utf8');
    expectSameAsCdk8s(loadSpecText('appsvc.yaml', text));
  });

  test('clusters, warnings located in the file, and errors located in the file', () => {
    const text = `name: shop
namespace: production
services:
  - name: api
    ports: ["80:8080/TCP", {name: admin, port: 9000, targetPort: admin}]
    selector: {app: api}
    clusters: [eu-1, us-1]
  - name: web
    type: LoadBalancer
    ports: [443]
    selector: {app: api}
  - name: db
    ports: ["5432", "70000"]
    clusters: [us-1]
`;
    const got = expectSameAsCdk8s(loadSpecText('appsvc.yaml', text));
    expect(got).toHaveProperty('problems');
    expectSameAsCdk8s(loadSpecText('appsvc.yaml', text.replace(', "70000"', '')));
    expectSameAsCdk8s(loadSpecText('appsvc.yaml', text.replace(', "70000"', '')), { strict: true });
  });

  const entry = fc.record(
    {
      name: fc.constantFrom('api', 'web', 'db', 'Bad_Name'),
      namespace: fc.constantFrom('default', 'production'),
      type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'),
      headless: fc.boolean(),
      ports: fc.array(fc.constantFrom<unknown>('80', '80:8080', '53:53/UDP', '443:https', '70000', { name: 'http', port: 80, targetPort: 'http' }, { port: 9090, nodePort: 30090 }), { maxLength: 3 }),
      selector: fc.constantFrom({ app: 'api' }, { app: 'web', tier: 'backend' }, { app: 'bad value!' }),
      sessionAffinityTimeoutSeconds: fc.constantFrom(10, 90000),
      labels: fc.constantFrom({ team: 'a' }, { 'app.kubernetes.io/name': 'api' }),
      annotations: fc.constantFrom({ note: 'a: b' }),
      clusters: fc.constantFrom(['eu-1'], ['eu-1', 'us-1'], ['us-1']),
    },
    { requiredKeys: ['name'] },
  );

  test('generated specs (several services, clusters, clashes, invalid entries) and spec names', () => {
    const seen = { files: 0, problems: 0 };
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), fc.constantFrom('shop', 'Shop', 'a.b', 'x'), fc.boolean(), (entries, name, strict) => {
        const source: SpecSource = { file: 'appsvc.yaml', spec: { name, services: entries as unknown as ServiceEntry[] }, specName: name };
        const got = expectSameAsCdk8s(source, { strict });
        seen[typeof got === 'object' && got !== null && 'problems' in got ? 'problems' : 'files']++;
      }),
      { numRuns: 250 },
    );
    expect(seen.files).toBeGreaterThan(20);
    expect(seen.problems).toBeGreaterThan(20);
  });
});
