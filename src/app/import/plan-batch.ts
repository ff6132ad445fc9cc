import { eventDataText, type LeadEventInsert } from "../../store/events.js";
import {
  type CurrentFact,
  currentFactsOf,
  encodeCurrentFacts,
  type StoredObservation,
} from "../../store/facts.js";
import type { ImportedLead, ImportedLeadUpdate, ImportRowRecord } from "../../store/import-bulk.js";
import type { LeadRow } from "../../store/tables.js";
import { planRegrade, type VersionGrader } from "../grading.js";
import { newLeadRow } from "../leads/new-lead-row.js";
import type { LeadRowInput, RejectedRow } from "./rows.js";

/** What one batch writes: typed rows for `store/import-bulk.ts` and `appendLeadEventsBulk`. */
export interface BatchWrites {
  readonly newLeads: ImportedLead[];
  readonly updatedLeads: ImportedLeadUpdate[];
  /** One event per row: its observations with evidence and the grade change it caused. */
  readonly events: LeadEventInsert[];
  readonly importRows: ImportRowRecord[];
  readonly created: number;
  readonly merged: number;
}

export interface BatchPlanInput {
  readonly active: VersionGrader;
  readonly rows: readonly LeadRowInput[];
  readonly rejects: readonly RejectedRow[];
  /** Open leads matching the batch's e-mails and phones, as read (current facts on the row). */
  readonly existing: readonly LeadRow[];
  readonly importId: string;
  readonly file: string;
  readonly actor: string;
  readonly now: number;
  readonly newLeadId: () => string;
}

interface LeadState {
  readonly row: LeadRow;
  readonly isNew: boolean;
  /** The row_version read: the compare in compare-and-set. */
  readonly rowVersion: number;
  readonly facts: Map<string, CurrentFact>;
}

/**
 * Decides a batch in memory, row by row in file order, exactly as captures one after another
 * would: a row whose e-mail (else phone) matches an open lead — one already stored, or one an
 * earlier row of the batch created — merges into it; others create a lead. Each row's facts fold
 * into the lead's current facts (latest recorded wins), and `planRegrade` grades the lead after
 * every row, as `captureLead` does after every capture; each row is one event. Pure: the caller
 * reads and writes.
 */
