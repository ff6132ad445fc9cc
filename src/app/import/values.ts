import type { DateOrder, FactColumn } from "../../contracts/import-mapping.js";
import {
  type FactDef,
  normalizeFactValue,
  parseInstant,
  parseIsoDate,
  startOfDay,
} from "../../core/index.js";

/** Why a cell could not be read; the row goes to the rejects file with this reason. */
export class CellProblem {
  constructor(readonly reason: string) {}
}

/** A fact cell read: the value to record as captureLead would (dates as YYYY-MM-DD), or unknown. */
export type FactCell = boolean | number | string | undefined | CellProblem;
export type CellReader = (cell: string) => FactCell;

/**
 * What spreadsheets write for "nobody knows": an empty cell, a dash, a form's untouched "Select",
 * "N/A"… (compared trimmed, case-insensitively, spaces collapsed). Unknown is not "no": such a cell
 * records nothing, so it never overwrites a value a lead already has.
 */
export const PLACEHOLDERS: readonly string[] = [
  ...["", "-", "--", "---", "—", "–", "?", "n/a", "n.a.", "na", "null", "nil", "none", "unknown", "tbd"],
  ...["select", "-select-", "--select--", "- select -", "(select)", "select one", "please select"],
  ...["not provided", "not specified", "(blank)", "(none)", "(empty)", "#n/a"],
  ...["нет данных", "н/д", "н.д.", "неизвестно", "не указано", "не указан", "не указана", "выберите"],
  ...["(не выбрано)", "не выбрано", "—выберите—", "- выберите -"],
];

const TRUE_WORDS = ["yes", "y", "true", "t", "1", "да", "д", "истина", "+"];
const FALSE_WORDS = ["no", "n", "false", "f", "0", "нет", "н", "ложь"];

/** Cell text as compared with placeholders, boolean words, enum labels and value maps. */
export function normalizeCell(cell: string): string {
  return cell.trim().toLowerCase().replace(/\s+/g, " ");
}

const MAX_TEXT = 4000;

/**
 * Compiles one fact column's reader once, so each cell costs a few lookups. Order: the column's
 * value map, then placeholders (built-in, the mapping's, the column's), then the fact's type.
 * Every value is finally checked by the core (`normalizeFactValue`), as a captured one would be.
 */
export function compileFactReader(
  fact: FactDef,
  rules: Omit<FactColumn, "fact">,
  extraUnknown: readonly string[] = [],
): CellReader {
  const unknown = new Set([...PLACEHOLDERS, ...extraUnknown, ...(rules.unknown ?? [])].map(normalizeCell));
  const mapped = new Map(Object.entries(rules.values ?? {}).map(([k, v]) => [normalizeCell(k), v]));
  const parse = typeReader(fact, rules);
  return (cell) => {
    const key = normalizeCell(cell);
    if (mapped.has(key)) return check(fact, mapped.get(key) ?? undefined, cell);
    if (unknown.has(key)) return undefined;
    const v = parse(cell.trim(), key);
    return v instanceof CellProblem ? v : check(fact, v, cell);
  };
}

function check(fact: FactDef, value: boolean | number | string | undefined, cell: string): FactCell {
  if (value === undefined) return undefined;
  const r = normalizeFactValue(fact, value);
  return "problem" in r ? new CellProblem(`${r.problem} (cell "${clip(cell)}")`) : value;
}

function typeReader(
  fact: FactDef,
  rules: Omit<FactColumn, "fact">,
): (cell: string, key: string) => boolean | number | string | CellProblem {
  switch (fact.type) {
    case "boolean": {
      const words = new Map<string, boolean>([
        ...TRUE_WORDS.map((w) => [w, true] as const),
        ...FALSE_WORDS.map((w) => [w, false] as const),
      ]);
      return (cell, key) =>
        words.get(key) ?? new CellProblem(`expected yes/no, да/нет, true/false or 1/0, got "${clip(cell)}"`);
    }
    case "enum": {
      const options = new Map<string, string>();
      for (const o of fact.options) {
        for (const label of [o.label.ru, o.label.en, o.value])
          if (label) options.set(normalizeCell(label), o.value);
      }
      const names = fact.options.map((o) => o.value).join(", ");
      return (cell, key) =>
        options.get(key) ?? new CellProblem(`expected one of ${names}, got "${clip(cell)}"`);
    }
    case "number":
      return (cell) =>
        parseNumber(cell, rules.decimal) ?? new CellProblem(`expected a number, got "${clip(cell)}"`);
    case "date":
      return (cell) => parseDate(cell, rules.dates);
    case "text":
      return (cell) =>
        cell.length <= MAX_TEXT ? cell : new CellProblem(`text longer than ${MAX_TEXT} characters`);
  }
}

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,T].*)?$/;
const SLASHED = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ ,T].*)?$/;

