import { type Kysely, type Migration, Migrator, sql } from "kysely";
import { dialectOf } from "./dialect.js";
import * as initial from "./migrations/0001-initial.js";

/** Every migration, in order. Names sort; a new one gets the next number. Never edit a shipped one. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001-initial": initial,
};

/**
 * Brings the schema up to date; safe to call at every start-up and from several processes at once
 * (Kysely's migrator holds a lock table while it works). Throws with the failing migration's name.
 */
export async function migrateToLatest(db: Kysely<unknown>, upTo?: string): Promise<string[]> {
  // On PostgreSQL the migrator must be told its schema: left alone, it looks for its bookkeeping
  // tables in every schema and takes another schema's tables for its own.
  const schema =
    dialectOf(db) === "postgres"
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...MIGRATIONS }) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    throw new Error(
      `database migration ${failed?.migrationName ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
