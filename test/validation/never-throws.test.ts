/**
 * The validation entry points never throw on plain JSON data, of any depth or size, and their cost
 * stays linear in the input.
 */
import * as fc from 'fast-check';
import { lintManifests } from '../../src/lint';
import type { Finding } from '../../src/validation/field-error';
import { validateManifest } from '../../src/validation/manifest';
import { runServiceChecks, validateService } from '../../src/validation/service';
import { baseService, type Obj } from './service-base';

/** `leaf` inside `depth` arrays (or objects `{a: …}`). */
function nest(depth: number, leaf: unknown, inObjects = false): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = inObjects ? { a: v } : [v];
  return v;
}

function expectFindings(findings: unknown): asserts findings is Finding[] {
  expect(Array.isArray(findings)).toBe(true);
  for (const f of findings as Finding[]) {
    expect(['error', 'warning']).toContain(f.severity);
    expect(typeof f.type).toBe('string');
    expect(typeof f.field).toBe('string');
    expect(typeof f.message).toBe('string');
  }
  // What a reporter does with them must work too.
  expect(() => JSON.stringify(findings)).not.toThrow();
}

/** Every entry point, each of which must answer with a list. */
function runAll(obj: unknown): void {
  expectFindings(validateService(obj));
  expectFindings(validateService(obj, { reporting: 'all', profile: 'cce' }));
  expectFindings(validateService(obj, { reporting: 'server' }));
  expectFindings(validateManifest(obj));
  const linted = lintManifests([obj, obj]);
  expect(Array.isArray(linted)).toBe(true);
  expect(() => JSON.stringify(linted)).not.toThrow();
}

/** The paths of the base Service where a random value is put. */
const PLACES: ReadonlyArray<readonly string[]> = [
  [],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'labels'],
  ['metadata', 'labels', 'app'],
  ['metadata', 'annotations'],
  ['metadata', 'ownerReferences'],
  ['metadata', 'finalizers'],
  ['metadata', 'managedFields'],
  ['spec'],
  ['spec', 'type'],
  ['spec', 'ports'],
  ['spec', 'ports', '0'],
  ['spec', 'ports', '0', 'targetPort'],
  ['spec', 'selector'],
  ['spec', 'clusterIPs'],
  ['spec', 'ipFamilies'],
  ['spec', 'sessionAffinityConfig'],
  ['spec', 'loadBalancerSourceRanges'],
  ['spec', 'unknownField'],
  ['status'],
];

/** The base Service (type varied) with `value` put at `place`. */
function withValueAt(place: readonly string[], value: unknown, type: string): unknown {
  if (place.length === 0) return value;
  const svc = baseService() as unknown as Obj;
  (svc['spec'] as Obj)['type'] = type;
  let o: Obj = svc;
  for (const k of place.slice(0, -1)) {
    const next = o[k];
    o = typeof next === 'object' && next !== null ? (next as Obj) : (o[k] = {});
  }
  o[place[place.length - 1] as string] = value;
  return svc;
}

const deepValue = fc
  .tuple(fc.integer({ min: 0, max: 20_000 }), fc.jsonValue({ maxDepth: 2 }), fc.boolean())
  .map(([depth, leaf, inObjects]) => nest(depth, leaf, inObjects));
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), deepValue);

describe('validation never throws on plain data', () => {
  test('a label value nested 5,000 and 100,000 arrays deep is a type error, not a RangeError', () => {
    for (const depth of [5_000, 100_000]) {
      const svc = withValueAt(['metadata', 'labels', 'x'], nest(depth, 'v'), 'ClusterIP');
      const findings = validateService(svc);
      expect(findings.map((f) => [f.type, f.field, f.detail])).toEqual([['FieldValueInvalid', 'metadata.labels[x]', 'must be of type string']]);
      runAll(svc);
    }
  });

  test('deep values anywhere (whole object, spec, a port, an unknown field, managedFields) are reported', () => {
    const deep = nest(100_000, 1, true);
    expect(validateService(nest(100_000, 1)).map((f) => [f.field, f.detail])).toEqual([['', 'must be of type object']]);
    expect(validateService(deep).map((f) => f.field)).toEqual(['apiVersion', 'kind', 'a', 'metadata.name', 'spec.ports']);
    expect(validateService(withValueAt(['spec'], nest(100_000, 1), 'ClusterIP')).map((f) => [f.type, f.field])).toEqual([
      ['FieldValueInvalid', 'spec'],
      ['FieldValueRequired', 'spec.ports'],
    ]);
    expect(validateService(withValueAt(['spec', 'extra'], deep, 'ClusterIP')).map((f) => f.field)).toEqual(['spec.extra']);
    expect(validateService(withValueAt(['metadata', 'managedFields'], [{ fieldsV1: deep }], 'ClusterIP'))).toEqual([]);
    for (const place of PLACES) runAll(withValueAt(place, deep, 'NodePort'));
  });

  test('property: random JSON, shallow or deep, at any place of a Service, gives a list of findings', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLACES), anyJson, fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'), (place, value, type) => {
        runAll(withValueAt(place, value, type));
      }),
      { numRuns: 300 },
    );
  });

  test('property: any random JSON value at all gives a list of findings', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        runAll(value);
      }),
      { numRuns: 200 },
    );
  });
});

describe('validation cost is linear', () => {
  const named = (n: number): Obj[] => Array.from({ length: n }, (_, i) => ({ name: `p${i}`, port: (i % 65535) + 1, targetPort: `n${i}` }));

  test('a Service with 60,000 named ports is validated in well under 10 s, the same by both paths', () => {
    const svc = withValueAt(['spec', 'ports'], named(60_000), 'ClusterIP');
    const start = Date.now();
    expect(validateService(svc)).toEqual([]);
    expect(runServiceChecks(svc)).toEqual([]);
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  test('60,000 named NodePort ports with nodePorts: one pass, not one per port', () => {
    const ports = named(60_000).map((p, i) => ({ ...p, nodePort: 30000 + i }));
    const svc = withValueAt(['spec', 'ports'], ports, 'NodePort');
    const start = Date.now();
    const findings = runServiceChecks(svc, { reporting: 'all' });
    expect(Date.now() - start).toBeLessThan(10_000);
    // 30000-32767 are in range; every later one is reported once by the allocator.
    expect(findings).toHaveLength(60_000 - 2768);
    expect(findings[0]?.field).toBe('spec.ports[2768].nodePort');
  });

  test('the ownerReferences list in one finding per extra controller is shortened, so findings stay small', () => {
    const refs = Array.from({ length: 20_000 }, (_, i) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs${i}`, uid: `u${i}`, controller: true }));
    const svc = withValueAt(['metadata', 'ownerReferences'], refs, 'ClusterIP');
    const findings = validateService(svc);
    expect(findings).toHaveLength(19_999);
    expect(findings[0]?.message).toMatch(/^metadata\.ownerReferences: Invalid value: \[\{"apiVersion":"apps\/v1",.*"…"\]: Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/rs0 and ReplicaSet\/rs1$/);
    expect(JSON.stringify(findings).length).toBeLessThan(19_999 * 4_000);
  });
});
