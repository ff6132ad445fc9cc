import { z } from "zod";
import {
  ACTION_ROLES,
  type Actor,
  AppError,
  evidenceSchema,
  mayAct,
  normalizeFactValue,
} from "../../core/index.js";
import {
  closeDispute,
  type Dispute,
  disputeOf,
  findDisputeForUpdate,
  findOpenDisputes,
  insertDispute,
} from "../../store/disputes.js";
import { appendLeadEvent } from "../../store/events.js";
import { findLeadForUpdate } from "../../store/leads.js";
import type { AppDeps } from "../deps.js";
import { activeGrader } from "../grading.js";
import { ConflictError, inTransaction } from "../transaction.js";
import { invalid, parseInput } from "../validation.js";
import { leadNotFound } from "./record-facts.js";
import { storedObservations, writeHappening } from "./write-happening.js";

const openSchema = z.strictObject({
  fact: z.string().min(1),
  claimedValue: z.union([z.boolean(), z.number(), z.string(), z.null()]),
  evidence: evidenceSchema,
});

const resolveSchema = z.union([
  z.strictObject({ decision: z.literal("accept"), note: z.string().trim().min(1).max(4000).optional() }),
  z.strictObject({
    decision: z.literal("dismiss"),
    reason: z.string().trim().min(1, "say why the claim is dismissed").max(4000),
  }),
]);

function forbidden(action: string, roles: readonly string[]): AppError {
  return new AppError(
    "dispute.forbidden",
    {
      en: `only ${roles.join(", ")} may ${action} a dispute`,
      ru: `${action === "open" ? "открыть" : "разрешить"} спор могут только: ${roles.join(", ")}`,
    },
    { allowed: roles },
  );
}

/**
 * Sales disputes a recorded fact: the value they observed, with evidence. Disputes are about
 * facts, never opinions: the claim must be a valid value of a fact in the catalogue.
 */
export async function openDispute(
  deps: AppDeps,
  leadId: string,
  input: z.input<typeof openSchema>,
  actor: Actor,
): Promise<number> {
  if (!mayAct(actor.role, "open_dispute")) throw forbidden("open", ACTION_ROLES.open_dispute);
  const claim = parseInput(openSchema, input);
  return inTransaction(deps, async (trx) => {
    const lead = await findLeadForUpdate(trx, leadId);
    if (!lead || lead.erased_at !== null) throw leadNotFound(leadId);
    const { definition } = await activeGrader(trx, deps);
    const fact = definition.factsByKey.get(claim.fact);
    if (!fact)
      throw invalid([
        {
          path: "fact",
          message: `unknown fact "${claim.fact}": it is not in the active definition's catalogue`,
        },
      ]);
    const checked = normalizeFactValue(fact, claim.claimedValue);
    if ("problem" in checked) throw invalid([{ path: "claimedValue", message: checked.problem }]);
    const now = deps.clock();
    const id = await insertDispute(trx, {
      lead_id: leadId,
      fact: claim.fact,
      claimed_value: JSON.stringify(claim.claimedValue),
      evidence: JSON.stringify(claim.evidence),
      status: "open",
      opened_by: actor.id,
      opened_at: now,
      resolved_by: null,
      resolved_at: null,
      resolution: null,
    });
    await appendLeadEvent(trx, {
      leadId,
      type: "dispute_opened",
      actor: actor.id,
      at: now,
      data: {
        dispute: id,
        fact: claim.fact,
        claimedValue: claim.claimedValue,
        channel: claim.evidence.channel,
      },
    });
    return id;
  });
}

/**
 * Marketing (or an admin) resolves a dispute on the evidence: accepting records the claimed value
 * as a new fact event (with the claim's evidence) and regrades the lead; dismissing needs a reason.
 */
export async function resolveDispute(
  deps: AppDeps,
  disputeId: number,
  input: z.input<typeof resolveSchema>,
  actor: Actor,
): Promise<{ status: "accepted" | "dismissed"; grade: string | null }> {
  if (!mayAct(actor.role, "resolve_dispute")) throw forbidden("resolve", ACTION_ROLES.resolve_dispute);
  const decision = parseInput(resolveSchema, input);
  return inTransaction(deps, async (trx) => {
    const dispute = await findDisputeForUpdate(trx, disputeId);
    if (!dispute)
      throw new AppError(
        "dispute.not_found",
        { en: `no dispute ${disputeId}`, ru: `нет спора ${disputeId}` },
        { disputeId },
      );
    if (dispute.status !== "open") {
      throw new AppError(
        "dispute.closed",
        {
          en: `dispute ${disputeId} is already ${dispute.status}`,
          ru: `спор ${disputeId} уже закрыт (${dispute.status})`,
        },
        { disputeId, status: dispute.status },
      );
    }
    const now = deps.clock();
    const lead = await findLeadForUpdate(trx, dispute.lead_id);
    // An erased lead keeps no facts to correct, as opening a dispute on it is refused too.
    if (!lead || lead.erased_at !== null) throw leadNotFound(dispute.lead_id);
    const status = decision.decision === "accept" ? "accepted" : "dismissed";
    const resolution = decision.decision === "accept" ? (decision.note ?? "") : decision.reason;
    if (
      !(await closeDispute(trx, disputeId, { status, resolved_by: actor.id, resolved_at: now, resolution }))
    )
      throw new ConflictError(String(disputeId));
    const event = {
      lead,
      isNew: false,
      type: "dispute_resolved",
      actor: actor.id,
      now,
      data: { dispute: disputeId, status, resolution, fact: dispute.fact },
    };
    if (status === "accepted") {
      const active = await activeGrader(trx, deps);
      const stored = disputeOf(dispute);
      const claimed = evidenceSchema.parse(stored.evidence);
      // The accepted claim is the truth from now on, so it is recorded now (a claim observed
      // before the current value was recorded must still replace it); the observation time stays in the note.
      const evidence = {
        ...claimed,
        recordedAt: new Date(now).toISOString(),
        note: `dispute ${disputeId} accepted; observed ${claimed.recordedAt}${claimed.note ? `; ${claimed.note}` : ""}`.slice(
          0,
          4000,
        ),
      };
      const { row } = await writeHappening(trx, {
        ...event,
        observations: storedObservations([{ fact: dispute.fact, value: stored.claimedValue, evidence }]),
        regrade: { active, cause: "dispute" },
      });
      return { status, grade: row.grade };
    }
    await writeHappening(trx, event);
    return { status, grade: lead.grade };
  });
}

export async function listOpenDisputes(deps: AppDeps): Promise<Dispute[]> {
  return (await findOpenDisputes(deps.store.db)).map(disputeOf);
}
