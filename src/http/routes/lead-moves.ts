import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.js";
import { moveLead } from "../../app/leads/lifecycle.js";
import { getLeadSummary } from "../../app/leads/list-leads.js";
import { leadSummarySchema } from "../../contracts/api-leads.js";
import {
  emptyBodySchema,
  lifecycleEventSchema,
  loseBodySchema,
  MOVES,
  type MovePath,
  rejectBodySchema,
  winBodySchema,
} from "../../contracts/api-lifecycle.js";
import { type LifecycleCommand, mayIssue, ROLES } from "../../core/index.js";
import { actorFrom, leadParams, writeAccess } from "./lead-common.js";

interface Move<S extends z.ZodType> {
  readonly body: S;
  readonly command: (body: z.output<S>) => LifecycleCommand;
  readonly description: string;
}

const bare = (
  type: "nurture" | "hand_off" | "accept" | "open_opportunity" | "recycle",
  description: string,
) =>
  ({
    body: emptyBodySchema,
    command: () => ({ type }),
    description: `${description} No body, or {}.`,
  }) satisfies Move<typeof emptyBodySchema>;

const ROUTES: { readonly [P in MovePath]: Move<z.ZodType> } = {
  nurture: bare("nurture", "Marketing keeps a captured lead to work on it."),
  "hand-off": bare(
    "hand_off",
    "Marketing hands the lead to sales; only grades the definition allows, with its required facts. Starts the SLA clock.",
  ),
  accept: bare("accept", "Sales accepts a handed-off lead."),
  reject: {
    body: rejectBodySchema,
    command: (b) => ({ type: "reject", rejection: b as z.output<typeof rejectBodySchema> }),
    description:
      "Sales rejects a handed-off lead, citing EITHER the fact that was wrong (fact, observedValue, evidence) OR a reason code of the definition; a note alone is refused (lifecycle.rejection_needs_reason).",
  },
  opportunity: bare("open_opportunity", "Sales opens a deal on an accepted lead."),
  win: {
    body: winBodySchema,
    command: (b) => ({ type: "win", ...(b as z.output<typeof winBodySchema>) }),
    description: "Sales records a won deal with its amount and currency.",
  },
  lose: {
    body: loseBodySchema,
    command: (b) => ({ type: "lose", ...(b as z.output<typeof loseBodySchema>) }),
    description: "Sales records a lost deal with a lost-reason code of the definition.",
  },
  recycle: bare("recycle", "Marketing takes a rejected or lost lead back to nurturing; a new cycle starts."),
};

const moveResultSchema = z.object({ event: lifecycleEventSchema, lead: leadSummarySchema });

/**
 * `POST /api/v1/leads/:id/<move>`, one route per lifecycle command so each declares who may call
 * it and documents its own body. The core's state machine judges the move (stage, grade, required
 * facts, reason codes); its refusals keep their stable `lifecycle.*` codes.
 */
export async function leadMovesRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  for (const [path, command] of Object.entries(MOVES) as [MovePath, (typeof MOVES)[MovePath]][]) {
    const move = ROUTES[path];
    app.post(
      `/api/v1/leads/:id/${path}`,
      {
        config: { access: writeAccess(ROLES.filter((r) => mayIssue(r, command))) },
        schema: {
          tags: ["lead moves"],
          description: move.description,
          params: leadParams,
          body: move.body,
          response: { 200: moveResultSchema },
        },
      },
      async (req) => {
        const id = req.params.id;
        const event = await moveLead(deps, id, move.command(req.body), actorFrom(req));
        return { event, lead: await getLeadSummary(deps, id) };
      },
    );
  }
}
