import { isService, validateManifest } from '../../src/validation/manifest';
import { baseService, tweaked } from './service-base';

describe('validateManifest', () => {
  test.each<[string, unknown]>([
    ['a Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'Not_Valid' }, spec: 5 }],
    ['a Service of another group', { apiVersion: 'example.com/v1', kind: 'Service', spec: { ports: 'x' } }],
    ['null', null],
    ['a list', [{ apiVersion: 'v1', kind: 'Service' }]],
  ])('passes %s through without findings', (_d, obj) => {
    expect(isService(obj)).toBe(false);
    expect(validateManifest(obj)).toEqual([]);
  });

  test('validates a v1 Service, with the options', () => {
    expect(isService(baseService())).toBe(true);
    expect(validateManifest(baseService())).toEqual([]);
    const sctp = tweaked((s) => ((s.metadata['name'] = 'n'.repeat(30)), s.spec.ports.push({ name: 'sctp', port: 9, protocol: 'SCTP' })));
    expect(validateManifest(sctp, { profile: 'cce' }).map((f) => [f.rule, f.field])).toEqual([
      ['cce/service-name-length', 'metadata.name'],
      ['cce/port-protocol', 'spec.ports[1].protocol'],
    ]);
  });
});
