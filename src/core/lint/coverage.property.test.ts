import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition, Definition, Rule, Scalar } from "../definition/model.js";
import type { FactDef, RawDefinition, RawRule } from "../definition/schema.js";
import { evaluateRule, gradeIndexOnDay } from "../rules/evaluate.js";
import { type GenOptions, resolveRaw, scenarioArb } from "../testing/arbitraries.js";
import { addPeriod, formatDay, parseIsoDate } from "../time.js";
import { checkCoverage } from "./coverage.js";
import type { Counterexample, Finding } from "./finding.js";
import { findLead, type Want } from "./search.js";
import { buildSpace } from "./space.js";

/**
 * The coverage checker against brute force. The brute force does not use space.ts: for each fact
 * the rules use it enumerates unknown plus, for booleans and enums, every value, and for numbers
 * and dates every threshold t the rules use (window bounds: today shifted by the period) with
 * t ± 1, t ± 0.5 (non-integer numbers only), the midpoints between thresholds, and a far low and
 * far high value, all within the declared range. Facts tested on their recording day get every
 * (known value, recorded day) pair, recorded days sampled the same way and never after today.
 * Every combination is graded by the interpreter.
 */

const OPTS: GenOptions = {
  maxRuleFacts: 3,
  minGrades: 2,
  maxGrades: 3,
  maxDepth: 2,
  maxChildren: 2,
  maxThresholds: 2,
  maxPeriods: 2,
  fallbackAnywhere: true,
};
/** Above this many combinations a case is skipped (rare with OPTS), to keep the brute force fast. */
const MAX_COMBINATIONS = 6000;
const FAR = 20_000;

interface Option {
  readonly value: Scalar | undefined;
  readonly recorded: number | undefined;
}

function conditionsIn(rule: Rule): Condition[] {
  if (rule.kind === "all" || rule.kind === "any") return rule.rules.flatMap(conditionsIn);
  if (rule.kind === "not") return conditionsIn(rule.rule);
  return [rule];
}

function samples(
  thresholds: readonly number[],
  integer: boolean,
  low: number,
  high: number,
  min?: number,
  max?: number,
): number[] {
  const out: number[] = [min ?? low, max ?? high];
  for (const t of thresholds) {
    if (integer) out.push(Math.floor(t) - 1, Math.floor(t), Math.ceil(t), Math.ceil(t) + 1);
    else out.push(t - 1, t - 0.5, t, t + 0.5, t + 1);
  }
  if (!integer) {
    const sorted = [...new Set(thresholds)].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) out.push(((sorted[i - 1] as number) + (sorted[i] as number)) / 2);
  }
  return [...new Set(out)].filter(
    (x) =>
      (min === undefined || x >= min) && (max === undefined || x <= max) && (!integer || Number.isInteger(x)),
  );
}

/** The brute-force domain of one fact, from the conditions the rules put on it. */
function optionsOf(fact: FactDef, conditions: readonly Condition[], today: number): Option[] {
  const valueThresholds: number[] = [];
  const recordedThresholds: number[] = [];
  let usesRecorded = false;
  for (const c of conditions) {
    if (c.kind === "compare" && typeof c.value === "number") valueThresholds.push(c.value);
    if (c.kind === "in") for (const v of c.values) if (typeof v === "number") valueThresholds.push(v);
    if (c.kind === "between") valueThresholds.push(c.lo, c.hi);
    if (c.kind === "window") {
      usesRecorded ||= c.target === "recorded";
      for (const b of [c.lo, c.hi]) {
        if (b) (c.target === "value" ? valueThresholds : recordedThresholds).push(addPeriod(today, b.shift));
      }
    }
  }
  let values: Scalar[];
  switch (fact.type) {
    case "boolean":
      values = [true, false];
      break;
    case "enum":
      values = fact.options.map((o) => o.value);
      break;
    case "number":
      values = samples(valueThresholds, fact.integer === true, -1e6, 1e6, fact.min, fact.max);
      break;
    case "date":
      values = samples(valueThresholds, true, today - FAR, today + FAR);
      break;
    case "text":
      throw new Error("rules never use text facts");
  }
  const days = usesRecorded
    ? samples([...recordedThresholds, today], true, today - FAR, today).filter((d) => d <= today)
    : [undefined];
  const options: Option[] = [{ value: undefined, recorded: undefined }];
  for (const value of values) for (const recorded of days) options.push({ value, recorded });
  return options;
}

interface BruteForce {
  readonly combinations: number;
  readonly gap: boolean;
  /** Per grade: some combination gets this grade. */
  readonly reachable: readonly boolean[];
  /** Per grade: its rule is true on some combination (a fallback always is). */
  readonly canBeTrue: readonly boolean[];
  /** "i,j" for grades i < j whose rules are both true on some combination. */
  readonly overlaps: ReadonlySet<string>;
  /** Every distinct vector of "rule is true" per grade, as "1"/"0" strings. */
  readonly vectors: ReadonlySet<string>;
}

