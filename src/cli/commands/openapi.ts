import { writeFileSync } from "node:fs";
import { buildOpenApiDocument } from "../../http/openapi-document.js";
import type { CliContext } from "../context.js";

/** `truce openapi [--out FILE]`: the server's OpenAPI 3.1 document as JSON, printed or written to a file. */
export async function runOpenApi(ctx: CliContext, flags: { out?: string }): Promise<number> {
  const json = `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`;
  if (flags.out === undefined || flags.out === "-") {
    ctx.out(json);
  } else {
    writeFileSync(flags.out, json);
    ctx.err(`wrote ${flags.out}\n`);
  }
  return 0;
}
