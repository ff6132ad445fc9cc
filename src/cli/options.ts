import { type Command, Option } from "commander";
import type { CliContext } from "./context.js";

/** Hands a command's exit code back to `main` (commander's actions return nothing it keeps). */
export type SetExitCode = (code: number) => void;

/** What each command file exports: it declares its command(s) — name, options, help, action — on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext, exit: SetExitCode) => void;

/** The options several commands share, declared once so their names and help read the same everywhere. */
export const formatOption = () =>
  new Option("--format <format>", "output format: text or json").default("text");

export const localeOption = () =>
  new Option("--locale <locale>", "language of messages: en or ru (default: from TRUCE_LOCALE or LANG)");

export const dbOption = () =>
  new Option(
    "--db <path>",
    "SQLite file (default: TRUCE_DB or ./data/truce.db; DATABASE_URL=postgres://… for PostgreSQL)",
  );
