import * as fc from 'fast-check';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { generateServiceName, isDns1035Label, serviceNameFor, serviceNameFromIds } from '../../src/constructs/service-name';

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

describe('serviceNameFromIds', () => {
  test('an id that is a DNS-1035 label is the name, without a hash', () => {
    expect(serviceNameFromIds(['api'])).toBe('api');
    expect(serviceNameFromIds(['backend', 'api'])).toBe('backend-api');
  });

  test.each<[string, string]>([
    ['My_Service', 'my-service-'],
    ['123abc', 'svc-123abc-'],
    ['API', 'api-'],
    ['-api-', 'api-'],
    ['___', 'svc-'],
    ['web.v2', 'web-v2-'],
  ])('%j is normalised to %s + an 8-digit hash', (id, prefix) => {
    const name = serviceNameFromIds([id]);
    expect(name.slice(0, prefix.length)).toBe(prefix);
    expect(name.slice(prefix.length)).toMatch(/^[0-9a-f]{8}$/);
    expect(isDns1035Label(name)).toBe(true);
  });

  test('a very long id is cut to 63 characters, keeping the hash', () => {
    const name = serviceNameFromIds(['a'.repeat(100)]);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^a{54}-[0-9a-f]{8}$/);
  });

  test('ids that normalise alike get different names', () => {
    expect(serviceNameFromIds(['My_Service'])).not.toBe(serviceNameFromIds(['my-service!']));
  });

  test('any ids give a DNS-1035 label, the same one every time', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 4 }), (ids) => {
        const name = serviceNameFromIds(ids);
        expect(name.length).toBeLessThanOrEqual(63);
        expect(name).toMatch(DNS_1035);
        expect(serviceNameFromIds(ids)).toBe(name);
      }),
      { numRuns: 200 },
    );
  });
});

describe('generateServiceName', () => {
  test('uses the ids below the chart and hashes over the full construct path', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    const group = new Construct(chart, 'Backend');
    expect(generateServiceName(new Construct(chart, 'api'))).toBe('api');
    const nested = generateServiceName(new Construct(group, 'My_Service'));
    expect(nested).toMatch(/^backend-my-service-[0-9a-f]{8}$/);
    const other = new Chart(app, 'staging');
    expect(generateServiceName(new Construct(new Construct(other, 'Backend'), 'My_Service'))).not.toBe(nested);
  });

  test('is deterministic across apps', () => {
    const make = (): string => generateServiceName(new Construct(new Chart(new App(), 'c'), 'My_Service'));
    expect(make()).toBe(make());
  });
});

describe('serviceNameFor', () => {
  test('is the name generateServiceName gives the construct once it is defined', () => {
    // Ids with the separators the constructs library replaces ("/" and line breaks), at any depth,
    // under charts that are nested or top-level (whose path may be an array index, "0").
    // (ids named like Object.prototype members, such as "valueOf", the constructs library refuses)
    const id = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('a/b', 'x\ny', '/', 'api', 'My_Service', '0', 'Default', 'Resource')).filter((s) => !(s in Object.prototype));
    fc.assert(
      fc.property(fc.constantFrom('prod', '0', 'a/b'), fc.boolean(), fc.array(id, { maxLength: 3 }), id, (chartId, nested, groups, own) => {
        const app = Testing.app();
        let scope: Construct = new Chart(app, chartId);
        if (nested) scope = new Chart(scope, 'inner');
        for (const [i, g] of groups.entries()) scope = new Construct(scope, `${g}-${i}`);
        const expected = serviceNameFor(scope, own);
        expect(generateServiceName(new Construct(scope, own))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('outside a chart, the name comes from the id alone', () => {
    expect(serviceNameFor(new App(), 'api')).toBe('api');
    expect(serviceNameFor(new App(), 'My_Service')).toBe(serviceNameFromIds(['My_Service']));
  });
});

describe('isDns1035Label', () => {
  test.each<[string, boolean]>([
    ['a', true],
    ['api-0', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['', false],
    ['0api', false],
    ['-api', false],
    ['api-', false],
    ['Api', false],
    ['a_b', false],
    ['a.b', false],
  ])('%j → %s', (s, expected) => {
    expect(isDns1035Label(s)).toBe(expected);
  });

  test('agrees with the DNS-1035 label pattern and length limit', () => {
    const label = fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', 'A', '_', '.', ' '), maxLength: 70 });
    fc.assert(
      fc.property(label, (s) => {
        expect(isDns1035Label(s)).toBe(s.length <= 63 && DNS_1035.test(s));
      }),
      { numRuns: 500 },
    );
  });
});
