import type { Transaction } from "kysely";
import {
  type Definition,
  dayOf,
  displayValue,
  type FactValues,
  nextGradeChange,
  normalizeFactValue,
  type RecordedDays,
  type Rule,
  type Scalar,
} from "../../core/index.js";
import { appendLeadEventsBulk, type LeadEventInsert, leadEventInsert } from "../../store/events.js";
import {
  type LeadGradeChange,
  type LeadToRegrade,
  updateLeadGradesIfUnchanged,
} from "../../store/regrade.js";
import type { Database } from "../../store/tables.js";
import type { GradeCause, VersionGrader } from "../grading.js";
import { ConflictError } from "../transaction.js";

/** Where a batch regrade's time went, in milliseconds, summed over batches (benchmarks, logs). */
export interface RegradeTimings {
  /** Locking and reading the leads and their facts. */
  read: number;
  /** Grading, next-change search and explanations, in memory. */
  plan: number;
  /** Appending the events of the grade changes. */
  events: number;
  /** The compare-and-set of the leads' grades. */
  update: number;
  /** Committing each batch (from the end of its work to the commit's return). */
  commit: number;
}

export function emptyRegradeTimings(): RegradeTimings {
  return { read: 0, plan: 0, events: 0, update: 0, commit: 0 };
}

/**
 * Regrades locked leads inside the caller's transaction: one insert for the events of the leads
 * whose grade changed (no event for a lead that only gets the new version's stamp), one
 * compare-and-set update for all leads. A lost compare-and-set (a writer that did not take the
 * lock) throws ConflictError, which retries the whole batch with fresh reads. Writes exactly what
 * `planRegrade` (grading.ts) plans for each lead, which `regradeLead` writes one lead at a time.
 */
export async function regradeLeads(
  trx: Transaction<Database>,
  planner: RegradePlanner,
  leads: readonly LeadToRegrade[],
  cause: GradeCause,
  now: number,
  timings?: RegradeTimings,
): Promise<{ regraded: number; changed: number }> {
  let t = timings ? performance.now() : 0;
  const lap = (phase: keyof RegradeTimings): void => {
    if (!timings) return;
    const end = performance.now();
    timings[phase] += end - t;
    t = end;
  };
  const { version } = planner.active;
  const on = JSON.stringify(new Date(now).toISOString());
  const events: LeadEventInsert[] = [];
  const changes = new Array<LeadGradeChange>(leads.length);
  for (let i = 0; i < leads.length; i++) {
    const lead = leads[i] as LeadToRegrade;
    const p = planner.plan(lead, now, on);
    if (p.explanation !== null) {
      const gradeChange = { from: lead.grade, to: p.grade, version, cause, inputs: p.explanation };
      events.push(
        leadEventInsert({
          leadId: lead.id,
          type: "regraded",
          actor: "system",
          at: now,
          data: {},
          gradeChange,
        }),
      );
    }
    changes[i] = { id: lead.id, rowVersion: lead.rowVersion, grade: p.grade, nextRegradeAt: p.nextRegradeAt };
  }
  lap("plan");
  await appendLeadEventsBulk(trx, events);
  lap("events");
  const updated = await updateLeadGradesIfUnchanged(trx, changes, { version, at: now });
  lap("update");
  if (updated !== leads.length) throw new ConflictError(`${leads.length - updated} lead(s) changed`);
  return { regraded: leads.length, changed: events.length };
}

/** One lead's regrade: its new grade, next regrade instant, and its event's explanation if it gets one. */
export interface PlannedRegrade {
  readonly grade: string | null;
  readonly nextRegradeAt: number | null;
  /** The grade change's inputs (JSON), or null when the grade is unchanged: no event, a new stamp only. */
  readonly explanation: string | null;
}

/** A stored fact value the definition grades on, normalized once per distinct stored text. */
interface KnownValue {
  readonly fact: string;
  readonly value: Scalar;
  /** Unique per (fact, stored text) for the planner's life: part of the outcome memo's key. */
  readonly id: number;
  /** `"key":value` exactly as JSON.stringify writes the fact in an explanation's "facts". */
  readonly factJson: string;
  /** `"key":` for the explanation's "recorded". */
  readonly keyJson: string;
}

interface Outcome {
  readonly grade: string | null;
  readonly nextRegradeAt: number | null;
}

/** Memo bounds: past them a memo starts over (it is a cache: correctness never depends on it). */
const MAX_OUTCOMES = 200_000;
const MAX_VALUES_PER_FACT = 100_000;

/**
 * `planRegrade` (grading.ts) for many leads under one definition version, with the same result
 * for every lead, minus the repeated work: a stored value is parsed and normalized once per
 * distinct text, and the grade and next change are computed once per distinct combination of
 * what the rules read (the values of the facts they test, the recorded days of the facts they
 * test by recording date) per day. Both are pure functions of exactly that, so the memo is exact;
 * on a real book the combinations are few (dates are days), and `nextGradeChange` — a few calendar
 * computations per lead — dominated the batch. The explanation JSON is assembled from pre-encoded
 * pieces, byte for byte what JSON.stringify writes for planRegrade's object.
 */
