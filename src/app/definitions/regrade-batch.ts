import type { Transaction } from "kysely";
import type { LeadFactRow } from "../../store/facts.js";
import { appendGradeEvents, updateLeadGradesIfUnchanged } from "../../store/regrade.js";
import type { Database, LeadRow } from "../../store/tables.js";
import { type GradeCause, type LeadRegrade, planRegrade, type VersionGrader } from "../grading.js";
import { ConflictError } from "../transaction.js";

/**
 * Regrades locked leads inside the caller's transaction: one insert for all grade events, one
 * compare-and-set update for all leads. A lost compare-and-set (a writer that did not take the
 * lock) throws ConflictError, which retries the whole batch with fresh reads.
 */
export async function regradeLeads(
  trx: Transaction<Database>,
  active: VersionGrader,
  leads: readonly LeadRow[],
  factsByLead: ReadonlyMap<string, readonly LeadFactRow[]>,
  cause: GradeCause,
  now: number,
): Promise<{ regraded: number; events: number }> {
  const plans = leads.map((lead) => planRegrade(active, lead, factsByLead.get(lead.id) ?? [], cause, now));
  const events = plans.flatMap((p) => (p.event ? [p.event] : []));
  await appendGradeEvents(trx, events);
  const changes = leads.map((lead, i) => {
    const change = (plans[i] as LeadRegrade).change;
    return {
      id: lead.id,
      rowVersion: lead.row_version,
      grade: change.grade,
      nextRegradeAt: change.next_regrade_at ?? null,
    };
  });
  const updated = await updateLeadGradesIfUnchanged(trx, changes, { version: active.version, at: now });
  if (updated !== leads.length) throw new ConflictError(`${leads.length - updated} lead(s) changed`);
  return { regraded: leads.length, events: events.length };
}
