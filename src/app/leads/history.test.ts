import { expect, test } from "vitest";
import type { Actor } from "../../contracts/definitions.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { activateDefinition } from "../definitions/activate.js";
import { addPeople, approvedVersion, captureWith, STRICT_A } from "../definitions/testing/fixtures.js";
import { testApp } from "../testing/app.js";
import { getLead } from "./get-lead.js";

describeEachDialect("a lead's history across an activation", (ctx) => {
  test("a lead the new version leaves as it was shows the stamp; a lead it regrades shows the change", async () => {
    const { deps, adminId, clock } = await testApp(ctx.store);
    await addPeople(ctx.store);
    const same = await captureWith(deps, "same@x.test", { stated_interest: true }); // warm under both
    const moved = await captureWith(deps, "moved@x.test", { decision_date: "2027-03-01" }); // hot → cold
    const version = await approvedVersion(deps, STRICT_A);
    clock.advance(60_000);
    await activateDefinition(deps, version, { id: adminId, role: "admin" } as Actor);

    const kept = await getLead(deps, same);
    expect(kept.lead).toMatchObject({ grade: "warm", graded_version: version });
    const grades = (h: typeof kept.history) =>
      h.filter((e) => e.kind === "grade").map((e) => [e.type, e.data]);
    expect(grades(kept.history)).toEqual([
      ["graded", expect.objectContaining({ from: null, to: "warm", version: 1, cause: "capture" })],
      ["version_stamped", { version, grade: "warm" }],
    ]);
    const stamp = kept.history.find((e) => e.type === "version_stamped");
    expect(stamp?.actor).toBe(adminId);

    const regraded = await getLead(deps, moved);
    expect(grades(regraded.history)).toEqual([
      ["graded", expect.objectContaining({ from: null, to: "hot", version: 1, cause: "capture" })],
      ["graded", expect.objectContaining({ from: "hot", to: "cold", version, cause: "activation" })],
    ]);
  });
});

describeEachDialect("a lead's history across two activations", (ctx) => {
  test("two versions that keep the grade: one stamp, for the version the lead is graded with, with its grade", async () => {
    const { deps, adminId, clock } = await testApp(ctx.store);
    await addPeople(ctx.store);
    const same = await captureWith(deps, "same@x.test", { stated_interest: true });
    const admin = { id: adminId, role: "admin" } as Actor;
    const v2 = await approvedVersion(deps, STRICT_A);
    clock.advance(60_000);
    await activateDefinition(deps, v2, admin);
    const v3 = await approvedVersion(deps, STRICT_A);
    clock.advance(60_000);
    await activateDefinition(deps, v3, admin);
    const kept = await getLead(deps, same);
    expect(kept.lead.graded_version).toBe(v3);
    expect(kept.history.filter((e) => e.kind === "grade").map((e) => [e.type, e.data])).toEqual([
      ["graded", expect.objectContaining({ to: "warm", version: 1 })],
      ["version_stamped", { version: v3, grade: "warm" }],
    ]);
  });
});
