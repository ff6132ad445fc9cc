import type { LeadFactRow } from "../../store/facts.js";
import type { LeadRow } from "../../store/tables.js";
import { planRegrade, type VersionGrader } from "../grading.js";
import { newLeadRow } from "../leads/new-lead-row.js";
import type { LeadRowInput, RejectedRow } from "./rows.js";

/** What one batch writes, as the positional rows `store/import-bulk.ts` takes. */
export interface BatchWrites {
  readonly newLeads: unknown[][];
  readonly gradeChanges: unknown[][];
  readonly factEvents: unknown[][];
  readonly leadFacts: unknown[][];
  readonly gradeEvents: unknown[][];
  readonly leadEvents: unknown[][];
  readonly importRows: unknown[][];
  readonly created: number;
  readonly merged: number;
}

export interface BatchPlanInput {
  readonly active: VersionGrader;
  readonly rows: readonly LeadRowInput[];
  readonly rejects: readonly RejectedRow[];
  /** Open leads matching the batch's e-mails and phones, with their current facts. */
  readonly existing: readonly LeadRow[];
  readonly factsByLead: ReadonlyMap<string, readonly LeadFactRow[]>;
  /** One id per observation in the batch, in order. */
  readonly factIds: readonly number[];
  readonly importId: string;
  readonly file: string;
  readonly now: number;
  readonly newLeadId: () => string;
}

interface LeadState {
  readonly row: LeadRow;
  readonly isNew: boolean;
  /** The row_version read: the compare in compare-and-set. */
  readonly rowVersion: number;
  readonly facts: Map<string, LeadFactRow>;
  readonly changed: Set<string>;
}

/**
 * Decides a batch in memory, row by row in file order, exactly as captures one after another
 * would: a row whose e-mail (else phone) matches an open lead — one already stored, or one an
 * earlier row of the batch created — merges into it; others create a lead. Each row's facts fold
 * into the lead's current facts (latest recorded wins), and `planRegrade` grades the lead after
 * every row, as `captureLead` does after every capture. Pure: the caller reads and writes.
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
    const facts = new Map((input.factsByLead.get(lead.id) ?? []).map((f) => [f.fact, f]));
    register({ row: { ...lead }, isNew: false, rowVersion: lead.row_version, facts, changed: new Set() });
  }
  const states: LeadState[] = [];
  const touched = new Set<LeadState>();
  const w = { factEvents: [], leadFacts: [], gradeEvents: [], leadEvents: [], importRows: [] } as Record<
    "factEvents" | "leadFacts" | "gradeEvents" | "leadEvents" | "importRows",
    unknown[][]
  >;
  let nextFact = 0;
  let created = 0;
  for (const r of input.rows) {
    let s =
      (r.emailNorm ? byEmail.get(r.emailNorm) : undefined) ??
      (r.phoneNorm ? byPhone.get(r.phoneNorm) : undefined);
    const isCreated = s === undefined;
    if (!s) {
      s = {
        row: leadRowOf(input.newLeadId(), r),
        isNew: true,
        rowVersion: 0,
        facts: new Map(),
        changed: new Set(),
      };
      register(s);
      states.push(s);
      created++;
    }
    touched.add(s);
    const leadId = s.row.id;
    for (const f of r.facts) {
      const id = input.factIds[nextFact++] as number;
      w.factEvents.push([id, leadId, f.fact, f.value, r.recordedAt, r.row]);
      const current = s.facts.get(f.fact);
      if (current && current.recorded_at > r.recordedAt) continue;
      s.facts.set(f.fact, {
        lead_id: leadId,
        fact: f.fact,
        value: f.value,
        recorded_at: r.recordedAt,
        event_id: id,
      });
      s.changed.add(f.fact);
    }
    const { event, change } = planRegrade(
      active,
      s.row,
      [...s.facts.values()],
      isCreated ? "capture" : "fact",
      now,
    );
    if (event) {
      const e = event;
      w.gradeEvents.push([e.lead_id, e.old_grade, e.new_grade, e.version, e.cause, e.explanation, e.at]);
    }
    Object.assign(s.row, change);
    w.leadEvents.push([leadId, isCreated ? "imported" : "imported_again", eventData(input, r, isCreated)]);
    w.importRows.push([r.row, isCreated ? "created" : "merged", leadId, null, null, null]);
  }
  // A cell can be a megabyte (an unclosed quote swallows the file): the record keeps enough to find it.
  for (const j of input.rejects)
    w.importRows.push([j.row, "rejected", null, j.column, j.value.slice(0, 1000), j.reason]);
  w.importRows.sort((a, b) => (a[0] as number) - (b[0] as number));
  const gradeChanges: unknown[][] = [];
  for (const s of touched) {
    for (const fact of s.changed) {
      const f = s.facts.get(fact) as LeadFactRow;
      w.leadFacts.push([f.lead_id, f.fact, f.value, f.recorded_at, f.event_id]);
    }
    if (!s.isNew) gradeChanges.push([s.row.id, s.rowVersion, s.row.grade, s.row.next_regrade_at]);
  }
  const newLeads = states.map(({ row: l }) => [
    ...[l.id, l.name, l.email, l.email_norm, l.phone, l.phone_norm, l.company, l.source, l.campaign],
    ...[l.utm_source, l.utm_medium, l.utm_campaign, l.utm_term, l.utm_content, l.grade, l.next_regrade_at],
  ]);
  return { newLeads, gradeChanges, ...w, created, merged: input.rows.length - created };
}

/** The lead event's data: where the row came from, and (for a merge) the identity it carried. */
function eventData(input: BatchPlanInput, r: LeadRowInput, isCreated: boolean): string {
  const f = r.fields;
  const utm = {
    source: f.utm_source,
    medium: f.utm_medium,
    campaign: f.utm_campaign,
    term: f.utm_term,
    content: f.utm_content,
  };
  const hasUtm = Object.values(utm).some((v) => v !== undefined);
  return JSON.stringify({
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
  });
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
