import { basename } from "node:path";
import { AppError } from "../../core/index.js";
import {
  findImportById,
  findImportRejects,
  finishImport,
  type ImportRecord,
  insertImport,
} from "../../store/imports.js";
import type { AppDeps } from "../deps.js";
import { activeGrader } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { type PlannedColumn, planColumns } from "./columns.js";
import { timeOrderedIds } from "./ids.js";
import {
  DEFAULT_BATCH_SIZE,
  type ImportOptions,
  MAX_BATCH_SIZE,
  optionsHash,
  storedOptions,
} from "./options.js";
import { PRESETS } from "./presets/index.js";
import { readBatches, readHeader } from "./read-batches.js";
import { RejectsWriter } from "./rejects-file.js";
import type { RowContext } from "./rows.js";
import { inspectFile, openRecords, type SourceInfo } from "./source.js";
import { previewBatch, writeBatch } from "./write-batch.js";

export interface ImportResult {
  /** imported (now, or resumed and finished) | already_imported | dry_run | refused (--strict, bad rows) */
  readonly status: "imported" | "already_imported" | "dry_run" | "refused";
  readonly importId: string | null;
  /** The last row committed before this run, when it resumed an interrupted import. */
  readonly resumedAfter: number | null;
  readonly file: string;
  readonly encoding: string;
  readonly delimiter: string;
  readonly columns: readonly PlannedColumn[];
  /** Data rows (the header is not one); created + merged + rejected + skipped. */
  readonly rows: number;
  readonly created: number;
  readonly merged: number;
  readonly rejected: number;
  readonly skipped: number;
  readonly rejectsFile: string | null;
}

/**
 * Imports a CSV/TSV file of leads: streamed, mapped, validated, and written in batches that each
 * commit with the import's cursor. The same file with the same options is one import: run again
 * (plainly or with --resume) it continues after the last committed batch, or, if finished, says
 * so and writes nothing; no row is ever written twice or lost. Bad rows go to the rejects file
 * and never stop good ones, unless `strict`: then the file is checked whole first, and a single
 * bad row means nothing is imported. `dryRun` reads and counts, writing nothing.
 */
export async function runImport(deps: AppDeps, o: ImportOptions): Promise<ImportResult> {
  const preset = o.preset === undefined ? undefined : PRESETS[o.preset];
  if (o.preset !== undefined && !preset)
    throw new AppError("import.bad_mapping", {
      en: `unknown preset "${o.preset}" (presets: ${Object.keys(PRESETS).join(", ")})`,
    });
  const size = Math.min(Math.max(Math.floor(o.batchSize ?? DEFAULT_BATCH_SIZE), 1), MAX_BATCH_SIZE);
  const info = await inspectFile(o.path, o);
  const active = await inTransaction(deps, (trx) => activeGrader(trx, deps));
  const file = basename(o.path);
  let stream = openRecords(o.path, info);
  let records = stream.records[Symbol.asyncIterator]();
  try {
    return await importRecords();
  } finally {
    await records.return?.(); // closes the file whatever happened; a no-op after the last record
  }

  async function importRecords(): Promise<ImportResult> {
    const plan = planColumns(await readHeader(records, o.path), active.definition, { ...o, preset });
    const base = { file, encoding: info.encoding, delimiter: info.delimiter, columns: plan.columns };
    const startedAt = deps.clock();
    const rowCtx = (at: number): RowContext => ({
      plan,
      startedAt: at,
      defaults: { source: o.source, campaign: o.campaign },
      encoding: info.encoding,
    });
    const progress = (
      rows: number,
      bytes: number,
      c: { created: number; merged: number; rejected: number },
    ) => o.onProgress?.({ rows, bytes, totalBytes: info.size, ...c });

    if (o.dryRun || o.strict) {
      const seen = new Set<string>();
      const totals = { created: 0, merged: 0, rejected: 0, skipped: 0 };
      const writer = lazyWriter(o.rejectsPath);
      const last = await readBatches(records, rowCtx(startedAt), { after: 1, size }, async (b) => {
        if (o.dryRun) {
          const p = await previewBatch(deps, b.rows, seen);
          totals.created += p.created;
          totals.merged += p.merged;
        }
        totals.rejected += b.rejects.length;
        totals.skipped += b.skipped;
        for (const r of b.rejects) await writer.get()?.write(r);
        progress(b.to - 1, stream.bytesRead(), totals);
      });
      await writer.close();
      const summary = { ...base, ...totals, rows: last - 1, rejectsFile: writer.path() };
      if (o.dryRun) return { ...summary, status: "dry_run", importId: null, resumedAfter: null };
      if (totals.rejected > 0) return { ...summary, status: "refused", importId: null, resumedAfter: null };
      stream = openRecords(o.path, info);
      records = stream.records[Symbol.asyncIterator]();
      await readHeader(records, o.path);
    }

    const record = await openImportRecord(deps, o, info, startedAt);
    const resumedAfter = record.cursor > 1 ? record.cursor : null;
    if (record.status === "done")
      return finish(deps, record, { ...base, status: "already_imported", resumedAfter: null }, o.rejectsPath);
    const job = {
      importId: record.id,
      file,
      actor: o.actor,
      newLeadId: o.newLeadId ?? timeOrderedIds(deps.clock),
    };
    const totals = { created: record.created, merged: record.merged, rejected: record.rejected };
    await readBatches(records, rowCtx(record.started_at), { after: record.cursor, size }, async (b) => {
      const c = await writeBatch(deps, job, b);
      totals.created += c.created;
      totals.merged += c.merged;
      totals.rejected += c.rejected;
      progress(b.to - 1, stream.bytesRead(), totals);
    });
    await finishImport(deps.store.db, record.id, deps.clock());
    return finish(deps, record, { ...base, status: "imported", resumedAfter }, o.rejectsPath);
  }
}

