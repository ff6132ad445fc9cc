import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Definition, FactValues, RecordedDays, Truth } from "../definition/model.js";
import { conditionsOf } from "../definition/model.js";
import type { RawRule } from "../definition/schema.js";
import {
  casesArb,
  type Lead,
  msInDayArb,
  OPERATORS_BY_TYPE,
  resolveRaw,
  scenarioArb,
} from "../testing/arbitraries.js";
import { parseIsoDate, startOfDay } from "../time.js";
import { type CompiledGrader, compileDefinition } from "./compile.js";
import { evaluateCondition, interpretGrade } from "./evaluate.js";

/**
 * The compiled grader must agree with the reference interpreter on every definition, lead and
 * instant. Definitions are random raw definitions run through the schema and the resolver; lead
 * values sit on and next to the thresholds and window bounds the rules use.
 */

/** Grades with both engines and expects the same index (and the matching key from `grade`). */
function expectSameGrade(def: Definition, grader: CompiledGrader, lead: Lead, now: number) {
  const expected = interpretGrade(def, lead.values, now, lead.recorded);
  expect(grader.gradeIndex(lead.values, now, lead.recorded)).toBe(expected);
  expect(grader.grade(lead.values, now, lead.recorded)).toBe(def.grades[expected]?.key ?? null);
}

