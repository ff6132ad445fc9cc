import { expect, test } from "vitest";
import { isAppError } from "../../core/errors.js";
import { templateText } from "../../core/testing/templates.js";
import { countGradeChanges } from "../../store/events.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testApp, VARIANT_A } from "../testing/app.js";
import { NO_GRADE, simulateDefinition } from "./simulate.js";
import { addPeople, captureWith, PEOPLE, STRICT_A } from "./testing/fixtures.js";
import { createDraft } from "./versions.js";

describeEachDialect("definition simulation", (ctx) => {
  /** Six open leads with known facts, one closed and one erased lead that must not count. */
  async function setUp() {
    const app = await testApp(ctx.store);
    await addPeople(ctx.store);
    const { deps } = app;
    const ids = {
      dateOnly: await captureWith(deps, "a@example.test", { decision_date: "2027-03-01" }),
      dateAndInterest: await captureWith(deps, "b@example.test", {
        decision_date: "2027-03-01",
        stated_interest: true,
      }),
      interest: await captureWith(deps, "c@example.test", { stated_interest: true }),
      nothing: await captureWith(deps, "d@example.test"),
      dateNoInterest: await captureWith(deps, "e@example.test", {
        decision_date: "2027-02-01",
        stated_interest: false,
      }),
      farDate: await captureWith(deps, "f@example.test", {
        decision_date: "2029-01-01",
        stated_interest: true,
      }),
      closed: await captureWith(deps, "g@example.test", { decision_date: "2027-03-01" }),
      erased: await captureWith(deps, "h@example.test", { decision_date: "2027-03-01" }),
    };
    await ctx.store.db.updateTable("leads").set({ is_open: 0 }).where("id", "=", ids.closed).execute();
    await ctx.store.db.updateTable("leads").set({ erased_at: 1 }).where("id", "=", ids.erased).execute();
    return { ...app, ids };
  }

  const snapshot = async () => ({
    events: await countGradeChanges(ctx.store.db),
    leads: await ctx.store.db.selectFrom("leads").selectAll().orderBy("id").execute(),
    versions: await ctx.store.db.selectFrom("definition_versions").selectAll().orderBy("version").execute(),
  });

  test("a stricter hot moves hot leads without stated interest to cold, and writes nothing", async () => {
    const { deps, ids, clock } = await setUp();
    const before = await snapshot();
    const r = await simulateDefinition(deps, STRICT_A, { batchSize: 2 });
    expect(r).toEqual({
      at: clock.now(),
      activeVersion: 1,
      candidateVersion: null,
      total: 6,
      matrix: { hot: { cold: 2, hot: 1 }, warm: { warm: 2 }, cold: { cold: 1 } },
      examples: {
        "hot→cold": [ids.dateOnly, ids.dateNoInterest],
        "hot→hot": [ids.dateAndInterest],
        "warm→warm": [ids.interest, ids.farDate],
        "cold→cold": [ids.nothing],
      },
    });
    expect(await snapshot()).toEqual(before);
  });

  test("a stored draft simulates like its text; examples are capped per cell", async () => {
    const { deps, ids } = await setUp();
    const { version } = await createDraft(deps, STRICT_A, PEOPLE.sales);
    const before = await snapshot();
    const r = await simulateDefinition(deps, version, { examplesPerCell: 1 });
    expect(r.candidateVersion).toBe(version);
    expect(r.matrix).toEqual({ hot: { cold: 2, hot: 1 }, warm: { warm: 2 }, cold: { cold: 1 } });
    expect(r.examples["hot→cold"]).toEqual([ids.dateOnly]);
    expect(Object.values(r.examples).every((cell) => cell.length <= 1)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  test("the active definition against itself is the diagonal, even after time moved grades", async () => {
    const { deps, clock } = await setUp();
    // By April the March decision dates have passed: the stored grades are stale, but both sides
    // of the matrix are computed at the same instant, so nothing moves.
    clock.set("2027-04-01T00:00:00Z");
    const r = await simulateDefinition(deps, VARIANT_A);
    for (const [from, row] of Object.entries(r.matrix)) expect(Object.keys(row)).toEqual([from]);
    expect(r.matrix).toEqual({ cold: { cold: 3 }, warm: { warm: 3 } });
  });

  test("leads no grade of the candidate takes are counted under (none)", async () => {
    const { deps } = await setUp();
    // Variant B reads none of variant A's facts and has no fallback grade: every lead falls through.
    const r = await simulateDefinition(deps, templateText("variant-b"));
    expect(r.matrix).toEqual({ hot: { [NO_GRADE]: 3 }, warm: { [NO_GRADE]: 2 }, cold: { [NO_GRADE]: 1 } });
  });

  test("an unreadable text or an unknown version is refused", async () => {
    const { deps } = await setUp();
    await expect(simulateDefinition(deps, "truce: 2")).rejects.toSatisfy((e) =>
      isAppError(e, "definition.invalid"),
    );
    await expect(simulateDefinition(deps, 42)).rejects.toSatisfy((e) =>
      isAppError(e, "definition.not_found"),
    );
    await expect(simulateDefinition(deps, STRICT_A, { batchSize: 0 })).rejects.toSatisfy((e) =>
      isAppError(e, "validation.invalid"),
    );
  });
});
