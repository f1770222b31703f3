import * as fc from 'fast-check';
import { defaultPortName, formatPortShorthand, nameUnnamedPorts, parsePortShorthand, type ServicePortSpec } from '../../src/constructs/port-spec';

describe('parsePortShorthand', () => {
  test.each<[string, ServicePortSpec]>([
    ['80', { port: 80 }],
    ['80:8080', { port: 80, targetPort: 8080 }],
    ['443:https', { port: 443, targetPort: 'https' }],
    ['53:53/UDP', { port: 53, targetPort: 53, protocol: 'UDP' }],
    ['53/UDP', { port: 53, protocol: 'UDP' }],
    ['9000:metrics/SCTP', { port: 9000, targetPort: 'metrics', protocol: 'SCTP' }],
    ['80:8080/TCP', { port: 80, targetPort: 8080, protocol: 'TCP' }],
    // Value rules are the validator's: these parse, and synthesis reports the values.
    ['0', { port: 0 }],
    ['70000:http_web', { port: 70000, targetPort: 'http_web' }],
    ['080:08080', { port: 80, targetPort: 8080 }],
  ])('%s parses', (text, port) => {
    expect(parsePortShorthand(text)).toEqual({ ok: true, port });
  });

  const FORM = 'PORT[:TARGETPORT][/PROTOCOL], e.g. "80", "80:8080", "443:https" or "53:53/UDP"';
  test.each<[string, string[]]>([
    ['', [`must not be empty; expected ${FORM}`]],
    ['80:abc:x', [`has 2 ":" separators; expected ${FORM}`]],
    ['80/UDP/TCP', [`has 2 "/" separators; expected ${FORM}`]],
    ['http', [`port "http" must be a number; expected ${FORM}`]],
    ['-1', [`port "-1" must be a number; expected ${FORM}`]],
    [':8080', [`the port before ":" or "/" must not be empty; expected ${FORM}`]],
    ['80:', ['the targetPort after ":" must not be empty']],
    ['80/', ['the protocol after "/" must not be empty']],
    ['53:53/udp', ['protocol "udp" is not supported: supported values: "TCP", "UDP", "SCTP" (did you mean "UDP"?)']],
    ['53/QUIC', ['protocol "QUIC" is not supported: supported values: "TCP", "UDP", "SCTP"']],
    ['80 :8080', ['must not contain whitespace', `port "80 " must be a number; expected ${FORM}`]],
    ['x:/tcp', [`port "x" must be a number; expected ${FORM}`, 'the targetPort after ":" must not be empty', 'protocol "tcp" is not supported: supported values: "TCP", "UDP", "SCTP" (did you mean "TCP"?)']],
  ])('%j is refused with every problem', (text, problems) => {
    expect(parsePortShorthand(text)).toEqual({ ok: false, problems });
  });

  test('formatPortShorthand is the inverse of parsing for canonical shorthands', () => {
    const target = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.stringMatching(/^[a-z][a-z0-9-]{0,13}[a-z0-9]$/));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.option(target, { nil: undefined }), fc.option(fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const), { nil: undefined }), (port, targetPort, protocol) => {
        const spec: ServicePortSpec = { port, ...(targetPort !== undefined ? { targetPort } : {}), ...(protocol !== undefined ? { protocol } : {}) };
        const text = formatPortShorthand(spec);
        expect(parsePortShorthand(text)).toEqual({ ok: true, port: spec });
      }),
      { numRuns: 200 },
    );
  });
});

describe('port names', () => {
  test.each<[ServicePortSpec, string]>([
    [{ port: 80, targetPort: 8080 }, '80-8080'],
    [{ port: 80 }, '80'],
    [{ port: 443, targetPort: 'https' }, 'https'],
    [{ port: 53, targetPort: 53, protocol: 'UDP' }, '53-53'],
    [{ port: 8080, targetPort: 'http_web' }, '8080'],
  ])('defaultPortName(%j) is %s', (port, name) => {
    expect(defaultPortName(port)).toBe(name);
  });

  test('a single port keeps having no name', () => {
    expect(nameUnnamedPorts([{ port: 80, targetPort: 8080 }])).toEqual([{ port: 80, targetPort: 8080 }]);
  });

  test('several ports: unnamed ones are named as kubectl names them, named ones keep their name', () => {
    expect(nameUnnamedPorts([{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 'https' }, { port: 9090 }, { port: 1, name: 'custom' }])).toEqual([
      { port: 80, targetPort: 8080, name: '80-8080' },
      { port: 443, targetPort: 'https', name: 'https' },
      { port: 9090, name: '9090' },
      { port: 1, name: 'custom' },
    ]);
  });

  test('derived names that coincide get the protocol as a suffix', () => {
    expect(nameUnnamedPorts([{ port: 53, targetPort: 53, protocol: 'UDP' }, { port: 53, targetPort: 53 }])).toEqual([
      { port: 53, targetPort: 53, protocol: 'UDP', name: '53-53-udp' },
      { port: 53, targetPort: 53, name: '53-53-tcp' },
    ]);
  });

  test('ports that repeat get a counter after the protocol, so only the repetition is reported', () => {
    expect(nameUnnamedPorts([{ port: 80 }, { port: 80 }, { port: 80, protocol: 'UDP' }, { port: 80 }]).map((p) => p.name)).toEqual(['80-tcp', '80-tcp-2', '80-udp', '80-tcp-3']);
  });

  test('`several` forces naming when the Service has more ports than were given here', () => {
    expect(nameUnnamedPorts([{ port: 80 }], true)).toEqual([{ port: 80, name: '80' }]);
  });
});
