import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseInstant } from "../time.js";
import type { WorkingHours } from "./config.js";
import {
  addWorkingMs,
  addWorkingTime,
  isWorkingTime,
  MS_PER_MINUTE,
  workingTimeBetween,
} from "./working-time.js";

const t = (s: string) => parseInstant(s) as number;
const ALWAYS: WorkingHours = { days: [0, 1, 2, 3, 4, 5, 6], from: 0, to: 24 * 60, utcOffset: 0 };

/** Any working week: a non-empty set of days, an opening of at least an hour, any offset. */
const hoursArb: fc.Arbitrary<WorkingHours> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    from: fc.integer({ min: 0, max: 23 * 60 }),
    length: fc.integer({ min: 60, max: 24 * 60 }),
    utcOffset: fc.integer({ min: -12 * 60, max: 14 * 60 }),
  })
  .map(({ days, from, length, utcOffset }) => ({
    days: [...days].sort((a, b) => a - b),
    from,
    to: Math.min(24 * 60, from + length),
    utcOffset,
  }));

const minuteArb = fc
  .integer({ min: t("2020-01-01") / MS_PER_MINUTE, max: t("2035-01-01") / MS_PER_MINUTE })
  .map((m) => m * MS_PER_MINUTE);

/** The oracle: walks minute by minute with `Date`, sharing no code with the module. */
function slowWorkingMinutes(a: number, b: number, wh: WorkingHours): number {
  let n = 0;
  for (let m = a; m < b; m += MS_PER_MINUTE) {
    const local = new Date(m + wh.utcOffset * MS_PER_MINUTE);
    const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
    if (wh.days.includes(local.getUTCDay()) && minute >= wh.from && minute < wh.to) n++;
  }
  return n;
}

describe("working-time properties", () => {
  test("the working time between start and due is the requested duration, and due is the earliest such instant", () => {
    fc.assert(
      fc.property(
        minuteArb,
        hoursArb,
        fc.oneof(
          fc.integer({ min: 1, max: 8 }).map((n) => ({ n, unit: "hour" as const, working: true })),
          fc.integer({ min: 1, max: 2 }).map((n) => ({ n, unit: "day" as const, working: true })),
        ),
        (start, wh, d) => {
          const due = addWorkingTime(start, d, wh);
          const minutes = d.n * (d.unit === "hour" ? 60 : wh.to - wh.from);
          expect(slowWorkingMinutes(start, due, wh)).toBe(minutes);
          // Earliest: the minute just before due is working time, so due cannot be any earlier.
          expect(slowWorkingMinutes(due - MS_PER_MINUTE, due, wh)).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("workingTimeBetween equals the minute-by-minute count", () => {
    fc.assert(
      fc.property(minuteArb, fc.integer({ min: 0, max: 4 * 24 * 60 }), hoursArb, (a, span, wh) => {
        const b = a + span * MS_PER_MINUTE;
        expect(workingTimeBetween(a, b, wh)).toBe(slowWorkingMinutes(a, b, wh) * MS_PER_MINUTE);
      }),
      { numRuns: 200 },
    );
  });

  test("long spans and odd milliseconds: adding then measuring gives back the work (week skipping included)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: t("2000-01-01"), max: t("2045-01-01") }),
        fc.integer({ min: 0, max: 2000 * 3_600_000 }),
        hoursArb,
        (start, ms, wh) => {
          const due = addWorkingMs(start, ms, wh);
          expect(workingTimeBetween(start, due, wh)).toBe(ms);
          if (ms > 0) expect(isWorkingTime(due - 1, wh)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("round the clock, working time is calendar time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: t("2045-01-01") }),
        fc.integer({ min: 0, max: 1e9 }),
        (start, ms) => {
          expect(addWorkingMs(start, ms, ALWAYS)).toBe(start + ms);
        },
      ),
    );
  });
});
