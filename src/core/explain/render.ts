import type { Definition, Scalar } from "../definition/model.js";
import type { FactDef } from "../definition/schema.js";
import { type Locale, pick, ruPluralIndex } from "../i18n.js";
import { formatDay, type Period, parseIsoDate } from "../time.js";
import type { ConditionTrace, Explanation } from "./explanation-types.js";

const UNITS_EN: Record<Period["unit"], string> = { day: "day", week: "week", month: "month", year: "year" };
// Russian forms: [nominative one, few, many, genitive one].
const UNITS_RU: Record<Period["unit"], [string, string, string, string]> = {
  day: ["день", "дня", "дней", "дня"],
  week: ["неделю", "недели", "недель", "недели"],
  month: ["месяц", "месяца", "месяцев", "месяца"],
  year: ["год", "года", "лет", "года"],
};

/** "6 months"; in Russian the genitive ("в пределах 6 месяцев") or accusative ("за 6 месяцев"). */
export function formatPeriod(p: Period, locale: Locale, grammaticalCase: "gen" | "acc" = "gen"): string {
  const n = Math.abs(p.n);
  if (locale === "en") return `${n} ${UNITS_EN[p.unit]}${n === 1 ? "" : "s"}`;
  const forms = UNITS_RU[p.unit];
  const i = ruPluralIndex(n);
  if (grammaticalCase === "gen") return `${n} ${i === 0 ? forms[3] : forms[2]}`;
  return `${n} ${forms[i]}`;
}

/** A fact value as a person reads it: yes/no, the option's label, the number with its unit, the date. */
export function formatValue(fact: FactDef | undefined, value: Scalar, locale: Locale): string {
  if (typeof value === "boolean") return locale === "ru" ? (value ? "да" : "нет") : value ? "yes" : "no";
  if (!fact) return String(value);
  switch (fact.type) {
    case "enum": {
      const o = fact.options.find((x) => x.value === value);
      return o ? pick(o.label, locale) : String(value);
    }
    case "number":
      return fact.unit ? `${value} ${fact.unit}` : String(value);
    case "date":
      return typeof value === "number" ? formatDay(value) : String(value);
    default:
      return String(value);
  }
}

