import { Command, CommanderError } from "commander";
import { ConfigError } from "../config.js";
import { registerBackup } from "./commands/backup.js";
import { registerExport } from "./commands/export.js";
import { registerGrade } from "./commands/grade.js";
import { registerImport } from "./commands/import.js";
import { registerInit } from "./commands/init.js";
import { registerKeys } from "./commands/keys.js";
import { registerLint } from "./commands/lint.js";
import { registerOpenApi } from "./commands/openapi.js";
import { registerReport } from "./commands/report.js";
import { registerRestore } from "./commands/restore.js";
import { registerServe } from "./commands/serve.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerTemplates } from "./commands/templates.js";
import { registerUsers } from "./commands/users.js";
import { type CliContext, processContext } from "./context.js";
import { UsageError } from "./io.js";
import type { RegisterCommand } from "./options.js";

/** Every command, in the order `truce --help` lists them; each file owns its options and help. */
const COMMANDS: readonly RegisterCommand[] = [
  registerLint,
  registerGrade,
  registerTemplates,
  registerInit,
  registerServe,
  registerOpenApi,
  registerImport,
  registerExport,
  registerSimulate,
  registerReport,
  registerUsers,
  registerKeys,
  registerBackup,
  registerRestore,
];

/**
 * Exit codes: 0 success; 1 the input was read but found wanting (lint errors, invalid leads);
 * 2 the command itself was wrong (unknown flag, missing file) — fix the call and retry.
 */
export async function main(argv: readonly string[], context?: CliContext): Promise<number> {
  let ctx: CliContext;
  try {
    ctx = context ?? processContext();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const problem of e.problems) process.stderr.write(`truce: ${problem}\n`);
    return 2;
  }
  let code = 0;
  const program = new Command()
    .name("truce")
    .description("Truce: lead grades from recorded, observable facts, agreed by marketing and sales.")
    .configureOutput({ writeOut: ctx.out, writeErr: ctx.err })
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
  for (const register of COMMANDS)
    register(program, ctx, (c) => {
      code = c;
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