export function planBatch(input: BatchPlanInput): BatchWrites {
  const { active, now } = input;
  const byEmail = new Map<string, LeadState>();
  const byPhone = new Map<string, LeadState>();
  const register = (s: LeadState) => {
    if (s.row.email_norm && !byEmail.has(s.row.email_norm)) byEmail.set(s.row.email_norm, s);
    if (s.row.phone_norm && !byPhone.has(s.row.phone_norm)) byPhone.set(s.row.phone_norm, s);
  };
  for (const lead of input.existing) {
    const facts = new Map(currentFactsOf(lead).map((f) => [f[0], f]));
    register({ row: { ...lead }, isNew: false, rowVersion: lead.row_version, facts });
  }
  const states: LeadState[] = [];
  const touched = new Set<LeadState>();
  const events: LeadEventInsert[] = [];
  const importRows: ImportRowRecord[] = [];
  let created = 0;
  for (const r of input.rows) {
    let s =
      (r.emailNorm ? byEmail.get(r.emailNorm) : undefined) ??
      (r.phoneNorm ? byPhone.get(r.phoneNorm) : undefined);
    const isCreated = s === undefined;
    if (!s) {
      s = { row: leadRowOf(input.newLeadId(), r), isNew: true, rowVersion: 0, facts: new Map() };
      register(s);
      states.push(s);
      created++;
    }
    touched.add(s);
    const leadId = s.row.id;
    const note = `${input.file}, row ${r.row}`;
    const observations: StoredObservation[] = [];
    for (const f of r.facts) {
      observations.push({
        fact: f.fact,
        value: f.value,
        channel: "import",
        recordedBy: input.actor,
        recordedAt: r.recordedAt,
        quote: null,
        note,
      });
      const current = s.facts.get(f.fact);
      if (current && current[2] > r.recordedAt) continue;
      s.facts.set(f.fact, [f.fact, f.value, r.recordedAt]);
    }
    const rows = [...s.facts.values()].map(([fact, value, recorded_at]) => ({ fact, value, recorded_at }));
    rows.sort((a, b) => (a.fact < b.fact ? -1 : a.fact > b.fact ? 1 : 0));
    const { gradeChange, change } = planRegrade(active, s.row, rows, isCreated ? "capture" : "fact", now);
    Object.assign(s.row, change);
    events.push({
      lead_id: leadId,
      type: isCreated ? "imported" : "imported_again",
      actor: input.actor,
      at: now,
      data: eventDataText(eventData(input, r, isCreated), observations, gradeChange),
      old_grade: gradeChange?.from ?? null,
      new_grade: gradeChange?.to ?? null,
      version: gradeChange?.version ?? null,
    });
    importRows.push({
      row: r.row,
      outcome: isCreated ? "created" : "merged",
      leadId,
      column: null,
      value: null,
      reason: null,
    });
  }
  // A cell can be a megabyte (an unclosed quote swallows the file): the record keeps enough to find it.
  for (const j of input.rejects)
    importRows.push({
      row: j.row,
      outcome: "rejected",
      leadId: null,
      column: j.column,
      value: j.value.slice(0, 1000),
      reason: j.reason,
    });
  importRows.sort((a, b) => a.row - b.row);
  const updatedLeads: ImportedLeadUpdate[] = [];
  for (const s of touched) {
    if (s.isNew) continue;
    updatedLeads.push({
      id: s.row.id,
      rowVersion: s.rowVersion,
      grade: s.row.grade,
      nextRegradeAt: s.row.next_regrade_at,
      facts: encodeCurrentFacts(s.facts.values()),
    });
  }
  const newLeads = states.map(({ row: l, facts }) => ({
    id: l.id,
    name: l.name,
    email: l.email,
    email_norm: l.email_norm,
    phone: l.phone,
    phone_norm: l.phone_norm,
    company: l.company,
    source: l.source,
    campaign: l.campaign,
    utm_source: l.utm_source,
    utm_medium: l.utm_medium,
    utm_campaign: l.utm_campaign,
    utm_term: l.utm_term,
    utm_content: l.utm_content,
    grade: l.grade,
    next_regrade_at: l.next_regrade_at,
    facts: encodeCurrentFacts(facts.values()),
  }));
  return { newLeads, updatedLeads, events, importRows, created, merged: input.rows.length - created };
}

/** The lead event's data: where the row came from, and (for a merge) the identity it carried. */
function eventData(input: BatchPlanInput, r: LeadRowInput, isCreated: boolean): Record<string, unknown> {
  const f = r.fields;
  const utm = {
    source: f.utm_source,
    medium: f.utm_medium,
    campaign: f.utm_campaign,
    term: f.utm_term,
    content: f.utm_content,
  };
  const hasUtm = Object.values(utm).some((v) => v !== undefined);
  return {
    import: input.importId,
    file: input.file,
    row: r.row,
    source: f.source ?? null,
    campaign: f.campaign ?? null,
    utm: hasUtm ? utm : null,
    ...(isCreated
      ? {}
      : { name: f.name ?? null, email: f.email ?? null, phone: f.phone ?? null, company: f.company ?? null }),
    facts: r.facts.map((o) => o.fact),
  };
}

/** The lead a row creates, before grading; stage, lifecycle and times are set by the bulk insert. */
function leadRowOf(id: string, r: LeadRowInput): LeadRow {
  const f = r.fields;
  const utm = {
    source: f.utm_source,
    medium: f.utm_medium,
    campaign: f.utm_campaign,
    term: f.utm_term,
    content: f.utm_content,
  };
  return newLeadRow(id, { ...f, utm }, r.emailNorm, r.phoneNorm, 0);
}
