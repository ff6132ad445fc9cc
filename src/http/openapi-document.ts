import type { AppDeps } from "../app/deps.js";
import { GraderCache } from "../app/grading.js";
import { openStore } from "../store/connect.js";
import { buildServer } from "./server.js";

/**
 * The server's OpenAPI document, built from the routes themselves over a throwaway in-memory
 * database: what `truce openapi` prints and what the web app's client types are generated from.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const store = await openStore({ kind: "sqlite", path: ":memory:" });
  const deps: AppDeps = {
    store,
    clock: () => Date.now(),
    newId: () => crypto.randomUUID(),
    graders: new GraderCache(),
  };
  const app = await buildServer(deps, { logger: false, webApp: false });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await store.close();
  }
}
