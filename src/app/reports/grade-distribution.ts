import { findActiveDefinition } from "../../store/definitions.js";
import type { Db } from "../../store/leads.js";
import { countLeadsByGrade, type ReportFilter } from "../../store/reports.js";
import { NO_GRADE } from "../definitions/simulate.js";
import type { AppDeps } from "../deps.js";

export interface GradeDistributionRow {
  /** The source or campaign; null for leads without one. */
  readonly key: string | null;
  /** Leads per grade key (NO_GRADE for leads without a grade); grades with none are absent. */
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
}

export interface GradeDistribution {
  readonly by: "source" | "campaign";
  /** The columns: the active definition's grades in order, then any other grade found, then NO_GRADE. */
  readonly grades: readonly string[];
  /** Largest first; ties by key. */
  readonly rows: readonly GradeDistributionRow[];
  readonly totals: GradeDistributionRow;
}

/**
 * How the current grades of all leads (closed and erased ones too) split by source or campaign;
 * the filter narrows the leads counted (created in a period, graded under a version, one source…).
 */
export async function gradeDistribution(
  deps: AppDeps,
  by: "source" | "campaign",
  filter: ReportFilter = {},
): Promise<GradeDistribution> {
  const db = deps.store.db;
  const counts = await countLeadsByGrade(db, by, filter);
  const grades = orderGrades(
    await activeGradeKeys(deps, db),
    counts.map((c) => c.grade ?? NO_GRADE),
  );
  const byKey = new Map<string | null, Record<string, number>>();
  const totals: Record<string, number> = {};
  for (const c of counts) {
    const grade = c.grade ?? NO_GRADE;
    const row = byKey.get(c.key) ?? {};
    row[grade] = (row[grade] ?? 0) + c.count;
    byKey.set(c.key, row);
    totals[grade] = (totals[grade] ?? 0) + c.count;
  }
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const rows = [...byKey].map(([key, r]) => ({ key, counts: r, total: sum(r) }));
  rows.sort((a, b) => b.total - a.total || (a.key ?? "\uffff").localeCompare(b.key ?? "\uffff"));
  return { by, grades, rows, totals: { key: null, counts: totals, total: sum(totals) } };
}

/** The active definition's grade keys, in its order; none if nothing is active. */
export async function activeGradeKeys(deps: AppDeps, db: Db): Promise<string[]> {
  const row = await findActiveDefinition(db);
  if (!row) return [];
  return deps.graders.get(row.version, row.source).definition.grades.map((g) => g.key);
}

/** Known grades first in the definition's order, then others found in the data (sorted), NO_GRADE last. */
export function orderGrades(known: readonly string[], found: readonly string[]): string[] {
  const present = new Set(found);
  const others = [...present].filter((g) => !known.includes(g) && g !== NO_GRADE).sort();
  return [...known, ...others, ...(present.has(NO_GRADE) ? [NO_GRADE] : [])];
}
