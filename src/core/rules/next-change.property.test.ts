import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FactValues, RecordedDays } from "../definition/model.js";
import { casesArb, type Lead, msInDayArb, resolveRaw } from "../testing/arbitraries.js";
import { dayOf, MS_PER_DAY, parseInstant, parseIsoDate, startOfDay } from "../time.js";
import { type CompiledGrader, compileDefinition } from "./compile.js";
import { type NextChange, nextGradeChange } from "./next-change.js";

/**
 * The generator keeps every period within one year and every date and recorded day within ~400
 * days of today, so each time window flips (if ever) within today + 400 + 366 days: a walk of
 * HORIZON days sees every change, and "null" can be checked exactly.
 */
const HORIZON = 800;

/** Every change of grade in the HORIZON days after `now`'s day, found by grading each day in turn. */
function walk(grader: CompiledGrader, lead: Lead, now: number): NextChange[] {
  const today = dayOf(now);
  let current = grader.gradeIndex(lead.values, now, lead.recorded);
  const changes: NextChange[] = [];
  for (let d = 1; d <= HORIZON; d++) {
    const at = startOfDay(today + d);
    const index = grader.gradeIndex(lead.values, at, lead.recorded);
    if (index !== current) {
      changes.push({ at, gradeIndex: index });
      current = index;
    }
  }
  return changes;
}

const cases = casesArb(
  { shortPeriods: true, fallbackAnywhere: true, timeHeavy: true },
  { far: false, mostlyKnown: true },
  2,
);

describe("nextGradeChange against a day-by-day walk", () => {
  it("returns the first day whose grade differs, with that grade, or null when none does", () => {
    fc.assert(
      fc.property(cases, ({ scenario, leads }) => {
        // The walk gets its own grader, so the two never share cached day bounds.
        const grader = compileDefinition(scenario.definition);
        const walker = compileDefinition(scenario.definition);
        for (const lead of leads) {
          const expected = walk(walker, lead, scenario.now)[0] ?? null;
          expect(nextGradeChange(grader, lead.values, scenario.now, lead.recorded)).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("followed from change to change, finds every change of the walk and then null", () => {
    fc.assert(
      fc.property(cases, msInDayArb, ({ scenario, leads }, ms) => {
        const grader = compileDefinition(scenario.definition);
        const walker = compileDefinition(scenario.definition);
        const lead = leads[0] as Lead;
        let t = scenario.now;
        for (const change of walk(walker, lead, scenario.now)) {
          const next = nextGradeChange(grader, lead.values, t, lead.recorded);
          expect(next).toEqual(change);
          // Any instant of the change's day must give the same answer as its start.
          t = (next as NextChange).at + ms;
        }
        expect(nextGradeChange(grader, lead.values, t, lead.recorded)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("with longer periods and far values, agrees with the walk as far as it goes", () => {
    const anyCases = casesArb({ fallbackAnywhere: true }, {}, 2);
    fc.assert(
      fc.property(anyCases, ({ scenario, leads }) => {
        const grader = compileDefinition(scenario.definition);
        const walker = compileDefinition(scenario.definition);
        for (const lead of leads) {
          const walked = walk(walker, lead, scenario.now)[0];
          const next = nextGradeChange(grader, lead.values, scenario.now, lead.recorded);
          if (walked) {
            expect(next).toEqual(walked);
            continue;
          }
          // No change within the horizon: either none at all, or a real one beyond it.
          if (next === null) continue;
          expect(next.at).toBeGreaterThan(startOfDay(scenario.today + HORIZON));
          expect(next.at % MS_PER_DAY).toBe(0);
          const current = walker.gradeIndex(lead.values, scenario.now, lead.recorded);
          expect(next.gradeIndex).not.toBe(current);
          expect(walker.gradeIndex(lead.values, next.at, lead.recorded)).toBe(next.gradeIndex);
          expect(walker.gradeIndex(lead.values, next.at - 1, lead.recorded)).toBe(current);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("nextGradeChange on hand-picked month ends", () => {
  const grader = (when: unknown, fact: { key: string; type: "date" | "boolean" }) =>
    compileDefinition(
      resolveRaw({
        truce: 1,
        id: "next",
        name: { en: "Next" },
        facts: [{ key: fact.key, label: { en: fact.key }, type: fact.type }],
        grades: [
          { key: "hot", label: { en: "Hot" }, when },
          { key: "cold", label: { en: "Cold" }, otherwise: true },
        ],
      }),
    );
  const day = (iso: string) => parseIsoDate(iso) as number;
  const at = (iso: string) => startOfDay(day(iso));
  const next = (g: CompiledGrader, values: FactValues, now: string, recorded?: RecordedDays) =>
    nextGradeChange(g, values, parseInstant(now) as number, recorded);

  it("a recording of Jan 31 stops being within the last month on Mar 1", () => {
    const g = grader(
      { fact: "budget_ok", recorded_within_last: "1 month" },
      { key: "budget_ok", type: "boolean" },
    );
    const recorded = { budget_ok: day("2026-01-31") };
    expect(g.grade({ budget_ok: true }, parseInstant("2026-02-15T10:00:00Z") as number, recorded)).toBe(
      "hot",
    );
    // 2026-02-28 − 1 month = 2026-01-28 (still within); 2026-03-01 − 1 month = 2026-02-01 (not).
    expect(next(g, { budget_ok: true }, "2026-02-15T10:00:00Z", recorded)).toEqual({
      at: at("2026-03-01"),
      gradeIndex: 1,
    });
  });

  it("a decision on 2027-02-28 enters a 6-month window on 2026-08-28 and leaves it on 2027-03-01", () => {
    const g = grader({ fact: "decision", within_next: "6 months" }, { key: "decision", type: "date" });
    const values = { decision: day("2027-02-28") };
    expect(next(g, values, "2026-08-15T23:59:59Z")).toEqual({ at: at("2026-08-28"), gradeIndex: 0 });
    // 2026-08-31 + 6 months clamps to 2027-02-28: still inside, so the next change is the exit.
    expect(next(g, values, "2026-08-31T12:00:00Z")).toEqual({ at: at("2027-03-01"), gradeIndex: 1 });
    expect(next(g, values, "2027-03-01T00:00:00Z")).toBeNull();
  });

  it("is null for a lead whose facts are unknown, and for rules without time windows", () => {
    const windowed = grader({ fact: "decision", more_than_ago: "1 year" }, { key: "decision", type: "date" });
    expect(next(windowed, {}, "2028-02-29T08:00:00Z")).toBeNull();
    const plain = grader({ fact: "decision", gte: "2030-01-01" }, { key: "decision", type: "date" });
    expect(next(plain, { decision: day("2029-12-31") }, "2029-12-31T08:00:00Z")).toBeNull();
  });

  it("uses the start of a UTC day", () => {
    const g = grader({ fact: "decision", more_than_ahead: "1 week" }, { key: "decision", type: "date" });
    const change = next(g, { decision: day("2026-12-31") }, "2026-12-01T18:00:00Z");
    expect(change).toEqual({ at: at("2026-12-24"), gradeIndex: 1 });
    expect((change as NextChange).at % MS_PER_DAY).toBe(0);
  });
});
