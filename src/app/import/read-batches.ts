import { AppError } from "../../core/index.js";
import { compileRowMapper, type MappedRow, type RejectedRow, type RowContext } from "./rows.js";
import { csvProblem, type RecordIterator } from "./source.js";
import type { Batch } from "./write-batch.js";

type Records = AsyncIterator<string[]>;

/** The header row (row 1); an empty file has none. */
export async function readHeader(records: Records, path: string): Promise<string[]> {
  let first: IteratorResult<string[]>;
  try {
    first = await records.next();
  } catch (e) {
    const reason = csvProblem(e);
    if (!reason) throw e;
    throw new AppError("import.unreadable", { en: `${path}: the header row cannot be read: ${reason}` });
  }
  if (first.done || first.value.every((c) => c.trim() === ""))
    throw new AppError("import.no_header", {
      en: `${path}: the first row must name the columns, and it is empty`,
    });
  return first.value.map((h) => h.trim());
}

/**
 * Reads the rows after the header in batches of `size` rows (rejected and empty ones included,
 * so a batch always covers a contiguous range of row numbers), skipping those up to `after`
 * (already committed) without mapping them. A structural error in the file (an unclosed quote)
 * becomes the reject of the row where reading stopped, and ends the file. Returns the last row.
 */
export async function readBatches(
  records: Records,
  ctx: RowContext,
  options: { readonly after: number; readonly size: number },
  onBatch: (batch: Batch) => Promise<void>,
): Promise<number> {
  const map = compileRowMapper(ctx);
  let row = 1;
  let from = options.after;
  let rows: Extract<MappedRow, { kind: "lead" }>[] = [];
  let rejects: RejectedRow[] = [];
  let skipped = 0;
  const flush = async () => {
    await onBatch({ from, to: row, rows, rejects, skipped });
    [from, rows, rejects, skipped] = [row, [], [], 0];
  };
  /** Maps the next row (unless already committed); true when the batch is full. */
  const add = (record: readonly string[]): boolean => {
    row++;
    if (row <= options.after) return false;
    const mapped = map(record, row);
    if (mapped === null) skipped++;
    else if (mapped.kind === "lead") rows.push(mapped);
    else rejects.push(mapped);
    return row - from >= options.size;
  };
  const take = (records as Partial<RecordIterator>).takeReady?.bind(records);
  for (;;) {
    // The records the reader already holds, mapped without an await each; then wait for more.
    const ready = take?.();
    if (ready && ready.length > 0) {
      for (const record of ready) if (add(record)) await flush();
      continue;
    }
    let next: IteratorResult<string[]>;
    try {
      next = await records.next();
    } catch (e) {
      const reason = csvProblem(e);
      if (!reason) throw e;
      row++;
      if (row > options.after) rejects.push({ kind: "rejected", row, column: "", value: "", reason });
      break;
    }
    if (next.done) break;
    if (add(next.value)) await flush();
  }
  if (row > from) await flush();
  return row;
}
