import { type Condition, conditionsOf, type Definition, type FactValues } from "../definition/model.js";
import { type Locale, type LocalText, pick } from "../i18n.js";
import type { Explanation, Trace } from "./explanation-types.js";
import { formatPeriod, formatValue } from "./render.js";

/**
 * What would change a lead's grade, and what to ask the prospect next: both read from the
 * definition and the explanation, so the page suggests only what the rules actually use.
 */

/** A stronger grade and what would have to hold for the lead to reach it. */
export interface WhatIf {
  readonly grade: string;
  readonly label: LocalText;
  /** The facts the sentence talks about, in order of mention. */
  readonly facts: readonly string[];
  /** "Decision date within the next 6 months makes this lead Hot". */
  readonly text: { readonly en: string; readonly ru: string };
}

/** A fact the rules use whose value is unknown: the question to ask next. */
export interface AskNext {
  readonly fact: string;
  readonly label: LocalText;
  readonly guide: LocalText | null;
  /** The grades whose rules use it, strongest first. */
  readonly grades: readonly string[];
}

/** What still has to hold: a condition, or parts of which all (and) or one (or) must hold. */
type Need =
  | { readonly kind: "cond"; readonly condition: Condition }
  | { readonly kind: "and" | "or"; readonly parts: readonly Need[] }
  | { readonly kind: "not"; readonly inner: Need };

function needOf(trace: Trace): Need | null {
  if (trace.result === "true") return null;
  switch (trace.kind) {
    case "condition":
      return { kind: "cond", condition: trace.condition };
    case "all":
    case "any": {
      const parts = trace.parts.map(needOf).filter((n): n is Need => n !== null);
      if (parts.length === 1) return parts[0] as Need;
      return { kind: trace.kind === "all" ? "and" : "or", parts };
    }
    case "not":
      // The inner rule holds or is unknown now; it would have to stop holding.
      return { kind: "not", inner: anyNeed(trace.parts[0]) };
  }
}

/** The inner rule of a `not`, described as it stands (it must stop holding). */
function anyNeed(trace: Trace | undefined): Need {
  if (!trace) return { kind: "and", parts: [] };
  if (trace.kind === "condition") return { kind: "cond", condition: trace.condition };
  if (trace.kind === "not") return { kind: "not", inner: anyNeed(trace.parts[0]) };
  return { kind: trace.kind === "all" ? "and" : "or", parts: trace.parts.map(anyNeed) };
}

function factsOf(n: Need): string[] {
  if (n.kind === "cond") return [n.condition.fact];
  if (n.kind === "not") return factsOf(n.inner);
  return n.parts.flatMap(factsOf);
}

function render(def: Definition, n: Need, locale: Locale, nested = false): string {
  const ru = locale === "ru";
  if (n.kind === "cond") return describeRequirement(def, n.condition, locale);
  if (n.kind === "not") return `${ru ? "не так, что" : "not"} (${render(def, n.inner, locale, true)})`;
  const joined = n.parts
    .map((p) => render(def, p, locale, true))
    .join(n.kind === "and" ? (ru ? " и " : " and ") : ru ? " или " : " or ");
  return nested && n.parts.length > 1 ? `(${joined})` : joined;
}

/**
 * For each grade stronger than the lead's, what would have to hold, in words: the conditions of
 * its rule that are false or unknown now. Empty when the lead has the strongest grade.
 */
export function whatIf(def: Definition, e: Explanation): WhatIf[] {
  const out: WhatIf[] = [];
  for (const check of e.checked) {
    if (check.grade === e.grade) break;
    if (!check.trace) continue;
    const need = needOf(check.trace);
    if (need === null) continue;
    const g = def.grades.find((x) => x.key === check.grade);
    if (!g) continue;
    const en = render(def, need, "en");
    const ru = render(def, need, "ru");
    out.push({
      grade: g.key,
      label: g.label,
      facts: [...new Set(factsOf(need))],
      text: {
        en: `${capitalise(en)} makes this lead ${pick(g.label, "en")}`,
        ru: `Лид станет «${pick(g.label, "ru")}», если ${ru}`,
      },
    });
  }
  return out;
}

/** The facts the grade rules use whose value is unknown, in the order the rules mention them. */
export function askNext(def: Definition, values: FactValues): AskNext[] {
  const grades = new Map<string, string[]>();
  for (const g of def.grades) {
    if (g.rule === null) continue;
    for (const c of conditionsOf(g.rule)) {
      const list = grades.get(c.fact) ?? [];
      if (!list.includes(g.key)) list.push(g.key);
      grades.set(c.fact, list);
    }
  }
  const out: AskNext[] = [];
  for (const [key, used] of grades) {
    if (values[key] !== null && values[key] !== undefined) continue;
    const fact = def.factsByKey.get(key);
    if (!fact) continue;
    out.push({ fact: key, label: fact.label, guide: fact.guide ?? null, grades: used });
  }
  return out;
}

/** A condition as something that would have to hold: "Decision date within the next 6 months". */
export function describeRequirement(def: Definition, c: Condition, locale: Locale): string {
  const ru = locale === "ru";
  const fact = def.factsByKey.get(c.fact);
  const label = fact ? pick(fact.label, locale) : c.fact;
  const L = ru ? `«${label}»` : label;
  const fmt = (v: Parameters<typeof formatValue>[1]) => formatValue(fact, v, locale);
  switch (c.kind) {
    case "is":
      if (c.known) return ru ? `${L}: записано` : `${L} is recorded`;
      return ru ? `${L}: не записано` : `${L} is not recorded`;
    case "compare": {
      if (typeof c.value === "boolean" && (c.op === "eq" || c.op === "ne"))
        return `${L}: ${fmt(c.op === "eq" ? c.value : !c.value)}`;
      const words = {
        eq: ["is", ""],
        ne: ["is not", "не"],
        lt: ["below", "меньше"],
        lte: ["at most", "не больше"],
        gt: ["above", "больше"],
        gte: ["at least", "не меньше"],
      } as const;
      const [en, r] = words[c.op];
      if (ru) return c.op === "eq" ? `${L}: ${fmt(c.value)}` : `${L} ${r} ${fmt(c.value)}`;
      return `${L} ${en} ${fmt(c.value)}`;
    }
    case "in": {
      const list = c.values.map(fmt).join(", ");
      return ru ? `${L}: одно из: ${list}` : `${L} is one of: ${list}`;
    }
    case "between":
      return ru ? `${L} в диапазоне ${fmt(c.lo)}–${fmt(c.hi)}` : `${L} between ${fmt(c.lo)} and ${fmt(c.hi)}`;
    case "window": {
      const pg = formatPeriod(c.period, locale, "gen");
      const pa = formatPeriod(c.period, locale, "acc");
      switch (c.op) {
        case "within_next":
          return ru ? `${L} — в пределах ${pg} от сегодня` : `${L} within the next ${pg}`;
        case "within_last":
          return ru ? `${L} — в пределах ${pg} до сегодня` : `${L} within the last ${pg}`;
        case "more_than_ago":
          return ru ? `${L} — более чем за ${pa} до сегодня` : `${L} more than ${pg} ago`;
        case "more_than_ahead":
          return ru ? `${L} — более чем через ${pa} после сегодня` : `${L} more than ${pg} from now`;
        case "recorded_within_last":
          return ru ? `${L}: записано в пределах ${pg} до сегодня` : `${L} recorded within the last ${pg}`;
        case "recorded_more_than_ago":
          return ru ? `${L}: записано более чем за ${pa} до сегодня` : `${L} recorded more than ${pg} ago`;
      }
    }
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
