import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import type { DefinitionApprovalsTable, DefinitionVersionsTable } from "./tables.js";

export type DefinitionVersionRow = Selectable<DefinitionVersionsTable>;
export type ApprovalRow = Selectable<DefinitionApprovalsTable>;

export async function findActiveDefinition(db: Db): Promise<DefinitionVersionRow | undefined> {
  return db.selectFrom("definition_versions").selectAll().where("status", "=", "active").executeTakeFirst();
}

/** The active version's number only: its source is read once per version, by the grader cache. */
export async function findActiveVersionNumber(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom("definition_versions")
    .select("version")
    .where("status", "=", "active")
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.version);
}

/** Versions activated after an instant, oldest first: number, when, by whom. */
export async function findActivationsSince(
  db: Db,
  since: number,
): Promise<{ version: number; activated_at: number; activated_by: string | null }[]> {
  const rows = await db
    .selectFrom("definition_versions")
    .select(["version", "activated_at", "activated_by"])
    .where("activated_at", ">", since)
    .orderBy("activated_at")
    .execute();
  return rows.map((r) => ({
    version: Number(r.version),
    activated_at: Number(r.activated_at),
    activated_by: r.activated_by,
  }));
}

export async function findDefinitionVersion(
  db: Db,
  version: number,
): Promise<DefinitionVersionRow | undefined> {
  return db.selectFrom("definition_versions").selectAll().where("version", "=", version).executeTakeFirst();
}

/**
 * Reads a version for changing its status: a no-op update first takes the row lock (PostgreSQL)
 * or the write lock (SQLite), so two heads approving at once queue up and the second one sees
 * the first one's approval. Call it first in a transaction.
 */
export async function findDefinitionVersionForUpdate(
  db: Db,
  version: number,
): Promise<DefinitionVersionRow | undefined> {
  await db
    .updateTable("definition_versions")
    .set((eb) => ({ status: eb.ref("status") }))
    .where("version", "=", version)
    .execute();
  return findDefinitionVersion(db, version);
}

export async function listDefinitionVersions(db: Db): Promise<DefinitionVersionRow[]> {
  return db.selectFrom("definition_versions").selectAll().orderBy("version").execute();
}

export async function nextDefinitionVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom("definition_versions")
    .select((eb) => eb.fn.max("version").as("max"))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertDefinitionVersion(
  db: Db,
  row: Insertable<DefinitionVersionsTable>,
): Promise<void> {
  await db.insertInto("definition_versions").values(row).execute();
}

export async function updateDefinitionStatus(
  db: Db,
  version: number,
  from: readonly string[],
  change: Partial<Omit<DefinitionVersionRow, "version">>,
): Promise<boolean> {
  const r = await db
    .updateTable("definition_versions")
    .set(change)
    .where("version", "=", version)
    .where("status", "in", from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findApprovals(db: Db, version: number): Promise<ApprovalRow[]> {
  return db.selectFrom("definition_approvals").selectAll().where("version", "=", version).execute();
}

export async function insertApproval(db: Db, row: Insertable<DefinitionApprovalsTable>): Promise<void> {
  await db.insertInto("definition_approvals").values(row).execute();
}

/** Every approval of every version, oldest version first, in the order they were given. */
/** Removes the approvals of these departments from a version (they no longer count). */
export async function deleteApprovals(db: Db, version: number, roles: readonly string[]): Promise<void> {
  if (roles.length === 0) return;
  await db
    .deleteFrom("definition_approvals")
    .where("version", "=", version)
    .where("role", "in", roles)
    .execute();
}

export async function listAllApprovals(db: Db): Promise<ApprovalRow[]> {
  return db.selectFrom("definition_approvals").selectAll().orderBy("version").orderBy("at").execute();
}
