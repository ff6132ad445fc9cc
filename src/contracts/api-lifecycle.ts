import { z } from "zod";
import { evidenceSchema, ROLES, STAGES } from "../core/index.js";

/**
 * HTTP shapes of the lead lifecycle: the bodies of the moves, the events they produce, the state a
 * lead carries, and disputes. Shared by the server (validation, OpenAPI) and the web app.
 * Request bodies check types and refuse unknown fields; what a value means (a known reason code,
 * a positive amount, a fact of the catalogue) is the core's to judge, with its stable codes.
 */

/** PostgreSQL text cannot hold NUL: refuse it as bad input instead of failing the write (a 500). */
export const hasNoNul = (s: string) => !s.includes("\u0000");
export const NO_NUL = "must not contain NUL characters";

const scalar = z.union([z.boolean(), z.number(), z.string(), z.null()]);
const note = z.string().max(4000);
const stamp = { at: z.number(), by: z.string() };
const actor = z.object({ id: z.string(), role: z.enum(ROLES) });

/** The moves a lead makes, one URL segment each: `POST /api/v1/leads/:id/<move>`. */
export const MOVES = {
  nurture: "nurture",
  "hand-off": "hand_off",
  accept: "accept",
  reject: "reject",
  opportunity: "open_opportunity",
  win: "win",
  lose: "lose",
  recycle: "recycle",
} as const;
export type MovePath = keyof typeof MOVES;

/** Moves that carry nothing: no body at all, or an empty JSON object. */
export const emptyBodySchema = z.strictObject({}).nullish();

/** Either the fact sales found wrong (observed value and evidence) or a reason code; a note alone is refused. */
export const rejectBodySchema = z.strictObject({
  fact: z.string().min(1).max(100).optional(),
  observedValue: scalar.optional(),
  evidence: evidenceSchema.optional(),
  reason: z.string().min(1).max(100).optional(),
  note: note.optional(),
});

export const winBodySchema = z.strictObject({
  amount: z.number().describe("positive, in the currency's units"),
  currency: z.string().describe("ISO 4217 code, e.g. EUR"),
});

export const loseBodySchema = z.strictObject({
  reason: z.string().min(1).max(100).describe("a lost-reason code of the active definition"),
  note: note.optional(),
});

/** Evidence as responses carry it: loose, so a record written under older rules still reads. */
const evidenceView = z.object({
  channel: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  quote: z.string().optional(),
  note: z.string().optional(),
});

const rejectionSchema = z.union([
  z.object({ fact: z.string(), observedValue: scalar, evidence: evidenceView, note: note.optional() }),
  z.object({ reason: z.string(), note: note.optional() }),
]);

const outcomeSchema = z.union([
  z.object({ ...stamp, result: z.literal("won"), amount: z.number(), currency: z.string() }),
  z.object({
    ...stamp,
    result: z.literal("lost"),
    reason: z.string(),
    countsAgainst: z.enum(["lead_quality", "deal"]),
    note: note.optional(),
  }),
]);

/** The lifecycle of the lead's current cycle (a recycle clears it; the history keeps everything). */
export const lifecycleStateSchema = z.object({
  stage: z.enum(STAGES),
  since: z.number(),
  cycle: z.number().int(),
  handoff: z.object({ ...stamp, grade: z.string(), slaDueAt: z.number().nullable() }).nullable(),
  response: z
    .union([
      z.object({ ...stamp, decision: z.literal("accepted") }),
      z.object({ ...stamp, decision: z.literal("rejected"), rejection: rejectionSchema }),
    ])
    .nullable(),
  opportunity: z.object(stamp).nullable(),
  outcome: outcomeSchema.nullable(),
});

const eventBase = { from: z.enum(STAGES), to: z.enum(STAGES), at: z.number(), actor };

/** What a legal move recorded. */
export const lifecycleEventSchema = z.union([
  z.object({ ...eventBase, type: z.enum(["nurture", "accept", "open_opportunity", "recycle"]) }),
  z.object({ ...eventBase, type: z.literal("hand_off"), grade: z.string(), slaDueAt: z.number().nullable() }),
  z.object({ ...eventBase, type: z.literal("reject"), rejection: rejectionSchema }),
  z.object({ ...eventBase, type: z.literal("win"), amount: z.number(), currency: z.string() }),
  z.object({
    ...eventBase,
    type: z.literal("lose"),
    reason: z.string(),
    countsAgainst: z.enum(["lead_quality", "deal"]),
    note: note.optional(),
  }),
]);

export const openDisputeBodySchema = z.strictObject({
  fact: z.string().min(1).max(100),
  claimedValue: scalar,
  evidence: evidenceSchema,
});

const resolution = z.string().trim().min(1).max(4000).refine(hasNoNul, NO_NUL);

export const resolveDisputeBodySchema = z.union([
  z.strictObject({ decision: z.literal("accept"), note: resolution.optional() }),
  z.strictObject({ decision: z.literal("dismiss"), reason: resolution }),
]);

export const disputeListQuerySchema = z.strictObject({
  status: z.literal("open").default("open").describe("only open disputes are listed"),
});

export const disputeSchema = z.object({
  id: z.number().int(),
  leadId: z.string(),
  fact: z.string(),
  claimedValue: scalar,
  evidence: z.record(z.string(), z.unknown()),
  status: z.enum(["open", "accepted", "dismissed"]),
  openedBy: z.string(),
  openedAt: z.number(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.number().nullable(),
  resolution: z.string().nullable(),
});
export type DisputeView = z.infer<typeof disputeSchema>;
