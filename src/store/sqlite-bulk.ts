import { sql } from "kysely";
import type { CurrentFact } from "./facts.js";
import type { Db } from "./leads.js";
import type { LeadGradeChange, LeadsToRegrade, LeadToRegrade } from "./regrade.js";

/**
 * SQLite's side of the whole-book regrade: few statements per batch, whatever its size. Kysely
 * prepares every statement anew and builds an object per row, and SQLite binds at most 32766
 * parameters, so rows travel as ONE JSON text each way: the batch is read as one JSON document
 * (json_group_array), and written from one JSON parameter (json_each). Same connection, same
 * transaction as the caller; only the shape of the traffic differs from the portable statements.
 *
 * The walk goes by rowid, the order rows lie in the file (capture order), not by id: ids are random
 * UUIDs, and walking them in id order touches a random page of `leads` per lead — measured 1.5–3×
 * slower on a million leads (bench/README.md, "bench:store").
 */

/**
 * Takes the database's write lock, then reads the next `limit` open, not erased leads not graded
 * with `version` (rowid > after, in rowid order), with their current facts in fact-key order.
 * Locking first means no writer can commit between this read and the batch's writes, so the
 * batch's compare-and-set only fails if a writer skipped the lock. A write that changes nothing
 * takes the lock: SQLite takes it for any UPDATE, even one matching no row.
 */
export async function lockLeadsToRegradeSqlite(
  db: Db,
  page: { readonly after: number | null; readonly limit: number; readonly version: number },
): Promise<LeadsToRegrade> {
  await sql`update leads set row_version = row_version where rowid = -1`.execute(db);
  // One row, one text: [[rowid, id, grade, graded_version, row_version, [[fact, value, at], …]], …]
  // (the lead's stored current facts; value is the fact's JSON text, carried as a string). The
  // facts are json()-wrapped so they nest as JSON rather than as a quoted string.
  const r = await sql<{ batch: string | null }>`with page as (
      select rowid as r, id, grade, graded_version, row_version, facts from leads
      where rowid > ${page.after ?? 0} and is_open = 1 and erased_at is null
        and (graded_version is null or graded_version <> ${page.version})
      order by rowid limit ${page.limit})
    select json_group_array(json_array(r, id, grade, graded_version, row_version, json(facts)) order by r) as batch
    from page`.execute(db);
  const rows = JSON.parse(r.rows[0]?.batch ?? "[]") as BatchRow[];
  const leads = new Array<LeadToRegrade>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [, id, grade, gradedVersion, rowVersion, facts] = rows[i] as BatchRow;
    leads[i] = { id, grade, gradedVersion, rowVersion, facts };
  }
  return { leads, last: rows.length > 0 ? (rows[rows.length - 1] as BatchRow)[0] : null };
}

type BatchRow = [number, string, string | null, number | null, number, CurrentFact[]];

/**
 * The compare-and-set of `updateLeadGradesIfUnchanged` from one JSON parameter: each lead is
 * updated only if its row_version is still the one read. Returns how many were updated.
 */
export async function updateLeadGradesIfUnchangedSqlite(
  db: Db,
  changes: readonly LeadGradeChange[],
  stamp: { readonly version: number; readonly at: number },
): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = new Array<unknown[]>(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i] as LeadGradeChange;
    rows[i] = [c.id, c.rowVersion, c.grade, c.nextRegradeAt];
  }
  const r = await sql`with v (id, rv, grade, next_at) as (
      select value ->> 0, value ->> 1, value ->> 2, value ->> 3 from json_each(${JSON.stringify(rows)}))
    update leads set grade = v.grade, graded_version = ${stamp.version}, graded_at = ${stamp.at},
      next_regrade_at = v.next_at, updated_at = ${stamp.at}, row_version = leads.row_version + 1
    from v where leads.id = v.id and leads.row_version = v.rv`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
