import {
  encodeLeadCursor,
  LEAD_COUNT_CAP,
  type LeadCountQuery,
  type LeadListQuery,
  type LeadSummary,
  type SlaState,
} from "../../contracts/api-leads.js";
import { commandsInto, slaStatus } from "../../core/index.js";
import {
  countLeadsUpTo,
  findLeadPage,
  type LeadListFilter,
  type LeadListRow,
} from "../../store/lead-list.js";
import { findLeadById, findSlaBreaches, storedLifecycleOf } from "../../store/leads.js";
import type { AppDeps } from "../deps.js";
import { leadNotFound } from "./record-facts.js";

export interface LeadPage {
  readonly items: LeadSummary[];
  /** Pass back to get the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/**
 * A page of leads matching every given filter, newest first (or oldest first, or soonest due).
 * Keyset pagination on (created_at, id) — (sla_due_at, id) for `due` —: a lead captured while
 * someone pages through does not shift the pages.
 */
export async function listLeads(deps: AppDeps, query: LeadListQuery): Promise<LeadPage> {
  const now = deps.clock();
  const rows = await findLeadPage(
    deps.store.db,
    { ...filterOf(query), after: query.cursor },
    now,
    query.limit + 1,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => summarizeLead(r, now)),
    nextCursor:
      rows.length > query.limit && last
        ? encodeLeadCursor({
            createdAt: query.sort === "due" ? (last.sla_due_at ?? 0) : last.created_at,
            id: last.id,
            sort: query.sort,
          })
        : null,
  };
}

/** How many leads match (for the inbox's view tabs), counted up to a cap so it stays cheap. */
export async function countLeads(
  deps: AppDeps,
  query: LeadCountQuery,
): Promise<{ count: number; more: boolean }> {
  const n = await countLeadsUpTo(deps.store.db, filterOf(query), deps.clock(), LEAD_COUNT_CAP);
  return { count: Math.min(n, LEAD_COUNT_CAP), more: n > LEAD_COUNT_CAP };
}

/** The store's filter for the API's query. */
function filterOf(query: LeadCountQuery): LeadListFilter {
  return {
    grade: query.grade,
    stage: query.stage,
    source: query.source,
    campaign: query.campaign,
    ownerId: query.owner,
    sla: query.sla,
    text: query.q,
    stageSince:
      query.stageSince === undefined || query.stage === undefined
        ? undefined
        : { at: query.stageSince, enteredBy: commandsInto(query.stage) },
    sort: query.sort,
  };
}

/** One lead as lists show it (erased leads too: their identity is gone, their record stays). */
export async function getLeadSummary(deps: AppDeps, id: string): Promise<LeadSummary> {
  const row = await findLeadById(deps.store.db, id);
  if (!row) throw leadNotFound(id);
  return summarizeLead(row, deps.clock());
}

export interface SlaBreach {
  readonly lead: LeadSummary;
  readonly dueAt: number;
  readonly overdueBy: number;
  /** Still unanswered: the ones to chase first. */
  readonly open: boolean;
}

/** Hand-offs past their service level: unanswered ones first, then answered late; most overdue first. */
export async function listSlaBreaches(deps: AppDeps, limit: number): Promise<SlaBreach[]> {
  const now = deps.clock();
  const rows = await findSlaBreaches(deps.store.db, now, limit);
  const breaches = rows.flatMap((row) => {
    const lead = summarizeLead(row, now);
    const { dueAt, overdueBy } = lead.sla;
    if (lead.sla.state !== "breached" || dueAt === null || overdueBy === null) return [];
    return [{ lead, dueAt, overdueBy, open: lead.sla.respondedAt === null }];
  });
  breaches.sort((a, b) => Number(b.open) - Number(a.open) || b.overdueBy - a.overdueBy);
  return breaches.slice(0, limit);
}

/** The list view of a lead row; the service level is the core's reading of the stored lifecycle. */
export function summarizeLead(row: LeadListRow, now: number): LeadSummary {
  const state = storedLifecycleOf(row);
  const s = slaStatus(state, now);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    company: row.company,
    source: row.source,
    campaign: row.campaign,
    ownerId: row.owner_id,
    stage: state.stage,
    grade: row.grade,
    gradedVersion: row.graded_version,
    gradedAt: row.graded_at,
    sla: {
      state: s.state satisfies SlaState,
      dueAt: s.state === "none" ? null : s.due,
      respondedAt: s.state === "met" || s.state === "breached" ? (s.respondedAt ?? null) : null,
      overdueBy: s.state === "breached" ? s.overdueBy : null,
    },
    outcome: state.outcome,
    isOpen: row.is_open === 1,
    erased: row.erased_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
