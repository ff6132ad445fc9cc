import { expect, test } from "vitest";
import type { Actor } from "../../contracts/definitions.js";
import { openStore } from "../../store/connect.js";
import { findGradeChanges } from "../../store/events.js";
import { findLeadById } from "../../store/leads.js";
import { findOutboxRows } from "../../store/outbox.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { GraderCache } from "../grading.js";
import { recordFacts } from "../leads/record-facts.js";
import { writeHappening } from "../leads/write-happening.js";
import { evidence, testApp } from "../testing/app.js";
import { activateDefinition, resumeActivation, startActivation } from "./activate.js";
import { getActivation } from "./activation-status.js";
import { addPeople, approvedVersion, captureWith, type LeadFacts, STRICT_A } from "./testing/fixtures.js";
import { getActiveDefinition } from "./versions.js";

/** Fact sets with their grade under variant A (version 1) and under STRICT_A (version 2). */
const CASES: readonly [LeadFacts, string, string][] = [
  [{ decision_date: "2027-03-01" }, "hot", "cold"],
  [{ decision_date: "2027-03-01", stated_interest: true }, "hot", "hot"],
  [{ stated_interest: true }, "warm", "warm"],
  [{}, "cold", "cold"],
  [{ decision_date: "2027-02-01", stated_interest: false }, "hot", "cold"],
];

