import { z } from "zod";
import { LEAD_ACTIONS, STAGES } from "../core/index.js";
import { disputeSchema, hasNoNul, lifecycleStateSchema, MOVES, NO_NUL } from "./api-lifecycle.js";

/**
 * HTTP shapes of leads: the list's filters and pages, a lead's summary and detail. Shared by the
 * server (validation and OpenAPI) and the web app. Times are epoch milliseconds.
 */

export const SLA_STATES = ["running", "breached", "met", "none"] as const;
export type SlaState = (typeof SLA_STATES)[number];

/**
 * The list's orders, each a keyset on (key, id): `newest` (default) and `oldest` by capture time;
 * `due`: unanswered hand-offs only, the soonest due (the most overdue) first.
 */
export const LEAD_SORTS = ["newest", "oldest", "due"] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

/**
 * Where a page ends: the sort key (created_at; sla_due_at for `due`) and id of its last lead, and
 * the order it belongs to. Clients pass it back as it is.
 */
export interface LeadCursor {
  readonly createdAt: number;
  readonly id: string;
  readonly sort?: LeadSort | undefined;
}

/** base64url of a JSON pair (a triple for the orders other than newest); runs in Node and browsers alike. */
export function encodeLeadCursor(c: LeadCursor): string {
  const tuple =
    c.sort === undefined || c.sort === "newest" ? [c.createdAt, c.id] : [c.createdAt, c.id, c.sort];
  const bytes = new TextEncoder().encode(JSON.stringify(tuple));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** The cursor back, or undefined when it is not one this API made. */
export function decodeLeadCursor(s: string): LeadCursor | undefined {
  try {
    const bin = atob(s.replaceAll("-", "+").replaceAll("_", "/"));
    const pair: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))),
    );
    if (!Array.isArray(pair) || pair.length < 2 || pair.length > 3) return undefined;
    const [createdAt, id, sort] = pair as unknown[];
    if (sort !== undefined && (sort === "newest" || !(LEAD_SORTS as readonly unknown[]).includes(sort)))
      return undefined;
    if (
      !Number.isSafeInteger(createdAt) ||
      typeof id !== "string" ||
      id === "" ||
      id.length > 200 ||
      !hasNoNul(id)
    )
      return undefined;
    return { createdAt: createdAt as number, id, sort: (sort as LeadSort | undefined) ?? "newest" };
  } catch {
    return undefined;
  }
}

const filterText = z.string().trim().min(1).max(200).refine(hasNoNul, NO_NUL);

/**
 * `GET /api/v1/leads`: every filter optional, all of them combined with AND. `q` matches a part of
 * the name, e-mail or company (case-insensitive), or of the phone's digits. Newest first unless
 * `sort` says otherwise.
 */
export const leadListFilterSchema = z.strictObject({
  grade: filterText.optional(),
  stage: z.enum(STAGES).optional(),
  stageSince: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      "epoch ms; with `stage`: only leads that entered that stage at or after this time (e.g. rejected this week)",
    ),
  source: filterText.optional(),
  campaign: filterText.optional(),
  owner: filterText.optional().describe("the owner's user id"),
  sla: z
    .enum(SLA_STATES)
    .optional()
    .describe("running: handed off, unanswered, not yet due; breached: past due unanswered or answered late"),
  q: filterText.optional().describe("text search; scans the filtered leads, so combine it with filters"),
  sort: z
    .enum(LEAD_SORTS)
    .default("newest")
    .describe("newest (default), oldest, or due: unanswered hand-offs only, the soonest due first"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(500)
    .transform((s, ctx) => {
      const c = decodeLeadCursor(s);
      if (!c) ctx.addIssue({ code: "custom", message: "not a cursor of this list: start again without it" });
      return c ?? z.NEVER;
    })
    .optional()
    .describe("nextCursor of the previous page (of the same sort)"),
});

/** The list's query: the filters, checked together (kept apart so others can `omit` from the filters). */
export const leadListQuerySchema = leadListFilterSchema.superRefine((q, ctx) => {
  if (q.stageSince !== undefined && q.stage === undefined)
    ctx.addIssue({
      code: "custom",
      path: ["stageSince"],
      message: "needs `stage`: since entering which stage",
    });
  if (q.cursor !== undefined && (q.cursor.sort ?? "newest") !== q.sort)
    ctx.addIssue({
      code: "custom",
      path: ["cursor"],
      message: "a cursor of another sort order: start again without it",
    });
});
export type LeadListQuery = z.output<typeof leadListQuerySchema>;

/** `GET /api/v1/leads/count`: the list's filters (and `sort`, as `due` keeps only waiting leads). */
export const leadCountQuerySchema = leadListFilterSchema
  .omit({ limit: true, cursor: true })
  .superRefine((q, ctx) => {
    if (q.stageSince !== undefined && q.stage === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["stageSince"],
        message: "needs `stage`: since entering which stage",
      });
  });
export type LeadCountQuery = z.output<typeof leadCountQuerySchema>;

/** Counting stops here: the answer stays as cheap as a page. */
export const LEAD_COUNT_CAP = 1000;

