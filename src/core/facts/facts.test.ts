import { describe, expect, test } from "vitest";
import { loadTemplate } from "../testing/templates.js";
import { parseIsoDate } from "../time.js";
import { currentFactsOf, evidenceSchema } from "./evidence.js";
import { normalizeFactValue, normalizeFactValues } from "./values.js";

const { definition } = loadTemplate("bant");
const fact = (key: string) => {
  const f = definition.factsByKey.get(key);
  if (!f) throw new Error(key);
  return f;
};

describe("fact values", () => {
  test.each([
    ["budget_confirmed", true, { value: true }],
    ["budget_confirmed", null, { value: null }],
    ["budget_confirmed", "yes", { problem: 'expected true or false, got "yes"' }],
    ["contact_role", "signs", { value: "signs" }],
    ["contact_role", "boss", { problem: 'expected one of signs, recommends, uses, got "boss"' }],
    ["budget_amount", 9000, { value: 9000 }],
    ["budget_amount", -1, { problem: "-1 is outside the allowed range [0, ∞]" }],
    ["budget_amount", "9000", { problem: 'expected a number, got "9000"' }],
    ["decision_date", "2027-03-01", { value: parseIsoDate("2027-03-01") }],
    [
      "decision_date",
      "01.03.2027",
      { problem: 'expected a date as YYYY-MM-DD (years 1000–9999), got "01.03.2027"' },
    ],
  ])("%s = %j → %j", (key, raw, expected) => {
    expect(normalizeFactValue(fact(key), raw)).toEqual(expected);
  });

  test("unknown facts and bad values are all reported; good ones kept", () => {
    const { values, problems } = normalizeFactValues(definition.factsByKey, {
      need_stated: true,
      budget_amount: "lots",
      mood: "great",
    });
    expect(values).toEqual({ need_stated: true });
    expect(problems.map((p) => p.fact)).toEqual(["budget_amount", "mood"]);
  });
});

describe("evidence", () => {
  const evidence = {
    channel: "meeting" as const,
    recordedBy: "boris@acme.example",
    recordedAt: "2026-11-20T09:30:00+03:00",
  };

  test("accepts the six channels and an ISO time with offset", () => {
    for (const channel of ["form", "call", "email", "meeting", "import", "api"]) {
      expect(evidenceSchema.safeParse({ ...evidence, channel }).success).toBe(true);
    }
  });

  test.each([
    [{ ...evidence, channel: "rumour" }, "channel"],
    [{ ...evidence, recordedBy: " " }, "recordedBy"],
    [{ ...evidence, recordedAt: "2026-11-20 09:30" }, "recordedAt"],
    [{ ...evidence, mood: "good" }, ""],
  ])("refuses %j at %s", (bad, path) => {
    const r = evidenceSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });

  test("the latest observation of a fact wins, retractions make it unknown, and its day is kept", () => {
    const at = (recordedAt: string) => ({ ...evidence, recordedAt });
    const { facts, problems } = currentFactsOf(definition.factsByKey, [
      { fact: "budget_amount", value: 8000, evidence: at("2026-11-21T10:00:00Z") },
      { fact: "budget_amount", value: 5000, evidence: at("2026-11-20T10:00:00Z") },
      { fact: "need_stated", value: true, evidence: at("2026-11-01T10:00:00Z") },
      { fact: "need_stated", value: null, evidence: at("2026-11-02T10:00:00Z") },
      { fact: "contact_role", value: "ceo", evidence: at("2026-11-02T10:00:00Z") },
    ]);
    expect(facts.values).toEqual({ budget_amount: 8000, need_stated: null });
    expect(facts.recorded).toEqual({ budget_amount: parseIsoDate("2026-11-21") });
    expect(problems).toEqual([
      { index: 4, fact: "contact_role", message: 'expected one of signs, recommends, uses, got "ceo"' },
    ]);
  });
});

test("numbers stay within ±10^15, where every step is exact", () => {
  expect(normalizeFactValue(fact("budget_amount"), 1e16)).toEqual({
    problem: "10000000000000000 is too large: numbers stay within ±10^15",
  });
});
