import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import type { FormsTable } from "./tables.js";

export type FormRow = Selectable<FormsTable>;

export async function insertForm(db: Db, row: Insertable<FormsTable>): Promise<void> {
  await db.insertInto("forms").values(row).execute();
}

export async function findFormById(db: Db, id: string): Promise<FormRow | undefined> {
  return db.selectFrom("forms").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Every form, newest first (a company has a handful: no paging). */
export async function listForms(db: Db): Promise<FormRow[]> {
  return db.selectFrom("forms").selectAll().orderBy("created_at", "desc").orderBy("id").execute();
}

/** Replaces a form's configuration; false when there is no such form. */
export async function updateForm(
  db: Db,
  id: string,
  change: Pick<FormRow, "name" | "key_id" | "locales" | "config" | "updated_at">,
): Promise<boolean> {
  const r = await db.updateTable("forms").set(change).where("id", "=", id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteForm(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom("forms").where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
