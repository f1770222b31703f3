import * as YAML from 'yaml';

/**
 * Renders manifests as one multi-document YAML stream, byte-for-byte as cdk8s's `Yaml.stringify`
 * does (YAML 1.1 schema, no line folding, documents separated by `---`).
 */
export function emitYaml(docs: readonly unknown[]): string {
  return docs.map((d) => (d === undefined ? '\n' : YAML.stringify(d, { keepUndefined: true, lineWidth: 0, version: '1.1' }))).join('---\n');
}
