import type { Document, Scalar, YAMLError } from 'yaml';
import { yamlLibrary } from './yaml-library';

/**
 * Where to point for a YAML parse error: where the parser reports it, except for an unclosed
 * quote, which the parser reports where the text ends (possibly past the last line). For that,
 * the offset of the quote that opens the unterminated string is returned instead.
 */
export function syntaxErrorOffset(doc: Document.Parsed, e: YAMLError): number {
  const at = e.pos[0];
  if (e.code !== 'MISSING_CHAR' || !/^Missing closing ["']quote/.test(e.message)) return at;
  const { Scalar: ScalarNode, visit } = yamlLibrary();
  let opening: number | undefined;
  visit(doc, {
    Scalar(_key, node: Scalar) {
      const range = node.range;
      if ((node.type === ScalarNode.QUOTE_DOUBLE || node.type === ScalarNode.QUOTE_SINGLE) && range !== undefined && range !== null && range[0] < at && range[1] >= at) {
        opening = range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return opening ?? at;
}
