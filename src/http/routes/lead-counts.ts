import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "../../app/deps.js";
import { countLeads } from "../../app/leads/list-leads.js";
import { leadCountQuerySchema, leadCountSchema } from "../../contracts/api-leads.js";
import type { ServerOptions } from "../server.js";
import { READ } from "./lead-common.js";

/** How many leads match the list's filters: the counts on the inbox's view tabs. */
export async function leadCountsRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/v1/leads/count",
    {
      config: { access: READ },
      schema: { tags: ["leads"], querystring: leadCountQuerySchema, response: { 200: leadCountSchema } },
    },
    async (req) => countLeads(deps, req.query),
  );
}
