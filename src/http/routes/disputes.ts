import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.js";
import { listOpenDisputes, openDispute, resolveDispute } from "../../app/leads/disputes.js";
import {
  disputeListQuerySchema,
  disputeSchema,
  openDisputeBodySchema,
  resolveDisputeBodySchema,
} from "../../contracts/api-lifecycle.js";
import { ACTION_ROLES } from "../../core/index.js";
import { actorFrom, leadParams, onBody, READ, writeAccess } from "./lead-common.js";

/**
 * Disputes are about facts: sales claims a recorded fact is wrong, with the value it observed and
 * evidence; marketing resolves on that evidence (accepting records the claimed value and regrades).
 */
export async function disputesRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["disputes"];

  app.post(
    "/api/v1/leads/:id/disputes",
    {
      config: { access: writeAccess(ACTION_ROLES.open_dispute) },
      schema: {
        tags,
        description:
          "Sales disputes a fact: the value they observed (null: not actually known) and evidence.",
        params: leadParams,
        body: openDisputeBodySchema,
        response: { 201: z.object({ id: z.number().int(), status: z.literal("open") }) },
      },
    },
    async (req, reply) => {
      const actor = actorFrom(req);
      const id = await onBody(() => openDispute(deps, req.params.id, req.body, actor));
      return reply.status(201).send({ id, status: "open" as const });
    },
  );

  app.get(
    "/api/v1/disputes",
    {
      config: { access: READ },
      schema: {
        tags,
        description: "Open disputes, oldest first.",
        querystring: disputeListQuerySchema,
        response: { 200: z.object({ items: z.array(disputeSchema) }) },
      },
    },
    async () => ({ items: await listOpenDisputes(deps) }),
  );

  app.post(
    "/api/v1/disputes/:id/resolve",
    {
      config: { access: writeAccess(ACTION_ROLES.resolve_dispute) },
      schema: {
        tags,
        description:
          "Marketing resolves an open dispute: accept (the claimed value becomes the fact, the lead is regraded) or dismiss with a reason.",
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
        body: resolveDisputeBodySchema,
        response: {
          200: z.object({ status: z.enum(["accepted", "dismissed"]), grade: z.string().nullable() }),
        },
      },
    },
    async (req) => {
      const actor = actorFrom(req);
      return onBody(() => resolveDispute(deps, req.params.id, req.body, actor));
    },
  );
}
