import { FieldLines, fieldSegments } from '../../src/manifest/field-lines';

describe('fieldSegments', () => {
  it.each([
    ['', []],
    ['kind', ['kind']],
    ['spec.ports[0].port', ['spec', 'ports', '0', 'port']],
    ['metadata.annotations[example.com/owner]', ['metadata', 'annotations', 'example.com/owner']],
    ['metadata.labels[a.b/c[d]]', ['metadata', 'labels', 'a.b/c[d]']],
    ['metadata.annotations[service.kubernetes.io/topology-mode].x', ['metadata', 'annotations', 'service.kubernetes.io/topology-mode', 'x']],
    ['items[2][3]', ['items', '2', '3']],
    ['a[unclosed', ['a', 'unclosed']],
  ])('%s', (path, segments) => {
    expect(fieldSegments(path)).toStrictEqual(segments);
  });
});

describe('FieldLines', () => {
  const lines = new FieldLines({
    line: 1,
    children: new Map([
      ['spec', { line: 4, children: new Map([['ports', { line: 5, children: [{ line: 6, children: new Map([['port', { line: 7 }]]) }] }]]) }],
    ]),
  });
  it.each([
    ['', 1],
    ['spec', 4],
    ['spec.ports[0].port', 7],
    ['spec.ports[00].port', 5],
    ['spec.ports.port', 5],
    ['spec.ports[1]', 5],
    ['nothing.here', 1],
  ])('%s → line %d', (field, line) => {
    expect(lines.lineOf(field)).toBe(line);
  });
});
