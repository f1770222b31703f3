import type * as YAML from 'yaml';
import { DocumentWriter } from './emit/document';
import { TextSink } from './emit/text-sink';
import { CDK8S_STRINGIFY_OPTIONS } from './emit/yaml11-schema';

let yamlModule: typeof YAML | undefined;

/** yaml@2, loaded on first use: JSON-like manifests never need it. */
function yaml(): typeof YAML {
  yamlModule ??= require('yaml') as typeof YAML;
  return yamlModule;
}

/**
 * Renders manifests as one multi-document YAML stream, byte-for-byte as cdk8s's `Yaml.stringify`
 * does (YAML 1.1 schema, no line folding, documents separated by `---`), except for three kinds of
 * string cdk8s writes so that readers get something else back, which are quoted instead: strings
 * a YAML 1.2 reader or kubectl takes for a number (`0o17`; `0O17`, `0X1F`, `-_6`, `1e_1` for
 * kubectl's go-yaml), the key `<<` (a merge key to YAML 1.1 readers, kubectl's included), and text
 * of blanks and line breaks starting with a space (`" \n"`, whose blanks readers of a block scalar
 * drop).
 *
 * JSON-like documents (plain objects and arrays of strings, numbers, booleans and nulls) are
 * written directly, without building a yaml@2 document tree; anything else (class instances,
 * `Date`, `Map`, repeated references, top-level scalars) is written by yaml@2 itself. One writer
 * writes them all, which is quicker for each document like the ones before it (see
 * {@link DocumentWriter}), into one {@link TextSink}.
 */
export function emitYaml(docs: readonly unknown[]): string {
  const out = new TextSink();
  const writer = new DocumentWriter(out);
  for (let i = 0; i < docs.length; i++) {
    const separator = i > 0 ? '---\n' : '';
    const doc = docs[i];
    if (doc === undefined || !writer.append(doc, separator)) {
      if (separator !== '') out.putFixed(separator);
      if (doc === undefined) out.putFixed('\n');
      else out.put(yaml().stringify(doc, CDK8S_STRINGIFY_OPTIONS));
    }
    out.endDocument();
  }
  return out.text();
}
