import { existsSync, statSync } from "node:fs";
import { dirname, join, parse as parsePath } from "node:path";
import cliProgress from "cli-progress";
import { parse as parseYaml } from "yaml";
import type { ImportOptions, ImportProgress } from "../../app/import/options.js";
import { type ImportResult, runImport } from "../../app/import/run-import.js";
import { DATE_ORDERS, type DateOrder, importMappingSchema } from "../../contracts/import-mapping.js";
import { AppError, type Locale, pick } from "../../core/index.js";
import type { CliContext } from "../context.js";
import { databaseConfig, openApp } from "../database.js";
import { readText, resolveLocale, UsageError } from "../io.js";
import { dbOption, formatOption, localeOption, type RegisterCommand } from "../options.js";
import { parseFormat } from "./lint.js";

export interface ImportFlags {
  readonly mapping?: string;
  readonly preset?: string;
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly dates?: string;
  readonly decimal?: string;
  readonly source?: string;
  readonly campaign?: string;
  readonly rejects?: string;
  readonly dryRun?: boolean;
  readonly strict?: boolean;
  readonly resume?: boolean;
  readonly batchSize?: string;
  readonly by?: string;
  readonly format?: string;
  readonly db?: string;
  readonly locale?: string;
}

/** Import errors that mean "fix the call or the mapping": exit 2, like a bad flag. */
const USAGE_CODES = [
  "import.bad_mapping",
  "import.bad_encoding",
  "import.no_header",
  "definition.none_active",
];

/**
 * `truce import FILE`: leads from a CSV/TSV export. Exit 0: every row imported (or already
 * imported); 1: some rows rejected (the good ones are imported), or --strict refused the file;
 * 2: a bad call (missing file, bad mapping, unknown encoding, no database set up).
 */
export async function runImportCommand(ctx: CliContext, path: string, flags: ImportFlags): Promise<number> {
  const format = parseFormat(flags.format);
  const locale = resolveLocale(flags.locale, ctx.config);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`no such file: ${path}`);
  const options: ImportOptions = {
    path,
    mapping: flags.mapping === undefined ? undefined : readMapping(flags.mapping),
    preset: flags.preset,
    encoding: flags.encoding,
    delimiter: parseDelimiter(flags.delimiter),
    dates: oneOf("--dates", flags.dates, DATE_ORDERS) as DateOrder | undefined,
    decimal: oneOf("--decimal", flags.decimal, [".", ","] as const),
    source: flags.source,
    campaign: flags.campaign,
    actor: flags.by ?? ctx.config.user ?? "import",
    batchSize: flags.batchSize === undefined ? undefined : positive("--batch-size", flags.batchSize),
    dryRun: flags.dryRun,
    strict: flags.strict,
    rejectsPath: flags.rejects ?? defaultRejectsPath(path),
    onProgress: progressReporter(ctx, locale),
  };
  const started = ctx.now();
  const { deps, store } = await openApp(ctx, databaseConfig(ctx, flags.db));
  let result: ImportResult;
  try {
    result = await runImport(deps, options);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    options.onProgress?.(DONE);
    ctx.err(`truce: ${pick(e.userMessage, locale)}\n`);
    return USAGE_CODES.includes(e.code) ? 2 : 1;
  } finally {
    await store.close();
  }
  options.onProgress?.(DONE);
  const seconds = Math.max(ctx.now() - started, 1) / 1000;
  if (format === "json")
    ctx.out(`${JSON.stringify({ ...result, seconds, rowsPerSecond: rate(result, seconds) })}\n`);
  else ctx.out(summaryText(result, seconds, locale));
  return result.status === "refused" || result.rejected > 0 ? 1 : 0;
}

function readMapping(path: string) {
  let raw: unknown;
  try {
    raw = parseYaml(readText(path));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: not YAML or JSON: ${(e as Error).message}`);
  }
  const r = importMappingSchema.safeParse(raw);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw new UsageError(`${path}: ${i?.path.map(String).join(".") || "(top)"}: ${i?.message}`);
}

function parseDelimiter(flag: string | undefined): string | undefined {
  if (flag === undefined) return undefined;
  if (flag === "tab" || flag === "\\t" || flag === "\t") return "\t";
  if ([",", ";", "|"].includes(flag)) return flag;
  throw new UsageError(`--delimiter: expected , ; | or tab, got "${flag}"`);
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new UsageError(`${flag}: expected ${allowed.join(" or ")}, got "${value}"`);
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag}: expected a positive whole number, got "${value}"`);
  return n;
}

