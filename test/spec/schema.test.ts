import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { PORT_FIELDS, SERVICE_FIELDS, SPEC_FIELDS } from '../../src/spec/model';

const ROOT = path.join(__dirname, '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'appsvc.schema.json'), 'utf8')) as {
  properties: Record<string, unknown>;
  $defs: { service: { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> }; port: { oneOf: [unknown, unknown, { properties: Record<string, unknown> }] } };
};
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

describe('schema/appsvc.schema.json', () => {
  test('describes exactly the fields the loader accepts, with the same value sets', () => {
    expect(Object.keys(schema.properties)).toEqual([...SPEC_FIELDS]);
    expect(Object.keys(schema.$defs.service.properties)).toEqual(SERVICE_FIELDS.map((f) => f.key));
    expect(Object.keys(schema.$defs.port.oneOf[2].properties)).toEqual([...PORT_FIELDS]);
    for (const f of SERVICE_FIELDS) {
      const prop = schema.$defs.service.properties[f.key];
      if (f.kind === 'enum') expect([f.key, prop?.enum]).toEqual([f.key, f.values]);
      if (f.kind === 'enumList') expect([f.key, prop?.items?.enum]).toEqual([f.key, f.values]);
    }
  });

  test('the example spec is valid', () => {
    const doc: unknown = parse(fs.readFileSync(path.join(ROOT, 'examples', 'appsvc.yaml'), 'utf8'));
    expect(validate(doc)).toBe(true);
  });

  test.each([
    ['unknown top-level key', { services: [], extra: 1 }, '/'],
    ['unknown service key', { services: [{ name: 'api', port: 80 }] }, '/services/0'],
    ['bad type', { services: [{ name: 'api', type: 'clusterip' }] }, '/services/0/type'],
    ['bad shorthand', { services: [{ name: 'api', ports: ['80:8080/tcp'] }] }, '/services/0/ports/0'],
    ['cluster path', { services: [{ name: 'api', clusters: ['../x'] }] }, '/services/0/clusters/0'],
    ['missing name', { services: [{ ports: ['80'] }] }, '/services/0'],
  ])('rejects %s', (_what, doc, where) => {
    expect(validate(doc)).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath || '/')).toContain(where);
  });
});
