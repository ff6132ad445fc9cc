import { expect, test } from "vitest";
import { seedLeads } from "../../app/export/testing/seed.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

describeEachDialect("report routes", (ctx) => {
  test("grades by source and campaign, filtered by creation day, source and version", async () => {
    const { as } = await testServer(ctx.store);
    await seedLeads(ctx.store);
    const bySource = await as("sales", "GET", "/api/v1/reports/grades?by=source");
    expect(bySource.statusCode).toBe(200);
    expect(bySource.json()).toMatchObject({
      by: "source",
      grades: ["hot", "warm", "cold"],
      rows: [
        { key: "ads", counts: { warm: 1, cold: 1, hot: 1 }, total: 3 },
        { key: "webinar", counts: { hot: 1, cold: 1 }, total: 2 },
      ],
      totals: { key: null, total: 5 },
    });
    const byCampaign = (await as("marketing", "GET", "/api/v1/reports/grades?by=campaign")).json();
    expect(byCampaign.rows.map((r: { key: string | null }) => r.key)).toEqual(["q4", "spring", null]);

    // Created on 27 and 28 November (both ends included): olga and ivan.
    const period = (await as("admin", "GET", "/api/v1/reports/grades?from=2026-11-27&to=2026-11-28")).json();
    expect(period.totals).toEqual({ key: null, counts: { hot: 1, warm: 1 }, total: 2 });
    const ads = (await as("admin", "GET", "/api/v1/reports/grades?by=campaign&source=ads")).json();
    expect(ads.totals.total).toBe(3);
    const none = (await as("admin", "GET", "/api/v1/reports/grades?version=99")).json();
    expect(none).toMatchObject({ rows: [], totals: { total: 0 } });

    const bad = await as("admin", "GET", "/api/v1/reports/grades?by=owner&from=27.11.2026");
    expect([bad.statusCode, bad.json().code]).toEqual([400, "validation.invalid"]);
    // A day that does not exist is refused, not rolled over (2026-02-30 is not 2 March).
    const impossible = await as("admin", "GET", "/api/v1/reports/grades?from=2026-02-30&to=2026-02-31");
    expect(impossible.statusCode).toBe(400);
    expect(
      impossible
        .json()
        .details.problems.map((p: { path: string }) => p.path)
        .sort(),
    ).toEqual(["querystring.from", "querystring.to"]);
    expect((await as(null, "GET", "/api/v1/reports/grades")).statusCode).toBe(401);
  });

  test("conversion by grade with Wilson intervals, filtered by hand-off day and source", async () => {
    const { as } = await testServer(ctx.store);
    await seedLeads(ctx.store);
    const all = await as("sales_head", "GET", "/api/v1/reports/conversion");
    expect(all.statusCode).toBe(200);
    const [hot, warm, cold] = all.json().grades;
    expect(hot).toMatchObject({ grade: "hot", handedOff: 2, won: 1, lost: 0, noOutcome: 1, winRate: 1 });
    expect(hot.winRateInterval.low).toBeCloseTo(0.2065, 3);
    expect(hot.winRateInterval.high).toBe(1);
    expect(warm).toMatchObject({ grade: "warm", won: 0, lost: 1, winRate: 0 });
    expect(warm.winRateInterval.high).toBeCloseTo(0.7935, 3);
    expect(cold).toMatchObject({ grade: "cold", handedOff: 0, winRate: null, winRateInterval: null });

    // Hand-offs were made on 1 December: a period before it counts none, one around it all.
    const before = (await as("admin", "GET", "/api/v1/reports/conversion?to=2026-11-30")).json();
    expect(before.grades.map((g: { handedOff: number; won: number }) => g.handedOff + g.won)).toEqual([
      0, 0, 0,
    ]);
    const around = (await as("admin", "GET", "/api/v1/reports/conversion?from=2026-12-01&to=2026-12-01"))
      .json()
      .grades.map((g: { handedOff: number; won: number; lost: number }) => [g.handedOff, g.won, g.lost]);
    expect(around).toEqual([
      [2, 1, 0],
      [1, 0, 1],
      [0, 0, 0],
    ]);
    const ads = (await as("admin", "GET", "/api/v1/reports/conversion?source=ads")).json();
    expect(ads.grades[0]).toMatchObject({ grade: "hot", handedOff: 1, won: 0, noOutcome: 1 });
  });

  test("dimensions and service levels: readable by every role", async () => {
    const { as } = await testServer(ctx.store);
    await seedLeads(ctx.store);
    const dims = (await as("sales", "GET", "/api/v1/reports/dimensions")).json();
    expect(dims).toEqual({ sources: ["ads", "webinar"], campaigns: ["q4", "spring"], versions: [1] });

    const levels = await as("sales", "GET", "/api/v1/service-levels");
    expect(levels.statusCode).toBe(200);
    const body = levels.json();
    expect(body.version).toBe(1);
    expect(body.serviceLevels.length).toBeGreaterThan(0);
    expect(body.serviceLevels[0]).toMatchObject({ grade: expect.any(String), unit: expect.any(String) });
    expect(body.workingHours).toMatchObject({ days: expect.any(Array), from: expect.any(Number) });
    expect(body.lostReasons.length).toBeGreaterThan(0);
    expect((await as(null, "GET", "/api/v1/service-levels")).statusCode).toBe(401);
  });
});
