import { describe, expect, test } from "vitest";
import { loadDefinition } from "../definition/load.js";
import { currentFactsOf } from "../facts/evidence.js";
import { normalizeFactValues } from "../facts/values.js";
import { loadTemplate } from "../testing/templates.js";
import { dayOf, parseIsoDate } from "../time.js";
import { explainGrade } from "./explain.js";
import { describeCondition, renderExplanation } from "./render.js";
import { viewExplanation } from "./view.js";

const NOW = Date.UTC(2026, 10, 27, 15, 30); // 2026-11-27, mid-afternoon
const { definition, grader } = loadTemplate("variant-a");

function explain(raw: Record<string, unknown>, now = NOW) {
  const { values, problems } = normalizeFactValues(definition.factsByKey, raw);
  expect(problems).toEqual([]);
  return explainGrade(grader, values, now);
}

describe("variant A explanations", () => {
  test("hot, in the words of the issue, and when it will cool by itself", () => {
    const e = explain({ decision_date: "2027-03-01", stated_interest: true });
    expect(e.grade).toBe("hot");
    expect(renderExplanation(definition, e, "en")).toEqual([
      "Hot — Decision date 2027-03-01 is within 6 months of 2026-11-27",
      "  becomes Warm on 2027-03-02 if no fact changes",
    ]);
    expect(renderExplanation(definition, e, "ru")).toEqual([
      "Горячий — «Дата принятия решения» 2027-03-01 — в пределах 6 месяцев от 2026-11-27",
      "  станет «Тёплый» 2027-03-02, если факты не изменятся",
    ]);
    expect(e.decidingFacts).toEqual(["decision_date"]);
  });

  test("a decision date too far out: warm on stated interest, hot once the window reaches it", () => {
    const e = explain({ decision_date: "2027-09-01", stated_interest: true });
    expect(e.grade).toBe("warm");
    expect(renderExplanation(definition, e, "en")).toEqual([
      "Warm — Stated interest in the product: yes",
      "  not Hot (does not hold): Decision date 2027-09-01 is not within 6 months of 2026-11-27",
      "  becomes Hot on 2027-03-01 if no fact changes",
    ]);
    expect(e.decidingFacts).toEqual(["decision_date", "stated_interest"]);
  });

  test("no facts: cold, because no grade above applies, and unknown is said as unknown", () => {
    const e = explain({});
    expect(e.grade).toBe("cold");
    expect(renderExplanation(definition, e, "en")).toEqual([
      "Cold — no grade above applies",
      "  not Hot (not enough facts): Decision date is unknown",
      "  not Warm (not enough facts): Stated interest in the product is unknown",
    ]);
    expect(renderExplanation(definition, e, "ru")).toEqual([
      "Холодный — ни один класс выше не подошёл",
      "  не Горячий (не хватает фактов): «Дата принятия решения»: неизвестно",
      "  не Тёплый (не хватает фактов): «Заявил об интересе к продукту»: неизвестно",
    ]);
    expect(e.nextChange).toBeNull();
  });

  test("a past decision date slips out: the grade never comes back by itself", () => {
    const e = explain({ decision_date: "2026-11-01", stated_interest: false });
    expect(e.grade).toBe("cold");
    expect(e.nextChange).toBeNull();
    expect(renderExplanation(definition, e, "en")[1]).toBe(
      "  not Hot (does not hold): Decision date 2026-11-01 is not within 6 months of 2026-11-27",
    );
  });

  test("the day, not the hour, decides: any time on the decision day is still hot", () => {
    const lateOnTheDay = Date.UTC(2027, 2, 1, 23, 59, 59);
    expect(explain({ decision_date: "2027-03-01" }, lateOnTheDay).grade).toBe("hot");
    expect(explain({ decision_date: "2027-03-01" }, lateOnTheDay + 1000).grade).toBe("cold");
  });

  test("observations with evidence: the latest value of each fact wins", () => {
    const evidence = (at: string) => ({ channel: "call" as const, recordedBy: "anna", recordedAt: at });
    const { facts, problems } = currentFactsOf(definition.factsByKey, [
      { fact: "decision_date", value: "2027-03-01", evidence: evidence("2026-11-20T10:00:00Z") },
      { fact: "decision_date", value: null, evidence: evidence("2026-11-25T10:00:00Z") },
      { fact: "stated_interest", value: true, evidence: evidence("2026-11-21T10:00:00Z") },
    ]);
    expect(problems).toEqual([]);
    expect(explainGrade(grader, facts.values, NOW, facts.recorded).grade).toBe("warm");
  });

  test("the JSON view carries every sentence in both languages", () => {
    const view = viewExplanation(definition, explain({ decision_date: "2027-03-01" }));
    expect(view.grade).toBe("hot");
    expect(view.gradeLabel).toEqual({ en: "Hot", ru: "Горячий" });
    expect(view.checked[0]?.reasons[0]).toEqual({
      fact: "decision_date",
      result: "true",
      value: "2027-03-01",
      text: {
        en: "Decision date 2027-03-01 is within 6 months of 2026-11-27",
        ru: "«Дата принятия решения» 2027-03-01 — в пределах 6 месяцев от 2026-11-27",
      },
    });
    expect(view.nextChange).toEqual({ on: "2027-03-02", grade: "cold" });
  });
});

