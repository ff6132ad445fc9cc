import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../app/deps.js";
import { finishSetup, getSettings, updateSettings } from "../../app/settings.js";
import { settingsViewSchema, updateSettingsSchema } from "../../contracts/api-settings.js";
import { type Access, ADMIN, ALL_ROLES, actorOf } from "../access.js";
import type { ServerOptions } from "../server.js";

/** Company settings: everyone signed in reads them; the admin (or an admin key) changes them. */
const ADMINS: Access = { roles: ADMIN, scopes: ["admin"] };
const tags = ["settings"];

export async function settingsRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/v1/settings",
    {
      config: { access: { roles: ALL_ROLES, scopes: ["read", "admin"] } },
      schema: {
        tags,
        response: { 200: settingsViewSchema },
      },
    },
    async () => getSettings(deps),
  );
  app.put(
    "/api/v1/settings",
    {
      config: { access: ADMINS },
      schema: {
        tags,
        body: updateSettingsSchema,
        response: { 200: settingsViewSchema },
      },
    },
    async (req) => updateSettings(deps, actorOf(callerOf(req.caller)).id, req.body),
  );
  app.post(
    "/api/v1/settings/setup-done",
    {
      config: { access: ADMINS },
      schema: {
        tags,
        response: { 200: settingsViewSchema },
      },
    },
    async (req) => finishSetup(deps, actorOf(callerOf(req.caller)).id),
  );
}

function callerOf<T>(caller: T | null): T {
  if (caller === null) throw new Error("unreachable: access requires a caller");
  return caller;
}
