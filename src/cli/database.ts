import { existsSync } from "node:fs";
import type { AppDeps } from "../app/deps.js";
import { GraderCache } from "../app/grading.js";
import { uuidV7 } from "../app/ids.js";
import { AppError, type Locale, pick } from "../core/index.js";
import { type DatabaseConfig, openStore, type Store } from "../store/connect.js";
import type { CliContext } from "./context.js";
import { resolveLocale, UsageError } from "./io.js";

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

/**
 * Runs a command body against the opened database; an AppError becomes one message on stderr:
 * exit 2 when the call was wrong (`validation.*`), else 1 (the database said no: a taken e-mail,
 * an unknown key). Shared by the commands that call use cases. A SQLite file that does not exist
 * is refused (exit 2) rather than created: these commands work on an existing database.
 */
export async function withApp(
  ctx: CliContext,
  flags: { readonly db?: string | undefined; readonly locale?: string | undefined },
  body: (deps: Awaited<ReturnType<typeof openApp>>["deps"], locale: Locale) => Promise<number>,
): Promise<number> {
  const locale = resolveLocale(flags.locale, ctx.config);
  const config = databaseConfig(ctx, flags.db);
  // Opening would create an empty database: a mistyped --db must not look like an empty company.
  if (config.kind === "sqlite" && config.path !== ":memory:" && !existsSync(config.path))
    throw new UsageError(
      locale === "ru"
        ? `нет базы данных ${config.path}: сначала выполните truce init (или укажите --db)`
        : `there is no database at ${config.path}: run truce init first (or give --db)`,
    );
  const { deps, store } = await openApp(ctx, config);
  try {
    return await body(deps, locale);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    ctx.err(`truce: ${pick(e.userMessage, locale)}\n`);
    return e.code.startsWith("validation.") ? 2 : 1;
  } finally {
    await store.close();
  }
}