describe("BANT explanations", () => {
  const bant = loadTemplate("bant");
  test("hot lists every fact that had to hold", () => {
    const { values } = normalizeFactValues(bant.definition.factsByKey, {
      budget_confirmed: true,
      budget_amount: 9000,
      contact_role: "signs",
      need_stated: true,
      decision_date: "2027-01-15",
    });
    const e = explainGrade(bant.grader, values, NOW);
    expect(renderExplanation(bant.definition, e, "en")[0]).toBe(
      "Hot — Budget confirmed: yes; Budget amount 9000 EUR is at least 5000 EUR; Contact's role in the decision: Signs the contract; Problem stated: yes; Decision date 2027-01-15 is within 3 months of 2026-11-27",
    );
    expect(e.nextChange).toEqual({ on: "2027-01-16", grade: "warm" });
  });
});

describe("sentences for each kind of condition", () => {
  const text = `truce: 1
id: all-ops
name: { en: All operators }
facts:
  - { key: flag, type: boolean, label: { en: Flag, ru: Флаг }, guide: { en: g } }
  - key: role
    type: enum
    label: { en: Role, ru: Роль }
    guide: { en: g }
    options:
      - { value: signs, label: { en: Signs, ru: Подписывает } }
      - { value: uses, label: { en: Uses, ru: Пользуется } }
  - { key: size, type: number, unit: people, label: { en: Size, ru: Размер }, guide: { en: g } }
  - { key: due, type: date, label: { en: Due, ru: Срок }, guide: { en: g } }
grades:
  - key: g
    label: { en: G }
    when:
      all:
        - { fact: flag, eq: false }
        - { fact: role, in: [signs] }
        - { fact: size, between: [10, 50] }
        - { fact: due, more_than_ago: 90 days }
        - { fact: flag, recorded_within_last: 1 month }
  - { key: other, label: { en: Other }, otherwise: true }
`;
  const loaded = loadDefinition(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.findings));
  const sentences = (raw: Record<string, unknown>, recorded: Record<string, number>, locale: "en" | "ru") => {
    const { values } = normalizeFactValues(loaded.definition.factsByKey, raw);
    const e = explainGrade(loaded.grader, values, NOW, recorded);
    return e.checked[0]?.decisive.map((d) => describeCondition(loaded.definition, d, locale, dayOf(NOW)));
  };
  const day = (s: string) => parseIsoDate(s) as number;

  test("true, in English and Russian", () => {
    const raw = { flag: false, role: "signs", size: 12, due: "2026-06-01" };
    expect(sentences(raw, { flag: day("2026-11-20") }, "en")).toEqual([
      "Flag: no",
      "Role is Signs, one of: Signs",
      "Size 12 people is between 10 people and 50 people",
      "Due 2026-06-01 is more than 90 days before 2026-11-27",
      "Flag was recorded on 2026-11-20, within 1 month before 2026-11-27",
    ]);
    expect(sentences(raw, { flag: day("2026-11-20") }, "ru")).toEqual([
      "«Флаг»: нет",
      "«Роль»: Подписывает — одно из: Подписывает",
      "«Размер» 12 people — в диапазоне 10 people–50 people",
      "«Срок» 2026-06-01 — более чем за 90 дней до 2026-11-27",
      "«Флаг»: записано 2026-11-20 — в пределах 1 месяца до 2026-11-27",
    ]);
  });

  test("false and unknown", () => {
    expect(
      sentences({ flag: true, role: "uses", size: 70, due: "2026-11-01" }, { flag: day("2026-01-20") }, "en"),
    ).toEqual([
      "Flag: yes",
      "Role is Uses, not one of: Signs",
      "Size 70 people is not between 10 people and 50 people",
      "Due 2026-11-01 is not more than 90 days before 2026-11-27",
      "Flag was recorded on 2026-01-20, not within 1 month before 2026-11-27",
    ]);
    expect(sentences({ role: "uses" }, {}, "ru")).toEqual(["«Роль»: Пользуется — не из: Подписывает"]);
    expect(sentences({ flag: false, role: "signs", size: 12, due: "2026-06-01" }, {}, "en")).toEqual([
      "Flag: the day it was recorded is unknown",
    ]);
  });
});

describe("wrongly typed values (callers that skip normalisation)", () => {
  test("the interpreter and the compiled grader both read them as unknown in order comparisons", async () => {
    const { interpretGrade } = await import("../rules/evaluate.js");
    const text = `truce: 1
id: typed
name: { en: Typed }
facts:
  - { key: budget, type: number, label: { en: Budget }, guide: { en: g } }
grades:
  - { key: small, label: { en: Small }, when: { not: { fact: budget, gte: 1000 } } }
`;
    const loaded = loadDefinition(text);
    if (!loaded.ok) throw new Error("fixture");
    for (const budget of ["500", true, "abc"]) {
      const values = { budget } as never;
      expect(loaded.grader.gradeIndex(values, NOW), String(budget)).toBe(-1);
      expect(interpretGrade(loaded.definition, values, NOW), String(budget)).toBe(-1);
    }
  });
});
