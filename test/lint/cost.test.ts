import { lintManifests } from '../../src/lint';
import { container, deployment, podSpec, service } from './manifests';

/**
 * `n` Deployments and `n` Services, each in a namespace of its own, every Service selecting no pods
 * of its namespace (the case whose hint used to look at every namespace per Service: 8,000 Services
 * took 11.6 s), half of them matching a workload of another namespace.
 */
function set(n: number): unknown[] {
  const objects: unknown[] = [];
  for (let i = 0; i < n; i++) {
    objects.push(deployment('web', { app: 'web', shard: String(i) }, podSpec([container('c', [{ name: 'http', containerPort: 8080 }])]), `team-${i}`));
    const selector: Record<string, string> = i % 2 === 0 ? { app: 'web' } : { app: 'web', shard: 'none' };
    objects.push(service('web', selector, [{ port: 80, targetPort: 'http' }], { namespace: `svc-${i}` }));
  }
  return objects;
}

/** The fastest of `runs` timings of `f`, in milliseconds. */
function fastest(f: () => void, runs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}

describe('cost of the cross-object checks', () => {
  test('one Service per namespace: 8x the objects costs far less than 64x the time (linear, not quadratic)', () => {
    const small = set(1000);
    const big = set(8000);
    // Every Service is reported, with its hint.
    const found = lintManifests(big);
    expect(found).toHaveLength(8000);
    expect(found[0]?.finding.detail).toContain('(Deployment "team-0/web" matches, in another namespace)');
    lintManifests(small); // warm up
    const ratio = fastest(() => lintManifests(big), 3) / fastest(() => lintManifests(small), 3);
    // Linear is about 8; a check quadratic in namespaces would be about 64. The bound is generous
    // for a loaded machine and still fails on quadratic behaviour.
    expect(ratio).toBeLessThan(24);
  }, 120000);
});
