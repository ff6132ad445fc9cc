import type { Insertable, Transaction } from "kysely";
import { displayValue, nextGradeChange } from "../../core/index.js";
import type { LeadFactRow } from "../../store/facts.js";
import { appendGradeEvents, updateLeadGradesIfUnchanged } from "../../store/regrade.js";
import type { Database, GradeEventsTable, LeadRow, LeadUpdate } from "../../store/tables.js";
import { type GradeCause, type GradeInputs, gradeInputsOf, type VersionGrader } from "../grading.js";
import { ConflictError } from "../transaction.js";

/** What regrading one lead writes: its grade event (if any) and the change to its row. */
export interface LeadRegrade {
  readonly event: Insertable<GradeEventsTable> | null;
  readonly change: LeadUpdate & { grade: string | null };
}

/**
 * Regrades one lead in memory, exactly as `regradeLead` (src/app/grading.ts) does: the same
 * inputs, the same event when the grade or the version changed, the same row change. Kept pure so
 * a batch can read all its facts in one query and write its events in one statement.
 * A test holds the two to the same rows; change them together.
 */
export function planRegrade(
  active: VersionGrader,
  lead: LeadRow,
  factRows: readonly LeadFactRow[],
  cause: GradeCause,
  now: number,
): LeadRegrade {
  const { definition, grader, version } = active;
  const { values, recorded } = gradeInputsOf(definition, factRows);
  const grade = definition.grades[grader.gradeIndex(values, now, recorded)]?.key ?? null;
  const next = nextGradeChange(grader, values, now, recorded);
  const change = {
    grade,
    graded_version: version,
    graded_at: now,
    next_regrade_at: next?.at ?? null,
    updated_at: now,
  };
  if (grade === lead.grade && lead.graded_version === version) return { event: null, change };
  const facts: Record<string, boolean | number | string> = {};
  for (const [k, v] of Object.entries(values))
    if (v !== null && v !== undefined) facts[k] = displayValue(definition.factsByKey.get(k), v);
  const inputs: GradeInputs = {
    on: new Date(now).toISOString(),
    facts,
    recorded: recorded as Record<string, number>,
  };
  const event = {
    lead_id: lead.id,
    old_grade: lead.grade,
    new_grade: grade,
    version,
    cause,
    explanation: JSON.stringify(inputs),
    at: now,
  };
  return { event, change };
}

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