function combinationsOf(def: Definition, today: number): { keys: string[]; options: Option[][] } {
  const byFact = new Map<string, Condition[]>();
  for (const g of def.grades) {
    for (const c of g.rule ? conditionsIn(g.rule) : [])
      byFact.set(c.fact, [...(byFact.get(c.fact) ?? []), c]);
  }
  const keys = [...byFact.keys()];
  const options = keys.map((k) => optionsOf(def.factsByKey.get(k) as FactDef, byFact.get(k) ?? [], today));
  return { keys, options };
}

function countCombinations(def: Definition, today: number): number {
  return combinationsOf(def, today).options.reduce((n, o) => n * o.length, 1);
}

function bruteForce(def: Definition, today: number): BruteForce {
  const { keys, options } = combinationsOf(def, today);
  const n = def.grades.length;
  const reachable = new Array<boolean>(n).fill(false);
  const canBeTrue = new Array<boolean>(n).fill(false);
  const overlaps = new Set<string>();
  const vectors = new Set<string>();
  let gap = false;
  let combinations = 0;
  const pick = new Array<number>(keys.length).fill(0);
  for (;;) {
    combinations++;
    const values: Record<string, Scalar> = {};
    const recorded: Record<string, number> = {};
    keys.forEach((k, i) => {
      const o = (options[i] as Option[])[pick[i] as number] as Option;
      if (o.value !== undefined) values[k] = o.value;
      if (o.recorded !== undefined) recorded[k] = o.recorded;
    });
    const input = { values, recorded, today };
    const grade = gradeIndexOnDay(def, input);
    if (grade < 0) gap = true;
    else reachable[grade] = true;
    const truths = def.grades.map((g) => g.rule === null || evaluateRule(g.rule, input) === "true");
    truths.forEach((t, i) => {
      if (!t) return;
      canBeTrue[i] = true;
      for (let j = i + 1; j < n; j++) if (truths[j]) overlaps.add(`${i},${j}`);
    });
    vectors.add(truths.map((t) => (t ? "1" : "0")).join(""));
    // Next combination (odometer).
    let i = 0;
    while (i < keys.length && (pick[i] as number) + 1 >= (options[i] as Option[]).length) pick[i++] = 0;
    if (i === keys.length) break;
    pick[i] = (pick[i] as number) + 1;
  }
  return { combinations, gap, reachable, canBeTrue, overlaps, vectors };
}

/** The coverage findings the brute force implies, as "code" or "code:grade[,grade]". */
function expectedFindings(def: Definition, bf: BruteForce): string[] {
  const out: string[] = [];
  const fallback = def.grades.findIndex((g) => g.rule === null);
  if (fallback < 0 && bf.gap) out.push("grade.gap");
  def.grades.forEach((g, i) => {
    if (fallback >= 0 && i > fallback) out.push(`grade.unreachable:${g.key}`);
    else if (g.rule !== null && !bf.canBeTrue[i]) out.push(`grade.never_matches:${g.key}`);
    else if (!bf.reachable[i]) out.push(`grade.unreachable:${g.key}`);
  });
  if (def.exclusive) {
    for (const pair of bf.overlaps) {
      const [i, j] = pair.split(",").map(Number) as [number, number];
      const a = def.grades[i] as Definition["grades"][number];
      const b = def.grades[j] as Definition["grades"][number];
      if (a.rule && b.rule) out.push(`grade.overlap:${a.key},${b.key}`);
    }
  }
  return out.sort();
}

/**
 * Which earlier grades an unreachable grade should name: the earlier fallback; else one earlier
 * grade that alone takes every lead the grade could have; else every earlier grade that can
 * hold together with it (for a fallback: every earlier grade).
 */
function expectedShadows(def: Definition, bf: BruteForce, i: number): string[] {
  const keys = def.grades.map((g) => g.key);
  const earlier = keys.slice(0, i).map((_, j) => j);
  const fallback = earlier.find((j) => def.grades[j]?.rule === null);
  if (fallback !== undefined) return [keys[fallback] as string];
  if (def.grades[i]?.rule === null) return earlier.map((j) => keys[j] as string);
  const vectors = [...bf.vectors];
  const alone = earlier.find((j) => !vectors.some((v) => v[i] === "1" && v[j] === "0"));
  if (alone !== undefined) return [keys[alone] as string];
  return earlier
    .filter((j) => vectors.some((v) => v[i] === "1" && v[j] === "1"))
    .map((j) => keys[j] as string);
}

