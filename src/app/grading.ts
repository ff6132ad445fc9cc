import type { Transaction } from "kysely";
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
import { findActiveDefinition, findActiveVersionNumber } from "../store/definitions.js";
import type { GradeChangeRecord } from "../store/events.js";
import type { LeadFactRow } from "../store/facts.js";
import type { Database, LeadRow } from "../store/tables.js";
import type { AppDeps } from "./deps.js";

export interface VersionGrader {
  readonly version: number;
  readonly definition: Definition;
  readonly grader: CompiledGrader;
}

/** Compiled graders by definition version: a version's source never changes, so neither does its grader. */
export class GraderCache {
  private readonly byVersion = new Map<number, VersionGrader>();

  /** The grader of a version already compiled, if any. */
  cached(version: number): VersionGrader | undefined {
    return this.byVersion.get(version);
  }

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
  // The version number is read in the caller's transaction (an activation may just have flipped
  // it); the source is read and compiled once per version.
  const version = await findActiveVersionNumber(trx);
  if (version === undefined) throw noActiveDefinition();
  const cached = deps.graders.cached(version);
  if (cached) return cached;
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

/** What regrading one lead writes: the grade change its event records (if any) and its row's new columns. */
export interface LeadRegrade {
  readonly gradeChange: GradeChangeRecord | null;
  readonly change: GradeChange;
}

/**
 * Regrades one lead in memory: its grade under the given version at `now`, the next instant time
 * alone changes it, and the grade change to record when the grade changed (a new version that
 * gives the same grade only stamps the row). Pure, so a single write and a batch (import, time
 * regrades) share it; the activation's batch planner (regrade-batch.ts) computes the same.
 */
export function planRegrade(
  active: VersionGrader,
  lead: Pick<LeadRow, "grade">,
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
  if (grade === lead.grade) return { gradeChange: null, change };
  const facts: Record<string, boolean | number | string> = {};
  for (const [k, v] of Object.entries(values))
    if (v !== null && v !== undefined) facts[k] = displayValue(definition.factsByKey.get(k), v);
  const inputs: GradeInputs = {
    on: new Date(now).toISOString(),
    facts,
    recorded: recorded as Record<string, number>,
  };
  return {
    gradeChange: { from: lead.grade, to: grade, version, cause, inputs: JSON.stringify(inputs) },
    change,
  };
}
