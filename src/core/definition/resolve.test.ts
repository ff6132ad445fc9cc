import { describe, expect, test } from "vitest";
import type { FindingCode } from "../lint/finding.js";
import { parseDefinitionText } from "./parse.js";
import { resolveDefinition } from "./resolve.js";

const CATALOGUE = `truce: 1
id: demo
name: { en: Demo }
facts:
  - { key: flag, type: boolean, label: { en: Flag } }
  - key: role
    type: enum
    label: { en: Role }
    options:
      - { value: signs, label: { en: Signs } }
      - { value: uses, label: { en: Uses } }
  - { key: size, type: number, min: 0, max: 1000, label: { en: Size } }
  - { key: due, type: date, label: { en: Due } }
  - { key: notes, type: text, label: { en: Notes } }
grades:
  - key: hot
    label: { en: Hot }
    when: RULE
  - { key: cold, label: { en: Cold }, otherwise: true }
`;

function codesFor(rule: string): FindingCode[] {
  const parsed = parseDefinitionText(CATALOGUE.replace("RULE", rule));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return resolveDefinition(parsed.raw).findings.map((f) => f.code);
}

describe("resolveDefinition", () => {
  test.each([
    ["{ fact: flag, eq: true }", []],
    ["{ fact: role, in: [signs, uses] }", []],
    ["{ fact: size, between: [10, 20] }", []],
    ["{ fact: due, within_next: 6 months }", []],
    ["{ fact: flag, recorded_more_than_ago: 90 days }", []],
    ["{ fact: nope, eq: true }", ["rule.unknown_fact"]],
    ["{ fact: notes, is: known }", ["rule.text_fact"]],
    ["{ fact: role, eq: 3 }", ["rule.type_mismatch"]],
    ["{ fact: size, eq: signs }", ["rule.type_mismatch"]],
    ["{ fact: flag, lt: 3 }", ["rule.type_mismatch"]],
    ["{ fact: role, within_next: 6 months }", ["rule.type_mismatch"]],
    ["{ fact: role, eq: buys }", ["rule.unknown_option"]],
    ["{ fact: due, within_next: soon }", ["rule.bad_period"]],
    ["{ fact: due, within_next: 0 days }", ["rule.bad_period"]],
    ["{ fact: due, lt: 2026-02-30 }", ["rule.bad_date"]],
    ["{ fact: size, between: [20, 10] }", ["rule.empty_range"]],
    ["{ fact: size, gt: 5000 }", ["rule.out_of_bounds"]],
    [
      "{ all: [{ fact: nope, eq: 1 }, { fact: role, eq: buys }] }",
      ["rule.unknown_fact", "rule.unknown_option"],
    ],
  ])("%s → %o", (rule, expected) => {
    expect(codesFor(rule)).toEqual(expected);
  });

  test("a warning alone still yields a definition; an error does not", () => {
    const warn = parseDefinitionText(CATALOGUE.replace("RULE", "{ fact: size, gt: 5000 }"));
    const err = parseDefinitionText(CATALOGUE.replace("RULE", "{ fact: nope, eq: true }"));
    if (!warn.ok || !err.ok) throw new Error("fixture");
    expect(resolveDefinition(warn.raw).definition).toBeDefined();
    expect(resolveDefinition(err.raw).definition).toBeUndefined();
  });

  test("duplicates are errors", () => {
    const text = CATALOGUE.replace("RULE", "{ fact: flag, eq: true }").replace("key: cold", "key: hot");
    const parsed = parseDefinitionText(text);
    if (!parsed.ok) throw new Error("fixture");
    expect(resolveDefinition(parsed.raw).findings.map((f) => f.code)).toEqual(["definition.duplicate_grade"]);
  });

  test("findings say where, in both languages", () => {
    const parsed = parseDefinitionText(CATALOGUE.replace("RULE", "{ fact: role, eq: buys }"));
    if (!parsed.ok) throw new Error("fixture");
    const [f] = resolveDefinition(parsed.raw).findings;
    expect(f?.path).toEqual(["grades", 0, "when", "eq"]);
    expect(f?.message.en).toContain('"buys" is not an option of fact "role"; options: signs, uses');
    expect(f?.message.ru).toContain("«buys» — не вариант факта «role»");
    expect(f?.grades).toEqual(["hot"]);
  });
});
