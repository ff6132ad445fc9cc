import { Command, CommanderError, Option } from "commander";
import { type BackupFlags, runBackup } from "./commands/backup.js";
import { type ExportFlags, runExport } from "./commands/export.js";
import { runGrade } from "./commands/grade.js";
import { type ImportFlags, runImportCommand } from "./commands/import.js";
import { runInit } from "./commands/init.js";
import { type KeysFlags, runKeysAdd, runKeysList, runKeysRevoke } from "./commands/keys.js";
import { runLint } from "./commands/lint.js";
import { REPORTS, type ReportFlags, runReport } from "./commands/report.js";
import { type RestoreFlags, runRestore } from "./commands/restore.js";
import { runSimulate, type SimulateFlags } from "./commands/simulate.js";
import { runTemplates } from "./commands/templates.js";
import { runUsersAdd, runUsersList, runUsersResetPassword, type UsersFlags } from "./commands/users.js";
import { type CliContext, processContext } from "./context.js";
import { UsageError } from "./io.js";

/** The server (Fastify and its plugins) loads only for the commands that serve: the others start faster. */
const loadServe = () => import("./commands/serve.js");
const loadOpenApi = () => import("./commands/openapi.js");

/**
 * Exit codes: 0 success; 1 the input was read but found wanting (lint errors, invalid leads);
 * 2 the command itself was wrong (unknown flag, missing file) — fix the call and retry.
 */
