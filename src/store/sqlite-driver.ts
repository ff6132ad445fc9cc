import type BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  type SqliteStatement,
  type TransactionSettings,
} from "kysely";

/** How many prepared statements one connection keeps: the app has a few hundred distinct SQL texts. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * A better-sqlite3 connection as Kysely's SQLite driver sees it, with its statements reused.
 * Kysely's driver calls `prepare(sql)` for every query; preparing costs about as much as running
 * a small statement, so `prepare` answers from a cache keyed by the SQL text (least recently used
 * out beyond `capacity`). A cached statement that is still busy — an `iterate()` of a stream
 * left open — is not handed out again: that caller gets a fresh, uncached statement.
 *
 * Only Kysely uses this object, and Kysely never switches a statement's mode (`raw`, `pluck`,
 * `expand`), so a cached statement always answers the way a fresh one would.
 */
export class CachedStatementDatabase implements SqliteDatabase {
  readonly #cache = new Map<string, BetterSqlite3.Statement>();
  #hits = 0;
  #misses = 0;

  constructor(
    readonly raw: BetterSqlite3.Database,
    readonly capacity: number = STATEMENT_CACHE_SIZE,
  ) {}

  prepare(sql: string): SqliteStatement {
    const cached = this.#cache.get(sql);
    if (cached !== undefined) {
      if (cached.busy) return this.raw.prepare(sql);
      this.#hits++;
      // Map order is insertion order: re-inserting marks it most recently used.
      this.#cache.delete(sql);
      this.#cache.set(sql, cached);
      return cached;
    }
    this.#misses++;
    const stmt = this.raw.prepare(sql);
    if (this.capacity > 0) {
      this.#cache.set(sql, stmt);
      if (this.#cache.size > this.capacity) {
        const oldest = this.#cache.keys().next().value as string;
        this.#cache.delete(oldest);
      }
    }
    return stmt;
  }

  /** Statements cached, and how often `prepare` was answered from the cache (for tests and benches). */
  stats(): { readonly size: number; readonly hits: number; readonly misses: number } {
    return { size: this.#cache.size, hits: this.#hits, misses: this.#misses };
  }

  close(): void {
    this.#cache.clear();
    this.raw.close();
  }
}

/**
 * Kysely's SQLite dialect, except that a transaction begun with `accessMode: "read write"`
 * starts with BEGIN IMMEDIATE: it takes the write lock at once, so a group of writes never fails
 * half-way for another process's lock (SQLITE_BUSY_SNAPSHOT cannot be waited out; a busy BEGIN
 * can, and fails before anything ran). Other transactions keep SQLite's deferred BEGIN.
 */
export class TruceSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;

  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }

  override createDriver(): Driver {
    return new ImmediateWriteSqliteDriver({ database: this.#database });
  }
}

const BEGIN = CompiledQuery.raw("begin");
const BEGIN_IMMEDIATE = CompiledQuery.raw("begin immediate");

class ImmediateWriteSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    await connection.executeQuery(settings?.accessMode === "read write" ? BEGIN_IMMEDIATE : BEGIN);
  }
}