/** One sentence for one evaluated condition, in the given language. */
export function describeCondition(def: Definition, t: ConditionTrace, locale: Locale, today: number): string {
  const c = t.condition;
  const fact = def.factsByKey.get(c.fact);
  const label = fact ? pick(fact.label, locale) : c.fact;
  const L = locale === "ru" ? `«${label}»` : label;
  const ru = locale === "ru";
  const fmt = (v: Scalar) => formatValue(fact, v, locale);
  const yes = t.result === "true";
  if (c.kind === "is") {
    if (t.value === undefined) return ru ? `${L}: не записано` : `${L} is not recorded`;
    return ru ? `${L}: записано (${fmt(t.value)})` : `${L} is recorded (${fmt(t.value)})`;
  }
  if (t.value === undefined) return ru ? `${L}: неизвестно` : `${L} is unknown`;
  if (c.kind === "window" && c.target === "recorded" && t.recordedOn === undefined) {
    return ru ? `${L}: дата записи неизвестна` : `${L}: the day it was recorded is unknown`;
  }
  const v = fmt(t.value);
  const not = (en: string, r: string) => (yes ? (ru ? r : en) : ru ? `не ${r}` : `not ${en}`);
  switch (c.kind) {
    case "compare": {
      const k = fmt(c.value);
      // A yes/no fact reads best as itself: "Stated interest: no".
      if (typeof c.value === "boolean" && (c.op === "eq" || c.op === "ne")) return `${L}: ${v}`;
      if (c.op === "eq") return yes ? `${L}: ${v}` : ru ? `${L}: ${v}, а не ${k}` : `${L} is ${v}, not ${k}`;
      if (c.op === "ne")
        return yes ? (ru ? `${L}: ${v}, а не ${k}` : `${L} is ${v}, not ${k}`) : `${L}: ${v}`;
      const words = {
        lt: ["below", "меньше"],
        lte: ["at most", "не больше"],
        gt: ["above", "больше"],
        gte: ["at least", "не меньше"],
      } as const;
      const [en, r] = words[c.op];
      return ru ? `${L} ${v} — ${not(en, r)} ${k}` : `${L} ${v} is ${not(en, r)} ${k}`;
    }
    case "in": {
      const list = c.values.map(fmt).join(", ");
      if (ru) return `${L}: ${v} — ${yes ? "одно из" : "не из"}: ${list}`;
      return `${L} is ${v}, ${yes ? "one of" : "not one of"}: ${list}`;
    }
    case "between":
      return ru
        ? `${L} ${v} — ${yes ? "" : "не "}в диапазоне ${fmt(c.lo)}–${fmt(c.hi)}`
        : `${L} ${v} is ${yes ? "" : "not "}between ${fmt(c.lo)} and ${fmt(c.hi)}`;
    case "window": {
      const on = formatDay(today);
      const pg = formatPeriod(c.period, locale, "gen");
      const pa = formatPeriod(c.period, locale, "acc");
      const neg = yes ? "" : ru ? "не " : "not ";
      switch (c.op) {
        case "within_next":
          return ru
            ? `${L} ${v} — ${neg}в пределах ${pg} от ${on}`
            : `${L} ${v} is ${neg}within ${pg} of ${on}`;
        case "within_last":
          return ru
            ? `${L} ${v} — ${neg}в пределах ${pg} до ${on}`
            : `${L} ${v} is ${neg}within ${pg} before ${on}`;
        case "more_than_ago":
          return ru
            ? `${L} ${v} — ${neg}более чем за ${pa} до ${on}`
            : `${L} ${v} is ${neg}more than ${pg} before ${on}`;
        case "more_than_ahead":
          return ru
            ? `${L} ${v} — ${neg}более чем через ${pa} после ${on}`
            : `${L} ${v} is ${neg}more than ${pg} after ${on}`;
        case "recorded_within_last": {
          const r = formatDay(t.recordedOn as number);
          return ru
            ? `${L}: записано ${r} — ${neg}в пределах ${pg} до ${on}`
            : `${L} was recorded on ${r}, ${neg}within ${pg} before ${on}`;
        }
        case "recorded_more_than_ago": {
          const r = formatDay(t.recordedOn as number);
          return ru
            ? `${L}: записано ${r} — ${neg}более чем за ${pa} до ${on}`
            : `${L} was recorded on ${r}, ${neg}more than ${pg} before ${on}`;
        }
      }
    }
  }
}

/**
 * The explanation as lines of text:
 *   hot — Decision date 2027-03-01 is within 6 months of 2026-11-27
 * then why each earlier grade did not apply, then when the grade will change by itself.
 */
export function renderExplanation(def: Definition, e: Explanation, locale: Locale): string[] {
  const ru = locale === "ru";
  const label = (key: string | null) => {
    const g = def.grades.find((x) => x.key === key);
    return g ? pick(g.label, locale) : ru ? "без класса" : "no grade";
  };
  const lines: string[] = [];
  const today = parseIsoDate(e.on) as number;
  const reasons = (check: Explanation["checked"][number]) =>
    check.decisive.map((d) => describeCondition(def, d, locale, today)).join("; ");
  const final = e.checked.find((c) => c.grade === e.grade);
  if (!final)
    lines.push(ru ? `${label(null)}: ни одно правило не выполнено` : `${label(null)}: no grade's rule holds`);
  else if (final.result === "fallback")
    lines.push(
      ru ? `${label(e.grade)} — ни один класс выше не подошёл` : `${label(e.grade)} — no grade above applies`,
    );
  else lines.push(`${label(e.grade)} — ${reasons(final)}`);
  for (const c of e.checked) {
    if (c === final) continue;
    const why =
      c.result === "unknown"
        ? ru
          ? "не хватает фактов"
          : "not enough facts"
        : ru
          ? "не выполнено"
          : "does not hold";
    lines.push(
      ru
        ? `  не ${label(c.grade)} (${why}): ${reasons(c)}`
        : `  not ${label(c.grade)} (${why}): ${reasons(c)}`,
    );
  }
  if (e.nextChange) {
    lines.push(
      ru
        ? `  станет «${label(e.nextChange.grade)}» ${e.nextChange.on}, если факты не изменятся`
        : `  becomes ${label(e.nextChange.grade)} on ${e.nextChange.on} if no fact changes`,
    );
  }
  return lines;
}
