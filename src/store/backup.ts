import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { MIGRATIONS } from "./migrate.js";

/**
 * File-level operations on SQLite databases for `truce backup` and `truce restore`. They open
 * their own better-sqlite3 connections to the files: a backup reads the live file beside the
 * server's connection, and a restore must not go through a store that would migrate the target.
 */

/** A path beside `path` (same folder, so a rename is atomic) that nothing else uses. */
export function siblingTempPath(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${randomBytes(6).toString("hex")}`);
}

/**
 * Copies a live SQLite database into `dest` with SQLite's online backup API. Every page is copied
 * in ONE backup step, which reads one snapshot (a read transaction: in WAL mode writers go on,
 * and a writer in another process never makes the step restart midway), so the copy holds exactly
 * the transactions committed when the step began. Written to a temporary file and renamed into
 * place, so `dest` is never a half-written copy.
 */
export async function backupSqliteFile(source: string, dest: string): Promise<{ readonly pages: number }> {
  const db = new SqliteDatabase(source, { fileMustExist: true });
  const temp = siblingTempPath(dest, "backup");
  try {
    db.pragma("busy_timeout = 5000");
    const result = await db.backup(temp, { progress: () => 0x7fffffff });
    syncFile(temp);
    renameSync(temp, dest);
    syncFile(dirname(dest));
    return { pages: result.totalPages };
  } catch (e) {
    removeDatabaseFiles(temp);
    throw e;
  } finally {
    db.close();
  }
}

export interface SqliteFileCheck {
  /** `pragma integrity_check`'s answer: "ok", or its first problems. */
  readonly integrity: string;
  /** The Truce migrations applied to it; null when it has no truce_migrations table. */
  readonly migrations: readonly string[] | null;
  /** Applied migrations this Truce does not know: the file comes from a newer Truce. */
  readonly unknownMigrations: readonly string[];
}

/**
 * Checks a SQLite file: intact, a Truce database, and not from a newer Truce. Opens it read-write
 * (read-only connections cannot open a WAL-mode file without its -shm), reads only, and closes,
 * which checkpoints and removes its -wal again. Throws SQLITE_NOTADB for a file that is not SQLite.
 */
export function checkSqliteFile(path: string): SqliteFileCheck {
  const db = new SqliteDatabase(path, { fileMustExist: true });
  try {
    const problems = db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
    const integrity = problems
      .slice(0, 5)
      .map((p) => p.integrity_check)
      .join("; ");
    const hasTable = db
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'truce_migrations'")
      .get();
    const migrations = hasTable
      ? (db.prepare("select name from truce_migrations order by name").all() as { name: string }[]).map(
          (r) => r.name,
        )
      : null;
    const unknownMigrations = (migrations ?? []).filter((n) => !(n in MIGRATIONS));
    return { integrity, migrations, unknownMigrations };
  } finally {
    db.close();
  }
}

/**
 * Whether another connection has the database open, as a running `truce serve` does. In WAL mode
 * every connection that has read the database holds a shared lock on the file until it closes,
 * so taking an exclusive lock (exclusive locking mode, `BEGIN EXCLUSIVE`) fails while one is open,
 * even an idle one. Waits up to `timeoutMs` for a connection that is just closing.
 */
export function isSqliteFileInUse(path: string, timeoutMs = 1000): boolean {
  const db = new SqliteDatabase(path, { fileMustExist: true, timeout: timeoutMs });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
    db.exec("ROLLBACK");
    return false;
  } catch (e) {
    if (
      (e as { code?: string }).code?.startsWith("SQLITE_BUSY") ||
      (e as { code?: string }).code === "SQLITE_LOCKED"
    )
      return true;
    throw e;
  } finally {
    db.close();
  }
}

/**
 * Puts a checked copy in place of the database at `target`, atomically: the stale -wal and -shm
 * of the old database go first (SQLite would otherwise replay the old log onto the new file), then
 * the copy is renamed over the target. The copy must be in the target's folder.
 */
export function installSqliteFile(copy: string, target: string): void {
  syncFile(copy);
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(copy, target);
  syncFile(dirname(target));
}

/** Removes a database file and its companions (-wal, -shm, -journal), if any. */
export function removeDatabaseFiles(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}

/** fsync, so a rename never publishes a file whose bytes are not yet on disk. */
function syncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
