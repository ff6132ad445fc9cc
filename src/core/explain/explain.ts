import type {
  Condition,
  Definition,
  FactValues,
  RecordedDays,
  Rule,
  Scalar,
  Truth,
} from "../definition/model.js";
import type { CompiledGrader } from "../rules/compile.js";
import { evaluateCondition, evaluateRule, subjectOf } from "../rules/evaluate.js";
import { nextGradeChange } from "../rules/next-change.js";
import { addPeriod, dayOf, formatDay } from "../time.js";

/**
 * A grade with its reasons, as data: the UI renders it, `renderExplanation` prints it.
 * It lists the grades checked in order up to the one that applied (all of them when none did).
 */
export interface Explanation {
  readonly definition: string;
  /** The day graded on, `YYYY-MM-DD` (UTC). */
  readonly on: string;
  readonly grade: string | null;
  readonly checked: readonly GradeCheck[];
  /** The facts whose values decided the outcome, in order of first mention. */
  readonly decidingFacts: readonly string[];
  readonly nextChange: { readonly on: string; readonly grade: string | null } | null;
}

export interface GradeCheck {
  readonly grade: string;
  /** "fallback" for the `otherwise` grade. */
  readonly result: Truth | "fallback";
  readonly trace?: Trace | undefined;
  /** The conditions that decided this grade's result (all for true, the failing ones otherwise). */
  readonly decisive: readonly ConditionTrace[];
}

export type Trace =
  | { readonly kind: "all" | "any" | "not"; readonly result: Truth; readonly parts: readonly Trace[] }
  | ConditionTrace;

export interface ConditionTrace {
  readonly kind: "condition";
  readonly result: Truth;
  readonly condition: Condition;
  /** The fact's value (dates as epoch days), absent when unknown. */
  readonly value?: Scalar | undefined;
  /** For conditions on when a value was recorded: that day. */
  readonly recordedOn?: number | undefined;
  /** For time windows: the day bounds in force on the graded day. */
  readonly lo?: number | undefined;
  readonly hi?: number | undefined;
}

/** Explains a lead's grade through the reference interpreter, so the reasons are the semantics. */
export function explainGrade(
  grader: CompiledGrader,
  values: FactValues,
  now: number,
  recorded?: RecordedDays,
): Explanation {
  const def = grader.definition;
  const today = dayOf(now);
  const input = { values, recorded, today };
  const checked: GradeCheck[] = [];
  let grade: string | null = null;
  for (const g of def.grades) {
    if (g.rule === null) {
      checked.push({ grade: g.key, result: "fallback", decisive: [] });
      grade = g.key;
      break;
    }
    const trace = traceRule(g.rule, input);
    checked.push({ grade: g.key, result: trace.result, trace, decisive: decisiveOf(trace) });
    if (trace.result === "true") {
      grade = g.key;
      break;
    }
  }
  const facts = new Set<string>();
  for (const c of checked) for (const d of c.decisive) facts.add(d.condition.fact);
  const next = nextGradeChange(grader, values, now, recorded);
  return {
    definition: def.id,
    on: formatDay(today),
    grade,
    checked,
    decidingFacts: [...facts],
    nextChange: next && { on: formatDay(dayOf(next.at)), grade: gradeKey(def, next.gradeIndex) },
  };
}

function gradeKey(def: Definition, index: number): string | null {
  return def.grades[index]?.key ?? null;
}

function traceRule(
  rule: Rule,
  input: { values: FactValues; recorded: RecordedDays | undefined; today: number },
): Trace {
  if (rule.kind === "all" || rule.kind === "any" || rule.kind === "not") {
    const parts =
      rule.kind === "not" ? [traceRule(rule.rule, input)] : rule.rules.map((r) => traceRule(r, input));
    return { kind: rule.kind, result: evaluateRule(rule, input), parts };
  }
  const value = input.values[rule.fact] ?? undefined;
  const trace: ConditionTrace = {
    kind: "condition",
    result: evaluateCondition(rule, input),
    condition: rule,
    value,
    recordedOn:
      rule.kind === "window" && rule.target === "recorded"
        ? (subjectOf(rule, input) as number | undefined)
        : undefined,
    lo: rule.kind === "window" && rule.lo ? addPeriod(input.today, rule.lo.shift) : undefined,
    hi: rule.kind === "window" && rule.hi ? addPeriod(input.today, rule.hi.shift) : undefined,
  };
  return trace;
}

/**
 * The conditions that decided a result: for true, everything that had to hold (`any`: its first
 * true part); for false, the parts that failed; for unknown, the parts left unknown.
 */
function decisiveOf(trace: Trace): ConditionTrace[] {
  if (trace.kind === "condition") return [trace];
  if (trace.kind === "not") return trace.parts.flatMap(decisiveOf);
  const r = trace.result;
  const and = trace.kind === "all";
  let chosen: readonly Trace[];
  if (r === "unknown") chosen = trace.parts.filter((p) => p.result === "unknown");
  else if (and === (r === "true"))
    chosen = trace.parts; // all true, or any false: every part counted
  else chosen = trace.parts.filter((p) => p.result === r).slice(0, and ? undefined : 1);
  return chosen.flatMap(decisiveOf);
}
