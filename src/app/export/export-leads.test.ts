import { expect, test } from "vitest";
import { isAppError } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { conversionByGrade } from "../reports/conversion.js";
import { gradeDistribution } from "../reports/grade-distribution.js";
import { type ExportedLead, type ExportFilter, exportLeads } from "./export-leads.js";
import { seedLeads, TRICKY_NOTE } from "./testing/seed.js";

async function collect(it: AsyncIterable<ExportedLead>): Promise<ExportedLead[]> {
  const out: ExportedLead[] = [];
  for await (const l of it) out.push(l);
  return out;
}

describeEachDialect("export and reports", (ctx) => {
  test("every lead, newest first, with facts, the stored grade's explanation and outcome", async () => {
    const { deps, ids } = await seedLeads(ctx.store);
    const { facts, leads } = await exportLeads(deps, {}, { batchSize: 2 });
    expect(facts.map((f) => f.key)).toEqual(["decision_date", "stated_interest", "contact_channel", "notes"]);
    const all = await collect(leads);
    expect(all.map((l) => l.id)).toEqual([ids.petr, ids.erased, ids.formula, ids.ivan, ids.olga]);
    const olga = all.find((l) => l.id === ids.olga) as ExportedLead;
    expect(olga).toMatchObject({
      identity: { name: 'Olga "Ola", Ivanova', email: "olga@example.test", company: "Acme; Ltd" },
      source: "webinar",
      campaign: "q4",
      utm: { source: "newsletter", medium: "email", campaign: null },
      stage: "won",
      grade: "hot",
      definitionVersion: 1,
      facts: {
        decision_date: "2027-02-15",
        stated_interest: true,
        contact_channel: null,
        notes: TRICKY_NOTE,
      },
      outcome: { amount: "12500.5", currency: "RUB", reason: null },
    });
    expect(olga.explanation?.en).toBe("Hot — Decision date 2027-02-15 is within 6 months of 2026-11-27");
    expect(olga.explanation?.ru).toMatch(/^Горячий — /);
    const ivan = all.find((l) => l.id === ids.ivan) as ExportedLead;
    expect(ivan).toMatchObject({ stage: "lost", grade: "warm", outcome: { reason: "no_real_need" } });
    expect(ivan.explanation?.en).toBe("Warm — Stated interest in the product: yes");
  });

  test("an erased lead is exported without identity or free text, its statistics kept", async () => {
    const { deps, ids } = await seedLeads(ctx.store);
    const all = await collect((await exportLeads(deps, {})).leads);
    const erased = all.find((l) => l.id === ids.erased) as ExportedLead;
    expect(erased.identity).toEqual({ name: null, email: null, phone: null, company: null });
    expect(erased.facts.notes).toBeNull();
    expect(erased).toMatchObject({ source: "ads", campaign: "q4", grade: "cold" });
    expect(erased.erasedAt).not.toBeNull();
  });

  test.each<[string, ExportFilter, (ids: Record<string, string>) => string[]]>([
    ["grade", { grade: "hot" }, (i) => [i.petr as string, i.olga as string]],
    ["source", { source: "webinar" }, (i) => [i.formula as string, i.olga as string]],
    ["campaign and stage", { campaign: "q4", stage: "lost" }, (i) => [i.ivan as string]],
    ["text search", { q: "petr" }, (i) => [i.petr as string]],
    ["service level", { sla: "none" }, (i) => [i.erased as string, i.formula as string]],
  ])("filters as the API does: %s", async (_name, filter, expected) => {
    const { deps, ids } = await seedLeads(ctx.store);
    const got = await collect((await exportLeads(deps, filter, { batchSize: 1 })).leads);
    expect(got.map((l) => l.id)).toEqual(expected(ids));
  });

  test("a bad filter is a validation error", async () => {
    const { deps } = await seedLeads(ctx.store);
    await expect(exportLeads(deps, { stage: "somewhere" as never })).rejects.toSatisfy((e) =>
      isAppError(e, "validation.invalid"),
    );
  });

  test("grade distribution by source and campaign", async () => {
    const { deps } = await seedLeads(ctx.store);
    const bySource = await gradeDistribution(deps, "source");
    expect(bySource.grades).toEqual(["hot", "warm", "cold"]);
    expect(bySource.rows).toEqual([
      { key: "ads", counts: { warm: 1, cold: 1, hot: 1 }, total: 3 },
      { key: "webinar", counts: { hot: 1, cold: 1 }, total: 2 },
    ]);
    expect(bySource.totals.total).toBe(5);
    const byCampaign = await gradeDistribution(deps, "campaign");
    expect(byCampaign.rows.map((r) => [r.key, r.total])).toEqual([
      ["q4", 3],
      ["spring", 1],
      [null, 1],
    ]);
  });

  test("conversion by the grade at hand-off: counts, amounts, median days", async () => {
    const { deps } = await seedLeads(ctx.store);
    const { grades } = await conversionByGrade(deps, { batchSize: 1 });
    expect(grades).toEqual([
      {
        grade: "hot",
        handedOff: 2,
        won: 1,
        lost: 0,
        noOutcome: 1,
        winRate: 1,
        winRateInterval: { low: expect.closeTo(0.2065, 3), high: 1 },
        wonAmounts: { RUB: 12500.5 },
        medianDaysToWon: 3,
        medianDaysToLost: null,
      },
      {
        grade: "warm",
        handedOff: 1,
        won: 0,
        lost: 1,
        noOutcome: 0,
        winRate: 0,
        winRateInterval: { low: 0, high: expect.closeTo(0.7935, 3) },
        wonAmounts: {},
        medianDaysToWon: null,
        medianDaysToLost: 2,
      },
      {
        grade: "cold",
        handedOff: 0,
        won: 0,
        lost: 0,
        noOutcome: 0,
        winRate: null,
        winRateInterval: null,
        wonAmounts: {},
        medianDaysToWon: null,
        medianDaysToLost: null,
      },
    ]);
  });
});
