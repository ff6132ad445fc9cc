import { AppError } from "../../core/errors.js";
import { eraseLeadPersonalData } from "../../store/erasure.js";
import { appendLeadEvent } from "../../store/events.js";
import { findLeadForUpdate } from "../../store/leads.js";
import type { AppDeps } from "../deps.js";
import { activeGrader } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { leadNotFound } from "./record-facts.js";

/**
 * Erases a lead's personal data on the person's request (GDPR art. 17, 152-ФЗ ст. 21): identity
 * and free text go; the anonymised facts, grades and outcomes stay for the statistics. The erasure
 * itself is an audited event (who, when, the request's reference — never the erased data).
 * Free-text facts are those declared `text` by the active definition.
 */
export async function eraseLead(
  deps: AppDeps,
  leadId: string,
  request: { reference: string },
  actor: string,
): Promise<void> {
  const reference = request.reference.trim();
  if (reference === "" || reference.length > 200) {
    throw new AppError(
      "validation.invalid",
      {
        en: "an erasure needs the request's reference (1–200 characters)",
        ru: "для удаления нужен номер запроса (1–200 символов)",
      },
      { problems: [{ path: "reference", message: "required, at most 200 characters" }] },
    );
  }
  await inTransaction(deps, async (trx) => {
    const lead = await findLeadForUpdate(trx, leadId);
    if (!lead) throw leadNotFound(leadId);
    if (lead.erased_at !== null) {
      throw new AppError(
        "lead.already_erased",
        { en: `lead ${leadId} was already erased`, ru: `лид ${leadId} уже удалён` },
        { leadId },
      );
    }
    const now = deps.clock();
    const { definition } = await activeGrader(trx, deps);
    const textFacts = definition.facts.filter((f) => f.type === "text").map((f) => f.key);
    await eraseLeadPersonalData(trx, leadId, textFacts, now);
    await appendLeadEvent(trx, { leadId, type: "erased", actor, at: now, data: { reference } });
  });
}