/**
 * A date cell → YYYY-MM-DD. ISO (2026-03-01, also with a time) and DD.MM.YYYY read alone;
 * 03/04/2026 needs the order said (`dates: dmy | mdy`): guessing it would record wrong dates for
 * every day ≤ 12 while looking right for the others.
 */
export function parseDate(cell: string, order: DateOrder | undefined): string | CellProblem {
  let ymd: [string | undefined, string | undefined, string | undefined];
  const iso8601 = ISO.exec(cell);
  const dotted = iso8601 ? null : DOTTED.exec(cell);
  const slashed = iso8601 || dotted ? null : SLASHED.exec(cell);
  if (iso8601) ymd = [iso8601[1], iso8601[2], iso8601[3]];
  else if (dotted) ymd = [dotted[3], dotted[2], dotted[1]];
  else if (slashed) {
    if (!order)
      return new CellProblem(
        `"${clip(cell)}" could be day/month or month/day: say which with --dates dmy or --dates mdy`,
      );
    ymd = order === "dmy" ? [slashed[3], slashed[2], slashed[1]] : [slashed[3], slashed[1], slashed[2]];
  } else
    return new CellProblem(
      `expected a date (YYYY-MM-DD, DD.MM.YYYY or with --dates, 03/04/2026), got "${clip(cell)}"`,
    );
  const [y, m, d] = ymd;
  const iso = `${y}-${(m as string).padStart(2, "0")}-${(d as string).padStart(2, "0")}`;
  return parseIsoDate(iso) === undefined ? new CellProblem(`"${clip(cell)}" is not a real date`) : iso;
}

/**
 * When a row's facts were recorded, from a `recorded_at` column: an ISO instant with an offset,
 * or a date (any format `parseDate` reads) with an optional HH:MM[:SS] time, taken as UTC.
 */
export function parseRecordedAt(cell: string, order: DateOrder | undefined): number | CellProblem {
  const text = cell.trim();
  const instant = parseInstant(text.replace(/^(\d{4}-\d{2}-\d{2}) /, "$1T"));
  if (instant !== undefined) return instant;
  const date = parseDate(text, order);
  if (date instanceof CellProblem) return date;
  const day = parseIsoDate(date) as number;
  const time = /[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!time) return startOfDay(day);
  const [h, mi, s] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return new CellProblem(`"${clip(cell)}" is not a time of day`);
  return startOfDay(day) + ((h * 60 + mi) * 60 + s) * 1000;
}

/**
 * A number as people type it: spaces and apostrophes group digits (1 000 000, 1'000), a currency
 * sign may lead or trail. `decimal` says which mark is the decimal one; without it, when both
 * appear the last is decimal, and a lone comma is decimal unless it groups thousands (1,500).
 */
export function parseNumber(cell: string, decimal: "." | "," | undefined): number | undefined {
  let s = cell.replace(/[\s\u00a0\u202f']/g, "").replace(/^[$€£₽¥]|[$€£₽¥]$|руб\.?$|р\.$/g, "");
  const comma = s.lastIndexOf(",");
  const dot = s.lastIndexOf(".");
  const mark = decimal ?? (comma >= 0 && dot >= 0 ? (comma > dot ? "," : ".") : autoMark(s, comma, dot));
  if (mark === undefined) return undefined;
  const group = mark === "," ? "." : ",";
  if (s.includes(group) && !new RegExp(`^[+-]?\\d{1,3}(\\${group}\\d{3})+(\\${mark}\\d*)?$`).test(s))
    return undefined;
  s = s.split(group).join("").replace(mark, ".");
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : undefined;
}

function autoMark(s: string, comma: number, dot: number): "." | "," | undefined {
  if (comma < 0) return /^[+-]?\d{1,3}(\.\d{3}){2,}$/.test(s) ? "," : "."; // 1.5 is decimal, 1.234.567 groups
  if (/^[+-]?\d{1,3}(,\d{3})+$/.test(s)) return "."; // 1,500 and 1,000,000 group thousands
  return s.indexOf(",") === comma && dot < 0 ? "," : undefined; // one comma: 1,5
}

export function clip(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
