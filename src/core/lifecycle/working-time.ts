import { MS_PER_DAY } from "../time.js";
import type { Duration, WorkingHours } from "./config.js";

/**
 * Working-time arithmetic for service levels. A company's working week is a set of weekdays with
 * one opening interval [from, to) in a fixed UTC offset. Local time is modelled as "UTC shifted by
 * the offset", so no time-zone database (and no daylight-saving rule) is needed: the offset is
 * part of the definition both departments approved, and changes only with a new version.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;

/**
 * The instant a duration after `start` ends (epoch ms). Calendar durations ("48 hours", "2 days")
 * simply add. Working durations count only time inside working hours; a working day is one full
 * opening interval (09:00–18:00 makes "2 working days" 18 working hours), so a hand-off at Friday
 * 17:00 with "4 working hours" is due Monday 12:00. The result is the EARLIEST instant by which
 * that much working time has passed: work ending exactly at closing time is due at closing time,
 * not at the next opening.
 */
export function addWorkingTime(start: number, duration: Duration, hours: WorkingHours): number {
  if (!duration.working) return start + duration.n * (duration.unit === "hour" ? MS_PER_HOUR : MS_PER_DAY);
  checkHours(hours);
  const unit = duration.unit === "hour" ? MS_PER_HOUR : (hours.to - hours.from) * MS_PER_MINUTE;
  return addWorkingMs(start, duration.n * unit, hours);
}

/** The earliest instant by which `ms` of working time has passed since `start`. */
export function addWorkingMs(start: number, ms: number, hours: WorkingHours): number {
  checkHours(hours);
  if (ms <= 0) return start;
  const offset = hours.utcOffset * MS_PER_MINUTE;
  const open = hours.from * MS_PER_MINUTE;
  const close = hours.to * MS_PER_MINUTE;
  const week = weekMs(hours);
  let local = start + offset;
  let remaining = ms;
  for (;;) {
    let dayStart = Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
    // From the start of a day, seven days hold exactly one week of work: skip whole weeks, but keep
    // some work for the loop so the answer lands inside a day (and on its closing edge, not after).
    if (local === dayStart && remaining > week) {
      const weeks = Math.ceil(remaining / week) - 1;
      remaining -= weeks * week;
      local += weeks * 7 * MS_PER_DAY;
      dayStart = local;
    }
    if (isWorkingDay(dayStart / MS_PER_DAY, hours)) {
      const cursor = Math.max(local, dayStart + open);
      const available = dayStart + close - cursor;
      if (available > 0) {
        if (remaining <= available) return cursor + remaining - offset;
        remaining -= available;
      }
    }
    local = dayStart + MS_PER_DAY;
  }
}

/** Working time (ms) in [a, b); zero when b <= a. Reports use it for "answered in N working hours". */
export function workingTimeBetween(a: number, b: number, hours: WorkingHours): number {
  checkHours(hours);
  return b <= a ? 0 : workedBefore(b, hours) - workedBefore(a, hours);
}

/** True when the instant lies inside working hours. */
export function isWorkingTime(t: number, hours: WorkingHours): boolean {
  const local = t + hours.utcOffset * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  const minute = (local - day * MS_PER_DAY) / MS_PER_MINUTE;
  return isWorkingDay(day, hours) && minute >= hours.from && minute < hours.to;
}

/** Working time from a fixed origin (the local week containing epoch day 0) up to `t`: a prefix sum. */
function workedBefore(t: number, hours: WorkingHours): number {
  const local = t + hours.utcOffset * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  const weeks = Math.floor(day / 7);
  let total = weeks * weekMs(hours);
  for (let d = weeks * 7; d < day; d++) if (isWorkingDay(d, hours)) total += dayMs(hours);
  if (isWorkingDay(day, hours)) {
    const into = local - day * MS_PER_DAY;
    const lo = hours.from * MS_PER_MINUTE;
    total += Math.min(Math.max(into, lo), hours.to * MS_PER_MINUTE) - lo;
  }
  return total;
}

/** Epoch day 0 (1970-01-01) was a Thursday; 0 = Sunday as in `getUTCDay`. */
function isWorkingDay(epochDay: number, hours: WorkingHours): boolean {
  return hours.days.includes((((epochDay + 4) % 7) + 7) % 7);
}

function dayMs(hours: WorkingHours): number {
  return (hours.to - hours.from) * MS_PER_MINUTE;
}

function weekMs(hours: WorkingHours): number {
  return new Set(hours.days).size * dayMs(hours);
}

/**
 * Without a working day of positive length no amount of work ever completes. The schema and
 * `checkLifecycleConfig` refuse such configurations; reaching this is a caller's bug, so it throws.
 */
function checkHours(hours: WorkingHours): void {
  const days = hours.days.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6);
  if (days.length === 0 || days.length !== hours.days.length || !(hours.from < hours.to))
    throw new RangeError(`invalid working hours: ${JSON.stringify(hours)}`);
  if (hours.from < 0 || hours.to > 24 * 60 || !Number.isFinite(hours.utcOffset))
    throw new RangeError(`invalid working hours: ${JSON.stringify(hours)}`);
}
