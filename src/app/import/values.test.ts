import { describe, expect, test } from "vitest";
import { type FactDef, loadDefinition } from "../../core/index.js";
import { VARIANT_A } from "../testing/app.js";
import { CellProblem, compileFactReader, parseDate, parseNumber, parseRecordedAt } from "./values.js";

const loaded = loadDefinition(VARIANT_A);
if (!loaded.ok) throw new Error("variant A does not load");
const fact = (key: string) => loaded.definition.factsByKey.get(key) as FactDef;
const budget: FactDef = { key: "budget", type: "number", min: 0, label: { en: "Budget" } };
const problem = expect.any(CellProblem);

describe("fact cells", () => {
  test.each([
    ["stated_interest", "yes", true],
    ["stated_interest", " Да ", true],
    ["stated_interest", "нет", false],
    ["stated_interest", "0", false],
    ["stated_interest", "TRUE", true],
    ["stated_interest", "N/A", undefined],
    ["stated_interest", "", undefined],
    ["stated_interest", "Select", undefined],
    ["stated_interest", "нет данных", undefined],
    ["stated_interest", "-", undefined],
    ["stated_interest", "maybe", problem],
    ["contact_channel", "form", "form"],
    ["contact_channel", "Web form", "form"],
    ["contact_channel", "звонок", "call"],
    ["contact_channel", "E-mail", "email"],
    ["contact_channel", "fax", problem],
    ["decision_date", "2027-03-01", "2027-03-01"],
    ["decision_date", "2027-03-01T10:00:00Z", "2027-03-01"],
    ["decision_date", "1.3.2027", "2027-03-01"],
    ["decision_date", "31.02.2027", problem],
    ["decision_date", "03/04/2027", problem],
    ["notes", "  said hi  ", "said hi"],
    ["notes", "x".repeat(4001), problem],
  ])("%s %j → %j", (key, cell, expected) => {
    expect(compileFactReader(fact(key), {})(cell)).toEqual(expected);
  });

  test("a column's value map and unknown words come first", () => {
    const read = compileFactReader(fact("contact_channel"), {
      values: { Website: "form", "Walk-in": null, Phone: "fax" },
      unknown: ["TBD"],
    });
    expect([read("website"), read("Walk-in"), read("tbd"), read("Phone")]).toEqual([
      "form",
      undefined,
      undefined,
      problem,
    ]);
  });

  test("numbers are checked against the fact's range", () => {
    const read = compileFactReader(budget, {});
    expect([read("5 000"), read("-5"), read("€1,200.50")]).toEqual([5000, problem, 1200.5]);
  });
});

describe("dates", () => {
  test.each([
    ["2027-3-1", undefined, "2027-03-01"],
    ["2027/03/01", undefined, "2027-03-01"],
    ["01.03.2027 10:30", undefined, "2027-03-01"],
    ["03/04/2027", "dmy", "2027-04-03"],
    ["03/04/2027", "mdy", "2027-03-04"],
    ["13/04/2027", "mdy", problem],
    ["04-13-2027", "mdy", "2027-04-13"],
    ["2027", "dmy", problem],
  ] as const)("%s (%s) → %j", (cell, order, expected) => {
    expect(parseDate(cell, order)).toEqual(expected);
  });

  test("recorded_at: instants with an offset, or dates and times taken as UTC", () => {
    expect(parseRecordedAt("2026-11-20T10:00:00+03:00", undefined)).toBe(Date.parse("2026-11-20T07:00:00Z"));
    expect(parseRecordedAt("2026-11-20 10:15", undefined)).toBe(Date.parse("2026-11-20T10:15:00Z"));
    expect(parseRecordedAt("20.11.2026", undefined)).toBe(Date.parse("2026-11-20T00:00:00Z"));
    expect(parseRecordedAt("20.11.2026 25:00", undefined)).toEqual(problem);
  });
});

describe("numbers", () => {
  test.each([
    ["1500", undefined, 1500],
    ["1 500", undefined, 1500],
    ["1\u00a0500,75", undefined, 1500.75],
    ["1,500", undefined, 1500],
    ["1,5", undefined, 1.5],
    ["1.234.567", undefined, 1234567],
    ["1.234,5", undefined, 1234.5],
    ["1,234.5", undefined, 1234.5],
    ["1,500", ",", 1.5],
    ["1.500,25", ",", 1500.25],
    ["$5,000", ".", 5000],
    ["5000 руб.", undefined, 5000],
    ["-3.5", undefined, -3.5],
    ["1,2,3", undefined, undefined],
    ["12abc", undefined, undefined],
    ["", undefined, undefined],
  ] as const)("%j (decimal %s) → %j", (cell, decimal, expected) => {
    expect(parseNumber(cell, decimal)).toBe(expected);
  });
});
