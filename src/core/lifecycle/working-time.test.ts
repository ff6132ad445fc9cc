import { describe, expect, test } from "vitest";
import { parseInstant } from "../time.js";
import { type Duration, parseDuration, resolveLifecycleConfig, type WorkingHours } from "./config.js";
import {
  addWorkingMs,
  addWorkingTime,
  isWorkingTime,
  MS_PER_MINUTE,
  workingTimeBetween,
} from "./working-time.js";

const t = (s: string) => {
  const ms = parseInstant(s);
  if (ms === undefined) throw new Error(s);
  return ms;
};
const dur = (s: string) => parseDuration(s) as Duration;
const hours = (days: string[], from: string, to: string, utc_offset: string): WorkingHours =>
  resolveLifecycleConfig({ working_hours: { days: days as never, from, to, utc_offset } }).workingHours;

const WEEK = ["mon", "tue", "wed", "thu", "fri"];
const STD = hours(WEEK, "09:00", "18:00", "+00:00");
const MSK = hours(WEEK, "09:00", "18:00", "+03:00");
const NYC = hours(WEEK, "09:00", "18:00", "-05:00");
const IST = hours(WEEK, "09:00", "18:00", "+05:30");
const SUN_THU = hours(["sun", "mon", "tue", "wed", "thu"], "08:00", "17:00", "+04:00");
const ALWAYS = hours(["sun", "mon", "tue", "wed", "thu", "fri", "sat"], "00:00", "24:00", "+00:00");

