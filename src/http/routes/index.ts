import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../../app/deps.js";
import type { ServerOptions } from "../server.js";
import { authRoutes } from "./auth.js";
import { captureRoutes } from "./capture.js";
import { definitionsRoutes } from "./definitions.js";
import { formsRoutes } from "./forms.js";
import { healthRoutes } from "./health.js";
import { keysRoutes } from "./keys.js";
import { leadCountsRoutes } from "./lead-counts.js";
import { leadsRoutes } from "./leads.js";
import { reportsRoutes } from "./reports.js";
import { settingsRoutes } from "./settings.js";
import { usersRoutes } from "./users.js";
import { viewsRoutes } from "./views.js";
import { webhooksRoutes } from "./webhooks.js";

/** Every route group, one file each. A new group: write `routes/NAME.ts`, add it here. */
export async function registerRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  options: ServerOptions,
): Promise<void> {
  const groups = [
    healthRoutes,
    authRoutes,
    leadsRoutes,
    leadCountsRoutes,
    definitionsRoutes,
    usersRoutes,
    settingsRoutes,
    keysRoutes,
    captureRoutes,
    formsRoutes,
    webhooksRoutes,
    reportsRoutes,
    viewsRoutes,
  ];
  for (const group of groups) {
    await app.register(async (scope) => group(scope, deps, options));
  }
}
