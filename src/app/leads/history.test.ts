import { expect, test } from "vitest";
import type { Actor } from "../../contracts/definitions.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { activateDefinition } from "../definitions/activate.js";
import { addPeople, approvedVersion, captureWith, STRICT_A } from "../definitions/testing/fixtures.js";
import { testApp } from "../testing/app.js";
import { getLead } from "./get-lead.js";

describeEachDialect("a lead's history across an activation", (ctx) => {
  test("a lead the new version leaves as it was shows the stamp; a lead it regrades shows the change", async () => {
    const { deps, adminId } = await testApp(ctx.store);
    await addPeople(ctx.store);
    const same = await captureWith(deps, "same@x.test", { stated_interest: true }); // warm under both
    const moved = await captureWith(deps, "moved@x.test", { decision_date: "2027-03-01" }); // hot → cold
    const version = await approvedVersion(deps, STRICT_A);
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
