import type { Insertable, Selectable, Updateable } from "kysely";
import type { Db } from "./leads.js";
import type { SavedViewsTable } from "./tables.js";

export type SavedViewRow = Selectable<SavedViewsTable>;

/** One person's saved inbox views, in their order (saved_views_user). */
export async function findViewsOf(db: Db, userId: string): Promise<SavedViewRow[]> {
  return db
    .selectFrom("saved_views")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("position")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** A view, only if it is this person's: someone else's is as absent as a missing one. */
export async function findViewOf(db: Db, userId: string, id: string): Promise<SavedViewRow | undefined> {
  return db
    .selectFrom("saved_views")
    .selectAll()
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

/** How many views the person has and the last position (-1 when none). */
export async function viewStatsOf(db: Db, userId: string): Promise<{ count: number; lastPosition: number }> {
  const row = await db
    .selectFrom("saved_views")
    .select((eb) => [eb.fn.countAll().as("n"), eb.fn.max("position").as("last")])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), lastPosition: row?.last == null ? -1 : Number(row.last) };
}

export async function insertView(db: Db, row: Insertable<SavedViewsTable>): Promise<void> {
  await db.insertInto("saved_views").values(row).execute();
}

/** Changes one of the person's views; false when they have no such view. */
export async function updateViewOf(
  db: Db,
  userId: string,
  id: string,
  change: Updateable<SavedViewsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable("saved_views")
    .set(change)
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes one of the person's views; false when they have no such view. */
export async function deleteViewOf(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom("saved_views")
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Everyone's id, name and role (no e-mail, no secrets): for owner names and pickers. */
export async function listPeople(
  db: Db,
): Promise<{ id: string; name: string; role: string; disabled_at: number | null }[]> {
  return db
    .selectFrom("users")
    .select(["id", "name", "role", "disabled_at"])
    .orderBy("name")
    .orderBy("id")
    .execute();
}
