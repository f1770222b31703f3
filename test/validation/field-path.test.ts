import { FieldPath } from '../../src/validation/field-path';
import { duplicate, invalid, notSupported, required, tooLong } from '../../src/validation/field-error';

describe('FieldPath', () => {
  test.each([
    [FieldPath.root('spec').child('ports').index(1).child('targetPort'), 'spec.ports[1].targetPort'],
    [FieldPath.root('metadata').child('annotations').key('service.beta.kubernetes.io/x'), 'metadata.annotations[service.beta.kubernetes.io/x]'],
    [FieldPath.root('spec').child('sessionAffinityConfig', 'clientIP', 'timeoutSeconds'), 'spec.sessionAffinityConfig.clientIP.timeoutSeconds'],
    [FieldPath.root('spec').child('clusterIPs').index(0), 'spec.clusterIPs[0]'],
  ])('%s renders as %s', (path, expected) => {
    expect(path.toString()).toBe(expected);
  });
});

describe('finding messages read like the API server', () => {
  const ports = FieldPath.root('spec').child('ports');
  test('invalid with a string value quotes it', () => {
    expect(invalid(ports.index(1).child('targetPort'), 'http_web', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)').message).toBe(
      'spec.ports[1].targetPort: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
  });
  test('invalid with a number prints it bare', () => {
    expect(invalid(ports.index(0).child('port'), 0, 'must be between 1 and 65535, inclusive').message).toBe(
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    );
  });
  test('required has no value', () => {
    const f = required(FieldPath.root('metadata').child('name'), 'name or generateName is required');
    expect(f.message).toBe('metadata.name: Required value: name or generateName is required');
    expect('value' in f).toBe(false);
  });
  test('not supported lists the values', () => {
    expect(notSupported(FieldPath.root('spec').child('type'), 'Ingress', ['ClusterIP', 'ExternalName']).message).toBe(
      'spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName"',
    );
  });
  test('duplicate and too long', () => {
    expect(duplicate(ports.index(2).child('name'), 'http').message).toBe('spec.ports[2].name: Duplicate value: "http"');
    expect(tooLong(FieldPath.root('metadata').child('annotations'), '', 262144).message).toBe('metadata.annotations: Too long: must have at most 262144 bytes');
  });
});
