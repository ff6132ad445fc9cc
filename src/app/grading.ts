import type { Insertable, Transaction } from "kysely";
import { AppError } from "../core/errors.js";
import {
  type CompiledGrader,
  type Definition,
  dayOf,
  displayValue,
  type FactValues,
  loadDefinition,
  nextGradeChange,
  normalizeFactValue,
  type RecordedDays,
  type Scalar,
} from "../core/index.js";
import { findActiveDefinition } from "../store/definitions.js";
import { appendGradeEvent } from "../store/events.js";
import { findLeadFacts, type LeadFactRow } from "../store/facts.js";
import { updateLeadIfUnchanged } from "../store/leads.js";
import type { Database, GradeEventsTable, LeadRow } from "../store/tables.js";
import type { AppDeps } from "./deps.js";
import { ConflictError } from "./transaction.js";

export interface VersionGrader {
  readonly version: number;
  readonly definition: Definition;
  readonly grader: CompiledGrader;
}

/** Compiled graders by definition version: a version's source never changes, so neither does its grader. */
export class GraderCache {
  private readonly byVersion = new Map<number, VersionGrader>();

  get(version: number, source: string): VersionGrader {
    let entry = this.byVersion.get(version);
    if (!entry) {
      const loaded = loadDefinition(source);
      if (!loaded.ok)
        throw new Error(
          `stored definition version ${version} no longer loads: ${loaded.findings[0]?.message.en}`,
        );
      entry = { version, definition: loaded.definition, grader: loaded.grader };
      this.byVersion.set(version, entry);
    }
    return entry;
  }
}

/** Thrown wherever an active definition is needed and none is: a database that was never set up. */
export function noActiveDefinition(): AppError {
  return new AppError("definition.none_active", {
    en: "no definition is active: run `truce init` or activate an approved version",
    ru: "нет действующего определения: выполните `truce init` или активируйте утверждённую версию",
  });
}

/** The grader of the active definition version, read inside the caller's transaction. */
export async function activeGrader(trx: Transaction<Database>, deps: AppDeps): Promise<VersionGrader> {
  const row = await findActiveDefinition(trx);
  if (!row) throw noActiveDefinition();
  return deps.graders.get(row.version, row.source);
}

/** What a grade was computed from: enough to explain it again exactly, later. */
export interface GradeInputs {
  readonly on: string;
  readonly facts: Readonly<Record<string, boolean | number | string>>;
  readonly recorded: Readonly<Record<string, number>>;
}

/**
 * A lead's current facts as the grader reads them. Values that the given definition cannot read
 * (a fact it does not declare, an enum option it dropped) count as unknown.
 */
export function gradeInputsOf(
  def: Definition,
  rows: readonly LeadFactRow[],
): { values: FactValues; recorded: RecordedDays } {
  const values: Record<string, Scalar | null> = {};
  const recorded: Record<string, number> = {};
  for (const row of rows) {
    const fact = def.factsByKey.get(row.fact);
    // Free text never grades, and keeping it out keeps personal words out of grade snapshots.
    if (!fact || fact.type === "text" || row.value === null) continue;
    const r = normalizeFactValue(fact, JSON.parse(row.value));
    if ("value" in r && r.value !== null) {
      values[row.fact] = r.value;
      recorded[row.fact] = dayOf(row.recorded_at);
    }
  }
  return { values, recorded };
}

export type GradeCause = "capture" | "fact" | "time" | "activation" | "dispute";

/** The columns a regrade sets on the lead's row. */
export interface GradeChange {
  readonly grade: string | null;
  readonly graded_version: number;
  readonly graded_at: number;
  readonly next_regrade_at: number | null;
  readonly updated_at: number;
}

/** What regrading one lead writes: its grade event (if any) and the change to its row. */
export interface LeadRegrade {
  readonly event: Insertable<GradeEventsTable> | null;
  readonly change: GradeChange;
}

/**
 * Regrades one lead in memory: its grade under the given version at `now`, the next instant time
 * alone changes it, and the grade event to append when the grade or the version changed. Pure, so
 * a single write (`regradeLead`) and a batch (activation, time regrades) share it.
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
 * Regrades one lead with the active definition inside the caller's transaction: appends a grade
 * event when the grade or the definition version changed, and stores the grade, its version and
 * the next instant time alone would change it. Lost races throw ConflictError (retried whole).
 */
export async function regradeLead(
  trx: Transaction<Database>,
  active: VersionGrader,
  lead: LeadRow,
  cause: GradeCause,
  now: number,
): Promise<{ grade: string | null; changed: boolean; row: LeadRow }> {
  const { event, change } = planRegrade(active, lead, await findLeadFacts(trx, lead.id), cause, now);
  if (event) await appendGradeEvent(trx, event);
  if (!(await updateLeadIfUnchanged(trx, lead.id, lead.row_version, change)))
    throw new ConflictError(`lead ${lead.id} changed`);
  return {
    grade: change.grade,
    changed: event !== null,
    row: { ...lead, ...change, row_version: lead.row_version + 1 },
  };
}
