import type { Transaction } from "kysely";
import { type Observation, parseInstant } from "../../core/index.js";
import { appendLeadEvent, type GradeChangeRecord } from "../../store/events.js";
import {
  currentFactsOf,
  encodeCurrentFacts,
  foldObservations,
  type StoredObservation,
} from "../../store/facts.js";
import { insertLead, updateLeadIfUnchanged } from "../../store/leads.js";
import type { Database, LeadRow, LeadUpdate } from "../../store/tables.js";
import { type GradeCause, planRegrade, type VersionGrader } from "../grading.js";
import { ConflictError } from "../transaction.js";

/** One thing that happened to one lead: what a capture, recorded facts, a dispute or a time regrade writes. */
export interface Happening {
  /** The lead as read in this transaction (or built, when `isNew`). */
  readonly lead: LeadRow;
  /** A lead row made by this happening: inserted rather than compared-and-set. */
  readonly isNew: boolean;
  readonly type: string;
  readonly actor: string;
  readonly now: number;
  /** The event's own fields; observations and the grade change are added to them. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly observations?: readonly StoredObservation[] | undefined;
  /** Regrade with this version, for this cause; omitted: the grade stays as it is. */
  readonly regrade?: { readonly active: VersionGrader; readonly cause: GradeCause } | undefined;
  /**
   * True when the happening is worth an event only if it changes the grade (time passing): the
   * lead row is still stamped and given its next regrade instant.
   */
  readonly eventOnlyOnGradeChange?: boolean | undefined;
}

export interface HappeningResult {
  readonly row: LeadRow;
  readonly gradeChange: GradeChangeRecord | null;
}

/**
 * Writes a happening: ONE lead event carrying its observations (with evidence) and the grade
 * change it caused, and the lead row's new state — current facts (the latest recorded observation
 * wins), grade, version, next regrade — in one insert or one compare-and-set. Nothing is read
 * back. A lost compare-and-set throws ConflictError, which retries the caller's whole unit.
 */
export async function writeHappening(trx: Transaction<Database>, h: Happening): Promise<HappeningResult> {
  const { lead, now } = h;
  const observations = h.observations ?? [];
  const update: { -readonly [K in keyof LeadUpdate]: LeadUpdate[K] } = { updated_at: now };
  let facts = observations.length > 0 ? foldObservations(currentFactsOf(lead), observations) : null;
  if (facts) update.facts = encodeCurrentFacts(facts);
  let gradeChange: GradeChangeRecord | null = null;
  if (h.regrade) {
    facts ??= currentFactsOf(lead);
    const plan = planRegrade(
      h.regrade.active,
      lead,
      facts.map(([fact, value, recorded_at]) => ({ fact, value, recorded_at })),
      h.regrade.cause,
      now,
    );
    gradeChange = plan.gradeChange;
    Object.assign(update, plan.change);
  }
  const row: LeadRow = { ...lead, ...update, row_version: h.isNew ? 0 : lead.row_version + 1 } as LeadRow;
  if (h.isNew) await insertLead(trx, row);
  else if (!(await updateLeadIfUnchanged(trx, lead.id, lead.row_version, update)))
    throw new ConflictError(`lead ${lead.id} changed`);
  if (!h.eventOnlyOnGradeChange || gradeChange) {
    await appendLeadEvent(trx, {
      leadId: lead.id,
      type: h.type,
      actor: h.actor,
      at: now,
      data: h.data,
      observations,
      gradeChange,
    });
  }
  return { row, gradeChange };
}

/** Observations as the store keeps them: the value as JSON text, the recorded instant as epoch ms. */
export function storedObservations(facts: readonly Observation[]): StoredObservation[] {
  return facts.map((o) => ({
    fact: o.fact,
    value: o.value === null ? null : JSON.stringify(o.value),
    channel: o.evidence.channel,
    recordedBy: o.evidence.recordedBy,
    recordedAt: parseInstant(o.evidence.recordedAt) as number,
    quote: o.evidence.quote ?? null,
    note: o.evidence.note ?? null,
  }));
}
