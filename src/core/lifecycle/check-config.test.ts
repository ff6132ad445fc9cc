import { describe, expect, test } from "vitest";
import { checkLifecycleConfig } from "./check-config.js";
import type { RawLifecycleConfig } from "./config.js";

const GRADES = ["hot", "warm", "cold"];
const FACTS = ["decision_date", "stated_interest", "contact_channel", "notes"];

describe("checkLifecycleConfig", () => {
  const codes = (raw: RawLifecycleConfig, grades = GRADES) =>
    checkLifecycleConfig(raw, grades, FACTS).map((f) => [f.code, f.severity, f.path]);

  test.each<[string, RawLifecycleConfig, unknown[]]>([
    [
      "unknown hand-off grade",
      { handoff: { grades: ["hot", "boiling"] }, service_levels: [] },
      [
        ["lifecycle.unknown_grade", "error", ["handoff", "grades", 1]],
        ["lifecycle.no_service_level", "warning", ["handoff", "grades", 0]],
      ],
    ],
    [
      "unknown required fact",
      {
        handoff: { grades: ["hot"], required_facts: ["budget"] },
        service_levels: [{ grade: "hot", respond_within: "1 day" }],
      },
      [["lifecycle.unknown_fact", "error", ["handoff", "required_facts", 0]]],
    ],
    [
      "grade listed twice",
      { handoff: { grades: ["hot", "hot"] }, service_levels: [{ grade: "hot", respond_within: "1 day" }] },
      [["lifecycle.duplicate_entry", "error", ["handoff", "grades", 1]]],
    ],
    [
      "required fact listed twice",
      {
        handoff: { grades: ["hot"], required_facts: ["notes", "notes"] },
        service_levels: [{ grade: "hot", respond_within: "1 day" }],
      },
      [["lifecycle.duplicate_entry", "error", ["handoff", "required_facts", 1]]],
    ],
    [
      "two service levels for one grade",
      {
        service_levels: [
          { grade: "hot", respond_within: "4 working hours" },
          { grade: "warm", respond_within: "2 days" },
          { grade: "hot", respond_within: "1 day" },
        ],
      },
      [["lifecycle.duplicate_service_level", "error", ["service_levels", 2, "grade"]]],
    ],
    [
      "service level for an unknown grade",
      {
        service_levels: [
          { grade: "hot", respond_within: "4 working hours" },
          { grade: "warm", respond_within: "2 days" },
          { grade: "tepid", respond_within: "1 day" },
        ],
      },
      [["lifecycle.unknown_grade", "error", ["service_levels", 2, "grade"]]],
    ],
    [
      "service level that never applies",
      {
        service_levels: [
          { grade: "hot", respond_within: "4 working hours" },
          { grade: "warm", respond_within: "2 days" },
          { grade: "cold", respond_within: "5 days" },
        ],
      },
      [["lifecycle.unused_service_level", "warning", ["service_levels", 2, "grade"]]],
    ],
    [
      "a hand-off grade without a deadline",
      { service_levels: [{ grade: "hot", respond_within: "4 working hours" }] },
      [["lifecycle.no_service_level", "warning", ["handoff", "grades", 1]]],
    ],
    [
      "the day ends before it starts",
      { working_hours: { days: ["mon"], from: "18:00", to: "09:00", utc_offset: "+00:00" } },
      [["lifecycle.bad_hours", "error", ["working_hours", "to"]]],
    ],
    [
      "an empty working day",
      { working_hours: { days: ["mon"], from: "09:00", to: "09:00", utc_offset: "+00:00" } },
      [["lifecycle.bad_hours", "error", ["working_hours", "to"]]],
    ],
    [
      "a day listed twice",
      { working_hours: { days: ["mon", "mon"], from: "09:00", to: "18:00", utc_offset: "+00:00" } },
      [["lifecycle.duplicate_entry", "error", ["working_hours", "days", 1]]],
    ],
    [
      "duplicate reasons",
      {
        rejection_reasons: [
          { key: "dup", label: { en: "a" } },
          { key: "dup", label: { en: "b" } },
        ],
        lost_reasons: [
          { key: "price", label: { en: "a" }, counts_against: "deal" },
          { key: "price", label: { en: "b" }, counts_against: "lead_quality" },
        ],
      },
      [
        ["lifecycle.duplicate_reason", "error", ["rejection_reasons", 1, "key"]],
        ["lifecycle.duplicate_reason", "error", ["lost_reasons", 1, "key"]],
      ],
    ],
  ])("%s", (_, raw, expected) => {
    expect(codes(raw)).toEqual(expected);
  });

  test("defaults that do not fit the definition's grades are reported, marked as defaults", () => {
    const findings = checkLifecycleConfig({}, ["a", "b", "c"], FACTS);
    expect(findings.map((f) => [f.code, f.grades])).toEqual([
      ["lifecycle.unknown_grade", ["hot"]],
      ["lifecycle.unknown_grade", ["warm"]],
      ["lifecycle.unknown_grade", ["hot"]],
      ["lifecycle.unknown_grade", ["warm"]],
    ]);
    expect(findings[0]?.message.en).toContain("a default");
    expect(findings[0]?.message.ru).toContain("по умолчанию");
  });

  test("every finding speaks English and Russian", () => {
    const findings = checkLifecycleConfig(
      {
        handoff: { grades: ["x", "hot", "hot"], required_facts: ["y"] },
        service_levels: [{ grade: "cold", respond_within: "1 day" }],
        working_hours: { days: ["mon"], from: "10:00", to: "09:00", utc_offset: "+00:00" },
      },
      GRADES,
      FACTS,
    );
    expect(findings.length).toBeGreaterThan(4);
    for (const f of findings) {
      expect(f.message.en).toMatch(/[a-z]/);
      expect(f.message.ru).toMatch(/[а-я]/);
    }
  });
});
