import type { Db } from "./leads.js";

/** Every company setting, key → parsed JSON value. A handful of rows: read whole. */
export async function readSettings(db: Db): Promise<Map<string, unknown>> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  return new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

/** Sets one setting (insert or replace), recording who and when. */
export async function writeSetting(
  db: Db,
  key: string,
  value: unknown,
  at: number,
  by: string,
): Promise<void> {
  const row = { key, value: JSON.stringify(value), updated_at: at, updated_by: by };
  await db
    .insertInto("settings")
    .values(row)
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();
}