describeEachDialect("definition activation", (ctx) => {
  async function setUp(leads: number) {
    const app = await testApp(ctx.store);
    await addPeople(ctx.store);
    const expected = new Map<string, { v1: string; v2: string; facts: LeadFacts }>();
    for (let i = 0; i < leads; i++) {
      const [facts, v1, v2] = CASES[i % CASES.length] as (typeof CASES)[number];
      expected.set(await captureWith(app.deps, `lead${i}@example.test`, facts), { v1, v2, facts });
    }
    const version = await approvedVersion(app.deps, STRICT_A);
    return { ...app, admin: { id: app.adminId, role: "admin" } as Actor, expected, version };
  }

  const leadRows = () => ctx.store.db.selectFrom("leads").selectAll().orderBy("id").execute();
  const gradeEvents = () => findGradeChanges(ctx.store.db);

  /**
   * Every lead graded with v1 or v2 has that version's grade; it has a grade event for v1 (its
   * capture) and one for v2 only if v2 changed its grade.
   */
  async function expectConsistent(expected: Map<string, { v1: string; v2: string }>) {
    const events = await gradeEvents();
    for (const lead of await leadRows()) {
      const want = expected.get(lead.id);
      if (!want) continue;
      expect(lead.grade).toBe(lead.graded_version === 1 ? want.v1 : want.v2);
      const mine = events.filter((e) => e.lead_id === lead.id);
      const versions = mine.map((e) => Number(e.version));
      expect(versions).toEqual(lead.graded_version === 2 && want.v1 !== want.v2 ? [1, 2] : [1]);
      expect(mine.at(-1)?.new_grade).toBe(lead.grade);
    }
  }

  test("a crash after batch 2 of 5 leaves every lead consistent; resuming finishes without duplicates", async () => {
    const { deps, admin, expected, version } = await setUp(20);
    const crash = activateDefinition(deps, version, admin, {
      batchSize: 4,
      onBatch: (n) => {
        if (n === 2) throw new Error("power cut");
      },
    });
    await expect(crash).rejects.toThrow("power cut");
    expect((await getActiveDefinition(deps)).version).toBe(version); // the flip committed first
    const midway = await leadRows();
    expect(midway.filter((l) => l.graded_version === 2)).toHaveLength(8);
    expect(midway.filter((l) => l.graded_version === 1)).toHaveLength(12);
    await expectConsistent(expected);

    // A lead captured now is graded with the new version at once: the activation leaves it alone.
    const late = await captureWith(deps, "late@example.test", { decision_date: "2027-03-01" });
    // A closed lead keeps the grade it closed with.
    const closedId = midway.find((l) => l.graded_version === 1)?.id as string;
    await ctx.store.db.updateTable("leads").set({ is_open: 0 }).where("id", "=", closedId).execute();

    // The record counts the committed batches only; the job waits for a runner.
    expect(await getActivation(deps, version)).toMatchObject({
      version,
      retiredVersion: 1,
      status: "queued",
      progress: { total: 20, done: 8 },
      finishedAt: null,
    });
    expect(await findOutboxRows(ctx.store.db, "definition.activated")).toEqual([]);

    expect(await resumeActivation(deps, { batchSize: 4 })).toMatchObject({
      version,
      regraded: 11,
      batches: 3,
    });
    expect(await resumeActivation(deps, { batchSize: 4 })).toEqual({
      version: null,
      regraded: 0,
      changed: 0,
      batches: 0,
    });
    expected.delete(closedId);
    const after = await leadRows();
    expect(after.filter((l) => l.graded_version !== 2).map((l) => l.id)).toEqual([closedId]);
    await expectConsistent(expected);
    const events = await gradeEvents();
    const activations = events.filter((e) => e.cause === "activation");
    // Only the leads whose grade changed get an event; the others are only stamped with version 2.
    const changing = [...expected.values()].filter((w) => w.v1 !== w.v2).length;
    expect(changing).toBeGreaterThanOrEqual(7);
    expect(activations).toHaveLength(changing);
    expect(new Set(activations.map((e) => e.lead_id)).size).toBe(changing);
    expect(activations.every((e) => Number(e.version) === 2)).toBe(true);
    expect(events.filter((e) => e.lead_id === late).map((e) => [e.cause, Number(e.version)])).toEqual([
      ["capture", 2],
    ]);
    // The record: 8 + 11 leads regraded; changed = the grade events that changed a grade.
    const changed = activations.filter((e) => e.old_grade !== e.new_grade).length;
    const record = await getActivation(deps, version);
    expect(record).toMatchObject({ status: "done", progress: { total: 20, done: 19 } });
    expect(record.progress.changed).toBeGreaterThanOrEqual(changed);
    expect(record.progress.changed).toBeLessThanOrEqual(19);
    // One definition.activated webhook, written when the regrade finished, with the counts.
    const hooks = await findOutboxRows(ctx.store.db, "definition.activated");
    expect(hooks.map((o) => JSON.parse(o.payload))).toEqual([
      {
        version,
        retiredVersion: 1,
        actor: admin.id,
        startedAt: record.startedAt,
        finishedAt: record.finishedAt,
        total: 20,
        regraded: 19,
        changed: record.progress.changed,
      },
    ]);
  });

  test("starting answers at once with the job; the version is active, the leads wait for the job", async () => {
    const { deps, admin, version, expected } = await setUp(7);
    const started = await startActivation(deps, version, admin);
    expect(started).toMatchObject({
      id: expect.any(Number),
      version,
      retiredVersion: 1,
      activatedBy: admin.id,
      status: "queued",
      progress: { total: 7, done: 0, changed: 0 },
      startedAt: deps.clock(),
      finishedAt: null,
    });
    expect((await getActivation(deps, version)).id).toBe(started.id);
    expect((await getActivation(deps, version)).status).toBe("queued");
    expect((await leadRows()).every((l) => l.graded_version === 1)).toBe(true);
    // Starting again for the active version answers the same activation, and no second job.
    expect((await startActivation(deps, version, admin)).id).toBe(started.id);
    const r = await resumeActivation(deps);
    expect(r).toMatchObject({ version, regraded: 7, batches: 1 });
    const done = await getActivation(deps, version);
    expect(done).toMatchObject({ status: "done", progress: { total: 7, done: 7 }, finishedAt: deps.clock() });
    expect(done.progress.changed).toBe(r.changed);
    await expectConsistent(expected);
  });

  test("a version never activated has no activation; an unknown one is not found", async () => {
    const { deps, admin, version } = await setUp(0);
    await expect(getActivation(deps, version)).rejects.toMatchObject({ code: "definition.not_activated" });
    await expect(getActivation(deps, 1)).rejects.toMatchObject({ code: "definition.not_activated" });
    await expect(getActivation(deps, 99)).rejects.toMatchObject({ code: "definition.not_found" });
    // Activating the active version installed at set-up, with nothing to regrade: a finished
    // record, no job to wait for and no webhook.
    const again = await startActivation(deps, 1, admin);
    expect(again).toMatchObject({ id: null, version: 1, status: "done", progress: { total: 0, done: 0 } });
    expect(await getActivation(deps, 1)).toEqual(again);
    expect(await findOutboxRows(ctx.store.db, "definition.activated")).toEqual([]);
  });

  test("the batch regrade writes exactly the rows a single-lead regrade writes", async () => {
    const { deps, admin, version } = await setUp(CASES.length);
    const before = await leadRows();
    const grader = deps.graders.get(version, STRICT_A);
    const rollback = new Error("rollback");
    let reference: { leads: unknown[]; events: unknown[] } = { leads: [], events: [] };
    await ctx.store.db
      .transaction()
      .execute(async (trx) => {
        for (const lead of before)
          await writeHappening(trx, {
            lead,
            isNew: false,
            type: "regraded",
            actor: "system",
            now: deps.clock(),
            data: {},
            regrade: { active: grader, cause: "activation" },
            eventOnlyOnGradeChange: true,
          });
        const leads = await Promise.all(before.map((l) => findLeadById(trx, l.id)));
        const events = (await findGradeChanges(trx)).filter((e) => e.cause === "activation");
        reference = { leads, events: events.map(({ eventId: _, ...e }) => e) };
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
    expect(reference.events).toHaveLength(CASES.filter(([, v1, v2]) => v1 !== v2).length);
    await activateDefinition(deps, version, admin, { batchSize: 2 });
    const events = (await gradeEvents())
      .filter((e) => e.cause === "activation")
      .map(({ eventId: _, ...e }) => e);
    expect(events).toEqual(reference.events);
    expect(await leadRows()).toEqual(reference.leads);
  });

  test("writers recording facts during the activation lose nothing and leave no lead behind", async () => {
    const { deps, admin, version, expected } = await setUp(30);
    const config = ctx.config.kind === "sqlite" ? { ...ctx.config, busyTimeoutMs: 0 } : ctx.config;
    const others = await Promise.all([openStore(config), openStore(config)]);
    const ids = (await leadRows()).map((l) => l.id);
    try {
      const writers = others.map((store) => ({ ...deps, store, graders: new GraderCache() }));
      const writes = ids.map((id, i) =>
        recordFacts(
          writers[i % writers.length] as typeof deps,
          id,
          { facts: [{ fact: "stated_interest", value: true, evidence: evidence("2026-11-27T09:30:00Z") }] },
          `writer-${i}`,
        ),
      );
      const [activation] = await Promise.all([
        activateDefinition(deps, version, admin, { batchSize: 4 }),
        ...writes,
      ]);
      expect(activation.regrade.version).toBe(version);
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
    const events = await gradeEvents();
    for (const lead of await leadRows()) {
      expect(lead.graded_version).toBe(2);
      const mine = events.filter((e) => e.lead_id === lead.id);
      expect(mine.filter((e) => e.cause === "activation").length).toBeLessThanOrEqual(1);
      expect(mine.at(-1)).toMatchObject({ new_grade: lead.grade });
      // Every lead now states interest: strict hot needs a decision date within 6 months too.
      expect(lead.grade).toBe(expected.get(lead.id)?.facts.decision_date ? "hot" : "warm");
    }
  });
});
