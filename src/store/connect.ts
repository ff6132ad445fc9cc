import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { DialectName } from "./dialect.js";
import { GroupCommit, type GroupCommitOptions } from "./group-commit.js";
import { migrateToLatest } from "./migrate.js";
import { CachedStatementDatabase, STATEMENT_CACHE_SIZE, TruceSqliteDialect } from "./sqlite-driver.js";
import type { Database } from "./tables.js";

export type DatabaseConfig =
  | {
      readonly kind: "sqlite";
      readonly path: string;
      /**
       * How long a write waits for another connection's lock. better-sqlite3 waits synchronously,
       * blocking its thread: fine across processes, but connections sharing one thread (tests)
       * should pass 0 and rely on the transaction retries instead.
       */
      readonly busyTimeoutMs?: number | undefined;
      /** Prepared statements kept for reuse (default 500; 0 prepares every query anew). */
      readonly statementCache?: number | undefined;
      /**
       * Concurrent transactions applied as one group, each in its own savepoint (default on);
       * `false`: one transaction per unit, as on PostgreSQL. See src/store/group-commit.ts.
       */
      readonly groupCommit?: GroupCommitOptions | false | undefined;
    }
  | {
      readonly kind: "postgres";
      readonly url: string;
      /** A schema to work in (tests give each run its own); default: the server's search_path. */
      readonly schema?: string | undefined;
      readonly poolSize?: number | undefined;
    };

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where the data lives, for messages: the file path, or the server without credentials. */
  readonly location: string;
  /** SQLite: the queue that applies concurrent units of work in one transaction (inTransaction). */
  readonly groupCommit?: GroupCommit<Database> | undefined;
  /** SQLite: the connection with its statement cache. */
  readonly sqlite?: CachedStatementDatabase | undefined;
  readonly close: () => Promise<void>;
}

// PostgreSQL returns bigint as text by default; every bigint here is epoch ms or an id, far
// below 2^53, so reading them as numbers is exact.
pg.types.setTypeParser(20, (v) => Number(v));

/** Picks the database from the environment: DATABASE_URL=postgres://… or a SQLite file path. */
export function databaseConfigFrom(env: NodeJS.ProcessEnv, sqlitePath: string): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  if (url) throw new Error(`DATABASE_URL must start with postgres:// (got "${url.split(":")[0]}:…")`);
  return { kind: "sqlite", path: sqlitePath };
}

/**
 * Opens the database and applies pending migrations. SQLite: the file (and its folder) is
 * created on first use, in WAL mode with full sync, so a committed write survives a crash.
 */
export async function openStore(config: DatabaseConfig, options: { migrate?: boolean } = {}): Promise<Store> {
  let store: Store;
  if (config.kind === "sqlite") {
    if (config.path !== ":memory:") mkdirSync(dirname(config.path), { recursive: true });
    const sqlite = new SqliteDatabase(config.path);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = FULL");
    sqlite.pragma("foreign_keys = ON");
    // SQLite's own lower() folds ASCII only; searches must fold Cyrillic too ("Ольга" ~ "ольга").
    sqlite.function("lower", { deterministic: true }, (v: unknown) =>
      v == null ? null : String(v).toLowerCase(),
    );
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(config.busyTimeoutMs ?? 5000))}`);
    const cached = new CachedStatementDatabase(sqlite, config.statementCache ?? STATEMENT_CACHE_SIZE);
    const db = new Kysely<Database>({ dialect: new TruceSqliteDialect(cached) });
    const groupCommit = config.groupCommit === false ? undefined : new GroupCommit(db, config.groupCommit);
    store = {
      db,
      dialect: "sqlite",
      location: config.path,
      groupCommit,
      sqlite: cached,
      close: async () => {
        await groupCommit?.idle();
        await db.destroy();
      },
    };
  } else {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      ...(config.schema ? { options: `-c search_path=${quoteIdent(config.schema)}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const u = new URL(config.url);
    store = { db, dialect: "postgres", location: `${u.host}${u.pathname}`, close: () => db.destroy() };
  }
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store.db as Kysely<unknown>);
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return name;
}

/** Readiness: the database answers a trivial query. */
export async function pingDatabase(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}
