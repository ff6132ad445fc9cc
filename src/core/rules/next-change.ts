import { conditionsOf, type FactValues, type RecordedDays } from "../definition/model.js";
import { dayOf, firstDayReaching, startOfDay } from "../time.js";
import type { CompiledGrader } from "./compile.js";
import { subjectOf } from "./evaluate.js";

export interface NextChange {
  /** The first instant (epoch ms, start of a UTC day) at which the grade differs from now's. */
  readonly at: number;
  /** The grade from that instant on (index into the definition's grades, -1 for none). */
  readonly gradeIndex: number;
}

/**
 * When will this lead's grade change by itself if no fact changes? Every time window is a
 * monotone step in the day (`x >= today + P` holds up to one day and never after), so each bound
 * of each window on a known fact flips at most once; the grade is constant between those flip
 * days. Grading the lead on each flip day in order finds the first change exactly.
 * Returns null when the grade never changes with time alone.
 */
export function nextGradeChange(
  grader: CompiledGrader,
  values: FactValues,
  now: number,
  recorded?: RecordedDays,
): NextChange | null {
  const today = dayOf(now);
  const input = { values, recorded, today };
  const flips = new Set<number>();
  for (const grade of grader.definition.grades) {
    if (grade.rule === null) continue;
    for (const c of conditionsOf(grade.rule)) {
      if (c.kind !== "window") continue;
      const x = subjectOf(c, input);
      if (typeof x !== "number") continue;
      for (const b of [c.lo, c.hi]) {
        if (!b) continue;
        // `x >= today+P` turns false, and `x > today+P` turns false, on the first day whose
        // shifted bound passes x (resp. reaches x); the upper bounds mirror this.
        for (const day of [firstDayReaching(x, b.shift), firstDayReaching(x + 1, b.shift)]) {
          if (day > today) flips.add(day);
        }
      }
    }
  }
  const current = grader.gradeIndex(values, now, recorded);
  for (const day of [...flips].sort((a, b) => a - b)) {
    const at = startOfDay(day);
    const index = grader.gradeIndex(values, at, recorded);
    if (index !== current) return { at, gradeIndex: index };
  }
  return null;
}