function summarize(findings: readonly Finding[]): string[] {
  return findings
    .map((f) => {
      switch (f.code) {
        case "grade.never_matches":
        case "grade.unreachable":
          return `${f.code}:${f.grades?.[0]}`;
        case "grade.overlap":
          return `${f.code}:${f.grades?.join(",")}`;
        default:
          return f.code;
      }
    })
    .sort();
}

/** A counterexample turned back into grader input, checked to be a lead that can exist. */
function leadOf(def: Definition, today: number, ex: Counterexample) {
  expect(ex.at).toBe(formatDay(today));
  const values: Record<string, Scalar> = {};
  const recorded: Record<string, number> = {};
  for (const [key, shown] of Object.entries(ex.facts)) {
    const fact = def.factsByKey.get(key);
    expect(fact, `counterexample names an undeclared fact ${key}`).toBeDefined();
    if (fact?.type === "date") {
      const day = parseIsoDate(String(shown));
      expect(day, `date ${String(shown)} does not parse`).toBeDefined();
      values[key] = day as number;
    } else values[key] = shown;
    if (fact?.type === "number") {
      const x = shown as number;
      if (fact.min !== undefined) expect(x).toBeGreaterThanOrEqual(fact.min);
      if (fact.max !== undefined) expect(x).toBeLessThanOrEqual(fact.max);
      if (fact.integer) expect(Number.isInteger(x)).toBe(true);
    }
    if (fact?.type === "enum") expect(fact.options.map((o) => o.value)).toContain(shown);
    if (fact?.type === "boolean") expect(typeof shown).toBe("boolean");
  }
  for (const [key, shown] of Object.entries(ex.recorded ?? {})) {
    const day = parseIsoDate(shown);
    expect(day, `recorded day ${shown} does not parse`).toBeDefined();
    expect(day as number).toBeLessThanOrEqual(today);
    expect(key in values, `${key} has a recorded day but no value`).toBe(true);
    recorded[key] = day as number;
  }
  const input = { values, recorded, today };
  const index = gradeIndexOnDay(def, input);
  expect(ex.grade).toBe(def.grades[index]?.key ?? null);
  return { input, index };
}

function checkCounterexamples(def: Definition, today: number, findings: readonly Finding[]): void {
  for (const f of findings) {
    if (f.code === "grade.gap") {
      expect(f.counterexample).toBeDefined();
      const { index } = leadOf(def, today, f.counterexample as Counterexample);
      expect(index, "the gap's counterexample gets a grade").toBe(-1);
    }
    if (f.code === "grade.overlap") {
      expect(f.counterexample).toBeDefined();
      const { input } = leadOf(def, today, f.counterexample as Counterexample);
      for (const key of f.grades ?? []) {
        const rule = def.grades.find((g) => g.key === key)?.rule as Rule;
        expect(evaluateRule(rule, input), `overlap counterexample: grade ${key}`).toBe("true");
      }
    }
  }
}

const cases = scenarioArb(OPTS);

