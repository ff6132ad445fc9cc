/**
 * Writes the web app's API types from the server's own OpenAPI document:
 * `npm run gen:api` → web/src/api/schema.gen.ts. A test regenerates them and fails when the
 * committed file is stale, so the client can never drift from the server.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { apiTypesSource } from "../src/http/testing/openapi-types.js";

const out = fileURLToPath(new URL("../web/src/api/schema.gen.ts", import.meta.url));
writeFileSync(out, await apiTypesSource());
process.stdout.write(`wrote ${out}\n`);
