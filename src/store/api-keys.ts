import type { Insertable } from "kysely";
import type { Db } from "./leads.js";
import type { ApiKeyRow } from "./sessions.js";
import type { ApiKeysTable } from "./tables.js";

/**
 * API keys as admins manage them. Resolving a key on a request (by its hash) and recording its
 * last use live in `sessions.ts`, beside sessions.
 */

export async function insertApiKey(db: Db, row: Insertable<ApiKeysTable>): Promise<void> {
  await db.insertInto("api_keys").values(row).execute();
}

export async function findApiKeyById(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Every key, revoked ones included (they stay listed, for the record), oldest first. */
export async function listApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.selectFrom("api_keys").selectAll().orderBy("created_at").orderBy("id").execute();
}

/** Revokes a key if it is live; false when it was revoked already (or does not exist). */
export async function revokeApiKey(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable("api_keys")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
