import fc from "fast-check";
import { expect, test } from "vitest";
import { templateText } from "../../core/testing/templates.js";
import type { LeadFactRow } from "../../store/facts.js";
import type { CurrentFact, LeadToRegrade } from "../../store/regrade.js";
import type { LeadRow } from "../../store/tables.js";
import { GraderCache, planRegrade } from "../grading.js";
import { RegradePlanner } from "./regrade-batch.js";

/**
 * BANT with a condition on a recording date and a negation: the planner's memo key must include
 * the recorded days the rules read, and nothing else.
 */
const BANT_RECORDED = templateText("bant").replace(
  "        - { fact: need_stated, eq: true }\n        - any:",
  "        - { fact: need_stated, recorded_within_last: 30 days }\n        - not: { fact: budget_amount, lt: 100 }\n        - any:",
);

if (!BANT_RECORDED.includes("recorded_within_last"))
  throw new Error("bant.yaml changed shape: update the test");

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 10, 27, 10, 0);

const day = (d: number) => JSON.stringify(new Date(BASE + d * DAY).toISOString().slice(0, 10));
/** Stored values as JSON text: mostly valid for the fact, some wrongly typed, unknown, or junk. */
const junk = fc.constantFrom(
  "null",
  '"nobody"',
  '"2027-02-30"',
  '"a \\"quoted\\" note"',
  "1.5",
  "1e21",
  "-3",
  "true",
);
const VALUES: Record<string, fc.Arbitrary<string>> = {
  budget_confirmed: fc.constantFrom("true", "false"),
  budget_amount: fc.constantFrom("0", "99", "100", "5000", "12000"),
  contact_role: fc.constantFrom('"signs"', '"recommends"', '"uses"'),
  need_stated: fc.constantFrom("true", "false"),
  decision_date: fc.integer({ min: -40, max: 400 }).map(day),
  stated_interest: fc.constantFrom("true", "false"),
  contact_channel: fc.constantFrom('"form"', '"call"', '"email"', '"event"'),
  notes: fc.constantFrom('"asked for a demo"', '"said \\"call me\\""'),
  unknown_fact: fc.constantFrom("true", '"x"'),
};

const factRow = fc.constantFrom(...Object.keys(VALUES)).chain((fact) =>
  fc.tuple(
    fc.constant(fact),
    fc.oneof({ weight: 8, arbitrary: VALUES[fact] as fc.Arbitrary<string> }, { weight: 2, arbitrary: junk }),
    // Recorded within the last 60 days: either side of a 30-day window.
    fc.integer({ min: -60, max: 0 }).map((d) => BASE + d * DAY + 3_600_000),
  ),
);

const lead = fc.record({
  facts: fc.array(factRow, { maxLength: 7 }),
  grade: fc.constantFrom(null, "hot", "warm", "cold"),
  gradedVersion: fc.constantFrom(null, 1, 2),
});

test("the batch planner plans exactly what planRegrade plans, lead after lead, across days", () => {
  for (const source of [templateText("variant-a"), templateText("bant"), BANT_RECORDED]) {
    const active = new GraderCache().get(2, source);
    // One planner for every run: its memo carries over, as it does from batch to batch.
    const planner = new RegradePlanner(active);
    fc.assert(
      fc.property(
        fc.array(lead, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 45 }),
        (leads, days, shift) => {
          const now = BASE + days * DAY;
          const on = JSON.stringify(new Date(now).toISOString());
          // Each lead's twin: the same values recorded `shift` days earlier, so the memo meets the
          // same values with other recorded days (which the recorded-window rule reads).
          const twins = leads.map((l) => ({
            ...l,
            facts: l.facts.map(([f, v, at]): CurrentFact => [f, v, at - shift * DAY]),
          }));
          [...leads, ...twins].forEach((l, i) => {
            const id = `lead-${i}`;
            const facts: CurrentFact[] = l.facts;
            const input: LeadToRegrade = {
              id,
              grade: l.grade,
              gradedVersion: l.gradedVersion,
              rowVersion: 3,
              facts,
            };
            const row = { id, grade: l.grade, graded_version: l.gradedVersion } as LeadRow;
            const rows = facts.map(([fact, value, at]): LeadFactRow => ({ fact, value, recorded_at: at }));
            let want: ReturnType<typeof planRegrade> | Error;
            try {
              want = planRegrade(active, row, rows, "activation", now);
            } catch (e) {
              want = e as Error;
            }
            if (want instanceof Error) {
              expect(() => planner.plan(input, now, on)).toThrow(want.message);
              return;
            }
            const got = planner.plan(input, now, on);
            expect(got).toEqual({
              grade: want.change.grade,
              nextRegradeAt: want.change.next_regrade_at,
              explanation: want.gradeChange?.inputs ?? null,
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  }
});
