import { describe, expect, test } from "vitest";
import { currentFactsOf } from "../facts/evidence.js";
import { normalizeFactValues } from "../facts/values.js";
import { loadTemplate } from "../testing/templates.js";
import { explainGrade } from "./explain.js";
import { renderExplanation } from "./render.js";
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
