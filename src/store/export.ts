import type { Db } from "./leads.js";
import type { LeadRow } from "./tables.js";

const EXPORT_COLUMNS = [
  "id",
  "name",
  "email",
  "phone",
  "company",
  "source",
  "campaign",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "owner_id",
  "stage",
  "grade",
  "graded_version",
  "graded_at",
  "outcome_amount",
  "outcome_currency",
  "outcome_reason",
  "created_at",
  "updated_at",
  "erased_at",
  "facts",
] as const;

/** What an export writes of a lead: everything but the lifecycle JSON and bookkeeping columns. */
export type ExportLeadRow = Pick<LeadRow, (typeof EXPORT_COLUMNS)[number]>;

/**
 * These leads' exported columns, in no particular order (the caller keeps the order of the page
 * that named them). One primary-key lookup per batch.
 */
export async function findLeadsForExport(db: Db, ids: readonly string[]): Promise<ExportLeadRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("leads").select(EXPORT_COLUMNS).where("id", "in", ids).execute();
}