export const leadCountSchema = z.object({
  count: z.number().int().describe(`leads matching, at most ${LEAD_COUNT_CAP}`),
  more: z.boolean().describe(`true: more than ${LEAD_COUNT_CAP} match (count is then ${LEAD_COUNT_CAP})`),
});

export const slaViewSchema = z.object({
  state: z.enum(SLA_STATES),
  dueAt: z.number().nullable(),
  respondedAt: z.number().nullable(),
  /** Only when breached: by how much (now, or the late answer, minus the due time). */
  overdueBy: z.number().nullable(),
});

export const leadSummarySchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  source: z.string().nullable(),
  campaign: z.string().nullable(),
  ownerId: z.string().nullable(),
  stage: z.enum(STAGES),
  grade: z.string().nullable(),
  gradedVersion: z.number().nullable(),
  gradedAt: z.number().nullable(),
  sla: slaViewSchema,
  outcome: lifecycleStateSchema.shape.outcome,
  isOpen: z.boolean(),
  erased: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type LeadSummary = z.infer<typeof leadSummarySchema>;

export const leadPageSchema = z.object({
  items: z.array(leadSummarySchema),
  nextCursor: z.string().nullable().describe("null on the last page"),
});

const localText = z.object({ en: z.string(), ru: z.string().optional() });
const value = z.union([z.boolean(), z.number(), z.string(), z.null()]);
const truth = z.enum(["true", "false", "unknown"]);

/** Why the lead has its grade now, every sentence in English and Russian. */
export const explanationSchema = z.object({
  definition: z.string(),
  on: z.string(),
  grade: z.string().nullable(),
  gradeLabel: localText.nullable(),
  text: z.object({ en: z.array(z.string()).readonly(), ru: z.array(z.string()).readonly() }),
  checked: z
    .array(
      z.object({
        grade: z.string(),
        result: z.enum(["true", "false", "unknown", "fallback"]),
        reasons: z.array(z.object({ fact: z.string(), result: truth, value, text: localText })).readonly(),
      }),
    )
    .readonly(),
  decidingFacts: z.array(z.string()).readonly(),
  nextChange: z.object({ on: z.string(), grade: z.string().nullable() }).nullable(),
});

export const leadDetailSchema = z.object({
  lead: leadSummarySchema.extend({
    utm: z.object({
      source: z.string().nullable(),
      medium: z.string().nullable(),
      campaign: z.string().nullable(),
      term: z.string().nullable(),
      content: z.string().nullable(),
    }),
    lifecycle: lifecycleStateSchema,
  }),
  availableMoves: z
    .array(z.enum(Object.keys(MOVES) as [keyof typeof MOVES, ...(keyof typeof MOVES)[]]))
    .describe(
      "the moves the caller may make now (POST /api/v1/leads/:id/<move>): stage, role, the hand-off grades and required facts all checked by the same rule that refuses a move; each listed move succeeds with a valid body",
    ),
  availableActions: z
    .array(z.enum(LEAD_ACTIONS))
    .describe(
      "what else the caller may do now: record_facts (POST …/facts), open_dispute (POST …/disputes), resolve_dispute (POST /api/v1/disputes/:id/resolve, on an open dispute of `disputes`)",
    ),
  facts: z.array(
    z.object({
      fact: z.string(),
      value,
      recordedAt: z.number(),
      channel: z.string(),
      recordedBy: z.string(),
      quote: z.string().nullable(),
    }),
  ),
  explanation: explanationSchema,
  history: z.array(
    z.object({
      at: z.number(),
      kind: z.enum(["fact", "grade", "event"]),
      type: z.string(),
      actor: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  whatIf: z
    .array(
      z.object({
        grade: z.string(),
        label: localText,
        facts: z.array(z.string()).readonly(),
        text: z.object({ en: z.string(), ru: z.string() }),
      }),
    )
    .describe("for each grade stronger than the lead's: what would have to hold to reach it"),
  askNext: z
    .array(
      z.object({
        fact: z.string(),
        label: localText,
        guide: localText.nullable(),
        grades: z.array(z.string()).readonly(),
      }),
    )
    .describe("facts the grade rules use whose value is unknown: what to ask the prospect next"),
  disputes: z.array(disputeSchema).describe("every dispute about the lead's facts, oldest first"),
  people: z
    .record(z.string(), z.string())
    .describe("names of the people the record mentions by user id (owner, actors, dispute parties)"),
});
export type LeadDetail = z.infer<typeof leadDetailSchema>;

export const captureResultSchema = z.object({
  leadId: z.string(),
  created: z.boolean().describe("false: added to an open lead with the same e-mail or phone"),
  replayed: z.boolean().describe("true: a retry with a known idempotency key; nothing was written"),
  grade: z.string().nullable(),
  lead: leadSummarySchema,
});

export const factsResultSchema = z.object({
  oldGrade: z.string().nullable(),
  grade: z.string().nullable(),
  lead: leadSummarySchema,
});

export const eraseBodySchema = z.strictObject({
  reference: z.string().trim().min(1).max(200).describe("the erasure request's reference, kept in the audit"),
});

export const slaBreachSchema = z.object({
  lead: leadSummarySchema,
  dueAt: z.number(),
  overdueBy: z.number(),
  open: z.boolean().describe("true: still unanswered"),
});

export const slaBreachQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(500),
});
