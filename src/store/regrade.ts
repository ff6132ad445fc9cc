import { type Insertable, sql } from "kysely";
import { dialectOf } from "./dialect.js";
import type { LeadFactRow } from "./facts.js";
import type { Db } from "./leads.js";
import type { GradeEventsTable, LeadRow } from "./tables.js";

/**
 * Batch reads and writes for whole-book work: regrading every open lead after an activation, and
 * simulating a candidate definition. Pages are keyset-paginated by lead id (the primary key), so
 * a page costs the same at the end of the book as at the start and nothing is held in memory.
 */

export interface OpenLeadsPage {
  /** Only leads whose id sorts after this one; null for the first page. */
  readonly after: string | null;
  readonly limit: number;
  /** Only leads not graded with this definition version (never graded counts as not). */
  readonly notGradedWith?: number | undefined;
}

/** Open, not erased leads, in id order: the leads whose grade still matters. */
export async function findOpenLeadsPage(db: Db, page: OpenLeadsPage): Promise<LeadRow[]> {
  let q = db
    .selectFrom("leads")
    .selectAll()
    .where("is_open", "=", 1)
    .where("erased_at", "is", null)
    .orderBy("id")
    .limit(page.limit);
  if (page.after !== null) q = q.where("id", ">", page.after);
  const version = page.notGradedWith;
  if (version !== undefined) {
    q = q.where((eb) => eb.or([eb("graded_version", "is", null), eb("graded_version", "<>", version)]));
  }
  return q.execute();
}

/**
 * Takes the write locks of these leads before reading them, so a writer already on one of them
 * finishes first and the caller's reads see its commit. PostgreSQL: row locks in id order (two
 * batches then cannot deadlock each other; single-lead writers hold one lock only). SQLite: a
 * no-op update, which takes the database's write lock, as `findLeadForUpdate` does.
 */
export async function lockLeads(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  if (dialectOf(db) === "postgres") {
    await db.selectFrom("leads").select("id").where("id", "in", ids).orderBy("id").forUpdate().execute();
    return;
  }
  await db
    .updateTable("leads")
    .set((eb) => ({ row_version: eb.ref("row_version") }))
    .where("id", "in", ids)
    .execute();
}

/** These leads as they are now, in id order, if still open and not graded with `version`. */
export async function findLeadsToRegrade(
  db: Db,
  ids: readonly string[],
  version: number,
): Promise<LeadRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("leads")
    .selectAll()
    .where("id", "in", ids)
    .where("is_open", "=", 1)
    .where("erased_at", "is", null)
    .where((eb) => eb.or([eb("graded_version", "is", null), eb("graded_version", "<>", version)]))
    .orderBy("id")
    .execute();
}

/** The current facts of several leads at once, grouped by lead id. */
export async function findFactsOfLeads(db: Db, ids: readonly string[]): Promise<Map<string, LeadFactRow[]>> {
  const byLead = new Map<string, LeadFactRow[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byLead;
  const rows = await db.selectFrom("lead_facts").selectAll().where("lead_id", "in", ids).execute();
  for (const row of rows) byLead.get(row.lead_id)?.push(row);
  return byLead;
}

/** Appends grade events in one statement per chunk (kept under SQLite's bound-parameter limit). */
export async function appendGradeEvents(
  db: Db,
  events: readonly Insertable<GradeEventsTable>[],
): Promise<void> {
  // 7 columns per row; 1000 rows = 7000 parameters, well under SQLite's 32766 and PostgreSQL's 65535.
  for (let i = 0; i < events.length; i += 1000) {
    await db
      .insertInto("grade_events")
      .values(events.slice(i, i + 1000))
      .execute();
  }
}

/** One lead's new grade, for `updateLeadGradesIfUnchanged`. */
export interface LeadGradeChange {
  readonly id: string;
  /** The row_version the grade was computed from: the compare in compare-and-set. */
  readonly rowVersion: number;
  readonly grade: string | null;
  readonly nextRegradeAt: number | null;
}

/**
 * Compare-and-set of many leads' grades in one statement (one round trip per batch instead of
 * one per lead): each lead is updated only if its row_version is still the one read, and gets
 * the grade, the version and time it was graded with, and its next regrade instant. Returns how
 * many leads were updated; fewer than given means some lost a race. Plain SQL that both engines
 * read the same way: a VALUES list in a CTE, joined with UPDATE … FROM (SQLite 3.33+), with
 * casts because PostgreSQL cannot infer the types of a VALUES list of parameters.
 */
export async function updateLeadGradesIfUnchanged(
  db: Db,
  changes: readonly LeadGradeChange[],
  stamp: { readonly version: number; readonly at: number },
): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = sql.join(
    changes.map(
      (c) =>
        sql`(cast(${c.id} as text), cast(${c.rowVersion} as integer), cast(${c.grade} as text), cast(${c.nextRegradeAt} as bigint))`,
    ),
  );
  const r = await sql`with v (id, rv, grade, next_at) as (values ${rows})
    update leads set grade = v.grade, graded_version = ${stamp.version}, graded_at = ${stamp.at},
      next_regrade_at = v.next_at, updated_at = ${stamp.at}, row_version = leads.row_version + 1
    from v where leads.id = v.id and leads.row_version = v.rv`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Counts grade events: tests and reports check that simulations write nothing. */
export async function countGradeEvents(db: Db): Promise<number> {
  const row = await db
    .selectFrom("grade_events")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
