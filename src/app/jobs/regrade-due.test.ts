import { expect, test } from "vitest";
import { findGradeChanges } from "../../store/events.js";
import { claimJob, completeJob, extendLease, findJob, findJobByDedupeKey } from "../../store/jobs.js";
import { findLeadById } from "../../store/leads.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import type { AppDeps } from "../deps.js";
import { captureLead } from "../leads/capture-lead.js";
import { evidence, testApp } from "../testing/app.js";
import { ensureRegradeJob, REGRADE_DUE, regradeDueHandler, wakeRegradeJob } from "./regrade-due.js";
import { type JobLease, runDueJobs } from "./runner.js";

const HOUR = 3_600_000;

async function capture(deps: AppDeps, email: string, facts: Record<string, string | boolean>) {
  const at = new Date(deps.clock()).toISOString();
  const r = await captureLead(
    deps,
    { email, facts: Object.entries(facts).map(([fact, value]) => ({ fact, value, evidence: evidence(at) })) },
    "api",
  );
  return r.leadId;
}

describeEachDialect("time-based regrade job", (ctx) => {
  const timeEvents = async (leadId: string) =>
    (await findGradeChanges(ctx.store.db, leadId)).filter((e) => e.cause === "time");

  test("grades change when time passes: one event each, next change stored, a rerun writes nothing", async () => {
    const { deps, clock } = await testApp(ctx.store); // 2026-11-27T10:00Z
    const handlers = { [REGRADE_DUE]: regradeDueHandler() };
    const slipping = await capture(deps, "a@x.test", { decision_date: "2027-03-01", stated_interest: true });
    const nearing = await capture(deps, "b@x.test", { decision_date: "2027-08-01" });
    const steady = await capture(deps, "c@x.test", { stated_interest: true });
    const closed = await capture(deps, "d@x.test", { decision_date: "2027-01-15" });
    await ctx.store.db.updateTable("leads").set({ is_open: 0 }).where("id", "=", closed).execute();
    const job = await ensureRegradeJob(deps);
    expect((await ensureRegradeJob(deps)).id).toBe(job.id);

    // Nothing is due yet: the job sleeps at most an hour (the earliest change is in February).
    expect(await runDueJobs(deps, { owner: "a", handlers })).toMatchObject([{ status: "rescheduled" }]);
    expect((await findJob(ctx.store.db, job.id))?.runAt).toBe(clock.now() + HOUR);
    expect(await timeEvents(slipping)).toEqual([]);

    clock.set("2027-03-02T00:30:00Z");
    expect(await runDueJobs(deps, { owner: "a", handlers })).toMatchObject([{ status: "rescheduled" }]);
    const [slipped] = await timeEvents(slipping);
    expect(slipped).toMatchObject({ old_grade: "hot", new_grade: "warm", version: 1, at: clock.now() });
    expect(await timeEvents(slipping)).toHaveLength(1);
    expect(await findLeadById(ctx.store.db, slipping)).toMatchObject({
      grade: "warm",
      next_regrade_at: null,
    });
    expect(await timeEvents(nearing)).toMatchObject([{ old_grade: "cold", new_grade: "hot" }]);
    expect(await findLeadById(ctx.store.db, nearing)).toMatchObject({
      grade: "hot",
      next_regrade_at: Date.parse("2027-08-02T00:00:00Z"),
    });
    expect(await timeEvents(steady)).toEqual([]);
    expect(await timeEvents(closed)).toEqual([]);
    expect((await findLeadById(ctx.store.db, closed))?.grade).toBe("hot");
    expect(await findJob(ctx.store.db, job.id)).toMatchObject({ runAt: clock.now() + HOUR, doneAt: null });

    clock.advance(HOUR);
    expect(await runDueJobs(deps, { owner: "b", handlers })).toMatchObject([{ status: "rescheduled" }]);
    const counts = await Promise.all(
      [slipping, nearing, steady, closed].map(async (l) => (await timeEvents(l)).length),
    );
    expect(counts).toEqual([1, 1, 0, 0]);
    // The job sleeps until the next pending change when it is sooner than an hour away.
    clock.set("2027-08-01T23:40:00Z");
    await runDueJobs(deps, { owner: "b", handlers });
    expect((await findJob(ctx.store.db, job.id))?.runAt).toBe(Date.parse("2027-08-02T00:00:00Z"));
  });

  test("a runner dying mid-job: the lease expires, another runner finishes, each lead regraded once", async () => {
    const { deps, clock } = await testApp(ctx.store);
    const leads: string[] = [];
    // Ties on next_regrade_at across batch boundaries exercise the (next_regrade_at, id) keyset.
    for (const [i, date] of ["2027-01-10", "2027-01-10", "2027-01-10", "2027-01-10", "2027-01-20"].entries())
      leads.push(await capture(deps, `lead${i}@x.test`, { decision_date: date }));
    for (const [i, date] of ["2027-01-20", "2027-01-20"].entries())
      leads.push(await capture(deps, `late${i}@x.test`, { decision_date: date, stated_interest: true }));
    const { id } = await ensureRegradeJob(deps);
    clock.set("2027-02-01T08:00:00Z");
    const handler = regradeDueHandler({ batchSize: 3 });

    // Runner "a" claims the job, commits its first batch, then its process dies.
    const job = await claimJob(ctx.store.db, { owner: "a", now: clock.now(), leaseMs: 60_000 });
    expect(job?.id).toBe(id);
    const dying: JobLease = {
      owner: "a",
      signal: new AbortController().signal,
      checkpoint: async () => {
        throw new Error("process killed");
      },
    };
    await expect(handler(deps, job as NonNullable<typeof job>, dying)).rejects.toThrow("process killed");
    const counts = async () => Promise.all(leads.map(async (l) => (await timeEvents(l)).length));
    expect(await counts()).toEqual([1, 1, 1, 0, 0, 0, 0]);

    // While the dead runner's lease lasts, nobody else runs the job.
    const handlers = { [REGRADE_DUE]: handler };
    expect(await runDueJobs(deps, { owner: "b", handlers })).toEqual([]);
    clock.advance(60_000);
    expect(await runDueJobs(deps, { owner: "b", handlers })).toEqual([
      { id, kind: REGRADE_DUE, attempt: 2, status: "rescheduled" },
    ]);
    expect(await counts()).toEqual([1, 1, 1, 1, 1, 1, 1]);
    for (const l of leads) expect((await findLeadById(ctx.store.db, l))?.next_regrade_at).toBeNull();
    expect(await completeJob(ctx.store.db, id, "a", clock.now())).toBe(false);
    expect(await extendLease(ctx.store.db, id, "a", clock.now() + 60_000)).toBe(false);
    expect(await findJob(ctx.store.db, id)).toMatchObject({ doneAt: null, attempts: 0, leaseOwner: null });
  });

  test("wakeRegradeJob moves the job earlier, never later", async () => {
    const { deps, clock } = await testApp(ctx.store);
    const t0 = clock.now();
    await wakeRegradeJob(ctx.store.db, t0 + 2 * HOUR); // creates it when missing
    await wakeRegradeJob(ctx.store.db, t0 + 10 * 60_000);
    await wakeRegradeJob(ctx.store.db, t0 + 5 * HOUR);
    expect((await findJobByDedupeKey(ctx.store.db, REGRADE_DUE))?.runAt).toBe(t0 + 10 * 60_000);
    await ensureRegradeJob(deps);
    expect((await findJobByDedupeKey(ctx.store.db, REGRADE_DUE))?.runAt).toBe(t0);
  });
});
