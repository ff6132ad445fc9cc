import { expect, test } from "vitest";
import { appendLeadEvent, findGradeChanges } from "../../store/events.js";
import { findOutboxRows } from "../../store/outbox.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { activateDefinition } from "../definitions/activate.js";
import { addPeople, approvedVersion, captureWith, STRICT_A } from "../definitions/testing/fixtures.js";
import type { AppDeps } from "../deps.js";
import type { GraderCache } from "../grading.js";
import { captureLead } from "../leads/capture-lead.js";
import { evidence, testApp } from "../testing/app.js";
import { inTransaction } from "../transaction.js";
import { dispatchOutbox } from "./deliver.js";
import { createWebhook } from "./subscriptions.js";

const ADMIN = { id: "admin", role: "admin" } as const;

describeEachDialect("webhook outbox", (ctx) => {
  const events = async () => (await findOutboxRows(ctx.store.db)).map((r) => r.event);

  test("a capture writes lead.captured and lead.graded outbox rows, with ids and grades but no identity", async () => {
    const { deps } = await testApp(ctx.store);
    const at = new Date(deps.clock()).toISOString();
    const r = await captureLead(
      deps,
      {
        email: "ivan@example.test",
        name: "Ivan Petrov",
        phone: "+7 999 123-45-67",
        source: "expo",
        facts: [
          { fact: "stated_interest", value: true, evidence: { ...evidence(at), quote: "Send me the price" } },
          { fact: "notes", value: "lives at 1 Main St", evidence: evidence(at) },
        ],
      },
      "api",
    );
    const rows = await findOutboxRows(ctx.store.db);
    expect(rows.map((o) => [o.event, o.lead_id, o.dispatched_at])).toEqual([
      ["lead.captured", r.leadId, null],
      ["lead.graded", r.leadId, null],
    ]);
    expect(JSON.parse(rows[0]?.payload ?? "")).toEqual({
      leadId: r.leadId,
      actor: "api",
      source: "expo",
      campaign: null,
      utm: null,
      facts: ["stated_interest", "notes"],
    });
    expect(JSON.parse(rows[1]?.payload ?? "")).toEqual({
      leadId: r.leadId,
      oldGrade: null,
      newGrade: "warm",
      version: 1,
      cause: "capture",
    });
    const all = rows.map((o) => o.payload).join("\n");
    for (const secret of ["ivan@", "Ivan", "999", "price", "Main St", "anna@"])
      expect(all).not.toContain(secret);

    // A repeat capture of the same person adds facts but sends no second lead.captured.
    await captureLead(deps, { email: "ivan@example.test", source: "web" }, "api");
    expect(await events()).toEqual(["lead.captured", "lead.graded"]);
  });

  test("a failed capture writes no outbox row: the row is in the capture's transaction", async () => {
    const { deps } = await testApp(ctx.store);
    const at = new Date(deps.clock()).toISOString();
    await expect(
      captureLead(
        deps,
        { email: "a@x.test", facts: [{ fact: "nope", value: 1, evidence: evidence(at) }] },
        "api",
      ),
    ).rejects.toThrow(/unknown fact/);
    // This one fails after the lead and capture event (and so the outbox row) were written.
    const graders = {
      cached: () => undefined,
      get: (version: number, source: string) => {
        const g = deps.graders.get(version, source);
        const gradeIndex = () => {
          throw new Error("grader exploded");
        };
        return { ...g, grader: { ...g.grader, gradeIndex } };
      },
    } as unknown as GraderCache;
    const broken: AppDeps = { ...deps, graders };
    await expect(captureLead(broken, { email: "b@x.test" }, "api")).rejects.toThrow("grader exploded");
    expect(await events()).toEqual([]);
    expect(await ctx.store.db.selectFrom("leads").select("id").execute()).toEqual([]);
  });

  test("activation sends one definition.activated, not a lead.graded per regraded lead", async () => {
    const { deps, adminId } = await testApp(ctx.store);
    await addPeople(ctx.store);
    const lead = await captureWith(deps, "hot@x.test", { decision_date: "2027-02-01" });
    const version = await approvedVersion(deps, STRICT_A);
    const before = (await findOutboxRows(ctx.store.db)).length;
    await activateDefinition(deps, version, { id: adminId, role: "admin" });
    expect((await findGradeChanges(ctx.store.db, lead)).map((e) => [e.new_grade, e.cause])).toEqual([
      ["hot", "capture"],
      ["cold", "activation"],
    ]);
    const added = (await findOutboxRows(ctx.store.db)).slice(before);
    // Written when the regrade finished, with its counts.
    expect(added.map((o) => [o.event, JSON.parse(o.payload)])).toMatchObject([
      [
        "definition.activated",
        { version, retiredVersion: 1, actor: adminId, total: 1, regraded: 1, changed: 1 },
      ],
    ]);
  });

  test("fan-out: one delivery per subscribed, enabled webhook; redoing it adds nothing", async () => {
    const { deps } = await testApp(ctx.store);
    const policy = { allowPrivateTargets: true };
    const both = await createWebhook(
      deps,
      { url: "http://127.0.0.1:9/a", events: ["lead.captured", "lead.graded"] },
      ADMIN,
      policy,
    );
    const won = await createWebhook(
      deps,
      { url: "http://127.0.0.1:9/b", events: ["lead.won"] },
      ADMIN,
      policy,
    );
    await captureWith(deps, "a@x.test", { stated_interest: true });
    expect(await dispatchOutbox(deps)).toBe(2);
    expect(await dispatchOutbox(deps)).toBe(0);
    // As if a runner crashed after committing: the rows are fanned out again, no duplicates.
    await ctx.store.db.updateTable("outbox").set({ dispatched_at: null }).execute();
    expect(await dispatchOutbox(deps, { batchSize: 1 })).toBe(2);
    const deliveries = await ctx.store.db.selectFrom("webhook_deliveries").selectAll().execute();
    expect(deliveries.map((d) => d.webhook_id).sort()).toEqual([both.id, both.id]);
    expect(deliveries.every((d) => d.status === "pending" && d.webhook_id !== won.id)).toBe(true);
    expect((await findOutboxRows(ctx.store.db)).every((o) => o.dispatched_at !== null)).toBe(true);
  });

  test("an outbox row written inside a transaction that rolls back is gone with it", async () => {
    const { deps } = await testApp(ctx.store);
    const lead = await captureWith(deps, "a@x.test");
    const before = await events();
    await expect(
      inTransaction(deps, async (trx) => {
        await appendLeadEvent(trx, { leadId: lead, type: "win", actor: "u", at: 1, data: { amount: 5 } });
        const inside = await trx.selectFrom("outbox").select("event").orderBy("id").execute();
        expect(inside.map((r) => r.event)).toEqual([...before, "lead.won"]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await events()).toEqual(before);
  });
});
