import type { FactValues, Scalar } from "../definition/model.js";
import { type FactDef, MAX_MAGNITUDE } from "../definition/schema.js";
import { formatDay, parseIsoDate } from "../time.js";

export interface ValueProblem {
  readonly fact: string;
  readonly message: string;
}

/**
 * Checks one recorded value against its fact's declaration and converts it to the grader's form
 * (dates become epoch days). `null` means unknown and is always accepted.
 */
export function normalizeFactValue(
  fact: FactDef,
  raw: unknown,
): { value: Scalar | null } | { problem: string } {
  if (raw === null || raw === undefined) return { value: null };
  switch (fact.type) {
    case "boolean":
      return typeof raw === "boolean"
        ? { value: raw }
        : { problem: `expected true or false, got ${show(raw)}` };
    case "enum":
      return typeof raw === "string" && fact.options.some((o) => o.value === raw)
        ? { value: raw }
        : { problem: `expected one of ${fact.options.map((o) => o.value).join(", ")}, got ${show(raw)}` };
    case "number": {
      if (typeof raw !== "number" || !Number.isFinite(raw))
        return { problem: `expected a number, got ${show(raw)}` };
      if (Math.abs(raw) > MAX_MAGNITUDE)
        return { problem: `${raw} is too large: numbers stay within ±10^15` };
      if (fact.integer && !Number.isInteger(raw)) return { problem: `expected a whole number, got ${raw}` };
      if ((fact.min !== undefined && raw < fact.min) || (fact.max !== undefined && raw > fact.max)) {
        return { problem: `${raw} is outside the allowed range [${fact.min ?? "-∞"}, ${fact.max ?? "∞"}]` };
      }
      return { value: raw };
    }
    case "date": {
      const day = typeof raw === "string" ? parseIsoDate(raw) : undefined;
      return day === undefined
        ? { problem: `expected a date as YYYY-MM-DD (years 1000–9999), got ${show(raw)}` }
        : { value: day };
    }
    case "text":
      return typeof raw === "string" ? { value: raw } : { problem: `expected text, got ${show(raw)}` };
  }
}

/** Normalizes a map of fact key → raw value; every bad entry is reported, none is dropped silently. */
export function normalizeFactValues(
  catalogue: ReadonlyMap<string, FactDef>,
  raw: Readonly<Record<string, unknown>>,
): { values: FactValues; problems: ValueProblem[] } {
  const values: Record<string, Scalar | null> = {};
  const problems: ValueProblem[] = [];
  for (const [key, v] of Object.entries(raw)) {
    const fact = catalogue.get(key);
    if (!fact) {
      problems.push({ fact: key, message: `unknown fact "${key}": it is not in the definition's catalogue` });
      continue;
    }
    const r = normalizeFactValue(fact, v);
    if ("problem" in r) problems.push({ fact: key, message: r.problem });
    else values[key] = r.value;
  }
  return { values, problems };
}

/** The value as a person writes it: dates back to `YYYY-MM-DD`. */
export function displayValue(fact: FactDef | undefined, value: Scalar): boolean | number | string {
  return fact?.type === "date" && typeof value === "number" ? formatDay(value) : value;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
