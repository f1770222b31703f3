import { App, Chart } from 'cdk8s';
import { AppService } from '../../src/constructs/app-service';
import { sortedStringMap } from '../../src/constructs/service-spec';
import * as portSpec from '../../src/constructs/port-spec';
import { compileSpec } from '../../src/spec/compile';
import { synthApp } from '../../src/synth/synthesize';

describe('ServiceSpecDefinition: ports are resolved once per Service', () => {
  afterEach(() => jest.restoreAllMocks());

  test('synthesis parses each shorthand once, though rendering, findings and their mapping all need the ports', () => {
    const parse = jest.spyOn(portSpec, 'parsePortShorthand');
    const app = new App({ outdir: '.' });
    const chart = new Chart(app, 'c');
    new AppService(chart, 'api', { ports: ['80:8080', '9090', '70000'], selector: { app: 'api' } });
    expect(() => synthApp(app)).toThrow(/70000/);
    expect(parse.mock.calls.map((c) => c[0])).toEqual(['80:8080', '9090', '70000']);
  });

  test('a port added after the ports were resolved is rendered', () => {
    const app = new App({ outdir: '.' });
    const chart = new Chart(app, 'c');
    const svc = new AppService(chart, 'api', { ports: ['80:8080'], selector: { app: 'api' } });
    expect(svc.ports.map((p) => p.port)).toEqual([80]);
    svc.addPort('9090');
    expect(svc.ports.map((p) => p.port)).toEqual([80, 9090]);
    const manifest = synthApp(app).objects[0]?.manifest as { spec: { ports: { port: number }[] } };
    expect(manifest.spec.ports.map((p) => p.port)).toEqual([80, 9090]);
  });

  test('a spec of many services parses each shorthand once', () => {
    const parse = jest.spyOn(portSpec, 'parsePortShorthand');
    const services = Array.from({ length: 50 }, (_, i) => ({ name: `svc-${i}`, ports: ['80:8080', '9090'], selector: { app: `svc-${i}` } }));
    compileSpec({ file: 'appsvc.yaml', spec: { services }, specName: 'shop' });
    expect(parse).toHaveBeenCalledTimes(100);
  });
});

describe('sortedStringMap', () => {
  const proto = (json: string): Record<string, string> => JSON.parse(json) as Record<string, string>;

  test.each<[string, unknown, Readonly<Record<string, string>> | undefined, string | null | undefined]>([
    ['keys in sorted order', { b: '2', a: '1', c: '3' }, undefined, '{"a":"1","b":"2","c":"3"}'],
    ['an empty map is null', {}, undefined, null],
    ['a value that is not a string', { a: '1', b: 2 }, undefined, undefined],
    ['a map that is not plain', new Map([['a', '1']]), undefined, undefined],
    ['a list', ['a'], undefined, undefined],
    ['the base alone', {}, { z: '26', a: '1' }, '{"a":"1","z":"26"}'],
    ['the base and the map, merged in order', { m: 'x', b: 'y' }, { z: '26', a: '1' }, '{"a":"1","b":"y","m":"x","z":"26"}'],
    ['the map wins over the base for the same key', { a: 'mine', c: 'c' }, { a: 'base', b: 'b' }, '{"a":"mine","b":"b","c":"c"}'],
    ['a value that is not a string, with a base', { a: 1 }, { b: 'b' }, undefined],
    ['an empty map and an empty base', {}, {}, null],
  ])('%s', (_label, value, base, expected) => {
    const got = sortedStringMap(value, base);
    expect(got === null || got === undefined ? got : JSON.stringify(got)).toBe(expected);
  });

  test('a "__proto__" key is kept as data, not taken as the prototype', () => {
    for (const base of [undefined, { a: '1' }]) {
      const got = sortedStringMap(proto('{"__proto__":"v","b":"2"}'), base);
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
      expect(Object.keys(got ?? {})).toEqual(base === undefined ? ['__proto__', 'b'] : ['__proto__', 'a', 'b']);
      expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toBe('v');
    }
  });

  test('an AppService with a "__proto__" label or selector key fails as the API server fails it', () => {
    const app = new App({ outdir: '.' });
    const chart = new Chart(app, 'c');
    new AppService(chart, 'api', { ports: ['80'], selector: proto('{"__proto__":"v","app":"api"}'), labels: proto('{"__proto__":"v"}') });
    let message = '';
    try {
      synthApp(app);
    } catch (err: unknown) {
      message = err instanceof Error ? err.message : String(err);
    }
    expect(message).toContain('[c/api] metadata.labels: Invalid value: "__proto__": name part must consist of');
    expect(message).toContain('[c/api] spec.selector: Invalid value: "__proto__": name part must consist of');
  });
});
