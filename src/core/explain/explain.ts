import type { Definition, FactValues, RecordedDays, Rule } from "../definition/model.js";
import type { CompiledGrader } from "../rules/compile.js";
import { evaluateCondition, evaluateRule, subjectOf } from "../rules/evaluate.js";
import { nextGradeChange } from "../rules/next-change.js";
import { addPeriod, dayOf, formatDay } from "../time.js";
import type { ConditionTrace, Explanation, GradeCheck, Trace } from "./explanation-types.js";

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