describe("compiled grader against the reference interpreter", () => {
  it("grades every random definition, lead and instant like the interpreter", () => {
    // 700 definitions × 1-4 leads each: well over 2000 graded leads.
    fc.assert(
      fc.property(casesArb({ fallbackAnywhere: true }, {}, 4), ({ scenario, leads }) => {
        const grader = compileDefinition(scenario.definition);
        for (const lead of leads) expectSameGrade(scenario.definition, grader, lead, scenario.now);
      }),
      { numRuns: 700 },
    );
  });

  it("grades 2000 single leads like the interpreter, each with a fresh grader", () => {
    fc.assert(
      fc.property(casesArb({}, {}, 1), ({ scenario, leads }) => {
        expectSameGrade(
          scenario.definition,
          compileDefinition(scenario.definition),
          leads[0] as Lead,
          scenario.now,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps agreeing over successive calls on different days through one grader (day-bound cache)", () => {
    // Day steps of ±1, ±2 move the window bounds across lead values that sit on or next to
    // them; if the cached bounds went stale, the grade would disagree with the interpreter.
    const dayStep = fc.oneof(
      fc.constantFrom(0, 1, -1, 2, -2, 7, -7, 28, 29, 30, 31, -31, 365, -365),
      fc.integer({ min: -800, max: 800 }),
    );
    const calls = fc.array(fc.record({ dayStep, ms: msInDayArb, lead: fc.nat() }), {
      minLength: 2,
      maxLength: 16,
    });
    fc.assert(
      fc.property(
        casesArb({ timeHeavy: true }, { mostlyKnown: true }, 3),
        calls,
        ({ scenario, leads }, steps) => {
          const grader = compileDefinition(scenario.definition);
          for (const step of steps) {
            const lead = leads[step.lead % leads.length] as Lead;
            const now = startOfDay(scenario.today + step.dayStep) + step.ms;
            expectSameGrade(scenario.definition, grader, lead, now);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refreshes the cached day bounds when the day changes, in both directions", () => {
    const def = resolveRaw({
      truce: 1,
      id: "cache",
      name: { en: "Cache" },
      facts: [{ key: "decision", label: { en: "Decision date" }, type: "date" }],
      grades: [{ key: "soon", label: { en: "Soon" }, when: { fact: "decision", within_next: "1 month" } }],
    });
    const grader = compileDefinition(def);
    const lead = { decision: parseIsoDate("2026-02-28") as number };
    const at = (iso: string, ms = 0) => startOfDay(parseIsoDate(iso) as number) + ms;
    // 2026-01-28 + 1 month = 2026-02-28 (inside); 2026-01-27 + 1 month = 2026-02-27 (outside).
    const sequence: [number, number][] = [
      [at("2026-01-28"), 0],
      [at("2026-01-27", 86_399_999), -1],
      [at("2026-01-28", 12), 0],
      [at("2026-03-01"), -1],
      [at("2026-02-28", 5), 0],
      [at("2026-01-27"), -1],
    ];
    for (const [now, expected] of sequence) {
      expect(grader.gradeIndex(lead, now)).toBe(expected);
      expect(interpretGrade(def, lead, now)).toBe(expected);
    }
  });
});

describe("three-valued logic: unknown is not false", () => {
  const def = (when: RawRule) =>
    resolveRaw({
      truce: 1,
      id: "kleene",
      name: { en: "Kleene" },
      facts: [
        { key: "x", label: { en: "X" }, type: "boolean" },
        { key: "y", label: { en: "Y" }, type: "boolean" },
        { key: "n", label: { en: "N" }, type: "number" },
        { key: "d", label: { en: "D" }, type: "date" },
      ],
      grades: [{ key: "hit", label: { en: "Hit" }, when }],
    });
  const NOW = Date.UTC(2026, 7, 31, 15, 30);
  const TODAY = Math.floor(NOW / 86_400_000);
  const xTrue = { fact: "x", eq: true };
  const yTrue = { fact: "y", eq: true };
  const cases: {
    name: string;
    when: RawRule;
    values: FactValues;
    recorded?: RecordedDays;
    matches: boolean;
  }[] = [
    { name: "not (x = true), x unknown", when: { not: xTrue }, values: {}, matches: false },
    { name: "not (x = true), x null", when: { not: xTrue }, values: { x: null }, matches: false },
    { name: "not (x = true), x false", when: { not: xTrue }, values: { x: false }, matches: true },
    { name: "x = false, x unknown", when: { fact: "x", eq: false }, values: {}, matches: false },
    { name: "x ≠ true, x unknown", when: { fact: "x", ne: true }, values: {}, matches: false },
    { name: "not (x ≠ true), x unknown", when: { not: { fact: "x", ne: true } }, values: {}, matches: false },
    { name: "x is unknown, x absent", when: { fact: "x", is: "unknown" }, values: {}, matches: true },
    { name: "x is unknown, x null", when: { fact: "x", is: "unknown" }, values: { x: null }, matches: true },
    {
      name: "x is unknown, x false",
      when: { fact: "x", is: "unknown" },
      values: { x: false },
      matches: false,
    },
    { name: "x is known, x false", when: { fact: "x", is: "known" }, values: { x: false }, matches: true },
    {
      name: "not (x is known), x null",
      when: { not: { fact: "x", is: "known" } },
      values: { x: null },
      matches: true,
    },
    { name: "any [true, unknown]", when: { any: [xTrue, yTrue] }, values: { x: true }, matches: true },
    { name: "any [unknown, true]", when: { any: [xTrue, yTrue] }, values: { y: true }, matches: true },
    { name: "any [false, unknown]", when: { any: [xTrue, yTrue] }, values: { x: false }, matches: false },
    { name: "all [true, unknown]", when: { all: [xTrue, yTrue] }, values: { x: true }, matches: false },
    {
      name: "not all [false, unknown]",
      when: { not: { all: [xTrue, yTrue] } },
      values: { x: false },
      matches: true,
    },
    {
      name: "not all [true, unknown]",
      when: { not: { all: [xTrue, yTrue] } },
      values: { x: true },
      matches: false,
    },
    {
      name: "not any [false, unknown]",
      when: { not: { any: [xTrue, yTrue] } },
      values: { x: false },
      matches: false,
    },
    { name: "not not (x = true), x unknown", when: { not: { not: xTrue } }, values: {}, matches: false },
    { name: "not (n < 5), n unknown", when: { not: { fact: "n", lt: 5 } }, values: {}, matches: false },
    {
      name: "not (n between), n unknown",
      when: { not: { fact: "n", between: [1, 2] } },
      values: {},
      matches: false,
    },
    {
      name: "not (n in), n unknown",
      when: { not: { fact: "n", in: [1, 2] } },
      values: { n: null },
      matches: false,
    },
    { name: "not (n in), n = 3", when: { not: { fact: "n", in: [1, 2] } }, values: { n: 3 }, matches: true },
    {
      name: "not (n in 9 values), n unknown",
      when: { not: { fact: "n", in: [1, 2, 3, 4, 5, 6, 7, 8, 9] } },
      values: {},
      matches: false,
    },
    {
      name: "not (d within_next), d unknown",
      when: { not: { fact: "d", within_next: "6 months" } },
      values: {},
      matches: false,
    },
    {
      name: "x recorded_within_last, x known but never recorded",
      when: { fact: "x", recorded_within_last: "30 days" },
      values: { x: true },
      recorded: {},
      matches: false,
    },
    {
      name: "not (x recorded_within_last), x known, no recorded days passed",
      when: { not: { fact: "x", recorded_within_last: "30 days" } },
      values: { x: true },
      matches: false,
    },
    {
      name: "not (x recorded_more_than_ago), recorded but x unknown",
      when: { not: { fact: "x", recorded_more_than_ago: "30 days" } },
      values: { x: null },
      recorded: { x: TODAY },
      matches: false,
    },
    {
      name: "x recorded_within_last 30 days, recorded exactly 30 days ago",
      when: { fact: "x", recorded_within_last: "30 days" },
      values: { x: false },
      recorded: { x: TODAY - 30 },
      matches: true,
    },
    {
      name: "x recorded_more_than_ago 30 days, recorded exactly 30 days ago",
      when: { fact: "x", recorded_more_than_ago: "30 days" },
      values: { x: false },
      recorded: { x: TODAY - 30 },
      matches: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = def(c.when);
      const expected = c.matches ? 0 : -1;
      expect(interpretGrade(d, c.values, NOW, c.recorded)).toBe(expected);
      expect(compileDefinition(d).gradeIndex(c.values, NOW, c.recorded)).toBe(expected);
    });
  }
});

describe("the generator", () => {
  it("only produces definitions that resolve, using every operator and all three truth values", () => {
    const samples = fc.sample(casesArb({ fallbackAnywhere: true }, {}, 2), { numRuns: 600 });
    const operators = new Set<string>();
    const truths: Record<Truth, number> = { true: 0, false: 0, unknown: 0 };
    const grades = new Set<number>();
    let onThreshold = 0;
    let thresholdConditions = 0;
    for (const { scenario, leads } of samples) {
      // resolveRaw already threw inside the generator if it did not resolve; check it again here.
      expect(resolveRaw(scenario.raw).grades.length).toBe(scenario.raw.grades.length);
      collectOperators(
        scenario.raw.grades.flatMap((g) => (g.when ? [g.when] : [])),
        operators,
      );
      for (const lead of leads) {
        grades.add(interpretGrade(scenario.definition, lead.values, scenario.now, lead.recorded));
        for (const g of scenario.definition.grades) {
          for (const c of g.rule ? conditionsOf(g.rule) : []) {
            const input = { values: lead.values, recorded: lead.recorded, today: scenario.today };
            truths[evaluateCondition(c, input)]++;
            if (
              c.kind === "compare" &&
              typeof c.value === "number" &&
              typeof lead.values[c.fact] === "number"
            ) {
              thresholdConditions++;
              if (lead.values[c.fact] === c.value) onThreshold++;
            }
          }
        }
      }
    }
    const all = new Set(Object.values(OPERATORS_BY_TYPE).flat());
    expect([...all].filter((op) => !operators.has(op))).toEqual([]);
    const total = truths.true + truths.false + truths.unknown;
    for (const t of ["true", "false", "unknown"] as const) expect(truths[t] / total).toBeGreaterThan(0.1);
    expect(onThreshold / thresholdConditions).toBeGreaterThan(0.04);
    for (const g of [-1, 0, 1, 2]) expect(grades.has(g)).toBe(true);
  });

  it("produces month-end and leap-day instants and times inside the day", () => {
    const days = fc.sample(
      scenarioArb().map((s) => new Date(s.now)),
      { numRuns: 500 },
    );
    expect(days.some((d) => d.getUTCMonth() === 1 && d.getUTCDate() === 29)).toBe(true);
    expect(days.some((d) => d.getUTCMonth() === 7 && d.getUTCDate() === 31)).toBe(true);
    expect(days.some((d) => d.getUTCHours() !== 0)).toBe(true);
  });
});

function collectOperators(rules: readonly RawRule[], out: Set<string>): void {
  for (const r of rules) {
    if ("all" in r) collectOperators(r.all, out);
    else if ("any" in r) collectOperators(r.any, out);
    else if ("not" in r) collectOperators([r.not], out);
    else for (const [k, v] of Object.entries(r)) if (k !== "fact" && v !== undefined) out.add(k);
  }
}
