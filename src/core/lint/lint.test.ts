import { describe, expect, test } from "vitest";
import { loadTemplate, templateText } from "../testing/templates.js";
import { parseIsoDate } from "../time.js";
import { lintDefinitionText } from "./lint.js";
import { checkSubjectivity, findJudgementWords } from "./subjectivity.js";

const TODAY = parseIsoDate("2026-11-27") as number;

describe("the built-in templates", () => {
  test.each(["variant-a", "bant"] as const)("%s is objective and complete: no findings at all", (name) => {
    const report = lintDefinitionText(templateText(name), { today: TODAY });
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test("variant B, the article's subjective definition, is refused", () => {
    const report = lintDefinitionText(templateText("variant-b"), { today: TODAY });
    expect(report.ok).toBe(false);
    const subjective = report.findings.filter((f) => f.code === "subjective.wording");
    // Each of the article's judgement phrases is caught, in English and in Russian.
    const words = new Set(subjective.map((f) => /\("([^"]+)" in/.exec(f.message.en)?.[1]));
    for (const w of [
      "soon",
      "serious",
      "makes sense",
      "ready to buy",
      "has money",
      "скоро",
      "серьёзный",
      "имеет смысл",
      "готов покупать",
      "есть деньги",
    ]) {
      expect(words, w).toContain(w);
    }
    // Every grade is flagged, and every fact lacks an observation guide.
    expect(new Set(subjective.flatMap((f) => f.grades ?? []))).toEqual(new Set(["hot", "warm", "cold"]));
    expect(report.findings.filter((f) => f.code === "fact.no_guide")).toHaveLength(4);
    // No fallback and every rule needs a "yes": a lead with nothing known gets no grade.
    const gap = report.findings.find((f) => f.code === "grade.gap");
    expect(gap?.counterexample).toEqual({ facts: {}, at: "2026-11-27", grade: null });
    expect(report.findings.every((f) => f.line !== undefined)).toBe(true);
  });
});

describe("judgement words", () => {
  test.each([
    ["Will decide soon", ["soon"]],
    ["Seems interested", ["seems"]],
    ["Probably has budget", ["probably"]],
    ["The lead is a good fit", ["good fit"]],
    ["Серьёзного интереса нет", ["серьёзный"]],
    ["серьезно настроен", ["серьёзный"]],
    ["Вероятнее всего купит", ["вероятно"]],
    ["Кажется, заинтересован", ["кажется"]],
    ["Скоро примет решение", ["скоро"]],
    ["Имеет смысл позвонить", ["имеет смысл"]],
    ["Decision date stated in writing", []],
    ["Asked for a price quote", []],
    ["Soonest delivery date", []],
    ["Reasonable", []],
    ["Дата решения, названная клиентом", []],
    ["Запросил коммерческое предложение", []],
  ])("%s → %o", (text, words) => {
    expect(findJudgementWords(text).map((h) => h.term.word)).toEqual(words);
  });

  test("fact keys count too, and a finding quotes the words around the hit", () => {
    const { definition } = loadTemplate("variant-a");
    const renamed = {
      ...definition,
      facts: definition.facts.map((f) =>
        f.key === "stated_interest" ? { ...f, key: "probably_interested" } : f,
      ),
    };
    const [finding] = checkSubjectivity(renamed);
    expect(finding?.code).toBe("subjective.wording");
    expect(finding?.path).toEqual(["facts", 1, "key"]);
    expect(finding?.message.en).toContain('("probably" in "probably_interested")');
  });
});

describe("lifecycle sections", () => {
  test("a hand-off naming a grade the definition lacks is an error for the checker, not for grading", () => {
    const text = templateText("variant-a").replace(
      "grades:\n  - key: hot",
      "handoff:\n  grades: [hot, sizzling]\ngrades:\n  - key: hot",
    );
    const report = lintDefinitionText(text, { today: TODAY });
    expect(report.ok).toBe(false);
    const finding = report.findings.find((f) => f.code === "lifecycle.unknown_grade");
    expect(finding?.path).toEqual(["handoff", "grades", 1]);
    expect(finding?.line).toBeGreaterThan(0);
    expect(report.definition?.lifecycle.handoff.grades).toEqual(["hot", "sizzling"]);
  });

  test("unknown keys in a lifecycle section are schema errors with their line", () => {
    const text = templateText("bant").replace(
      "grades:\n  - key: hot",
      "working_hours: { days: [mon], from: '09:00', to: '18:00', utc_offset: '+03:00', tz: x }\ngrades:\n  - key: hot",
    );
    const report = lintDefinitionText(text, { today: TODAY });
    expect(report.findings.map((f) => f.code)).toEqual(["definition.schema"]);
    expect(report.findings[0]?.message.en).toBe("unknown field: tz");
  });
});

describe("edges found by the property tests", () => {
  const yaml = (rule: string) => `truce: 1
id: edge
name: { en: Edge }
facts:
  - { key: revenue, type: number, label: { en: Revenue }, guide: { en: The revenue the prospect stated in writing } }
handoff: { grades: [whale] }
service_levels: [{ grade: whale, respond_within: 4 working hours }]
grades:
  - { key: whale, label: { en: Whale }, when: ${rule} }
  - { key: rest, label: { en: Rest }, otherwise: true }
`;

  test("a threshold near the top of the number range keeps the range above it", () => {
    const report = lintDefinitionText(yaml("{ fact: revenue, gt: 999999999999999 }"), { today: TODAY });
    expect(report.findings.map((f) => f.code)).toEqual([]);
  });

  test("numbers beyond ±10^15 are refused where they are written", () => {
    const report = lintDefinitionText(yaml("{ fact: revenue, gt: 1e16 }"), { today: TODAY });
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "definition.schema",
      path: ["grades", 0, "when", "gt"],
    });
  });
});
