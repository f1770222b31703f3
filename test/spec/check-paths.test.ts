import * as fc from 'fast-check';
import { checkSpec } from '../../src/spec/check';
import { MANAGED_BY_LABEL } from '../../src/spec/labels';
import { SERVICE_FIELDS } from '../../src/spec/model';
import { checkSpec as checkSpecByField } from '../support/spec-check-reference';

/** Values of every kind, good and bad for some field: the check must say of each what the field-by-field check says. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('api', 'Api', 'eu', '../x', 'ClusterIP', 'NodePort', 'Local', 'IPv4', 'PreferClose', 'ClientIP', '80:8080', '', 'x\uD800'),
  fc.constantFrom(0, 80, 1.5, -1, true, false, null),
  fc.array(fc.constantFrom('IPv4', 'IPv6', 'eu', 'eu', 'a/b', 7, '80', null), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('app', 'tier', MANAGED_BY_LABEL, 'k'), fc.oneof(fc.constantFrom('x', 'y'), fc.constantFrom(1, true, null)), { maxKeys: 3 }),
  fc.array(
    fc.oneof(
      fc.constantFrom('80', '80:8080/TCP', 443, 1.5, null, []),
      fc.record(
        { port: fc.oneof(fc.constant(80), fc.constant('80'), fc.constant(8.5)), targetPort: fc.constantFrom(8080, 'http', 1.5, true), protocol: fc.constantFrom('TCP', 'UDP', 'tcp'), name: fc.constantFrom('http', 5), nodePort: fc.constantFrom(30080, 'x'), appProtocol: fc.constantFrom('h2', 1), extra: fc.constant(1) },
        { requiredKeys: [] },
      ),
    ),
    { maxLength: 3 },
  ),
);

const keys = [...SERVICE_FIELDS.map((f) => f.key as string), 'selectr', 'extra'];
const entryArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 6 }).map((e) => ({ name: 'api', ...e })), weight: 3 },
  { arbitrary: fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 4 }), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>(null, 'api', [], 7), weight: 1 },
);

/** Entries that are fine: the check's quick answer. */
const goodEntry = fc.record(
  {
    name: fc.constantFrom('api', 'db', 'web'),
    namespace: fc.constantFrom('a', 'b'),
    type: fc.constantFrom('ClusterIP', 'NodePort'),
    ports: fc.array(fc.oneof(fc.constantFrom('80', 443), fc.record({ port: fc.constant(80), targetPort: fc.constantFrom(8080, 'http'), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['port'] })), { maxLength: 3 }),
    selector: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('x', 'y')),
    clusters: fc.uniqueArray(fc.constantFrom('eu', 'us')),
    ipFamilies: fc.array(fc.constantFrom('IPv4', 'IPv6'), { maxLength: 2 }),
    sessionAffinityTimeoutSeconds: fc.integer({ min: 1, max: 100 }),
    headless: fc.boolean(),
  },
  { requiredKeys: ['name'] },
);

describe('checkSpec finds what the field-by-field check finds, in the same order', () => {
  /** A good entry with one field set to any value: the check must tell which ones are still good. */
  const oneChange = fc.tuple(goodEntry, fc.constantFrom(...keys), anyValue).map(([e, k, v]) => ({ ...e, [k]: v }));

  test('property: entries of every shape, good and bad', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(entryArb, goodEntry, oneChange), { maxLength: 4 }), fc.constantFrom(undefined, 'a'), (services, namespace) => {
        const value = namespace === undefined ? { services } : { namespace, services };
        expect(checkSpec(value)).toEqual(checkSpecByField(value));
      }),
      { numRuns: 2000 },
    );
  });

  test('without the search for lone surrogates when the text had no surrogate', () => {
    const value = { services: [{ name: 'api', selector: { app: 'x' } }, { name: 'db', type: 'Nodeport' }] };
    expect(checkSpec(value, { unicodeKnown: true })).toEqual(checkSpecByField(value));
  });
});
