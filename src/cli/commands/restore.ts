import { copyFileSync, existsSync, mkdirSync, realpathSync, statSync } from "node:fs";
import { dirname } from "node:path";
import {
  checkSqliteFile,
  installSqliteFile,
  isSqliteFileInUse,
  removeDatabaseFiles,
  siblingTempPath,
} from "../../store/backup.js";
import type { CliContext } from "../context.js";
import { databaseConfig } from "../database.js";
import { resolveLocale, UsageError } from "../io.js";
import { dbOption, localeOption, type RegisterCommand } from "../options.js";
import { postgresHelp } from "./backup.js";

export interface RestoreFlags {
  readonly db?: string;
  readonly force?: boolean;
  readonly locale?: string;
}

/**
 * `truce restore FILE`: puts a backup in place of the SQLite database. Refuses (exit 2) to replace
 * an existing database without --force; refuses (exit 1) while a server has it open, and a file
 * that is not an intact Truce database or comes from a newer Truce. The backup is copied beside the
 * target, checked there, and renamed into place: the target is the old database or the new one,
 * never a mixture. A backup from an older Truce is upgraded when the database is next opened.
 */
export async function runRestore(ctx: CliContext, file: string, flags: RestoreFlags): Promise<number> {
  const ru = resolveLocale(flags.locale, ctx.config) === "ru";
  const config = databaseConfig(ctx, flags.db);
  if (config.kind === "postgres") {
    ctx.err(postgresHelp(config.url, file, ru));
    return 2;
  }
  const target = config.path;
  if (target === ":memory:") throw new UsageError("cannot restore into an in-memory database");
  if (!existsSync(file) || !statSync(file).isFile())
    throw new UsageError(ru ? `нет файла ${file}` : `no such file: ${file}`);
  const targetExists = existsSync(target) && statSync(target).size > 0;
  if (targetExists && realpathSync(target) === realpathSync(file))
    throw new UsageError(ru ? "это и есть файл базы данных" : "that is the database file itself");
  if (targetExists && !flags.force)
    throw new UsageError(
      ru
        ? `база данных ${target} уже существует: добавьте --force, чтобы заменить её (её данные будут потеряны; сначала сделайте truce backup)`
        : `the database ${target} exists: add --force to replace it (its data will be lost; truce backup it first)`,
    );
  const inUse = () => {
    if (!existsSync(target) || !isSqliteFileInUse(target)) return false;
    ctx.err(
      ru
        ? `truce: база данных ${target} открыта другим процессом (работает truce serve?): остановите его и повторите\n`
        : `truce: the database ${target} is open in another process (is truce serve running?): stop it and try again\n`,
    );
    return true;
  };
  if (inUse()) return 1;

  mkdirSync(dirname(target), { recursive: true });
  const copy = siblingTempPath(target, "restore");
  try {
    copyFileSync(file, copy);
    const problem = problemOf(copy, ru);
    if (problem) {
      ctx.err(`truce: ${file}: ${problem}\n`);
      return 1;
    }
    // Checked again just before the swap: the copy and its check may have taken a while.
    if (inUse()) return 1;
    installSqliteFile(copy, target);
  } finally {
    removeDatabaseFiles(copy);
  }
  ctx.out(
    ru
      ? `База данных ${target} восстановлена из ${file}.\n`
      : `Restored the database ${target} from ${file}.\n`,
  );
  return 0;
}

/** Why a backup cannot be restored, or null when it can. */
function problemOf(copy: string, ru: boolean): string | null {
  let check: ReturnType<typeof checkSqliteFile>;
  try {
    check = checkSqliteFile(copy);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT")
      return ru ? "это не база данных SQLite" : "not a SQLite database";
    throw e;
  }
  if (check.integrity !== "ok")
    return ru ? `файл повреждён (${check.integrity})` : `the file is damaged (${check.integrity})`;
  if (check.migrations === null)
    return ru ? "это не база данных Truce" : "not a Truce database (no truce_migrations)";
  if (check.unknownMigrations.length > 0)
    return ru
      ? `копия сделана более новой версией Truce (${check.unknownMigrations.join(", ")}): сначала обновите Truce`
      : `the backup comes from a newer Truce (${check.unknownMigrations.join(", ")}): upgrade Truce first`;
  return null;
}

export const registerRestore: RegisterCommand = (program, ctx, exit) => {
  program
    .command("restore")
    .description("replace the SQLite database with a backup made by truce backup")
    .argument("<file>", "the backup to restore")
    .option("--force", "replace an existing database (its data is lost)")
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      `
Stop the server first: a database open in another process is refused (its lock is tested).
The backup must be an intact Truce database, not from a newer Truce; it is copied beside the
database, checked, and renamed into place, so a failed restore leaves the old database as it was.
PostgreSQL (DATABASE_URL): prints the psql command to use instead, and exits 2.

Examples:
  truce restore backups/truce-2026-11-27.db
  truce restore backups/truce-2026-11-27.db --db /var/lib/truce/truce.db --force

Exit code 0: restored; 1: the backup is unusable, or the database is in use; 2: bad call (the
database exists and --force is missing), or PostgreSQL.`,
    )
    .action(async (file: string, opts: RestoreFlags) => {
      exit(await runRestore(ctx, file, opts));
    });
};
