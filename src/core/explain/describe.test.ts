import { describe, expect, test } from "vitest";
import { loadDefinition } from "../definition/load.js";
import { lintDefinitionText } from "../lint/lint.js";
import { loadTemplate, templateText } from "../testing/templates.js";
import { parseIsoDate } from "../time.js";
import { describeCounterexample, describeDefinition } from "./describe.js";

describe("a definition in words", () => {
  test("variant A: one condition per grade, the fallback without conditions, both languages", () => {
    const grades = describeDefinition(loadTemplate("variant-a").definition);
    expect(grades.map((g) => [g.grade, g.join, g.fallback, g.conditions])).toEqual([
      [
        "hot",
        "all",
        false,
        {
          en: ["Decision date is within the next 6 months"],
          ru: ["«Дата принятия решения» — в пределах 6 месяцев от сегодня"],
        },
      ],
      [
        "warm",
        "all",
        false,
        {
          en: ["Stated interest in the product is yes"],
          ru: ["«Заявил об интересе к продукту»: да"],
        },
      ],
      ["cold", "all", true, { en: [], ru: [] }],
    ]);
    expect(grades[0]?.label).toEqual({ en: "Hot", ru: "Горячий" });
  });

  test("BANT: one line per part of `all`, nested `any` in parentheses, units, options by label", () => {
    const [hot, warm] = describeDefinition(loadTemplate("bant").definition);
    expect(hot?.conditions.en).toEqual([
      "Budget confirmed is yes",
      "Budget amount is at least 5000 EUR",
      "Contact's role in the decision is Signs the contract",
      "Problem stated is yes",
      "Decision date is within the next 3 months",
    ]);
    expect(warm?.conditions.en).toEqual([
      "Problem stated is yes",
      "Budget confirmed is yes or Contact's role in the decision is one of: Signs the contract, Recommends to the signer or Decision date is within the next 12 months",
    ]);
    expect(warm?.conditions.ru[1]).toMatch(/ или «Роль контакта в решении»: одно из — Подписывает договор/);
  });

  test("every operator reads as a sentence; `any` at the top is marked, `not` and unknown said plainly", () => {
    const text = templateText("variant-a").replace(
      "    when:\n      fact: stated_interest\n      eq: true",
      [
        "    when:",
        "      any:",
        "        - { fact: stated_interest, is: unknown }",
        "        - { not: { fact: contact_channel, in: [form, call] } }",
        "        - { fact: decision_date, lt: 2027-01-01 }",
        "        - { fact: decision_date, recorded_more_than_ago: 2 weeks }",
        "        - { fact: decision_date, more_than_ahead: 1 year }",
      ].join("\n"),
    );
    const loaded = loadDefinition(text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.findings));
    const warm = describeDefinition(loaded.definition)[1];
    expect(warm?.join).toBe("any");
    expect(warm?.conditions.en).toEqual([
      "Stated interest in the product is not recorded (not asked yet)",
      "not (First contact channel is one of: Web form, Phone call)",
      "Decision date is before 2027-01-01",
      "Decision date was recorded more than 2 weeks ago",
      "Decision date is more than 1 year ahead",
    ]);
    expect(warm?.conditions.ru).toEqual([
      "«Заявил об интересе к продукту»: не записано (ещё не спрашивали)",
      "неверно, что «Канал первого обращения»: одно из — Форма на сайте, Звонок",
      "«Дата принятия решения» раньше 2027-01-01",
      "«Дата принятия решения»: записано более 2 недель назад",
      "«Дата принятия решения» — более чем через 1 год",
    ]);
  });

  test("a gap's example lead in words: the facts it has, the ones not recorded, and no grade", () => {
    const gap = templateText("variant-a").replace(
      "    otherwise: true",
      "    when:\n      fact: stated_interest\n      eq: false",
    );
    const report = lintDefinitionText(gap, { today: parseIsoDate("2027-01-15") as number });
    const finding = report.findings.find((f) => f.code === "grade.gap");
    const def = report.definition;
    if (!finding?.counterexample || !def) throw new Error("expected a gap with an example");
    const en = describeCounterexample(def, finding.counterexample, "en");
    expect(en).toMatch(/^A lead with .* gets no grade on 2027-01-15$/);
    expect(describeCounterexample(def, finding.counterexample, "ru")).toMatch(
      /^Лид.* не получает никакого класса на 2027-01-15$/,
    );
    const hot = { facts: { decision_date: "2027-02-01" }, at: "2027-01-15", grade: "hot" };
    expect(describeCounterexample(def, hot, "en")).toBe(
      "A lead with Decision date 2027-02-01 and Stated interest in the product not recorded gets Hot on 2027-01-15",
    );
    expect(describeCounterexample(def, { facts: {}, at: "2027-01-15", grade: null }, "en")).toBe(
      "A lead with no recorded facts gets no grade on 2027-01-15",
    );
  });
});
