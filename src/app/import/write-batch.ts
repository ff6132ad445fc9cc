import { AppError, newLead } from "../../core/index.js";
import { appendLeadEventsBulk } from "../../store/events.js";
import {
  findOpenLeadsByContacts,
  insertImportRows,
  insertNewLeads,
  updateImportedLeads,
} from "../../store/import-bulk.js";
import { addImportCounts, advanceImportCursor, type ImportCounts } from "../../store/imports.js";
import type { AppDeps } from "../deps.js";
import { activeGrader } from "../grading.js";
import { ConflictError, inTransaction } from "../transaction.js";
import { planBatch } from "./plan-batch.js";
import type { LeadRowInput, RejectedRow } from "./rows.js";

/** The import a batch belongs to, and what every row of it records. */
export interface ImportJob {
  readonly importId: string;
  /** The file's base name, for the evidence note "<file>, row <n>". */
  readonly file: string;
  readonly actor: string;
  readonly newLeadId: () => string;
}

/** Rows from..to of the file (exclusive of `from`, the cursor before the batch). */
export interface Batch {
  readonly from: number;
  readonly to: number;
  readonly rows: readonly LeadRowInput[];
  readonly rejects: readonly RejectedRow[];
  readonly skipped: number;
}

/**
 * Writes one batch in ONE transaction together with the import's cursor: leads (with their
 * current facts and grades), one event per row, the per-row record and the counts all commit, or
 * none does. The cursor's compare-and-set comes first: if another process moved it, nothing is
 * written. Lost races with captures (a matched lead changed, a duplicate e-mail appeared) retry
 * the whole batch with fresh reads.
 */
export async function writeBatch(deps: AppDeps, job: ImportJob, batch: Batch): Promise<ImportCounts> {
  return inTransaction(
    deps,
    async (trx) => {
      const now = deps.clock();
      if (!(await advanceImportCursor(trx, job.importId, batch.from, batch.to, now)))
        throw new AppError(
          "import.busy",
          { en: `import ${job.importId} is being written by another process, or has finished` },
          { importId: job.importId },
        );
      const active = await activeGrader(trx, deps);
      const { emails, phones } = contactsOf(batch.rows);
      const existing = await findOpenLeadsByContacts(trx, emails, phones);
      const w = planBatch({ ...job, active, rows: batch.rows, rejects: batch.rejects, existing, now });
      const lifecycle = JSON.stringify(newLead(now, null, []));
      await insertNewLeads(trx, w.newLeads, { lifecycle, version: active.version, now });
      const updated = await updateImportedLeads(trx, w.updatedLeads, { version: active.version, now });
      if (updated !== w.updatedLeads.length) throw new ConflictError("a lead the batch merges into changed");
      await appendLeadEventsBulk(trx, w.events);
      await insertImportRows(trx, job.importId, w.importRows);
      const counts = {
        created: w.created,
        merged: w.merged,
        rejected: batch.rejects.length,
        skipped: batch.skipped,
      };
      await addImportCounts(trx, job.importId, counts);
      return counts;
    },
    { alone: true },
  );
}

/**
 * A dry run's batch: how many rows would create a lead and how many would merge, against the
 * open leads stored now and the leads earlier rows of the run would have created (`seen`, keys
 * "e:<email>" and "p:<phone>"). Reads only.
 */
export async function previewBatch(
  deps: AppDeps,
  rows: readonly LeadRowInput[],
  seen: Set<string>,
): Promise<{ created: number; merged: number }> {
  const { emails, phones } = contactsOf(rows);
  const existing = await findOpenLeadsByContacts(deps.store.db, emails, phones, { lock: false });
  const stored = new Set<string>();
  for (const l of existing) {
    if (l.email_norm) stored.add(`e:${l.email_norm}`);
    if (l.phone_norm) stored.add(`p:${l.phone_norm}`);
  }
  let created = 0;
  for (const r of rows) {
    const keys = [r.emailNorm && `e:${r.emailNorm}`, r.phoneNorm && `p:${r.phoneNorm}`].filter(
      (k): k is string => !!k,
    );
    if (keys.some((k) => stored.has(k) || seen.has(k))) continue;
    created++;
    for (const k of keys) seen.add(k);
  }
  return { created, merged: rows.length - created };
}

function contactsOf(rows: readonly LeadRowInput[]): { emails: string[]; phones: string[] } {
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const r of rows) {
    if (r.emailNorm) emails.add(r.emailNorm);
    if (r.phoneNorm) phones.add(r.phoneNorm);
  }
  return { emails: [...emails], phones: [...phones] };
}
