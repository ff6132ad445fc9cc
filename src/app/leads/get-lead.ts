import {
  type AskNext,
  allowedActions,
  askNext,
  type CommandType,
  type ExplanationView,
  explainGrade,
  type LeadAction,
  viewExplanation,
  type WhatIf,
  whatIf,
} from "../../core/index.js";
import { type DisputeRow, findDisputesOfLead } from "../../store/disputes.js";
import { findGradeEvents, findLeadEvents } from "../../store/events.js";
import { findFactEvents, findLeadFacts } from "../../store/facts.js";
import { findLeadById } from "../../store/leads.js";
import type { LeadRow } from "../../store/tables.js";
import { findUserById } from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { activeGrader, gradeInputsOf } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { movesAllowed } from "./lifecycle.js";
import { leadNotFound } from "./record-facts.js";

export interface HistoryEntry {
  readonly at: number;
  readonly kind: "fact" | "grade" | "event";
  readonly type: string;
  readonly actor: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface LeadDetail {
  readonly lead: LeadRow;
  readonly facts: readonly {
    readonly fact: string;
    readonly value: unknown;
    readonly recordedAt: number;
    readonly channel: string;
    readonly recordedBy: string;
    readonly quote: string | null;
  }[];
  readonly explanation: ExplanationView;
  /** Everything that happened to the lead, oldest first; ties keep write order. */
  readonly history: readonly HistoryEntry[];
  /** For each stronger grade, what would have to hold to reach it. */
  readonly whatIf: readonly WhatIf[];
  /** The unknown facts the grade rules use: what to ask the prospect next. */
  readonly askNext: readonly AskNext[];
  /** Every dispute about the lead's facts, oldest first. */
  readonly disputes: readonly DisputeRow[];
  /** What the caller may do now; each one succeeds when taken with a valid body. */
  readonly moves: readonly CommandType[];
  readonly actions: readonly LeadAction[];
  /** The names of the people the lead's record mentions by id (owner, actors, dispute parties). */
  readonly people: Readonly<Record<string, string>>;
}

/**
 * A lead with its current facts and their evidence, its grade explained now (and what would change
 * it), its disputes, its full history, and what this role may do to it now (null: nothing).
 */
export async function getLead(deps: AppDeps, id: string, role: string | null = null): Promise<LeadDetail> {
  return inTransaction(deps, async (trx) => {
    const lead = await findLeadById(trx, id);
    if (!lead) throw leadNotFound(id);
    const [current, factEvents, gradeEvents, leadEvents, disputes] = await Promise.all([
      findLeadFacts(trx, id),
      findFactEvents(trx, id),
      findGradeEvents(trx, id),
      findLeadEvents(trx, id),
      findDisputesOfLead(trx, id),
    ]);
    const active = await activeGrader(trx, deps);
    const def = active.definition;
    const { values, recorded } = gradeInputsOf(def, current);
    const explained = explainGrade(active.grader, values, deps.clock(), recorded);
    const explanation = viewExplanation(def, explained);
    const moves = await movesAllowed(trx, lead, role, def);
    const actions =
      role === null
        ? []
        : allowedActions(role, {
            erased: lead.erased_at !== null,
            openDisputes: disputes.filter((d) => d.status === "open").length,
          });
    const byEvent = new Map(factEvents.map((e) => [e.id, e]));
    const facts = current.map((f) => {
      const e = byEvent.get(Number(f.event_id));
      return {
        fact: f.fact,
        value: f.value === null ? null : JSON.parse(f.value),
        recordedAt: Number(f.recorded_at),
        channel: e?.channel ?? "",
        recordedBy: e?.recorded_by ?? "",
        quote: e?.quote ?? null,
      };
    });
    const history: HistoryEntry[] = [
      ...factEvents.map((e) => ({
        at: Number(e.created_at),
        kind: "fact" as const,
        type: e.value === null ? "fact_unknown" : "fact_recorded",
        actor: e.actor,
        data: {
          fact: e.fact,
          value: e.value === null ? null : JSON.parse(e.value),
          channel: e.channel,
          recordedBy: e.recorded_by,
          recordedAt: Number(e.recorded_at),
          quote: e.quote,
        },
      })),
      ...gradeEvents.map((e) => ({
        at: Number(e.at),
        kind: "grade" as const,
        type: "graded",
        actor: null,
        data: {
          from: e.old_grade,
          to: e.new_grade,
          version: e.version,
          cause: e.cause,
          inputs: JSON.parse(e.explanation),
        },
      })),
      ...leadEvents.map((e) => ({
        at: Number(e.at),
        kind: "event" as const,
        type: e.type,
        actor: e.actor,
        data: JSON.parse(e.data),
      })),
    ];
    // Stable sort: within one instant, facts come before the grade they caused, then the event.
    history.sort((a, b) => a.at - b.at);
    const ids = new Set<string>();
    for (const id of [
      lead.owner_id,
      ...history.map((h) => h.actor),
      ...disputes.flatMap((d) => [d.opened_by, d.resolved_by]),
    ])
      if (id) ids.add(id);
    const people: Record<string, string> = {};
    for (const id of ids) {
      const user = await findUserById(trx, id);
      if (user) people[id] = user.name;
    }
    return {
      lead,
      people,
      facts,
      explanation,
      history,
      whatIf: whatIf(def, explained),
      askNext: askNext(def, values),
      disputes,
      moves,
      actions,
    };
  });
}
