import type {
  Condition,
  Definition,
  FactValues,
  RecordedDays,
  Rule,
  Scalar,
  Truth,
} from "../definition/model.js";
import { addPeriod, dayOf } from "../time.js";

/**
 * The reference interpreter: a direct, slow reading of the rule semantics. The compiled grader
 * must agree with it on every input (property-tested), and the definition checker evaluates
 * conditions through it, so the semantics are written down exactly once.
 *
 * Three-valued logic (Kleene): a condition on an unknown fact is "unknown", except `is known` /
 * `is unknown`, which are always decided. `all` is false if any part is false, else unknown if any
 * part is unknown; `any` is true if any part is true, else unknown if any is unknown; `not` swaps
 * true and false and keeps unknown. A grade applies only when its rule is true.
 */

export interface EvalInput {
  readonly values: FactValues;
  readonly recorded?: RecordedDays | undefined;
  /** The UTC day the lead is graded on. */
  readonly today: number;
}

function known(v: Scalar | null | undefined): v is Scalar {
  return v !== undefined && v !== null;
}

function truth(b: boolean): Truth {
  return b ? "true" : "false";
}

/** The value a condition tests: the fact itself, or the day it was recorded. */
export function subjectOf(c: Condition, input: EvalInput): Scalar | undefined {
  const v = input.values[c.fact];
  if (!known(v)) return undefined;
  if (c.kind !== "window" || c.target === "value") return v;
  const r = input.recorded?.[c.fact];
  return known(r) ? r : undefined;
}

export function evaluateCondition(c: Condition, input: EvalInput): Truth {
  if (c.kind === "is") return truth(known(input.values[c.fact]) === c.known);
  const v = subjectOf(c, input);
  if (v === undefined) return "unknown";
  // Order comparisons read numbers only (dates are day numbers): a value of another type is
  // treated as unknown, exactly as the compiled grader's `typeof` guard does.
  const ordered =
    c.kind === "between" || c.kind === "window" || (c.kind === "compare" && c.op !== "eq" && c.op !== "ne");
  if (ordered && typeof v !== "number") return "unknown";
  switch (c.kind) {
    case "compare":
      switch (c.op) {
        case "eq":
          return truth(v === c.value);
        case "ne":
          return truth(v !== c.value);
        case "lt":
          return truth(v < c.value);
        case "lte":
          return truth(v <= c.value);
        case "gt":
          return truth(v > c.value);
        case "gte":
          return truth(v >= c.value);
      }
      break;
    case "in":
      return truth(c.values.includes(v));
    case "between":
      return truth(typeof v === "number" && v >= c.lo && v <= c.hi);
    case "window": {
      const x = v as number;
      if (c.lo) {
        const lo = addPeriod(input.today, c.lo.shift);
        if (c.lo.strict ? !(x > lo) : !(x >= lo)) return "false";
      }
      if (c.hi) {
        const hi = addPeriod(input.today, c.hi.shift);
        if (c.hi.strict ? !(x < hi) : !(x <= hi)) return "false";
      }
      return "true";
    }
  }
}

export function evaluateRule(rule: Rule, input: EvalInput): Truth {
  switch (rule.kind) {
    case "all": {
      let result: Truth = "true";
      for (const r of rule.rules) {
        const t = evaluateRule(r, input);
        if (t === "false") return "false";
        if (t === "unknown") result = "unknown";
      }
      return result;
    }
    case "any": {
      let result: Truth = "false";
      for (const r of rule.rules) {
        const t = evaluateRule(r, input);
        if (t === "true") return "true";
        if (t === "unknown") result = "unknown";
      }
      return result;
    }
    case "not": {
      const t = evaluateRule(rule.rule, input);
      return t === "true" ? "false" : t === "false" ? "true" : "unknown";
    }
    default:
      return evaluateCondition(rule, input);
  }
}

/** The index of the first grade whose rule is true (a fallback always is), or -1 for none. */
export function gradeIndexOnDay(def: Definition, input: EvalInput): number {
  return def.grades.findIndex((g) => g.rule === null || evaluateRule(g.rule, input) === "true");
}

/** Grades by interpretation: same contract as the compiled grader, `now` in epoch ms. */
export function interpretGrade(
  def: Definition,
  values: FactValues,
  now: number,
  recorded?: RecordedDays,
): number {
  return gradeIndexOnDay(def, { values, recorded, today: dayOf(now) });
}
