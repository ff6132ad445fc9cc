import { recordFactsSchema } from "../../contracts/leads.js";
import { AppError } from "../../core/errors.js";
import type { Observation } from "../../core/index.js";
import { findLeadForUpdate } from "../../store/leads.js";
import type { AppDeps } from "../deps.js";
import { activeGrader, type GradeCause } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { checkObservations, invalid, parseInput } from "../validation.js";
import { storedObservations, writeHappening } from "./write-happening.js";

export interface RecordFactsResult {
  readonly leadId: string;
  readonly oldGrade: string | null;
  readonly grade: string | null;
}

/**
 * Records observations on a lead (values, or null for "unknown", each with evidence) and regrades
 * it in the same transaction. Nothing is overwritten: every value stays in the lead's history.
 */
export async function recordFacts(
  deps: AppDeps,
  leadId: string,
  input: { facts: readonly Observation[] },
  actor: string,
  cause: GradeCause = "fact",
): Promise<RecordFactsResult> {
  const { facts } = parseInput(recordFactsSchema, input);
  return inTransaction(deps, async (trx) => {
    const lead = await findLeadForUpdate(trx, leadId);
    const now = deps.clock();
    if (!lead || lead.erased_at !== null) throw leadNotFound(leadId);
    const active = await activeGrader(trx, deps);
    const problems = checkObservations(active.definition, facts, "facts");
    if (problems.length > 0) throw invalid(problems);
    const { row } = await writeHappening(trx, {
      lead,
      isNew: false,
      type: "facts_recorded",
      actor,
      now,
      data: { facts: facts.map((f) => f.fact) },
      observations: storedObservations(facts),
      regrade: { active, cause },
    });
    return { leadId, oldGrade: lead.grade, grade: row.grade };
  });
}

export function leadNotFound(id: string): AppError {
  return new AppError(
    "lead.not_found",
    { en: `no lead with id ${id}`, ru: `нет лида с id ${id}` },
    { leadId: id },
  );
}
