import { describe, expect, test } from "vitest";
import { formatPath, parseDefinitionText } from "./parse.js";

const VALID = `truce: 1
id: demo
name: { en: Demo }
facts:
  - key: decision_date
    type: date
    label: { en: Decision date }
grades:
  - key: hot
    label: { en: Hot }
    when:
      all:
        - fact: decision_date
          within_next: 6 months
  - key: cold
    label: { en: Cold }
    otherwise: true
`;

function problemsOf(text: string) {
  const r = parseDefinitionText(text);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

describe("parseDefinitionText", () => {
  test("accepts a valid definition and can locate its parts", () => {
    const r = parseDefinitionText(VALID);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.raw.grades).toHaveLength(2);
    expect(r.locate(["grades", 0, "when", "all", 0])).toEqual({ line: 13, column: 11 });
  });

  test("a YAML syntax error names its line", () => {
    const [p] = problemsOf("truce: 1\nid: demo\nfacts: [\n  - key: x\n");
    expect(p?.code).toBe("definition.syntax");
    expect(p?.line).toBeGreaterThanOrEqual(3);
  });

  test("duplicate keys are refused, not silently merged", () => {
    const [p] = problemsOf(VALID.replace("id: demo", "id: demo\nid: other"));
    expect(p?.code).toBe("definition.syntax");
    expect(p?.line).toBe(3);
  });

  test("a misspelt operator deep in a rule is reported at its path and line", () => {
    const problems = problemsOf(VALID.replace("within_next: 6 months", "withn_next: 6 months"));
    const paths = problems.map((p) => formatPath(p.path));
    expect(paths).toContain("grades[0].when.all[0]");
    const unknown = problems.find((p) => p.message.includes("withn_next"));
    expect(unknown?.line).toBe(13);
  });

  test("every problem is reported, each with what was expected", () => {
    const text = VALID.replace("truce: 1", "truce: 2")
      .replace("type: date", "type: datetime")
      .replace("otherwise: true", "");
    const problems = problemsOf(text);
    const byPath = new Map(problems.map((p) => [formatPath(p.path), p]));
    expect(byPath.get("truce")?.message).toMatch(/truce: 1/);
    expect(byPath.get("facts[0].type")?.message).toMatch(/boolean, enum, number, date, text/);
    expect(byPath.get("grades[1]")?.message).toMatch(/either `when: <rule>` or `otherwise: true`/);
    expect(problems.every((p) => p.line !== undefined)).toBe(true);
  });

  test("a condition with two operators is refused", () => {
    const problems = problemsOf(
      VALID.replace("within_next: 6 months", "within_next: 6 months\n          eq: 2026-01-01"),
    );
    expect(problems.some((p) => p.message.includes("exactly one operator, found eq and within_next"))).toBe(
      true,
    );
  });

  test("JSON is read with line numbers too", () => {
    const json = JSON.stringify(
      {
        truce: 1,
        id: "demo",
        name: { en: "Demo" },
        facts: [{ key: "x", type: "boolean", label: { en: "X" } }],
        grades: [{ key: "Hot", label: { en: "Hot" }, otherwise: true }],
      },
      null,
      2,
    );
    const [p] = problemsOf(json);
    expect(formatPath(p?.path ?? [])).toBe("grades[0].key");
    expect(p?.line).toBe(json.split("\n").findIndex((l) => l.includes('"Hot"')) + 1);
  });

  test("reserved and malformed keys are refused", () => {
    expect(problemsOf(VALID.replace("key: decision_date", "key: constructor")).length).toBeGreaterThan(0);
    expect(problemsOf(VALID.replace("key: decision_date", "key: Decision-Date")).length).toBeGreaterThan(0);
  });
});
