import type { Condition, Definition, FactValues, RecordedDays, Rule } from "../definition/model.js";
import { addPeriod, type Period } from "../time.js";

/** `(values, now, recorded?) → index of the grade`, -1 when no grade applies. `now` is epoch ms. */
export type GradeFn = (values: FactValues, now: number, recorded?: RecordedDays) => number;

export interface CompiledGrader {
  readonly definition: Definition;
  readonly gradeIndex: GradeFn;
  /** The grade key, or null when no grade applies. */
  readonly grade: (values: FactValues, now: number, recorded?: RecordedDays) => string | null;
  /** The generated JavaScript, for inspection and debugging. */
  readonly source: string;
}

/**
 * Compiles a definition into one JavaScript function, once per definition version.
 *
 * Each rule becomes a plain boolean expression "the rule is true" (a grade applies only then);
 * under three-valued logic that needs its twin "the rule is false" for `not`, so both are
 * generated: T(all) = ∧T, F(all) = ∨F, T(any) = ∨T, F(any) = ∧F, T(not x) = F(x), F(not x) = T(x),
 * and a condition is true or false only when its fact is known. Day bounds of time windows
 * (today + 6 months, …) are recomputed only when the day changes between calls.
 *
 * Safety: the source is built only from validated keys (`[a-z][a-z0-9_]*`), finite numbers and
 * JSON-encoded strings; no text of the definition is spliced in unquoted.
 */
export function compileDefinition(def: Definition): CompiledGrader {
  const shifts: Period[] = [];
  const shiftVar = (p: Period): string => {
    if (p.n === 0) return "today";
    let i = shifts.findIndex((s) => s.n === p.n && s.unit === p.unit);
    if (i < 0) i = shifts.push(p) - 1;
    return `d${i}`;
  };
  const sets: ReadonlySet<unknown>[] = [];
  const ctx: Ctx = { shiftVar, sets };

  const lines: string[] = [];
  let needsToday = false;
  // Grades after a fallback can never be reached, so generation stops at the first one.
  const fallback = def.grades.findIndex((g) => g.rule === null);
  for (const [i, g] of def.grades.entries()) {
    if (g.rule === null) break;
    lines.push(`  if (${isTrue(g.rule, ctx)}) return ${i};`);
  }
  lines.push(`  return ${fallback};`);
  const body = lines.join("\n");
  needsToday = shifts.length > 0 || body.includes("today");
  const header = needsToday
    ? [
        "  const today = Math.floor(now / 86400000);",
        `  if (today !== cday) { cday = today;${shifts.map((_, i) => ` d${i} = addPeriod(today, S[${i}]);`).join("")} }`,
      ]
    : [];
  const source = [
    `let cday = NaN${shifts.map((_, i) => `, d${i} = 0`).join("")};`,
    "return function grade(f, now, r) {",
    ...header,
    body,
    "};",
  ].join("\n");
  const gradeIndex = new Function("addPeriod", "S", "SETS", source)(addPeriod, shifts, sets) as GradeFn;
  const keys = def.grades.map((g) => g.key);
  return {
    definition: def,
    gradeIndex,
    grade: (values, now, recorded) => keys[gradeIndex(values, now, recorded)] ?? null,
    source,
  };
}

interface Ctx {
  readonly shiftVar: (p: Period) => string;
  readonly sets: ReadonlySet<unknown>[];
}

function isTrue(rule: Rule, ctx: Ctx): string {
  switch (rule.kind) {
    case "all":
      return `(${rule.rules.map((r) => isTrue(r, ctx)).join(" && ")})`;
    case "any":
      return `(${rule.rules.map((r) => isTrue(r, ctx)).join(" || ")})`;
    case "not":
      return isFalse(rule.rule, ctx);
    default:
      return condition(rule, ctx, true);
  }
}

function isFalse(rule: Rule, ctx: Ctx): string {
  switch (rule.kind) {
    case "all":
      return `(${rule.rules.map((r) => isFalse(r, ctx)).join(" || ")})`;
    case "any":
      return `(${rule.rules.map((r) => isFalse(r, ctx)).join(" && ")})`;
    case "not":
      return isTrue(rule.rule, ctx);
    default:
      return condition(rule, ctx, false);
  }
}

function literal(v: unknown): string {
  if (typeof v === "number" && !Number.isFinite(v)) throw new Error("non-finite constant in a rule");
  return JSON.stringify(v);
}

/** The expression for "condition is true" (wanted = true) or "condition is false". */
function condition(c: Condition, ctx: Ctx, wanted: boolean): string {
  const f = `f.${c.fact}`;
  const isNum = `typeof ${f} === "number"`;
  switch (c.kind) {
    case "is":
      return c.known === wanted ? `${f} != null` : `${f} == null`;
    case "compare": {
      const k = literal(c.value);
      switch (c.op) {
        case "eq":
          return wanted ? `${f} === ${k}` : `(${f} != null && ${f} !== ${k})`;
        case "ne":
          return wanted ? `(${f} != null && ${f} !== ${k})` : `${f} === ${k}`;
        default: {
          const ops = { lt: ["<", ">="], lte: ["<=", ">"], gt: [">", "<="], gte: [">=", "<"] } as const;
          return `(${isNum} && ${f} ${ops[c.op][wanted ? 0 : 1]} ${k})`;
        }
      }
    }
    case "in": {
      let member: string;
      if (c.values.length <= 8) member = `(${c.values.map((v) => `${f} === ${literal(v)}`).join(" || ")})`;
      else member = `SETS[${ctx.sets.push(new Set(c.values)) - 1}].has(${f})`;
      return wanted ? member : `(${f} != null && !${member})`;
    }
    case "between":
      return wanted
        ? `(${isNum} && ${f} >= ${literal(c.lo)} && ${f} <= ${literal(c.hi)})`
        : `(${isNum} && (${f} < ${literal(c.lo)} || ${f} > ${literal(c.hi)}))`;
    case "window": {
      const x = c.target === "value" ? f : `r.${c.fact}`;
      const guard = c.target === "value" ? isNum : `(${f} != null && r != null && typeof ${x} === "number")`;
      const parts: string[] = [];
      if (c.lo)
        parts.push(
          wanted
            ? `${x} ${c.lo.strict ? ">" : ">="} ${ctx.shiftVar(c.lo.shift)}`
            : `${x} ${c.lo.strict ? "<=" : "<"} ${ctx.shiftVar(c.lo.shift)}`,
        );
      if (c.hi)
        parts.push(
          wanted
            ? `${x} ${c.hi.strict ? "<" : "<="} ${ctx.shiftVar(c.hi.shift)}`
            : `${x} ${c.hi.strict ? ">=" : ">"} ${ctx.shiftVar(c.hi.shift)}`,
        );
      return `(${guard} && ${parts.length > 1 ? `(${parts.join(wanted ? " && " : " || ")})` : parts[0]})`;
    }
  }
}
