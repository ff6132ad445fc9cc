import { pingDatabase } from "../store/connect.js";
import type { AppDeps } from "./deps.js";

/** Readiness: the database answers. Throws when it does not. */
export async function checkReady(deps: AppDeps): Promise<{ database: "sqlite" | "postgres" }> {
  await pingDatabase(deps.store);
  return { database: deps.store.dialect };
}