export class RegradePlanner {
  readonly active: VersionGrader;
  private readonly definition: Definition;
  /** Facts the rules read, and those whose recorded day they read: the outcome depends on nothing else. */
  private readonly ruleFacts: readonly string[];
  private readonly recordedFacts: readonly string[];
  private readonly values = new Map<string, Map<string, KnownValue | null>>();
  private readonly outcomes = new Map<string, Outcome>();
  private outcomesDay = Number.NaN;
  private nextId = 0;

  constructor(active: VersionGrader) {
    this.active = active;
    this.definition = active.definition;
    const read = new Set<string>();
    const recorded = new Set<string>();
    for (const g of this.definition.grades) if (g.rule) collectFacts(g.rule, read, recorded);
    this.ruleFacts = [...read];
    this.recordedFacts = [...recorded];
  }

  /**
   * `planRegrade(active, lead, facts, cause, now)` for this planner's version: the same grade,
   * next regrade instant, and explanation; `on` is `JSON.stringify(new Date(now).toISOString())`.
   */
  plan(lead: LeadToRegrade, now: number, on: string): PlannedRegrade {
    const known: KnownValue[] = [];
    const days: number[] = [];
    for (const [fact, text, recordedAt] of lead.facts) {
      const k = this.knownValue(fact, text);
      if (k === null) continue;
      // As in gradeInputsOf: a fact listed twice keeps its first place and its last value.
      let j = 0;
      while (j < known.length && (known[j] as KnownValue).fact !== fact) j++;
      known[j] = k;
      days[j] = dayOf(recordedAt);
    }
    const outcome = this.outcome(known, days, now);
    if (outcome.grade === lead.grade)
      return { grade: outcome.grade, nextRegradeAt: outcome.nextRegradeAt, explanation: null };
    let facts = "";
    let recorded = "";
    for (let i = 0; i < known.length; i++) {
      const k = known[i] as KnownValue;
      if (i > 0) {
        facts += ",";
        recorded += ",";
      }
      facts += k.factJson;
      recorded += `${k.keyJson}${days[i]}`;
    }
    return {
      grade: outcome.grade,
      nextRegradeAt: outcome.nextRegradeAt,
      explanation: `{"on":${on},"facts":{${facts}},"recorded":{${recorded}}}`,
    };
  }

  /** The fact's value as gradeInputsOf reads it, or null when it does not count (unknown, free text…). */
  private knownValue(fact: string, text: string | null): KnownValue | null {
    const def = this.definition.factsByKey.get(fact);
    // Free text never grades (and every note is different: never memoized).
    if (!def || def.type === "text" || text === null) return null;
    let byText = this.values.get(fact);
    if (!byText || byText.size >= MAX_VALUES_PER_FACT) {
      byText = new Map();
      this.values.set(fact, byText);
    }
    let k = byText.get(text);
    if (k === undefined) {
      k = null;
      const r = normalizeFactValue(def, JSON.parse(text));
      if ("value" in r && r.value !== null) {
        const key = JSON.stringify(fact);
        k = {
          fact,
          value: r.value,
          id: this.nextId++,
          factJson: `${key}:${JSON.stringify(displayValue(def, r.value))}`,
          keyJson: `${key}:`,
        };
      }
      byText.set(text, k);
    }
    return k;
  }

  private outcome(known: readonly KnownValue[], days: readonly number[], now: number): Outcome {
    const today = dayOf(now);
    if (today !== this.outcomesDay || this.outcomes.size >= MAX_OUTCOMES) {
      this.outcomes.clear();
      this.outcomesDay = today;
    }
    let key = "";
    for (const f of this.ruleFacts) {
      const j = indexOfFact(known, f);
      key += j < 0 ? "_," : `${(known[j] as KnownValue).id},`;
    }
    for (const f of this.recordedFacts) {
      const j = indexOfFact(known, f);
      key += j < 0 ? "_;" : `${days[j]};`;
    }
    let outcome = this.outcomes.get(key);
    if (outcome === undefined) {
      const values: Record<string, Scalar | null> = {};
      const recorded: Record<string, number> = {};
      for (let i = 0; i < known.length; i++) {
        const k = known[i] as KnownValue;
        values[k.fact] = k.value;
        recorded[k.fact] = days[i] as number;
      }
      const { grader, definition } = this.active;
      const index = grader.gradeIndex(values as FactValues, now, recorded as RecordedDays);
      const next = nextGradeChange(grader, values as FactValues, now, recorded as RecordedDays);
      outcome = { grade: definition.grades[index]?.key ?? null, nextRegradeAt: next?.at ?? null };
      this.outcomes.set(key, outcome);
    }
    return outcome;
  }
}

function indexOfFact(known: readonly KnownValue[], fact: string): number {
  for (let i = 0; i < known.length; i++) if ((known[i] as KnownValue).fact === fact) return i;
  return -1;
}

/** Every fact a rule tests, and those it tests by recording date (windows on "recorded"). */
function collectFacts(rule: Rule, read: Set<string>, recorded: Set<string>): void {
  switch (rule.kind) {
    case "all":
    case "any":
      for (const r of rule.rules) collectFacts(r, read, recorded);
      return;
    case "not":
      collectFacts(rule.rule, read, recorded);
      return;
    default:
      read.add(rule.fact);
      if (rule.kind === "window" && rule.target !== "value") recorded.add(rule.fact);
  }
}
