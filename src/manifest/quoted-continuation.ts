/**
 * go-yaml (and so kubectl) reads a quoted scalar up to its closing quote whatever the indentation
 * of its continuation lines:
 *
 * ```yaml
 * metadata:
 *   annotations:
 *     note: "first line
 *   second line"
 * ```
 *
 * is `note: "first line second line"` for kubectl, while a strict YAML parser stops the scalar at
 * the less indented line and reports a missing closing quote. Folding drops the leading white space
 * of every continuation line, so indenting those lines further does not change the value: this
 * module does that, for the scalar that opens at a given offset, keeping every line where it is.
 */

/**
 * The text with the continuation lines of the quoted scalar that opens at `open` indented to the
 * column of its opening quote, or undefined when there is nothing to do: no closing quote (as
 * go-yaml finds it), or a continuation line that starts with a document marker (`---` or `...`),
 * which ends the scalar for go-yaml too.
 */
export function indentQuotedContinuation(text: string, open: number): string | undefined {
  const quote = text.charAt(open);
  if (quote !== '"' && quote !== "'") return undefined;
  const close = closingQuote(text, open, quote);
  if (close === -1) return undefined;
  const lineStart = text.lastIndexOf('\n', open - 1) + 1;
  const column = open - lineStart;
  let out = '';
  let from = 0;
  let nl = text.indexOf('\n', open);
  while (nl !== -1 && nl < close) {
    const start = nl + 1;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 0x20) indent++;
    const first = text.charAt(start + indent);
    const blank = first === '\n' || first === '\r' || first === '\t' || first === '';
    if (indent === 0 && isDocumentMarker(text, start)) return undefined;
    if (!blank && indent < column) {
      out += text.slice(from, start) + ' '.repeat(column - indent);
      from = start;
    }
    nl = text.indexOf('\n', start);
  }
  return from === 0 ? undefined : out + text.slice(from);
}

/** Offset of the quote that closes the scalar opened at `open`, or -1. */
function closingQuote(text: string, open: number, quote: string): number {
  let i = open + 1;
  for (;;) {
    const at = text.indexOf(quote, i);
    if (at === -1) return -1;
    if (quote === "'") {
      if (text.charAt(at + 1) === "'") {
        i = at + 2;
        continue;
      }
      return at;
    }
    let slashes = 0;
    while (text.charAt(at - 1 - slashes) === '\\') slashes++;
    if (slashes % 2 === 0) return at;
    i = at + 1;
  }
}

function isDocumentMarker(text: string, start: number): boolean {
  const three = text.slice(start, start + 3);
  if (three !== '---' && three !== '...') return false;
  const after = text.charAt(start + 3);
  return after === '' || after === ' ' || after === '\t' || after === '\n' || after === '\r';
}
