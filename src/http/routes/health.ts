import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.js";
import { checkReady } from "../../app/health.js";

/** Liveness (the process answers) and readiness (the database answers too). */
export async function healthRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/v1/health",
    {
      config: { access: { public: true } },
      schema: { tags: ["health"], response: { 200: z.object({ status: z.literal("ok") }) } },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    "/api/v1/ready",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["health"],
        response: { 200: z.object({ status: z.literal("ready"), database: z.enum(["sqlite", "postgres"]) }) },
      },
    },
    async () => {
      const { database } = await checkReady(deps);
      return { status: "ready" as const, database };
    },
  );
}
