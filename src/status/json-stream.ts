/**
 * Splits a stream of concatenated JSON documents (what `kubectl get -w -o json` prints: one
 * indented document per event, one after the other) into documents. Pure and incremental: feed
 * chunks as they arrive; documents are returned as soon as their closing brace is seen.
 */
export class JsonDocumentSplitter {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  /** Offset in `buffer` up to which characters have been scanned. */
  private scanned = 0;

  /** Feeds a chunk; returns the texts of the documents it completes. */
  public push(chunk: string): string[] {
    this.buffer += chunk;
    const out: string[] = [];
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '{' || c === '[') {
        if (this.depth === 0) this.start = i;
        this.depth++;
      } else if (c === '}' || c === ']') {
        this.depth--;
        if (this.depth === 0 && this.start >= 0) {
          out.push(this.buffer.slice(this.start, i + 1));
          this.start = -1;
        }
        if (this.depth < 0) this.depth = 0;
      }
    }
    // Keep only the unfinished document.
    if (this.depth === 0) {
      this.buffer = '';
      this.scanned = 0;
    } else {
      this.buffer = this.buffer.slice(this.start);
      this.start = 0;
      this.scanned = this.buffer.length;
    }
    return out;
  }

  /** True when a document has started and not ended. */
  public get pending(): boolean {
    return this.depth > 0;
  }
}