async function openImportRecord(
  deps: AppDeps,
  o: ImportOptions,
  info: SourceInfo,
  now: number,
): Promise<ImportRecord> {
  return inTransaction(deps, (trx) =>
    insertImport(trx, {
      id: deps.newId(),
      file_name: basename(o.path),
      file_size: info.size,
      fingerprint: info.fingerprint,
      options_hash: optionsHash(o, info),
      options: storedOptions(o, info),
      status: "running",
      cursor: 1,
      ...{ created: 0, merged: 0, rejected: 0, skipped: 0 },
      actor: o.actor,
      started_at: now,
      updated_at: now,
      finished_at: null,
    }),
  );
}

/** The result from the stored record (counts over every run), and the rejects file rebuilt from it. */
async function finish(
  deps: AppDeps,
  before: ImportRecord,
  partial: Pick<ImportResult, "status" | "resumedAfter" | "file" | "encoding" | "delimiter" | "columns">,
  rejectsPath: string | undefined,
): Promise<ImportResult> {
  const record = (await findImportById(deps.store.db, before.id)) as ImportRecord;
  let rejectsFile: string | null = null;
  if (rejectsPath && record.rejected > 0) {
    const writer = new RejectsWriter(rejectsPath);
    for (let after = 0; ; ) {
      const page = await findImportRejects(deps.store.db, record.id, after, 5000);
      for (const r of page) await writer.write({ ...r, column: r.column_name });
      if (page.length < 5000) break;
      after = (page[page.length - 1] as { row: number }).row;
    }
    await writer.close();
    rejectsFile = rejectsPath;
  }
  const { created, merged, rejected, skipped } = record;
  const rows = record.cursor - 1;
  return { ...partial, importId: record.id, rows, created, merged, rejected, skipped, rejectsFile };
}

/** A rejects file created on the first reject only: a clean run leaves none behind. */
function lazyWriter(path: string | undefined) {
  let writer: RejectsWriter | undefined;
  return {
    get: () => {
      if (path && !writer) writer = new RejectsWriter(path);
      return writer;
    },
    path: () => writer?.path ?? null,
    close: async () => writer?.close(),
  };
}
