import { Command, CommanderError, Option } from "commander";
import { runGrade } from "./commands/grade.js";
import { runInit } from "./commands/init.js";
import { runLint } from "./commands/lint.js";
import { runServe } from "./commands/serve.js";
import { runTemplates } from "./commands/templates.js";
import { type CliContext, processContext } from "./context.js";
import { UsageError } from "./io.js";

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
      code = await runServe(ctx, opts);
    });

  program
    .command("start")
    .description("what `npm start` runs: `truce serve` with the defaults")
    .action(async () => {
      code = await runServe(ctx, {});
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
