import { type Kysely, PostgresAdapter, SqliteAdapter } from "kysely";

export type DialectName = "sqlite" | "postgres";

/** Which engine a Kysely instance talks to: the few places where SQL differs ask this. */
export function dialectOf(db: Kysely<unknown> | Kysely<never>): DialectName {
  const adapter = (db as Kysely<unknown>).getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return "sqlite";
  if (adapter instanceof PostgresAdapter) return "postgres";
  throw new Error("unsupported database dialect");
}
