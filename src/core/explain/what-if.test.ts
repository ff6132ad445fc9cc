import { describe, expect, test } from "vitest";
import { normalizeFactValues } from "../facts/values.js";
import { loadTemplate } from "../testing/templates.js";
import { explainGrade } from "./explain.js";
import { askNext, whatIf } from "./what-if.js";

const NOW = Date.UTC(2026, 10, 27, 15, 30);

function setUp(name: "variant-a" | "bant", raw: Record<string, unknown>) {
  const { definition, grader } = loadTemplate(name);
  const { values, problems } = normalizeFactValues(definition.factsByKey, raw);
  expect(problems).toEqual([]);
  const e = explainGrade(grader, values, NOW);
  return { definition, values, e };
}

describe("what would change the grade", () => {
  test("variant A, nothing known: a decision date makes it Hot, stated interest makes it Warm", () => {
    const { definition, e } = setUp("variant-a", {});
    expect(whatIf(definition, e)).toEqual([
      {
        grade: "hot",
        label: { en: "Hot", ru: "Горячий" },
        facts: ["decision_date"],
        text: {
          en: "Decision date within the next 6 months makes this lead Hot",
          ru: "Лид станет «Горячий», если «Дата принятия решения» — в пределах 6 месяцев от сегодня",
        },
      },
      {
        grade: "warm",
        label: { en: "Warm", ru: "Тёплый" },
        facts: ["stated_interest"],
        text: {
          en: "Stated interest in the product: yes makes this lead Warm",
          ru: "Лид станет «Тёплый», если «Заявил об интересе к продукту»: да",
        },
      },
    ]);
  });

  test("a false fact is named too; the strongest grade has nothing stronger", () => {
    const warm = setUp("variant-a", { decision_date: "2027-09-01", stated_interest: true });
    expect(warm.e.grade).toBe("warm");
    expect(whatIf(warm.definition, warm.e).map((w) => [w.grade, w.facts])).toEqual([
      ["hot", ["decision_date"]],
    ]);
    const hot = setUp("variant-a", { decision_date: "2027-03-01" });
    expect(whatIf(hot.definition, hot.e)).toEqual([]);
  });

  test("BANT: only the conditions still missing, joined by and / or as the rule does", () => {
    const { definition, e } = setUp("bant", {
      need_stated: true,
      budget_confirmed: true,
      budget_amount: 9000,
    });
    expect(e.grade).toBe("warm");
    const [hot] = whatIf(definition, e);
    expect(hot?.grade).toBe("hot");
    expect(hot?.facts).toEqual(["contact_role", "decision_date"]);
    expect(hot?.text.en).toMatch(/ and .*within the next 3 months makes this lead Hot$/);
    expect(hot?.text.ru).toMatch(/^Лид станет «Горячий», если .* и .*в пределах 3 месяцев от сегодня$/);

    const cold = setUp("bant", {});
    const warm = whatIf(cold.definition, cold.e).find((w) => w.grade === "warm");
    expect(warm?.facts).toEqual(["need_stated", "budget_confirmed", "contact_role", "decision_date"]);
    expect(warm?.text.en).toMatch(/ and \(.* or .* or .*\) makes this lead Warm$/);
    expect(warm?.text.ru).toMatch(/ и \(.* или .* или .*\)$/);
  });
});

describe("what to ask next", () => {
  test("the unknown facts the rules use, in rule order, with their guides; never the unused ones", () => {
    const { definition, values } = setUp("variant-a", { stated_interest: true, notes: "hi" });
    expect(askNext(definition, values)).toEqual([
      {
        fact: "decision_date",
        label: { en: "Decision date", ru: "Дата принятия решения" },
        guide: expect.objectContaining({ en: expect.stringMatching(/^The date by which/) }),
        grades: ["hot"],
      },
    ]);
    const none = setUp("variant-a", {});
    expect(askNext(definition, none.values).map((a) => a.fact)).toEqual(["decision_date", "stated_interest"]);
  });

  test("BANT: a fact used by two grades lists both", () => {
    const { definition, values } = setUp("bant", { budget_amount: 100 });
    const asked = askNext(definition, values);
    expect(asked.map((a) => a.fact)).not.toContain("budget_amount");
    expect(asked.find((a) => a.fact === "decision_date")?.grades).toEqual(["hot", "warm"]);
  });
});
