import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";

/** One line of the rejects file. */
export interface RejectLine {
  readonly row: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly reason: string | null;
}

/**
 * The rejects file: CSV (UTF-8 with a byte-order mark, so Excel shows Cyrillic right) with the
 * columns row, column, value, reason — one line per rejected row, in row order. Row numbers are
 * the spreadsheet's: the header is row 1. Cells are the file's text, except that one starting with
 * = + - @ gets a leading ' so opening the file in a spreadsheet cannot run it as a formula.
 */
export class RejectsWriter {
  private readonly out: WriteStream;
  private count = 0;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    this.out.on("error", (e) => {
      this.failure = e;
    });
    this.out.write("\uFEFFrow,column,value,reason\r\n");
  }

  async write(line: RejectLine): Promise<void> {
    if (this.failure) throw this.failure;
    this.count++;
    const text = `${line.row},${csvCell(line.column)},${csvCell(line.value)},${csvCell(line.reason)}\r\n`;
    if (!this.out.write(text)) await once(this.out, "drain");
  }

  get lines(): number {
    return this.count;
  }

  async close(): Promise<void> {
    if (!this.failure) {
      this.out.end();
      await Promise.race([once(this.out, "finish"), once(this.out, "error")]).catch(() => {});
    }
    if (this.failure) throw this.failure;
  }
}

/** A CSV cell; text a spreadsheet would run as a formula (= + - @) gets a leading ', as in exports. */
function csvCell(text: string | null): string {
  if (text === null) return "";
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
