import { type Kysely, sql } from "kysely";
import { dialectOf } from "../dialect.js";

/**
 * Spreadsheet imports. `imports` is one row per import of one file with one set of options: its
 * progress cursor (the last row number committed) moves in the same transaction as the rows it
 * covers, so a crash leaves whole batches and a rerun resumes exactly after the last one.
 * `import_rows` has one row per data row written (created, merged or rejected): its primary key
 * makes "a row is never written twice" a rule of the database, maps each row to its lead, and
 * keeps the rejects (column, value, reason) so the rejects file can be rebuilt after a crash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("imports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_size", "bigint", (c) => c.notNull())
    /** SHA-256 of the size, the first MiB and the last MiB. */
    .addColumn("fingerprint", "text", (c) => c.notNull())
    /** SHA-256 of the options that change what rows become (mapping, encoding, delimiter, dates…). */
    .addColumn("options_hash", "text", (c) => c.notNull())
    .addColumn("options", "text", (c) => c.notNull())
    /** running | done */
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("cursor", "bigint", (c) => c.notNull())
    .addColumn("created", "bigint", (c) => c.notNull())
    .addColumn("merged", "bigint", (c) => c.notNull())
    .addColumn("rejected", "bigint", (c) => c.notNull())
    /** Empty lines: counted, so created + merged + rejected + skipped = rows read. */
    .addColumn("skipped", "bigint", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint")
    .execute();
  // The same file with the same options is one import: a plain rerun finds it and resumes or reports.
  await db.schema
    .createIndex("imports_file")
    .on("imports")
    .columns(["fingerprint", "options_hash"])
    .unique()
    .execute();

  let rows = db.schema
    .createTable("import_rows")
    .addColumn("import_id", "text", (c) => c.notNull().references("imports.id"))
    .addColumn("row", "bigint", (c) => c.notNull())
    /** created | merged | rejected */
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("lead_id", "text")
    .addColumn("column_name", "text")
    .addColumn("value", "text")
    .addColumn("reason", "text")
    .addPrimaryKeyConstraint("import_rows_pk", ["import_id", "row"]);
  // One b-tree instead of a table plus its key's index: a million-row import writes a million of these.
  if (dialectOf(db) === "sqlite") rows = rows.modifyEnd(sql`without rowid`);
  await rows.execute();
}
