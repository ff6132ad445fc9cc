import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.js";
import { captureLead } from "../../app/leads/capture-lead.js";
import { eraseLead } from "../../app/leads/erase-lead.js";
import { getLead } from "../../app/leads/get-lead.js";
import { getLeadSummary, listLeads, listSlaBreaches, summarizeLead } from "../../app/leads/list-leads.js";
import { recordFacts } from "../../app/leads/record-facts.js";
import { invalid } from "../../app/validation.js";
import {
  captureResultSchema,
  eraseBodySchema,
  factsResultSchema,
  leadDetailSchema,
  leadListQuerySchema,
  leadPageSchema,
  leadSummarySchema,
  slaBreachQuerySchema,
  slaBreachSchema,
} from "../../contracts/api-leads.js";
import { MOVES, type MovePath } from "../../contracts/api-lifecycle.js";
import { captureLeadSchema, recordFactsSchema } from "../../contracts/leads.js";
import { ACTION_ROLES, type Scalar } from "../../core/index.js";
import { disputeOf } from "../../store/disputes.js";
import { storedLifecycleOf } from "../../store/leads.js";
import { ADMIN, MARKETING } from "../access.js";
import type { ServerOptions } from "../server.js";
import { disputesRoutes } from "./disputes.js";
import { actorFrom, leadParams, onBody, READ, writeAccess } from "./lead-common.js";
import { leadMovesRoutes } from "./lead-moves.js";

const PATH_OF = new Map(
  Object.entries(MOVES).map(([path, command]) => [command as string, path as MovePath]),
);

/**
 * Leads: the filtered list, a lead's detail, capture by a signed-in marketer, recorded facts,
 * erasure and the SLA breaches; the moves and disputes are registered from their own files.
 */
export async function leadsRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["leads"];

  app.get(
    "/api/v1/leads",
    {
      config: { access: READ },
      schema: { tags, querystring: leadListQuerySchema, response: { 200: leadPageSchema } },
    },
    async (req) => listLeads(deps, req.query),
  );

  app.get(
    "/api/v1/leads/:id",
    {
      config: { access: READ },
      schema: { tags, params: leadParams, response: { 200: leadDetailSchema } },
    },
    async (req) => {
      // Keys act only with the admin scope (as an admin); a read key may do nothing.
      const c = req.caller;
      const role = c?.kind === "user" ? c.role : c?.scopes.includes("admin") ? "admin" : null;
      const d = await getLead(deps, req.params.id, role);
      const l = d.lead;
      return {
        lead: {
          ...summarizeLead(l, deps.clock()),
          utm: {
            source: l.utm_source,
            medium: l.utm_medium,
            campaign: l.utm_campaign,
            term: l.utm_term,
            content: l.utm_content,
          },
          lifecycle: storedLifecycleOf(l),
        },
        availableMoves: d.moves.flatMap((c) => PATH_OF.get(c) ?? []),
        availableActions: [...d.actions],
        facts: d.facts.map((f) => ({ ...f, value: f.value as Scalar | null })),
        explanation: d.explanation,
        history: [...d.history],
        whatIf: [...d.whatIf],
        askNext: [...d.askNext],
        disputes: d.disputes.map(disputeOf),
        people: { ...d.people },
      };
    },
  );

  app.post(
    "/api/v1/leads",
    {
      config: { access: writeAccess(MARKETING) },
      schema: {
        tags,
        description:
          "201 when a lead was created; 200 when the capture was added to an open lead with the same e-mail or phone, or replayed by its idempotency key (body `idempotencyKey` or header `Idempotency-Key`).",
        headers: z.looseObject({ "idempotency-key": z.string().min(8).max(200).optional() }),
        body: captureLeadSchema,
        response: { 200: captureResultSchema, 201: captureResultSchema },
      },
    },
    async (req, reply) => {
      const header = req.headers["idempotency-key"];
      const key = req.body.idempotencyKey ?? header;
      if (header !== undefined && key !== header)
        throw invalid([
          { path: "headers.idempotency-key", message: "differs from the body's idempotencyKey: send one" },
        ]);
      const actor = actorFrom(req).id;
      const r = await onBody(() =>
        captureLead(deps, { ...req.body, ...(key === undefined ? {} : { idempotencyKey: key }) }, actor),
      );
      void reply
        .status(r.created && !r.replayed ? 201 : 200)
        .header("location", `/api/v1/leads/${encodeURIComponent(r.leadId)}`);
      return { ...r, lead: await getLeadSummary(deps, r.leadId) };
    },
  );

  app.post(
    "/api/v1/leads/:id/facts",
    {
      config: { access: writeAccess(ACTION_ROLES.record_facts) },
      schema: {
        tags,
        description: "Records observations (a value, or null for unknown, each with evidence) and regrades.",
        params: leadParams,
        body: recordFactsSchema,
        response: { 200: factsResultSchema },
      },
    },
    async (req) => {
      const actor = actorFrom(req).id;
      const r = await onBody(() => recordFacts(deps, req.params.id, req.body, actor));
      return { oldGrade: r.oldGrade, grade: r.grade, lead: await getLeadSummary(deps, r.leadId) };
    },
  );

  app.post(
    "/api/v1/leads/:id/erase",
    {
      config: { access: writeAccess(ADMIN) },
      schema: {
        tags,
        description:
          "Erases the lead's personal data on the person's request; anonymised facts, grades and outcomes stay.",
        params: leadParams,
        body: eraseBodySchema,
        response: { 200: z.object({ lead: leadSummarySchema }) },
      },
    },
    async (req) => {
      const actor = actorFrom(req).id;
      await onBody(() => eraseLead(deps, req.params.id, req.body, actor));
      return { lead: await getLeadSummary(deps, req.params.id) };
    },
  );

  app.get(
    "/api/v1/sla/breaches",
    {
      config: { access: READ },
      schema: {
        tags,
        description:
          "Hand-offs past their service level: unanswered first, then answered late; most overdue first.",
        querystring: slaBreachQuerySchema,
        response: { 200: z.object({ items: z.array(slaBreachSchema) }) },
      },
    },
    async (req) => ({ items: await listSlaBreaches(deps, req.query.limit) }),
  );

  await leadMovesRoutes(app, deps);
  await disputesRoutes(app, deps);
}
