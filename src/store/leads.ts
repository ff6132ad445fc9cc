import type { Kysely, Transaction } from "kysely";
import type { LeadState } from "../core/index.js";
import { dialectOf } from "./dialect.js";
import type { Database, LeadRow, LeadUpdate, NewLeadRow } from "./tables.js";

/** A connection or an open transaction: every repository function takes one as its first argument. */
export type Db = Kysely<Database> | Transaction<Database>;

/**
 * Reads a lead for writing: a no-op update first takes the lead's row lock (PostgreSQL) or the
 * database's write lock (SQLite), so writers on one lead queue up instead of failing their
 * compare-and-set and retrying. Call it first in a transaction.
 */
export async function findLeadForUpdate(db: Db, id: string): Promise<LeadRow | undefined> {
  // SQLite: the group commit begins every transaction IMMEDIATE (store/group-commit.ts), so the
  // write lock is held already. Without it (groupCommit: false) a stale read cannot be written
  // back either: the later write fails with SQLITE_BUSY(_SNAPSHOT) and the unit is retried.
  if (dialectOf(db) === "sqlite") return findLeadById(db, id);
  await db
    .updateTable("leads")
    .set((eb) => ({ row_version: eb.ref("row_version") }))
    .where("id", "=", id)
    .execute();
  return findLeadById(db, id);
}

export async function findLeadById(db: Db, id: string): Promise<LeadRow | undefined> {
  return db.selectFrom("leads").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * The open lead with this e-mail, else with this phone (normalised forms), if any. One statement,
 * a UNION ALL of the two partial-index lookups (SQLite does not use partial indexes for an OR):
 * at most two rows, the e-mail's first.
 */
export async function findOpenLeadByContact(
  db: Db,
  emailNorm: string | null,
  phoneNorm: string | null,
): Promise<LeadRow | undefined> {
  const by = (column: "email_norm" | "phone_norm", value: string) =>
    db.selectFrom("leads").selectAll().where(column, "=", value).where("is_open", "=", 1);
  let q = emailNorm ? by("email_norm", emailNorm) : phoneNorm ? by("phone_norm", phoneNorm) : null;
  if (!q) return undefined;
  if (emailNorm && phoneNorm) q = q.unionAll(by("phone_norm", phoneNorm));
  const rows = await q.execute();
  return rows.find((r) => emailNorm !== null && r.email_norm === emailNorm) ?? rows[0];
}

export async function insertLead(db: Db, row: NewLeadRow): Promise<void> {
  await db.insertInto("leads").values(row).execute();
}

/**
 * Compare-and-set: applies the change only if nobody changed the lead since it was read
 * (`row_version` still equal), and bumps the version. Returns false when it lost the race.
 */
export async function updateLeadIfUnchanged(
  db: Db,
  id: string,
  rowVersion: number,
  change: LeadUpdate,
): Promise<boolean> {
  const r = await db
    .updateTable("leads")
    .set({ ...change, row_version: rowVersion + 1 })
    .where("id", "=", id)
    .where("row_version", "=", rowVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Hand-offs whose service level is broken: unanswered past their due time (served by the
 * leads_sla partial index), or answered late. Most overdue first.
 */
export async function findSlaBreaches(db: Db, now: number, limit = 500): Promise<LeadRow[]> {
  const open = await db
    .selectFrom("leads")
    .selectAll()
    .where("sla_due_at", "is not", null)
    .where("responded_at", "is", null)
    .where("sla_due_at", "<", now)
    .orderBy("sla_due_at")
    .limit(limit)
    .execute();
  const late = await db
    .selectFrom("leads")
    .selectAll()
    .where("sla_due_at", "is not", null)
    .where("responded_at", "is not", null)
    .whereRef("responded_at", ">", "sla_due_at")
    .orderBy("sla_due_at")
    .limit(limit)
    .execute();
  return [...open, ...late];
}

/**
 * The lead's stored lifecycle: the core's `LeadState` without grade and known facts (derived from
 * the lead row and its facts). Parsed here, so no layer above reads the JSON column.
 */
export function storedLifecycleOf(lead: Pick<LeadRow, "lifecycle">): StoredLifecycle {
  return JSON.parse(lead.lifecycle) as StoredLifecycle;
}

export type StoredLifecycle = Omit<LeadState, "grade" | "knownFacts">;
