import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { backupSqliteFile, checkSqliteFile, removeDatabaseFiles } from "../../store/backup.js";
import type { CliContext } from "../context.js";
import { databaseConfig } from "../database.js";
import { resolveLocale, UsageError } from "../io.js";
import { dbOption, localeOption, type RegisterCommand } from "../options.js";

export interface BackupFlags {
  readonly db?: string;
  readonly force?: boolean;
  readonly locale?: string;
}

/**
 * `truce backup FILE`: a consistent copy of the SQLite database, safe while the server runs
 * (SQLite's online backup). On PostgreSQL the database server owns the data: the command prints
 * the pg_dump and psql commands for DATABASE_URL and exits 2.
 */
export async function runBackup(ctx: CliContext, file: string, flags: BackupFlags): Promise<number> {
  const ru = resolveLocale(flags.locale, ctx.config) === "ru";
  const config = databaseConfig(ctx, flags.db);
  if (config.kind === "postgres") {
    ctx.err(postgresHelp(config.url, file, ru));
    return 2;
  }
  const source = config.path;
  if (source === ":memory:" || !existsSync(source))
    throw new UsageError(ru ? `нет базы данных ${source}` : `there is no database at ${source}`);
  if (resolve(source) === resolve(file))
    throw new UsageError(
      ru ? "копию нельзя записать поверх самой базы" : "the backup cannot overwrite the database itself",
    );
  if (!existsSync(dirname(resolve(file))))
    throw new UsageError(ru ? `нет папки ${dirname(file)}` : `the folder ${dirname(file)} does not exist`);
  if (existsSync(file) && !flags.force)
    throw new UsageError(
      ru
        ? `${file} уже существует: --force, чтобы заменить его`
        : `${file} exists: add --force to replace it`,
    );
  const { pages } = await backupSqliteFile(source, file);
  const check = checkSqliteFile(file);
  const problem =
    check.integrity !== "ok"
      ? ru
        ? `копия не прошла проверку целостности (${check.integrity})`
        : `the copy failed its integrity check (${check.integrity})`
      : check.migrations === null
        ? ru
          ? `${source} — не база данных Truce`
          : `${source} is not a Truce database`
        : null;
  if (problem) {
    removeDatabaseFiles(file);
    ctx.err(ru ? `truce: ${problem}; копия удалена\n` : `truce: ${problem}; the copy was removed\n`);
    return 1;
  }
  const size = statSync(file).size;
  ctx.out(
    ru
      ? `Копия ${source} записана в ${file}: ${formatSize(size)}, ${pages} стр., проверка целостности пройдена.\nВосстановление: truce restore ${file}\n`
      : `Backed up ${source} to ${file}: ${formatSize(size)}, ${pages} pages, integrity check passed.\nRestore it with: truce restore ${file}\n`,
  );
  return 0;
}

/** What to run on PostgreSQL: pg_dump and psql, for DATABASE_URL without its password. */
export function postgresHelp(url: string, file: string, ru: boolean): string {
  const safe = shellQuote(urlWithoutPassword(url));
  const f = shellQuote(file);
  const dump = `pg_dump --no-owner --file=${f} ${safe}`;
  const restore = `psql --single-transaction --set ON_ERROR_STOP=1 --file=${f} ${safe}`;
  return ru
    ? `truce: база данных — PostgreSQL (DATABASE_URL); её копию делает pg_dump, согласованную и при работающем сервере:\n  ${dump}\nВосстановление в пустую базу:\n  ${restore}\n(Пароль не показан: передайте его через PGPASSWORD или ~/.pgpass.)\n`
    : `truce: the database is PostgreSQL (DATABASE_URL); back it up with pg_dump, which takes a consistent snapshot while the server runs:\n  ${dump}\nRestore into an empty database with:\n  ${restore}\n(The password is not shown: give it with PGPASSWORD or ~/.pgpass.)\n`;
}

export function urlWithoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = "";
    u.searchParams.delete("password");
    return u.toString();
  } catch {
    return "postgres://HOST/DATABASE";
  }
}

/** Quoted for a POSIX shell: single quotes, with embedded ones closed, escaped and reopened. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export const registerBackup: RegisterCommand = (program, ctx, exit) => {
  program
    .command("backup")
    .description("copy the SQLite database to FILE, consistently, while the server runs")
    .argument("<file>", "where to write the copy")
    .option("--force", "replace FILE if it exists")
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      `
SQLite: an online backup (one consistent snapshot; writers go on), checked with integrity_check.
PostgreSQL (DATABASE_URL): prints the pg_dump and psql commands to use instead, and exits 2.

Examples:
  truce backup backups/truce-$(date +%F).db
  truce backup /mnt/backup/truce.db --db /var/lib/truce/truce.db --force

Exit code 0: written and checked; 1: the copy failed its check; 2: bad call, or PostgreSQL.`,
    )
    .action(async (file: string, opts: BackupFlags) => {
      exit(await runBackup(ctx, file, opts));
    });
};