export async function main(argv: readonly string[], ctx: CliContext = processContext()): Promise<number> {
  let code = 0;
  const program = new Command()
    .name("truce")
    .description("Truce: lead grades from recorded, observable facts, agreed by marketing and sales.")
    .configureOutput({ writeOut: ctx.out, writeErr: ctx.err })
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
  const format = () => new Option("--format <format>", "output format: text or json").default("text");
  const locale = () =>
    new Option("--locale <locale>", "language of messages: en or ru (default: from TRUCE_LOCALE or LANG)");

  program
    .command("lint")
    .description("check a definition: schema, facts, gaps, unreachable grades, overlaps, subjective wording")
    .argument(
      "<definition>",
      "a YAML/JSON definition file, or a built-in template: variant-a, bant, variant-b",
    )
    .addOption(format())
    .addOption(locale())
    .option("--at <date>", "the day time windows are checked on (default: today, UTC)")
    .addHelpText(
      "after",
      "\nExamples:\n  truce lint variant-a\n  truce lint my-grades.yaml --format json\n  truce lint variant-b --locale ru\n\nExit code 0: no errors (warnings allowed); 1: errors found; 2: bad call.",
    )
    .action((definition: string, opts: { format?: string; at?: string; locale?: string }) => {
      code = runLint(ctx, definition, opts);
    });

  program
    .command("grade")
    .description("grade leads with a definition and explain each grade")
    .argument("<definition>", "a YAML/JSON definition file, or a built-in template")
    .argument("<leads>", "a JSON array or JSON Lines file of leads, or - for standard input")
    .addOption(format())
    .addOption(locale())
    .option("--at <time>", "grade as of this day or instant (default: now)")
    .addHelpText(
      "after",
      `
Each lead has plain current values, or observations with evidence:
  {"id": "L-1", "facts": {"decision_date": "2027-03-01", "stated_interest": true}}
  {"id": "L-2", "observations": [{"fact": "decision_date", "value": "2027-03-01",
    "evidence": {"channel": "call", "recordedBy": "anna", "recordedAt": "2026-11-20T10:00:00Z",
    "quote": "We will decide by March"}}]}
A missing fact or null is unknown (never asked), which is not "no".

Examples:
  truce grade variant-a leads.json
  cat leads.jsonl | truce grade my-grades.yaml - --format json --at 2026-12-01`,
    )
    .action((definition: string, leads: string, opts: { format?: string; at?: string; locale?: string }) => {
      code = runGrade(ctx, definition, leads, opts);
    });

  program
    .command("templates")
    .description("list the built-in definitions, or print one to start your own from")
    .argument("[name]", "a template to print: variant-a, bant, variant-b")
    .addOption(locale())
    .addHelpText("after", "\nExamples:\n  truce templates\n  truce templates variant-a > my-grades.yaml")
    .action((name: string | undefined, opts: { locale?: string }) => {
      code = runTemplates(ctx, name, opts);
    });

  program
    .command("init")
    .description("create the database, the administrator and the first active definition (safe to rerun)")
    .option(
      "--db <path>",
      "SQLite file (default: TRUCE_DB or ./data/truce.db; DATABASE_URL=postgres://… for PostgreSQL)",
    )
    .option("--admin-email <email>", "the bootstrap administrator's e-mail", "admin@localhost")
    .option("--definition <file>", "the first definition: a file or a built-in template", "variant-a")
    .addOption(locale())
    .addHelpText(
      "after",
      "\nExamples:\n  truce init\n  truce init --db /var/lib/truce/truce.db --admin-email ops@acme.example\n  DATABASE_URL=postgres://truce@db/truce truce init",
    )
    .action(async (opts: { db?: string; adminEmail?: string; definition?: string; locale?: string }) => {
      code = await runInit(ctx, opts);
    });

  program
    .command("serve")
    .description("run the HTTP API and the background jobs (creates the database on first run)")
    .option("--host <host>", "address to listen on (default: TRUCE_HOST or 127.0.0.1)")
    .option("--port <port>", "port (default: TRUCE_PORT or 3000)")
    .option(
      "--db <path>",
      "SQLite file (default: TRUCE_DB or ./data/truce.db; DATABASE_URL=postgres://… for PostgreSQL)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  truce serve\n  truce serve --host 0.0.0.0 --port 8080\n  DATABASE_URL=postgres://truce@db/truce truce serve",
    )
    .action(async (opts: { host?: string; port?: string; db?: string }) => {
      code = await (await loadServe()).runServe(ctx, opts);
    });

  program
    .command("start")
    .description("what `npm start` runs: `truce serve` with the defaults")
    .action(async () => {
      code = await (await loadServe()).runServe(ctx, {});
    });

  program
    .command("openapi")
    .description("print the server's OpenAPI 3.1 document (JSON): every operation, its access and errors")
    .option("--out <file>", "write it to this file instead of standard output")
    .addHelpText(
      "after",
      "\nExamples:\n  truce openapi > openapi.json\n  truce openapi --out openapi.json\n  npx openapi-typescript openapi.json -o api.d.ts",
    )
    .action(async (opts: { out?: string }) => {
      code = await (await loadOpenApi()).runOpenApi(ctx, opts);
    });

  const dbOption = () =>
    new Option(
      "--db <path>",
      "SQLite file (default: TRUCE_DB or ./data/truce.db; DATABASE_URL=postgres://… for PostgreSQL)",
    );

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
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
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
      code = await runImportCommand(ctx, file, opts);
    });

  program
    .command("export")
    .description(
      "export leads with identity, facts, grade, explanation, stage and outcome to CSV or JSON Lines",
    )
    .option("--format <format>", "csv or jsonl", "csv")
    .option("--delimiter <delimiter>", "CSV field separator: , ; or tab (default: ,)")
    .option("--encoding <encoding>", "CSV encoding: utf-8, utf-8-bom or windows-1251 (default: utf-8)")
    .option("--excel-ru", "for a Russian Excel: ; as separator, windows-1251, decimal comma")
    .option("--grade <grade>", "only leads with this grade")
    .option("--stage <stage>", "only leads in this stage (captured, nurturing, handed_off, …)")
    .option("--source <source>", "only leads from this source")
    .option("--campaign <campaign>", "only leads from this campaign")
    .option("--owner <id>", "only leads owned by this user id")
    .option("--sla <state>", "only hand-offs whose service level is running, breached, met or none")
    .option("--search <text>", "only leads whose name, e-mail, company or phone contains this")
    .option("--out <file>", "write to this file instead of standard output (-)", "-")
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText(
      "after",
      `
One row per lead, newest first: id, identity, source, campaign, UTM, owner, stage, grade, the
definition version, one column per fact of the active definition (empty = unknown), the first line
of the grade's explanation (also in Russian with --locale ru), outcome, and times (UTC). Erased
leads are exported without identity. Text cells that start with = + - @ get a leading ' so a
spreadsheet does not run them as formulas.

Examples:
  truce export --out leads.csv
  truce export --excel-ru --locale ru --out leads.csv       # opens in a Russian Excel
  truce export --format jsonl --grade hot --source webinar > hot.jsonl
  truce export --stage handed_off --sla breached --delimiter tab

Exit code 0: exported; 1: nothing to export from (no active definition); 2: bad call.`,
    )
    .action(async (opts: ExportFlags) => {
      code = await runExport(ctx, opts);
    });

  program
    .command("simulate")
    .description("show how a candidate definition would regrade the open leads, without writing anything")
    .argument("[definition]", "a YAML/JSON definition file, or a built-in template")
    .option("--version <n>", "simulate a stored definition version instead of a file")
    .option("--examples <n>", "example lead ids per changed cell", "3")
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText(
      "after",
      "\nRows are the grades the active version gives today, columns the candidate's, both at the same instant.\n\nExamples:\n  truce simulate my-grades.yaml\n  truce simulate --version 3 --format json\n\nExit code 0: simulated; 1: the definition does not load (its problems are printed); 2: bad call.",
    )
    .action(async (definition: string | undefined, opts: SimulateFlags) => {
      code = await runSimulate(ctx, definition, opts);
    });

  program
    .command("report")
    .description("text tables of the main reports: grades by source and campaign, conversion by grade")
    .argument("[report]", `one of ${REPORTS.join(", ")} (default: all)`)
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText(
      "after",
      "\nExamples:\n  truce report\n  truce report conversion --format json\n  truce report grades-by-campaign --locale ru",
    )
    .action(async (report: string | undefined, opts: ReportFlags) => {
      code = await runReport(ctx, report, opts);
    });

  const users = program
    .command("users")
    .description("manage the people who sign in: add, reset a password, list");
  users
    .command("add")
    .description("add a user; prints a one-time password, once")
    .argument("<email>", "the user's e-mail (their sign-in name)")
    .requiredOption("--role <role>", "marketing, marketing_head, sales, sales_head or admin")
    .option("--name <name>", "the name shown in the app (default: the e-mail's first part)")
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText(
      "after",
      "\nExamples:\n  truce users add olga@acme.example --role marketing_head --name 'Olga Ivanova'\n  truce users add ivan@acme.example --role sales\n\nExit code 0: added; 1: the e-mail is taken; 2: bad call.",
    )
    .action(async (email: string, opts: UsersFlags & { role?: string; name?: string }) => {
      code = await runUsersAdd(ctx, email, opts);
    });
  users
    .command("reset-password")
    .description("give a user a new one-time password (printed once) and end their sessions")
    .argument("<email>", "the user's e-mail")
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText(
      "after",
      "\nExamples:\n  truce users reset-password olga@acme.example\n\nExit code 0: reset; 1: no such user; 2: bad call.",
    )
    .action(async (email: string, opts: UsersFlags) => {
      code = await runUsersResetPassword(ctx, email, opts);
    });
  users
    .command("list")
    .description("list every user, disabled ones too")
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText("after", "\nExamples:\n  truce users list\n  truce users list --format json")
    .action(async (opts: UsersFlags) => {
      code = await runUsersList(ctx, opts);
    });

  const keys = program
    .command("keys")
    .description("manage API keys for machines: add, list, revoke")
    .addHelpText(
      "after",
      "\nExamples:\n  truce keys add website-forms --scope capture\n  truce keys list\n  truce keys revoke ID",
    );
  keys
    .command("add")
    .description("create an API key; prints the key once (only its hash is stored)")
    .argument("<name>", "what the key is for, to tell keys apart")
    .option(
      "--scope <scope>",
      "capture, read or admin; repeat or separate with commas",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText(
      "after",
      "\nExamples:\n  truce keys add website-forms --scope capture\n  truce keys add bi-export --scope read --format json\n\nExit code 0: created; 2: bad call.",
    )
    .action(async (name: string, opts: KeysFlags & { scope?: string[] }) => {
      code = await runKeysAdd(ctx, name, opts);
    });
  keys
    .command("list")
    .description("list API keys (never the keys themselves), revoked ones too")
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText("after", "\nExamples:\n  truce keys list\n  truce keys list --format json")
    .action(async (opts: KeysFlags) => {
      code = await runKeysList(ctx, opts);
    });
  keys
    .command("revoke")
    .description("revoke an API key: requests with it are refused from now on")
    .argument("<id>", "the key's id, from truce keys list")
    .addOption(format())
    .addOption(dbOption())
    .addOption(locale())
    .addHelpText(
      "after",
      "\nExamples:\n  truce keys revoke 4f1c…\n\nExit code 0: revoked; 1: no such key; 2: bad call.",
    )
    .action(async (id: string, opts: KeysFlags) => {
      code = await runKeysRevoke(ctx, id, opts);
    });

  program
    .command("backup")
    .description("copy the SQLite database to FILE, consistently, while the server runs")
    .argument("<file>", "where to write the copy")
    .option("--force", "replace FILE if it exists")
    .addOption(dbOption())
    .addOption(locale())
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
      code = await runBackup(ctx, file, opts);
    });

  program
    .command("restore")
    .description("replace the SQLite database with a backup made by truce backup")
    .argument("<file>", "the backup to restore")
    .option("--force", "replace an existing database (its data is lost)")
    .addOption(dbOption())
    .addOption(locale())
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
      code = await runRestore(ctx, file, opts);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; unknown flags and missing arguments with 1.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UsageError) {
      ctx.err(`truce: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
