import { StringDecoder } from 'node:string_decoder';

export const TAIL_LINES = 200;
export const TAIL_CHARS = 16_384;

/**
 * The last lines a program wrote, stdout and stderr interleaved as they arrived: at most TAIL_LINES lines and
 * TAIL_CHARS characters, which is what `tuneboard agent` stores as a trial's log. A progress bar redrawn with
 * carriage returns keeps only its last state.
 */
export class OutputTail {
  private text = '';
  private readonly decoders = new Map<string, StringDecoder>();
  /** Changes with every write, so a caller can tell whether there is anything new to send. */
  version = 0;

  /** Adds a chunk of one stream's bytes; a character split across chunks is decoded whole. */
  write(stream: string, chunk: Buffer | string): void {
    let decoder = this.decoders.get(stream);
    if (!decoder) this.decoders.set(stream, (decoder = new StringDecoder('utf8')));
    const piece = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (piece === '') return;
    this.text += piece;
    this.version++;
    // Keep a margin over the limit, so that the lines cut from the start are whole once \r redraws are collapsed.
    if (this.text.length > 4 * TAIL_CHARS) this.text = this.text.slice(-2 * TAIL_CHARS);
  }

  /** The tail: whole lines only (a line cut by the character limit is dropped), redraws collapsed. */
  snapshot(lines = TAIL_LINES, chars = TAIL_CHARS): string {
    let kept = this.text
      .split('\n')
      .map((line) => {
        const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
        return trimmed.slice(trimmed.lastIndexOf('\r') + 1);
      })
      .join('\n');
    if (kept.length > chars) {
      kept = kept.slice(-chars);
      const firstBreak = kept.indexOf('\n');
      if (firstBreak >= 0) kept = kept.slice(firstBreak + 1);
    }
    const all = kept.split('\n');
    // A final newline ends the last line; it does not start another.
    const count = all.at(-1) === '' ? lines + 1 : lines;
    return (all.length > count ? all.slice(-count) : all).join('\n');
  }

  /** The last `n` non-empty lines, for a failed trial's error. */
  lastLines(n: number, chars: number): string {
    const lines = this.snapshot(TAIL_LINES, chars)
      .split('\n')
      .filter((l) => l.trim() !== '');
    return lines.slice(-n).join('\n');
  }
}