/** leads.csv → leads.rejects.csv, beside the input. */
export function defaultRejectsPath(path: string): string {
  const p = parsePath(path);
  return join(dirname(path), `${p.name}.rejects.csv`);
}

const DONE = { rows: -1, bytes: 0, totalBytes: 0, created: 0, merged: 0, rejected: 0 };

/**
 * Progress on standard error: a bar with rows/s and ETA (by bytes read) on a terminal; otherwise
 * one plain line every 5 seconds, so logs of long imports show life without flooding.
 */
function progressReporter(ctx: CliContext, locale: Locale): (p: ImportProgress) => void {
  const ru = locale === "ru";
  const started = ctx.now();
  const rowsPerSecond = (rows: number) => Math.round(rows / Math.max((ctx.now() - started) / 1000, 0.001));
  if (ctx.isTty) {
    const bar = new cliProgress.SingleBar(
      {
        format: ru
          ? "{bar} {percentage}% | {rows} строк | {rate} строк/с | осталось {eta_formatted}"
          : "{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}",
        stream: process.stderr,
        etaBuffer: 50,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let running = false;
    return (p) => {
      if (p === DONE) return void (running && bar.stop());
      const payload = { rows: p.rows, rate: rowsPerSecond(p.rows) };
      if (!running) bar.start(p.totalBytes, 0, payload);
      running = true;
      bar.update(p.bytes, payload);
    };
  }
  let last = started;
  return (p) => {
    const now = ctx.now();
    if (p === DONE || now - last < 5000) return;
    last = now;
    const pct = p.totalBytes > 0 ? Math.floor((p.bytes / p.totalBytes) * 100) : 100;
    const r = rowsPerSecond(p.rows);
    const eta = p.bytes > 0 ? Math.round(((now - started) / 1000) * (p.totalBytes / p.bytes - 1)) : 0;
    ctx.err(
      ru
        ? `импорт: ${p.rows} строк (${pct}%), ${r} строк/с, осталось ~${eta} с\n`
        : `import: ${p.rows} rows (${pct}%), ${r} rows/s, ETA ${eta}s\n`,
    );
  };
}

/** Rows read by this run: none when the file was already imported, those after the cursor when resumed. */
const rate = (r: ImportResult, seconds: number) =>
  r.status === "already_imported"
    ? 0
    : Math.round((r.rows - Math.max((r.resumedAfter ?? 1) - 1, 0)) / seconds);

function summaryText(r: ImportResult, seconds: number, locale: Locale): string {
  const ru = locale === "ru";
  const n = (x: number) => x.toLocaleString(ru ? "ru-RU" : "en-US");
  const where = `${r.encoding}, ${ru ? "разделитель" : "delimiter"} ${r.delimiter === "\t" ? "tab" : `"${r.delimiter}"`}`;
  const lines: string[] = [];
  const head = {
    imported: ru ? `Импортирован ${r.file}` : `Imported ${r.file}`,
    already_imported: ru
      ? `${r.file} уже импортирован — ничего не записано`
      : `${r.file} was already imported: nothing written`,
    dry_run: ru ? `Пробный прогон ${r.file} — ничего не записано` : `Dry run of ${r.file}: nothing written`,
    refused: ru
      ? `${r.file}: есть ошибочные строки, с --strict ничего не импортировано`
      : `${r.file} has bad rows: with --strict nothing was imported`,
  }[r.status];
  lines.push(
    `${head} (${n(r.rows)} ${ru ? "строк" : "rows"}; ${where}${r.importId ? `; import ${r.importId}` : ""})`,
  );
  if (r.resumedAfter !== null)
    lines.push(
      ru ? `  продолжен после строки ${n(r.resumedAfter)}` : `  resumed after row ${n(r.resumedAfter)}`,
    );
  const would = r.status === "dry_run" ? (ru ? "было бы " : "would be ") : "";
  lines.push(`  ${would}${ru ? "создано" : "created"}   ${n(r.created)}`);
  lines.push(
    `  ${would}${ru ? "объединено" : "merged"}    ${n(r.merged)}  ${ru ? "(с открытым лидом с тем же e-mail или телефоном)" : "(into an open lead with the same e-mail or phone)"}`,
  );
  lines.push(
    `  ${ru ? "отклонено" : "rejected"}  ${n(r.rejected)}${r.rejectsFile ? `  → ${r.rejectsFile}` : ""}`,
  );
  if (r.skipped > 0) lines.push(`  ${ru ? "пустых строк" : "empty rows"}  ${n(r.skipped)}`);
  const cols = r.columns.map(
    (c) => `${c.header} → ${c.target === "ignore" ? (ru ? "пропущен" : "ignored") : c.target}`,
  );
  lines.push(`${ru ? "Столбцы" : "Columns"}: ${cols.join("; ")}`);
  if (r.status !== "already_imported")
    lines.push(`${seconds.toFixed(1)} s, ${n(rate(r, seconds))} ${ru ? "строк/с" : "rows/s"}`);
  return `${lines.join("\n")}\n`;
}

export const registerImport: RegisterCommand = (program, ctx, exit) => {
  program
    .command("import")
    .description(
      "import leads from a CSV/TSV export (HubSpot, Salesforce, any spreadsheet): resumable, never duplicates",
    )
    .argument("<file>", "a CSV or TSV file: UTF-8 (with or without BOM), UTF-16 or Windows-1251")
    .option("--mapping <file>", "a YAML/JSON mapping of columns to lead fields and facts (see below)")
    .option("--preset <name>", "column names of a CRM export: hubspot or salesforce")
    .option(
      "--encoding <name>",
      "the file's encoding (default: detected): utf-8, utf-16le, utf-16be, windows-1251",
    )
    .option("--delimiter <char>", "the field separator (default: sniffed): , ; | or tab")
    .option("--dates <order>", "how to read slashed dates like 03/04/2026: dmy or mdy (never guessed)")
    .option("--decimal <mark>", "the decimal mark of numbers: . or , (default: the last mark in a number)")
    .option("--source <name>", "the lead source for rows that do not name one")
    .option("--campaign <name>", "the campaign for rows that do not name one")
    .option("--rejects <file>", "where to list rejected rows (default: FILE.rejects.csv beside the input)")
    .option("--dry-run", "read, validate and count (created / merged / rejected) without writing anything")
    .option("--strict", "import nothing if any row is bad (the file is checked whole first)")
    .option("--resume", "continue an interrupted import of this file (a plain rerun does the same)")
    .option("--batch-size <n>", "rows per transaction", "2000")
    .option("--by <who>", "who imports, recorded with every fact (default: $USER)")
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      `
Columns are mapped by the mapping file, then the preset, then their headers: e-mail, phone, name
(or first and last name), company, source, campaign, utm_*, in English or Russian, and facts by
their key or label. Placeholders ("", "-", "N/A", "Select", "нет данных"…) are unknown: they record
nothing. Booleans: yes/no, да/нет, true/false, 1/0. Dates: 2026-03-01, 01.03.2026, and 03/01/2026
with --dates. A row whose e-mail or phone matches an open lead is merged into it. Every fact is
recorded with evidence channel "import", the file name and the row number.

Each batch commits with the import's progress, so a killed import loses nothing: rerun the same
command (or add --resume) and it continues after the last committed row. A finished import run
again writes nothing.

A mapping file:
  columns:
    E-mail: email
    Телефон: phone
    Decision date: { fact: decision_date, dates: dmy }
    Channel: { fact: contact_channel, values: { Website: form, Phone call: call } }
    Rating: ignore
  dates: dmy
  unknown: ["TBD", "?"]

Examples:
  truce import leads.csv --dry-run
  truce import hubspot-contacts.csv --preset hubspot --source hubspot
  truce import export.csv --mapping mapping.yaml --dates dmy --format json
  truce import big.csv --resume

Exit code 0: every row imported; 1: some rows rejected (see the rejects file), or --strict refused
the file; 2: bad call (missing file, bad mapping, unknown encoding, no database set up).`,
    )
    .action(async (file: string, opts: ImportFlags) => {
      exit(await runImportCommand(ctx, file, opts));
    });
};
