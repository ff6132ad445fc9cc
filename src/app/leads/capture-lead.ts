import type { Transaction } from "kysely";
import {
  type CaptureLeadInput,
  captureLeadSchema,
  normalizeEmail,
  normalizePhone,
} from "../../contracts/leads.js";
import { type Observation, parseInstant } from "../../core/index.js";
import { appendLeadEvent, findIdempotentResult, saveIdempotentResult } from "../../store/events.js";
import { appendFactEvents } from "../../store/facts.js";
import { findOpenLeadByContact, insertLead } from "../../store/leads.js";
import type { Database } from "../../store/tables.js";
import type { AppDeps } from "../deps.js";
import { activeGrader, regradeLead } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { checkObservations, invalid, parseInput } from "../validation.js";
import { newLeadRow } from "./new-lead-row.js";

export interface CaptureResult {
  readonly leadId: string;
  /** True when a new lead was created; false when the capture was added to an existing open lead. */
  readonly created: boolean;
  readonly grade: string | null;
  /** True when this is a retry of an earlier capture with the same idempotency key: nothing was written. */
  readonly replayed: boolean;
}

/**
 * Captures a lead: identity, attribution and first facts with evidence. A lead whose e-mail or
 * phone matches an open lead is added to that lead (its facts and a capture event) instead of
 * duplicating it. Everything — lead, facts, grade, events, idempotency record — is one transaction.
 */
export async function captureLead(
  deps: AppDeps,
  input: CaptureLeadInput,
  actor: string,
): Promise<CaptureResult> {
  const data = parseInput(captureLeadSchema, input);
  return inTransaction(deps, async (trx) => {
    if (data.idempotencyKey) {
      const earlier = await findIdempotentResult(trx, data.idempotencyKey);
      if (earlier) return { ...(JSON.parse(earlier) as CaptureResult), replayed: true };
    }
    const now = deps.clock();
    const active = await activeGrader(trx, deps);
    const facts = data.facts ?? [];
    const problems = checkObservations(active.definition, facts, "facts");
    if (problems.length > 0) throw invalid(problems);

    const emailNorm = normalizeEmail(data.email);
    const phoneNorm = normalizePhone(data.phone);
    let lead = await findOpenLeadByContact(trx, emailNorm, phoneNorm);
    const created = lead === undefined;
    if (!lead) {
      lead = newLeadRow(deps.newId(), data, emailNorm, phoneNorm, now);
      await insertLead(trx, lead);
    }
    await appendObservations(trx, lead.id, facts, actor, now);
    await appendLeadEvent(trx, {
      lead_id: lead.id,
      type: created ? "captured" : "captured_again",
      actor,
      at: now,
      data: JSON.stringify({
        source: data.source ?? null,
        campaign: data.campaign ?? null,
        utm: data.utm ?? null,
        // A repeat capture's identity goes to the history, not over the lead's recorded identity.
        ...(created
          ? {}
          : {
              name: data.name ?? null,
              email: data.email ?? null,
              phone: data.phone ?? null,
              company: data.company ?? null,
            }),
        facts: facts.map((f) => f.fact),
      }),
    });
    const { grade } = await regradeLead(trx, active, lead, created ? "capture" : "fact", now);
    const result: CaptureResult = { leadId: lead.id, created, grade, replayed: false };
    if (data.idempotencyKey)
      await saveIdempotentResult(trx, data.idempotencyKey, lead.id, JSON.stringify(result), now);
    return result;
  });
}

/** Appends observations as fact events; the current-facts snapshot follows in the same statements. */
export async function appendObservations(
  trx: Transaction<Database>,
  leadId: string,
  facts: readonly Observation[],
  actor: string,
  now: number,
): Promise<void> {
  await appendFactEvents(
    trx,
    facts.map((o) => ({
      lead_id: leadId,
      fact: o.fact,
      value: o.value === null ? null : JSON.stringify(o.value),
      channel: o.evidence.channel,
      recorded_by: o.evidence.recordedBy,
      recorded_at: parseInstant(o.evidence.recordedAt) as number,
      quote: o.evidence.quote ?? null,
      note: o.evidence.note ?? null,
      actor,
      created_at: now,
    })),
  );
}
