/**
 * Collects the pieces of a YAML stream and joins them into one string.
 *
 * Pieces go into one array of a bounded size that is reused: each time it holds
 * {@link TextSink.CHUNK_PIECES} pieces or more at the end of a document, they are joined into a
 * chunk, and the chunks are joined at the end. Neither one string per document nor one array of
 * every piece is kept, and the array is never given up and grown again.
 *
 * Fixed pieces in a row (keys, indentation, values the writer has seen before; see
 * {@link putFixed}) are put together first, as one piece: documents of one kind have the same runs
 * of them, in the same places, so that each run is put together once and then found again at its
 * place in the document (the n-th joining of two pieces), by comparing strings that are usually
 * the very same.
 */
export class TextSink {
  /** How many pieces are joined at a time (at the end of the document that reaches it). */
  public static readonly CHUNK_PIECES = 4096;
  /** The longest run of fixed pieces put together (longer runs are cut, so that building them stays linear). */
  public static readonly MAX_RUN_LENGTH = 512;
  private readonly pieces: string[] = [];
  private count = 0;
  private readonly chunks: string[] = [];
  /** Fixed text not yet added to the pieces: the run being put together. */
  private run = '';
  /** How many joinings of fixed pieces the current document has had. */
  private joining = 0;
  /** For each joining in a document, the two texts joined last time there and the result. */
  private readonly joinedFirst: string[] = [];
  private readonly joinedSecond: string[] = [];
  private readonly joined: string[] = [];
  private markedRun = '';

  /** Appends `text`, which is not expected to come back at the same place in the next document. */
  public put(text: string): void {
    const run = this.run;
    if (run !== '') {
      this.pieces[this.count++] = run;
      this.run = '';
    }
    this.pieces[this.count++] = text;
  }

  /** Appends `text`, which documents of the same kind have at the same place. */
  public putFixed(text: string): void {
    const run = this.run;
    if (run === '') {
      this.run = text;
      return;
    }
    if (run.length + text.length > TextSink.MAX_RUN_LENGTH) {
      this.pieces[this.count++] = run;
      this.run = text;
      return;
    }
    const at = this.joining++;
    if (this.joinedFirst[at] === run && this.joinedSecond[at] === text) {
      this.run = this.joined[at] as string;
      return;
    }
    const both = run + text;
    this.joinedFirst[at] = run;
    this.joinedSecond[at] = text;
    this.joined[at] = both;
    this.run = both;
  }

  /**
   * The position after the last piece, to {@link rollBack} to within the same document (one
   * position at a time: taking another forgets the one before).
   */
  public mark(): number {
    this.markedRun = this.run;
    return this.count;
  }

  /** Removes the pieces appended since {@link mark} gave `mark`, in the same document. */
  public rollBack(mark: number): void {
    this.count = mark;
    this.run = this.markedRun;
  }

  /** Marks the end of a document: pieces may be joined from here on. */
  public endDocument(): void {
    this.joining = 0;
    if (this.count >= TextSink.CHUNK_PIECES) this.flush();
  }

  /** The text of every piece appended, in order. */
  public text(): string {
    if (this.run !== '') {
      this.pieces[this.count++] = this.run;
      this.run = '';
    }
    if (this.count > 0 || this.chunks.length === 0) this.flush();
    const chunks = this.chunks;
    return chunks.length === 1 ? (chunks[0] as string) : chunks.join('');
  }

  private flush(): void {
    const pieces = this.pieces;
    // Pieces past the count are left from a longer chunk or a rolled-back document.
    for (let i = this.count; i < pieces.length; i++) pieces[i] = '';
    this.chunks.push(pieces.join(''));
    this.count = 0;
  }
}
