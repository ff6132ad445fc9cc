import { sql } from "kysely";
import { dialectOf } from "./dialect.js";
import { type CurrentFact, currentFactsOf } from "./facts.js";
import type { Db } from "./leads.js";
import { lockLeadsToRegradeSqlite, updateLeadGradesIfUnchangedSqlite } from "./sqlite-bulk.js";
import type { LeadRow } from "./tables.js";

export type { CurrentFact } from "./facts.js";

/**
 * Batch reads and writes for whole-book work: regrading every open lead after an activation, and
 * simulating a candidate definition. Pages are keyset-paginated by lead id (the primary key), or
 * on SQLite's activation path by rowid (sqlite-bulk.ts), so a page costs the same at the end of
 * the book as at the start and nothing is held in memory.
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

/** An open lead to regrade: what grading it and its compare-and-set need, and no more. */
export interface LeadToRegrade {
  readonly id: string;
  readonly grade: string | null;
  readonly gradedVersion: number | null;
  /** The row_version read: the compare in the batch's compare-and-set. */
  readonly rowVersion: number;
  /** Its current facts, in fact-key order, as stored on its row. */
  readonly facts: readonly CurrentFact[];
}

/**
 * Where a walk over the open leads stands. Opaque outside the store: SQLite walks by rowid (the
 * order of the file), PostgreSQL by id.
 */
export type LeadWalkPosition = number | string;

export interface LeadsToRegrade {
  readonly leads: readonly LeadToRegrade[];
  /** The position of the last lead of this page (pass it as `after`); null when there is none. */
  readonly last: LeadWalkPosition | null;
}

/**
 * The next page of the walk over open, not erased leads not graded with `version`, locked for the
 * rest of the transaction and read after the locks, with their current facts: what one batch of an
 * activation regrades. A writer that got to a lead first commits before the read, so the batch's
 * compare-and-set only loses to writers that skip the locks. Fewer than `limit` leads does not
 * mean the walk is over; `last === null` does.
 */
export async function lockLeadsToRegrade(
  db: Db,
  page: { readonly after: LeadWalkPosition | null; readonly limit: number; readonly version: number },
): Promise<LeadsToRegrade> {
  if (dialectOf(db) === "sqlite") {
    const after = page.after;
    if (after !== null && typeof after !== "number") throw new Error("not a SQLite walk position");
    return lockLeadsToRegradeSqlite(db, { after, limit: page.limit, version: page.version });
  }
  const after = page.after;
  if (after !== null && typeof after !== "string") throw new Error("not a PostgreSQL walk position");
  // One statement: the page's rows locked in id order (so two batches cannot deadlock each other)
  // and returned as they are once locked: a row a writer changed meanwhile is re-checked against
  // the conditions and left out if it no longer needs regrading. Measured against the three
  // statements below (page, lock, re-read of every column) in bench:store.
  const locked = await sql<{
    id: string;
    grade: string | null;
    graded_version: number | null;
    row_version: number;
    facts: string;
  }>`select id, grade, graded_version, row_version, facts from leads
    where ${after === null ? sql`true` : sql`id > ${after}`} and is_open = 1 and erased_at is null
      and (graded_version is null or graded_version <> ${page.version})
    order by id limit ${page.limit} for update`.execute(db);
  const rows = locked.rows;
  const lastLocked = rows.at(-1)?.id;
  if (lastLocked !== undefined) {
    const leads = rows.map((l) => ({
      id: l.id,
      grade: l.grade,
      gradedVersion: l.graded_version,
      rowVersion: l.row_version,
      facts: currentFactsOf(l),
    }));
    return { leads, last: lastLocked };
  }
  // Nothing came back: the walk is over, unless every row of the page changed under the locks.
  // Then the page is walked the long way, which tells where it ends.
  const open = await findOpenLeadsPage(db, { after, limit: page.limit, notGradedWith: page.version });
  const last = open.at(-1)?.id;
  if (last === undefined) return { leads: [], last: null };
  const ids = open.map((l) => l.id);
  await lockLeads(db, ids);
  // Re-read under the locks: a writer may have regraded or closed some of them meanwhile.
  const reread = await findLeadsToRegrade(db, ids, page.version);
  const leads = reread.map((l) => ({
    id: l.id,
    grade: l.grade,
    gradedVersion: l.graded_version,
    rowVersion: l.row_version,
    facts: currentFactsOf(l),
  }));
  return { leads, last };
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
 * many leads were updated; fewer than given means some lost a race. PostgreSQL: UPDATE … FROM
 * the rows of one JSON parameter; SQLite: see sqlite-bulk.ts.
 */
export async function updateLeadGradesIfUnchanged(
  db: Db,
  changes: readonly LeadGradeChange[],
  stamp: { readonly version: number; readonly at: number },
): Promise<number> {
  if (changes.length === 0) return 0;
  if (dialectOf(db) === "sqlite") return updateLeadGradesIfUnchangedSqlite(db, changes, stamp);
  // The rows as ONE JSON parameter (json_to_recordset types them), not a VALUES list of 4
  // parameters per lead that Kysely assembles and PostgreSQL parses one by one.
  const rows = new Array<unknown[]>(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i] as LeadGradeChange;
    rows[i] = [c.id, c.rowVersion, c.grade, c.nextRegradeAt];
  }
  const r = await sql`with v as (
      select value ->> 0 as id, (value ->> 1)::integer as rv, value ->> 2 as grade, (value ->> 3)::bigint as next_at
      from json_array_elements(${JSON.stringify(rows)}::json))
    update leads set grade = v.grade, graded_version = ${stamp.version}, graded_at = ${stamp.at},
      next_regrade_at = v.next_at, updated_at = ${stamp.at}, row_version = leads.row_version + 1
    from v where leads.id = v.id and leads.row_version = v.rv`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
