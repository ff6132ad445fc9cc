import {
  type Condition,
  conditionsOf,
  type Definition,
  type Rule,
  type Scalar,
} from "../definition/model.js";
import { type Locale, type LocalText, pick } from "../i18n.js";
import type { Counterexample } from "../lint/finding.js";
import { formatPeriod, formatValue } from "./render.js";

/**
 * A definition read aloud: each grade with its conditions in words, for people who will never
 * open the YAML. Unlike `describeCondition` (which speaks of one lead's values on one day), these
 * sentences state the rule itself: "Decision date is within the next 6 months".
 */
export interface GradeDescription {
  readonly grade: string;
  readonly label: LocalText;
  readonly description?: LocalText | undefined;
  /** How the lines combine: every one must hold (`all`) or at least one (`any`). */
  readonly join: "all" | "any";
  /** One line per top-level part of the rule; empty for the fallback grade. */
  readonly conditions: { readonly en: readonly string[]; readonly ru: readonly string[] };
  /** True for the `otherwise: true` grade: every lead that no earlier grade takes. */
  readonly fallback: boolean;
}

/** Every grade of a definition, in the order they are checked, with its rule in both languages. */
export function describeDefinition(def: Definition): GradeDescription[] {
  return def.grades.map((g) => {
    const rule = g.rule;
    const join = rule?.kind === "any" ? "any" : "all";
    const parts = rule === null ? [] : rule.kind === "all" || rule.kind === "any" ? rule.rules : [rule];
    return {
      grade: g.key,
      label: g.label,
      ...(g.description ? { description: g.description } : {}),
      join,
      conditions: {
        en: parts.map((r) => describeRule(def, r, "en")),
        ru: parts.map((r) => describeRule(def, r, "ru")),
      },
      fallback: rule === null,
    };
  });
}

/** A rule as one sentence; nested groups in parentheses joined by "and" / "or". */
export function describeRule(def: Definition, rule: Rule, locale: Locale): string {
  const ru = locale === "ru";
  switch (rule.kind) {
    case "all":
    case "any": {
      const word = rule.kind === "all" ? (ru ? " и " : " and ") : ru ? " или " : " or ";
      const parts = rule.rules.map((r) => {
        const text = describeRule(def, r, locale);
        return r.kind === "all" || r.kind === "any" ? `(${text})` : text;
      });
      return parts.join(word);
    }
    case "not":
      return ru
        ? `неверно, что ${describeRule(def, rule.rule, locale)}`
        : `not (${describeRule(def, rule.rule, locale)})`;
    default:
      return describeRuleCondition(def, rule, locale);
  }
}

const COMPARE_WORDS = {
  number: {
    lt: ["is below", "меньше"],
    lte: ["is at most", "не больше"],
    gt: ["is above", "больше"],
    gte: ["is at least", "не меньше"],
  },
  date: {
    lt: ["is before", "раньше"],
    lte: ["is on or before", "не позже"],
    gt: ["is after", "позже"],
    gte: ["is on or after", "не раньше"],
  },
} as const;

