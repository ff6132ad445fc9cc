import { describe, expect, test } from "vitest";
import {
  addPeriod,
  dayOf,
  firstDayReaching,
  formatDay,
  type Period,
  parseInstant,
  parseIsoDate,
  parsePeriod,
} from "./time.js";

const d = (s: string) => parseIsoDate(s) as number;

describe("calendar days", () => {
  test.each([
    ["2026-08-31", { n: 6, unit: "month" }, "2027-02-28"],
    ["2027-08-31", { n: 6, unit: "month" }, "2028-02-29"],
    ["2026-01-31", { n: 1, unit: "month" }, "2026-02-28"],
    ["2026-03-31", { n: -1, unit: "month" }, "2026-02-28"],
    ["2026-11-27", { n: 6, unit: "month" }, "2027-05-27"],
    ["2028-02-29", { n: 1, unit: "year" }, "2029-02-28"],
    ["2026-11-27", { n: -90, unit: "day" }, "2026-08-29"],
    ["2026-12-30", { n: 2, unit: "week" }, "2027-01-13"],
  ] as [string, Period, string][])("%s + %o = %s", (from, p, to) => {
    expect(formatDay(addPeriod(d(from), p))).toBe(to);
  });

  test("firstDayReaching is the exact edge for every period and target over four years", () => {
    const periods: Period[] = [
      { n: 6, unit: "month" },
      { n: -6, unit: "month" },
      { n: 1, unit: "month" },
      { n: 1, unit: "year" },
      { n: -90, unit: "day" },
      { n: 3, unit: "week" },
    ];
    for (const p of periods) {
      for (let target = d("2026-01-01"); target < d("2030-01-01"); target += 3) {
        const t = firstDayReaching(target, p);
        expect(addPeriod(t, p)).toBeGreaterThanOrEqual(target);
        expect(addPeriod(t - 1, p)).toBeLessThan(target);
      }
    }
  });

  test("rejects dates that do not exist", () => {
    for (const bad of ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-01-01", "2026-1-1", ""]) {
      expect(parseIsoDate(bad), bad).toBeUndefined();
    }
    expect(parseIsoDate("2028-02-29")).toBe(dayOf(Date.UTC(2028, 1, 29)));
  });

  test("instants need an offset unless they are plain dates", () => {
    expect(parseInstant("2026-11-27T10:00:00Z")).toBe(Date.UTC(2026, 10, 27, 10));
    expect(parseInstant("2026-11-27T13:00+03:00")).toBe(Date.UTC(2026, 10, 27, 10));
    expect(parseInstant("2026-11-27")).toBe(Date.UTC(2026, 10, 27));
    expect(parseInstant("2026-11-27T10:00:00")).toBeUndefined();
    expect(parseInstant("2026-02-30T10:00:00Z")).toBeUndefined();
    expect(parseInstant("tomorrow")).toBeUndefined();
  });

  test("periods", () => {
    expect(parsePeriod("6 months")).toEqual({ n: 6, unit: "month" });
    expect(parsePeriod("1 year")).toEqual({ n: 1, unit: "year" });
    expect(parsePeriod(" 90 Days ")).toEqual({ n: 90, unit: "day" });
    expect(parsePeriod("soon")).toBeUndefined();
    expect(parsePeriod("6 mo")).toBeUndefined();
    expect(parsePeriod("-3 days")).toBeUndefined();
  });
});

describe("limits that keep dates exact and printable", () => {
  test("years before 1000 and after 9999 are refused (Date.UTC would read year 26 as 1926)", () => {
    expect(parseIsoDate("0026-08-31")).toBeUndefined();
    expect(parseIsoDate("0999-12-31")).toBeUndefined();
    expect(parseIsoDate("1000-01-01")).toBeDefined();
    expect(parseIsoDate("9999-12-31")).toBeDefined();
  });

  test("periods are at most a century", () => {
    expect(parsePeriod("100 years")).toEqual({ n: 100, unit: "year" });
    expect(parsePeriod("101 years")).toBeUndefined();
    expect(parsePeriod("2000 years")).toBeUndefined();
    expect(parsePeriod("1200 months")).toEqual({ n: 1200, unit: "month" });
    expect(parsePeriod("36526 days")).toBeUndefined();
  });
});
