import { writeFileSync } from "node:fs";
import type { CliContext } from "../context.js";
import type { RegisterCommand } from "../options.js";

/** `truce openapi [--out FILE]`: the server's OpenAPI 3.1 document as JSON, printed or written to a file. */
export async function runOpenApi(ctx: CliContext, flags: { out?: string }): Promise<number> {
  // The server's routes (Fastify and its plugins) load only for this command: the others start faster.
  const { buildOpenApiDocument } = await import("../../http/openapi-document.js");
  const json = `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`;
  if (flags.out === undefined || flags.out === "-") {
    ctx.out(json);
  } else {
    writeFileSync(flags.out, json);
    ctx.err(`wrote ${flags.out}\n`);
  }
  return 0;
}

export const registerOpenApi: RegisterCommand = (program, ctx, exit) => {
  program
    .command("openapi")
    .description("print the server's OpenAPI 3.1 document (JSON): every operation, its access and errors")
    .option("--out <file>", "write it to this file instead of standard output")
    .addHelpText(
      "after",
      "\nExamples:\n  truce openapi > openapi.json\n  truce openapi --out openapi.json\n  npx openapi-typescript openapi.json -o api.d.ts",
    )
    .action(async (opts: { out?: string }) => {
      exit(await runOpenApi(ctx, opts));
    });
};