describe("checkCoverage against brute-force enumeration", () => {
  it("reports exactly the gaps, never-matching, unreachable and overlapping grades", () => {
    fc.assert(
      fc.property(cases, (s) => {
        fc.pre(countCombinations(s.definition, s.today) <= MAX_COMBINATIONS);
        const bf = bruteForce(s.definition, s.today);
        const findings = checkCoverage(s.definition, s.today);
        expect(summarize(findings)).toEqual(expectedFindings(s.definition, bf));
        checkCounterexamples(s.definition, s.today, findings);
        for (const f of findings) {
          if (f.code !== "grade.unreachable") continue;
          const i = s.definition.grades.findIndex((g) => g.key === f.grades?.[0]);
          expect(f.grades?.slice(1), `the grades named as taking ${f.grades?.[0]}'s leads`).toEqual(
            expectedShadows(s.definition, bf, i),
          );
        }
      }),
      { numRuns: 600 },
    );
  });

  it("findLead finds a lead for a set of wishes exactly when one exists, and the lead meets them", () => {
    const wishes = fc.array(fc.record({ grade: fc.nat(), isTrue: fc.boolean() }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(cases, fc.array(wishes, { minLength: 1, maxLength: 4 }), (s, queries) => {
        fc.pre(countCombinations(s.definition, s.today) <= MAX_COMBINATIONS);
        const def = s.definition;
        const bf = bruteForce(def, s.today);
        const space = buildSpace(def, s.today);
        for (const query of queries) {
          const wants: Want[] = query.map((w) => ({ grade: w.grade % def.grades.length, isTrue: w.isTrue }));
          const exists = [...bf.vectors].some((v) => wants.every((w) => (v[w.grade] === "1") === w.isTrue));
          const lead = findLead(def, space, wants);
          expect(lead !== null, `wants ${JSON.stringify(wants)}`).toBe(exists);
          if (lead === null) continue;
          const values: Record<string, Scalar> = {};
          const recorded: Record<string, number> = {};
          space.variables.forEach((v, i) => {
            const cell = v.cells[lead[i] as number];
            expect(cell).toBeDefined();
            if (cell?.value !== undefined) values[v.fact.key] = cell.value;
            if (cell?.recorded !== undefined) recorded[v.fact.key] = cell.recorded;
          });
          const input = { values, recorded, today: s.today };
          for (const w of wants) {
            const rule = def.grades[w.grade]?.rule;
            const isTrue = rule === null || evaluateRule(rule as Rule, input) === "true";
            expect(isTrue, `wish ${JSON.stringify(w)} on ${JSON.stringify(input)}`).toBe(w.isTrue);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("checkCoverage on hand-written definitions", () => {
  const TODAY = parseIsoDate("2026-08-31") as number;
  const budget: FactDef = { key: "budget", label: { en: "Budget" }, type: "number", min: 0, integer: true };
  const decided: FactDef = { key: "decided", label: { en: "Decided" }, type: "boolean" };
  const define = (grades: RawDefinition["grades"], exclusive = false) =>
    resolveRaw({ truce: 1, id: "hand", name: { en: "Hand" }, exclusive, facts: [budget, decided], grades });
  const grade = (key: string, when: RawRule) => ({ key, label: { en: key }, when });
  const otherwise = (key: string) => ({ key, label: { en: key }, otherwise: true as const });
  const codes = (fs: readonly Finding[]) => fs.map((f) => f.code);

  it("reports a gap, with a lead that really gets no grade", () => {
    const def = define([
      grade("hot", { fact: "budget", gte: 1000 }),
      grade("warm", { fact: "budget", between: [100, 999] }),
    ]);
    const findings = checkCoverage(def, TODAY);
    expect(codes(findings)).toEqual(["grade.gap"]);
    const ex = findings[0]?.counterexample as Counterexample;
    expect(ex.grade).toBeNull();
    checkCounterexamples(def, TODAY, findings);
  });

  it("reports a grade shadowed by an earlier, broader one as unreachable, naming it", () => {
    const def = define([
      grade("any_budget", { fact: "budget", gte: 100 }),
      grade("big_budget", { fact: "budget", gte: 500 }),
      otherwise("rest"),
    ]);
    const findings = checkCoverage(def, TODAY);
    expect(codes(findings)).toEqual(["grade.unreachable"]);
    expect(findings[0]?.grades).toEqual(["big_budget", "any_budget"]);
  });

  it("reports overlapping grades of an exclusive definition, with a lead in both", () => {
    const def = define(
      [grade("a", { fact: "budget", gte: 100 }), grade("b", { fact: "budget", lte: 200 }), otherwise("c")],
      true,
    );
    const findings = checkCoverage(def, TODAY);
    expect(codes(findings)).toEqual(["grade.overlap"]);
    expect(findings[0]?.grades).toEqual(["a", "b"]);
    const budgetShown = findings[0]?.counterexample?.facts.budget as number;
    expect(budgetShown).toBeGreaterThanOrEqual(100);
    expect(budgetShown).toBeLessThanOrEqual(200);
    checkCounterexamples(def, TODAY, findings);
    // The same grades without `exclusive` are fine: order decides.
    expect(
      checkCoverage(
        define([
          grade("a", { fact: "budget", gte: 100 }),
          grade("b", { fact: "budget", lte: 200 }),
          otherwise("c"),
        ]),
        TODAY,
      ),
    ).toEqual([]);
  });

  it("reports a contradictory rule as never matching", () => {
    const def = define([
      grade("odd", {
        all: [
          { fact: "decided", eq: true },
          { fact: "decided", eq: false },
        ],
      }),
      otherwise("rest"),
    ]);
    const findings = checkCoverage(def, TODAY);
    expect(codes(findings)).toEqual(["grade.never_matches"]);
    expect(findings[0]?.grades).toEqual(["odd"]);
  });

  it("reports only the one overlap of an otherwise complete exclusive definition", () => {
    const def = define(
      [
        grade("hot", {
          all: [
            { fact: "budget", gte: 1000 },
            { fact: "decided", eq: true },
          ],
        }),
        grade("warm", { any: [{ fact: "budget", lt: 1000 }, { not: { fact: "decided", eq: true } }] }),
        grade("unknown", {
          any: [
            { fact: "budget", is: "unknown" },
            { fact: "decided", is: "unknown" },
          ],
        }),
      ],
      true,
    );
    // hot and warm are exact complements when both facts are known; otherwise only "unknown" or
    // warm (a known false part) can apply — and those two do overlap (budget 5, decided unknown).
    const findings = checkCoverage(def, TODAY);
    expect(codes(findings)).toEqual(["grade.overlap"]);
    expect(findings[0]?.grades).toEqual(["warm", "unknown"]);
    checkCounterexamples(def, TODAY, findings);
  });
});
