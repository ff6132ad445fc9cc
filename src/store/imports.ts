import SqliteDatabase from "better-sqlite3";
import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import type { ImportRowsTable, ImportsTable } from "./tables.js";

export type ImportRecord = Selectable<ImportsTable>;
export type ImportRejectRow = Pick<Selectable<ImportRowsTable>, "row" | "column_name" | "value" | "reason">;

/** The import of this file (by fingerprint) with these options, if there was one. */
export async function findImport(
  db: Db,
  fingerprint: string,
  optionsHash: string,
): Promise<ImportRecord | undefined> {
  return db
    .selectFrom("imports")
    .selectAll()
    .where("fingerprint", "=", fingerprint)
    .where("options_hash", "=", optionsHash)
    .executeTakeFirst();
}

/**
 * Records a new import, or finds the one another process recorded for the same file and options
 * a moment earlier (the unique index decides): either way, returns the row that now exists.
 */
export async function insertImport(db: Db, row: Insertable<ImportsTable>): Promise<ImportRecord> {
  await db
    .insertInto("imports")
    .values(row)
    .onConflict((oc) => oc.columns(["fingerprint", "options_hash"]).doNothing())
    .execute();
  return (await findImport(db, row.fingerprint, row.options_hash)) as ImportRecord;
}

/**
 * Compare-and-set of the progress cursor: moves it from `from` to `to` only if it is still at
 * `from`. Run first in a batch's transaction, it also takes the write lock (SQLite) or the row
 * lock (PostgreSQL) of the import, so two processes cannot write the same rows. False when
 * another process moved the cursor.
 */
export async function advanceImportCursor(
  db: Db,
  id: string,
  from: number,
  to: number,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable("imports")
    .set({ cursor: to, updated_at: now })
    .where("id", "=", id)
    .where("cursor", "=", from)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ImportCounts {
  readonly created: number;
  readonly merged: number;
  readonly rejected: number;
  readonly skipped: number;
}

export async function addImportCounts(db: Db, id: string, counts: ImportCounts): Promise<void> {
  await db
    .updateTable("imports")
    .set((eb) => ({
      created: eb("created", "+", counts.created),
      merged: eb("merged", "+", counts.merged),
      rejected: eb("rejected", "+", counts.rejected),
      skipped: eb("skipped", "+", counts.skipped),
    }))
    .where("id", "=", id)
    .execute();
}

export async function finishImport(db: Db, id: string, now: number): Promise<void> {
  await db
    .updateTable("imports")
    .set({ status: "done", finished_at: now, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function findImportById(db: Db, id: string): Promise<ImportRecord | undefined> {
  return db.selectFrom("imports").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The rejected rows of an import after `afterRow`, in row order: a page of the rejects file. */
export async function findImportRejects(
  db: Db,
  id: string,
  afterRow: number,
  limit: number,
): Promise<ImportRejectRow[]> {
  return db
    .selectFrom("import_rows")
    .select(["row", "column_name", "value", "reason"])
    .where("import_id", "=", id)
    .where("row", ">", afterRow)
    .where("outcome", "=", "rejected")
    .orderBy("row")
    .limit(limit)
    .execute();
}

/**
 * `npm run bench:import` only: the raw floor the import is compared with — the same number of
 * lead rows inserted with ONE prepared statement in ONE transaction, over its own better-sqlite3
 * connection to a fresh, migrated file, with openStore's durability (WAL, synchronous FULL).
 * Rows: [id, name, email, email_norm, phone, phone_norm, company, source]. Nothing in the app uses it.
 */
export function insertLeadsRawForBench(
  path: string,
  rows: Iterable<readonly unknown[]>,
  now: number,
): number {
  const db = new SqliteDatabase(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    const insert = db.prepare(
      `insert into leads (id, name, email, email_norm, phone, phone_norm, company, source, stage, lifecycle,
        is_open, created_at, updated_at, row_version) values (?, ?, ?, ?, ?, ?, ?, ?, 'captured', '{}', 1, ?, ?, 0)`,
    );
    let n = 0;
    db.transaction(() => {
      for (const r of rows) {
        insert.run(...r, now, now);
        n++;
      }
    })();
    return n;
  } finally {
    db.close();
  }
}
