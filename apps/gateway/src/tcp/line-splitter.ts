/**
 * Cuts a byte stream into lines with a bounded line length: a line longer than `maxLineBytes` is not
 * buffered; it is reported once as too long and the rest of it is discarded up to the next newline.
 */
export class LineSplitter {
  private partial = '';
  private discarding = false;

  constructor(private readonly maxLineBytes: number) {}

  /** Complete lines of this chunk; `tooLong` counts lines cut off for length (each reported once). */
  push(chunk: string): { lines: string[]; tooLong: number } {
    const lines: string[] = [];
    let tooLong = 0;
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, newline);
      start = newline + 1;
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      const line = (this.partial + piece).replace(/\r$/, '');
      this.partial = '';
      if (line.length > this.maxLineBytes) tooLong++;
      else lines.push(line);
    }
    if (!this.discarding) {
      this.partial += chunk.slice(start);
      if (this.partial.length > this.maxLineBytes) {
        tooLong++;
        this.partial = '';
        this.discarding = true;
      }
    }
    return { lines, tooLong };
  }

  /** The unterminated last line at the end of the stream, if any. */
  end(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest === '' || this.discarding ? [] : [rest.replace(/\r$/, '')];
  }
}
