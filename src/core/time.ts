/**
 * Calendar arithmetic on UTC days. The core measures time-relative conditions in whole days
 * ("epoch days": days since 1970-01-01 UTC), so a grade can only change by itself at the start of
 * a UTC day, and every instant of that day grades the same. Nothing here reads the clock.
 */

export const MS_PER_DAY = 86_400_000;

export type PeriodUnit = "day" | "week" | "month" | "year";

/** A signed calendar period: `{ n: 6, unit: "month" }` is six months. */
export interface Period {
  readonly n: number;
  readonly unit: PeriodUnit;
}

/** The UTC day containing the instant `ms` (epoch milliseconds). */
export function dayOf(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** The first instant (epoch ms) of a UTC day. */
export function startOfDay(day: number): number {
  return day * MS_PER_DAY;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The years a date may have. Dates outside are refused: years 0–99 would be read as 1900–1999 by
 * `Date.UTC`, and years past 9999 do not print as YYYY-MM-DD.
 */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

/** Parses `YYYY-MM-DD` into an epoch day, or returns undefined when the text is not a real date. */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo - 1)) return undefined;
  return dayOf(Date.UTC(y, mo - 1, d));
}

/**
 * Parses an instant: a full ISO 8601 date-time with an explicit offset (`2026-11-27T10:00:00Z`,
 * `2026-11-27T13:00+03:00`) or a plain date (taken as its UTC midnight). Returns epoch ms.
 * A date-time without an offset is refused: its meaning would depend on the machine's zone.
 */
export function parseInstant(text: string): number | undefined {
  const day = parseIsoDate(text);
  if (day !== undefined) return startOfDay(day);
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  if (parseIsoDate(`${m[1]}-${m[2]}-${m[3]}`) === undefined) return undefined;
  const ms = Date.parse(text.replace(" ", "T"));
  return Number.isFinite(ms) ? ms : undefined;
}

/** Formats an epoch day as `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(startOfDay(day)).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/**
 * Adds a period to a day. Months and years are calendar steps clamped to the month's last day
 * (2026-08-31 + 6 months = 2027-02-28), so the result never skips into the next month.
 * The function is non-decreasing in `day` for a fixed period, which `firstDayReaching` relies on.
 */
export function addPeriod(day: number, period: Period): number {
  switch (period.unit) {
    case "day":
      return day + period.n;
    case "week":
      return day + 7 * period.n;
    case "month":
    case "year": {
      const months = period.unit === "year" ? 12 * period.n : period.n;
      const d = new Date(startOfDay(day));
      const y = d.getUTCFullYear();
      const target = d.getUTCMonth() + months;
      const ty = y + Math.floor(target / 12);
      const tm = ((target % 12) + 12) % 12;
      const dd = Math.min(d.getUTCDate(), daysInMonth(ty, tm));
      return dayOf(Date.UTC(ty, tm, dd));
    }
  }
}

/** The smallest day `t` such that `addPeriod(t, period) >= target`. */
export function firstDayReaching(target: number, period: Period): number {
  // Start from the inverse step; clamping can leave it a few days off, so walk to the exact edge.
  let t = addPeriod(target, { n: -period.n, unit: period.unit });
  while (addPeriod(t, period) < target) t++;
  while (addPeriod(t - 1, period) >= target) t--;
  return t;
}

const PERIOD = /^\s*(\d{1,5})\s*(days?|weeks?|months?|years?)\s*$/i;

/** The longest period a rule may name, per unit: a century, which keeps every shifted day printable. */
const MAX_PERIOD: Record<PeriodUnit, number> = { day: 36_525, week: 5_218, month: 1_200, year: 100 };

/** Parses "6 months", "90 days", "1 year", "2 weeks" (at most 100 years). */
export function parsePeriod(text: string): Period | undefined {
  const m = PERIOD.exec(text);
  if (!m) return undefined;
  const unit = (m[2] as string).toLowerCase().replace(/s$/, "") as PeriodUnit;
  const n = Number(m[1]);
  return n <= MAX_PERIOD[unit] ? { n, unit } : undefined;
}

export function negatePeriod(p: Period): Period {
  return { n: -p.n, unit: p.unit };
}
