import { existsSync } from "node:fs";
import type { AppDeps } from "../app/deps.js";
import { GraderCache } from "../app/grading.js";
import { uuidV7 } from "../app/ids.js";
import { type DatabaseConfig, openStore, type Store } from "../store/connect.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./io.js";

/** Where the data lives: --db, else TRUCE_DB, else ./data/truce.db; DATABASE_URL=postgres://… wins over both. */
export function databaseConfig(ctx: CliContext, dbFlag: string | undefined): DatabaseConfig {
  const { databaseUrl, sqlitePath } = ctx.config;
  return databaseUrl !== null
    ? { kind: "postgres", url: databaseUrl }
    : { kind: "sqlite", path: dbFlag ?? sqlitePath };
}

/** Opens (creating and migrating if needed) the database, and the app's dependencies over it. */
export async function openApp(
  ctx: CliContext,
  config: DatabaseConfig,
): Promise<{ deps: AppDeps; store: Store; isNew: boolean }> {
  const isNew = config.kind === "sqlite" && config.path !== ":memory:" && !existsSync(config.path);
  let store: Store;
  try {
    store = await openStore(config);
  } catch (e) {
    throw new UsageError(
      `cannot open the database ${config.kind === "sqlite" ? config.path : "at DATABASE_URL"}: ${(e as Error).message}`,
    );
  }
  const deps: AppDeps = { store, clock: ctx.now, newId: () => uuidV7(ctx.now()), graders: new GraderCache() };
  return { deps, store, isNew };
}