/** One condition as a statement about any lead: "Decision date is within the next 6 months". */
export function describeRuleCondition(def: Definition, c: Condition, locale: Locale): string {
  const fact = def.factsByKey.get(c.fact);
  const label = fact ? pick(fact.label, locale) : c.fact;
  const ru = locale === "ru";
  const L = ru ? `«${label}»` : label;
  const fmt = (v: Scalar) => formatValue(fact, v, locale);
  switch (c.kind) {
    case "is":
      if (c.known) return ru ? `${L}: записано` : `${L} is recorded`;
      return ru ? `${L}: не записано (ещё не спрашивали)` : `${L} is not recorded (not asked yet)`;
    case "compare": {
      if (c.op === "eq") return ru ? `${L}: ${fmt(c.value)}` : `${L} is ${fmt(c.value)}`;
      if (c.op === "ne") return ru ? `${L}: не ${fmt(c.value)}` : `${L} is not ${fmt(c.value)}`;
      const [en, r] = COMPARE_WORDS[fact?.type === "date" ? "date" : "number"][c.op];
      return ru ? `${L} ${r} ${fmt(c.value)}` : `${L} ${en} ${fmt(c.value)}`;
    }
    case "in": {
      const list = c.values.map(fmt).join(", ");
      return ru ? `${L}: одно из — ${list}` : `${L} is one of: ${list}`;
    }
    case "between":
      return ru
        ? `${L} в диапазоне ${fmt(c.lo)}–${fmt(c.hi)}`
        : `${L} is between ${fmt(c.lo)} and ${fmt(c.hi)}`;
    case "window": {
      const pg = formatPeriod(c.period, locale, "gen");
      const pa = formatPeriod(c.period, locale, "acc");
      switch (c.op) {
        case "within_next":
          return ru ? `${L} — в пределах ${pg} от сегодня` : `${L} is within the next ${pg}`;
        case "within_last":
          return ru ? `${L} — в пределах последних ${pg}` : `${L} is within the last ${pg}`;
        case "more_than_ago":
          return ru ? `${L} — более ${pg} назад` : `${L} is more than ${pg} ago`;
        case "more_than_ahead":
          return ru ? `${L} — более чем через ${pa}` : `${L} is more than ${pg} ahead`;
        case "recorded_within_last":
          return ru ? `${L}: записано в пределах последних ${pg}` : `${L} was recorded within the last ${pg}`;
        case "recorded_more_than_ago":
          return ru ? `${L}: записано более ${pg} назад` : `${L} was recorded more than ${pg} ago`;
      }
    }
  }
}

/**
 * A checker's example lead in words: "A lead with Decision date 2027-04-15 (Stated interest not
 * recorded) gets no grade". Facts the rules use but the lead lacks are named as not recorded, so
 * unknown reads as unknown, not as "no".
 */
export function describeCounterexample(def: Definition, ce: Counterexample, locale: Locale): string {
  const ru = locale === "ru";
  const label = (key: string) => {
    const f = def.factsByKey.get(key);
    return f ? pick(f.label, locale) : key;
  };
  const known = Object.entries(ce.facts).map(([key, v]) => {
    const fact = def.factsByKey.get(key);
    const value = formatValue(fact, v, locale);
    const recorded = ce.recorded?.[key];
    const on = recorded ? (ru ? ` (записано ${recorded})` : ` (recorded ${recorded})`) : "";
    if (ru) return `«${label(key)}»: ${value}${on}`;
    // Dates and numbers read as a phrase ("Decision date 2027-04-15"), the rest as a field.
    const sep = fact?.type === "date" || fact?.type === "number" ? " " : ": ";
    return `${label(key)}${sep}${value}${on}`;
  });
  const used = new Set<string>();
  for (const g of def.grades) if (g.rule) for (const c of conditionsOf(g.rule)) used.add(c.fact);
  const unknown = [...used].filter((k) => !(k in ce.facts)).map((k) => (ru ? `«${label(k)}»` : label(k)));
  const grade = def.grades.find((g) => g.key === ce.grade);
  const gets = grade
    ? ru
      ? `получает класс «${pick(grade.label, locale)}»`
      : `gets ${pick(grade.label, locale)}`
    : ru
      ? "не получает никакого класса"
      : "gets no grade";
  const on = ru ? ` на ${ce.at}` : ` on ${ce.at}`;
  if (known.length === 0) {
    return ru ? `Лид без записанных фактов ${gets}${on}` : `A lead with no recorded facts ${gets}${on}`;
  }
  const missing =
    unknown.length === 0
      ? ""
      : ru
        ? `; не записано: ${unknown.join(", ")}`
        : ` and ${unknown.join(", ")} not recorded`;
  return ru
    ? `Лид, у которого ${known.join(", ")}${missing}, — ${gets}${on}`
    : `A lead with ${known.join(", ")}${missing} ${gets}${on}`;
}
