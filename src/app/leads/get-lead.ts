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
import { findActivationsSince } from "../../store/definitions.js";
import { type DisputeRow, findDisputesOfLead } from "../../store/disputes.js";
import { decodeLeadEvent, findLeadEvents, type ObservationRecord } from "../../store/events.js";
import { factRowsOf } from "../../store/facts.js";
import { findLeadById } from "../../store/leads.js";
import type { LeadRow } from "../../store/tables.js";
import { findUserById } from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { activeGrader, gradeInputsOf } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { movesAllowed } from "./lifecycle.js";
import { leadNotFound } from "./record-facts.js";

/** Event types that are only their parts (observations, a grade change): no entry of their own. */
const SILENT_TYPES = new Set(["facts_recorded", "regraded"]);

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
    const [leadEvents, disputes, activations] = await Promise.all([
      findLeadEvents(trx, id),
      findDisputesOfLead(trx, id),
      findActivationsSince(trx, Number(lead.created_at)),
    ]);
    const current = factRowsOf(lead);
    const events = leadEvents.map(decodeLeadEvent);
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
    // The evidence of a current value: the last observation of that fact recorded at its instant.
    const evidence = new Map<string, ObservationRecord>();
    for (const e of events)
      for (const o of e.observations) {
        const now = evidence.get(o.fact);
        if (!now || now.recordedAt <= o.recordedAt) evidence.set(o.fact, o);
      }
    const facts = current.map((f) => {
      const e = evidence.get(f.fact);
      return {
        fact: f.fact,
        value: f.value === null ? null : JSON.parse(f.value),
        recordedAt: Number(f.recorded_at),
        channel: e?.channel ?? "",
        recordedBy: e?.recordedBy ?? "",
        quote: e?.quote ?? null,
      };
    });
    // One stored event per happening, shown as its parts: the facts observed, then the grade they
    // caused, then the event itself (recorded facts and time regrades have no part of their own).
    const history: HistoryEntry[] = [];
    for (const e of events) {
      for (const o of e.observations)
        history.push({
          at: o.at,
          kind: "fact",
          type: o.value === null ? "fact_unknown" : "fact_recorded",
          actor: o.actor,
          data: {
            fact: o.fact,
            value: o.value === null ? null : JSON.parse(o.value),
            channel: o.channel,
            recordedBy: o.recordedBy,
            recordedAt: o.recordedAt,
            quote: o.quote,
          },
        });
      const g = e.gradeChange;
      if (g)
        history.push({
          at: g.at,
          kind: "grade",
          type: "graded",
          actor: null,
          data: {
            from: g.old_grade,
            to: g.new_grade,
            version: g.version,
            cause: g.cause,
            inputs: JSON.parse(g.explanation),
          },
        });
      if (!SILENT_TYPES.has(e.row.type))
        history.push({
          at: Number(e.row.at),
          kind: "event",
          type: e.row.type,
          actor: e.row.actor,
          data: e.data,
        });
    }
    withVersionStamps(history, activations, Number(lead.graded_version ?? 0));
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

/**
 * An activation writes a grade event only for the leads whose grade it changed; the others are
 * only stamped with the new version. So that the history still says under which version the
 * grade holds, the activation of the version the lead is graded with now, when it came after the
 * lead's last grade under an older version and changed nothing for this lead, gets an entry
 * `version_stamped` { version, grade } in its place in time. Only that one: the row keeps no trace of the versions in between (one may
 * have been superseded before its regrade reached the lead), and no entry is better than a wrong one.
 */
function withVersionStamps(
  history: HistoryEntry[],
  activations: readonly { version: number; activated_at: number; activated_by: string | null }[],
  gradedVersion: number,
): void {
  const byActivation = new Set(
    history
      .filter((h) => h.kind === "grade" && (h.data as { cause?: unknown }).cause === "activation")
      .map((h) => Number((h.data as { version?: unknown }).version)),
  );
  for (const a of activations) {
    if (a.version !== gradedVersion || byActivation.has(a.version)) continue;
    let at = history.length;
    while (at > 0 && (history[at - 1] as HistoryEntry).at > a.activated_at) at--;
    // The grade it kept: the last one before the activation, given under an older version (a lead
    // first graded after this version was active was never stamped by its activation).
    let last: { grade: unknown; version: number } | null = null;
    for (let i = at - 1; i >= 0 && !last; i--) {
      const h = history[i] as HistoryEntry;
      const d = h.data as { to?: unknown; version?: unknown };
      if (h.kind === "grade") last = { grade: d.to ?? null, version: Number(d.version) };
    }
    if (!last || !(last.version < a.version)) continue;
    const grade = last.grade;
    history.splice(at, 0, {
      at: a.activated_at,
      kind: "grade",
      type: "version_stamped",
      actor: a.activated_by,
      data: { version: a.version, grade },
    });
  }
}
