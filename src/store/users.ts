import type { Insertable, Selectable, Updateable } from "kysely";
import type { Db } from "./leads.js";
import type { UsersTable } from "./tables.js";

export type UserRow = Selectable<UsersTable>;

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertUser(db: Db, row: Insertable<UsersTable>): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom("users").selectAll().orderBy("created_at").orderBy("id").execute();
}

/** Changes a user's row; false when there is no such user. */
export async function updateUser(db: Db, id: string, change: Updateable<UsersTable>): Promise<boolean> {
  const r = await db.updateTable("users").set(change).where("id", "=", id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Compare-and-set of the password hash, the person's own choice from `at` on: false when it
 * changed since the caller read it.
 */
export async function replacePasswordHash(
  db: Db,
  id: string,
  oldHash: string,
  newHash: string,
  at: number,
): Promise<boolean> {
  const r = await db
    .updateTable("users")
    .set({ password_hash: newHash, password_set_at: at })
    .where("id", "=", id)
    .where("password_hash", "=", oldHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Whether each role has at least one enabled user. */
export async function enabledRoles(db: Db): Promise<Set<string>> {
  const rows = await db
    .selectFrom("users")
    .select("role")
    .distinct()
    .where("disabled_at", "is", null)
    .execute();
  return new Set(rows.map((r) => r.role));
}

/**
 * Locks the rows of the enabled admins (a no-op update: row locks on PostgreSQL, the write lock
 * on SQLite) and counts them. Two admins demoting or disabling each other at once queue up here,
 * and the second one counts what the first one left.
 */
export async function lockEnabledAdmins(db: Db): Promise<number> {
  const r = await db
    .updateTable("users")
    .set((eb) => ({ role: eb.ref("role") }))
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Revokes every live session of a user but one (the one changing the password keeps theirs). */
export async function revokeOtherUserSessions(
  db: Db,
  userId: string,
  keepTokenHash: string,
  now: number,
): Promise<number> {
  const r = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("token_hash", "!=", keepTokenHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
