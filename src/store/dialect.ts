import { PostgresAdapter, SqliteAdapter } from "kysely";

export type DialectName = "sqlite" | "postgres";

/** Which engine a Kysely instance (or transaction) talks to: the few places where SQL differs ask this. */
export function dialectOf(db: { getExecutor(): { readonly adapter: unknown } }): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return "sqlite";
  if (adapter instanceof PostgresAdapter) return "postgres";
  throw new Error("unsupported database dialect");
}