// 2026-11-27 is a Friday; 2026-11-30 a Monday; 2027-01-01 a Friday.
describe("addWorkingTime", () => {
  test.each([
    ["Friday 17:00 + 4h runs into Monday", "2026-11-27T17:00Z", "4 working hours", STD, "2026-11-30T12:00Z"],
    ["inside one day", "2026-11-30T10:00Z", "4 working hours", STD, "2026-11-30T14:00Z"],
    ["before opening starts at opening", "2026-11-30T07:00Z", "4 working hours", STD, "2026-11-30T13:00Z"],
    ["after closing starts next morning", "2026-11-30T19:00Z", "4 working hours", STD, "2026-12-01T13:00Z"],
    ["Saturday waits for Monday", "2026-11-28T12:00Z", "4 working hours", STD, "2026-11-30T13:00Z"],
    ["Sunday just before midnight", "2026-11-29T23:59Z", "1 working hour", STD, "2026-11-30T10:00Z"],
    ["exactly at opening, a full day", "2026-11-30T09:00Z", "9 working hours", STD, "2026-11-30T18:00Z"],
    [
      "ending exactly at closing is due at closing",
      "2026-11-30T14:00Z",
      "4 working hours",
      STD,
      "2026-11-30T18:00Z",
    ],
    ["one hour past closing spills over", "2026-11-30T14:00Z", "5 working hours", STD, "2026-12-01T10:00Z"],
    ["exactly at closing", "2026-11-30T18:00Z", "1 working hour", STD, "2026-12-01T10:00Z"],
    [
      "a millisecond after opening",
      "2026-11-30T09:00:00.001Z",
      "9 working hours",
      STD,
      "2026-12-01T09:00:00.001Z",
    ],
    [
      "a millisecond before Friday's close",
      "2026-11-27T17:59:59.999Z",
      "1 working hour",
      STD,
      "2026-11-30T09:59:59.999Z",
    ],
    ["2 working days from Friday 17:00", "2026-11-27T17:00Z", "2 working days", STD, "2026-12-01T17:00Z"],
    ["1 working day from Friday's close", "2026-11-27T18:00Z", "1 working day", STD, "2026-11-30T18:00Z"],
    ["10 working days are two weeks", "2026-11-30T10:00Z", "10 working days", STD, "2026-12-14T10:00Z"],
    [
      "100 working hours span three weeks",
      "2026-12-02T10:00Z",
      "100 working hours",
      STD,
      "2026-12-17T11:00Z",
    ],
    ["across New Year", "2026-12-30T16:00Z", "2 working days", STD, "2027-01-01T16:00Z"],
    ["+03:00 Friday 17:00 local", "2026-11-27T17:00+03:00", "4 working hours", MSK, "2026-11-30T12:00+03:00"],
    [
      "+03:00 Sunday UTC is Monday local",
      "2026-11-29T22:00Z",
      "1 working hour",
      MSK,
      "2026-11-30T10:00+03:00",
    ],
    ["-05:00 Friday 17:30 local", "2026-11-27T17:30-05:00", "4 working hours", NYC, "2026-11-30T12:30-05:00"],
    [
      "-05:00 Monday UTC is Sunday local",
      "2026-11-30T02:00Z",
      "1 working hour",
      NYC,
      "2026-11-30T10:00-05:00",
    ],
    [
      "-05:00 Saturday UTC is Friday night local",
      "2026-11-28T01:00Z",
      "1 working hour",
      NYC,
      "2026-11-30T10:00-05:00",
    ],
    ["+05:30 a full local day", "2026-11-30T03:30Z", "9 working hours", IST, "2026-11-30T18:00+05:30"],
    [
      "Sunday-Thursday week skips Friday and Saturday",
      "2026-11-26T16:00+04:00",
      "2 working hours",
      SUN_THU,
      "2026-11-29T09:00+04:00",
    ],
    [
      "round the clock equals calendar time",
      "2026-11-28T12:34Z",
      "4 working hours",
      ALWAYS,
      "2026-11-28T16:34Z",
    ],
    ["round the clock, days", "2026-11-28T12:34Z", "2 working days", ALWAYS, "2026-11-30T12:34Z"],
    ["plain hours are calendar time", "2026-11-27T17:00Z", "48 hours", STD, "2026-11-29T17:00Z"],
    ["plain days are calendar time", "2026-11-27T17:00+03:00", "2 days", MSK, "2026-11-29T17:00+03:00"],
  ] as const)("%s", (_, start, duration, wh, due) => {
    const got = addWorkingTime(t(start), dur(duration), wh);
    expect(new Date(got).toISOString()).toBe(new Date(t(due)).toISOString());
    if (dur(duration).working) {
      const expected =
        dur(duration).n * (dur(duration).unit === "hour" ? 60 : wh.to - wh.from) * MS_PER_MINUTE;
      expect(workingTimeBetween(t(start), got, wh)).toBe(expected);
    }
  });

  test("zero work is due at once, even outside hours", () => {
    expect(addWorkingMs(t("2026-11-28T12:00Z"), 0, STD)).toBe(t("2026-11-28T12:00Z"));
  });

  test("working hours that hold no work are refused instead of looping forever", () => {
    expect(() => addWorkingTime(0, dur("1 working hour"), { ...STD, days: [] })).toThrow(RangeError);
    expect(() => addWorkingTime(0, dur("1 working hour"), { ...STD, from: 600, to: 600 })).toThrow(
      RangeError,
    );
  });
});

describe("workingTimeBetween and isWorkingTime", () => {
  test.each([
    ["2026-11-27T17:00Z", "2026-11-30T12:00Z", 4 * 60],
    ["2026-11-28T00:00Z", "2026-11-30T00:00Z", 0],
    ["2026-11-30T00:00Z", "2026-12-07T00:00Z", 45 * 60],
    ["2026-11-30T12:00Z", "2026-11-30T11:00Z", 0],
  ])("%s → %s is %i minutes", (a, b, minutes) => {
    expect(workingTimeBetween(t(a), t(b), STD)).toBe(minutes * MS_PER_MINUTE);
  });

  test.each([
    ["2026-11-30T09:00Z", true],
    ["2026-11-30T17:59:59.999Z", true],
    ["2026-11-30T18:00Z", false],
    ["2026-11-28T12:00Z", false],
  ])("%s working: %s", (at, expected) => {
    expect(isWorkingTime(t(at), STD)).toBe(expected);
  });
});
