import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../app/deps.js";
import type { ServerOptions } from "../server.js";
import { authRoutes } from "./auth.js";
import { healthRoutes } from "./health.js";

/** Every route group, one file each. A new group: write `routes/NAME.ts`, add it here. */
export async function registerRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  options: ServerOptions,
): Promise<void> {
  for (const group of [healthRoutes, authRoutes]) {
    await app.register(async (scope) => group(scope, deps, options));
  }
}
