import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { openStore, type Store } from "../../store/connect.js";
import { claimJob, completeJob, findJob, findJobByDedupeKey, scheduleJob } from "../../store/jobs.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testApp } from "../testing/app.js";
import { type JobHandler, runDueJobs, startJobLoop } from "./runner.js";

const MINUTE = 60_000;

describeEachDialect("job runner", (ctx) => {
  test("scheduling one dedupe key twice keeps one row and the earlier time; a done job is re-armed", async () => {
    const { deps } = await testApp(ctx.store);
    const db = ctx.store.db;
    const now = deps.clock();
    const first = await scheduleJob(db, { kind: "k", dedupeKey: "d", payload: { n: 1 }, runAt: now + 10 });
    const earlier = await scheduleJob(db, { kind: "k", dedupeKey: "d", payload: { n: 2 }, runAt: now + 5 });
    const later = await scheduleJob(db, { kind: "k", dedupeKey: "d", payload: { n: 3 }, runAt: now + 20 });
    expect(earlier).toMatchObject({ id: first.id, runAt: now + 5, payload: { n: 1 } });
    expect(later).toMatchObject({ id: first.id, runAt: now + 5, payload: { n: 1 }, attempts: 0 });
    const count = await db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(1);

    const claimed = await claimJob(db, { owner: "a", now: now + 5, leaseMs: MINUTE });
    expect(await completeJob(db, first.id, "a", now + 6)).toBe(true);
    expect(claimed?.attempts).toBe(1);
    const again = await scheduleJob(db, { kind: "k", dedupeKey: "d", payload: { n: 4 }, runAt: now + 30 });
    expect(again).toMatchObject({
      id: first.id,
      runAt: now + 30,
      payload: { n: 4 },
      doneAt: null,
      attempts: 0,
    });
  });

  test("a claim holds the job until its lease expires, then another owner takes it over", async () => {
    const { deps } = await testApp(ctx.store);
    const db = ctx.store.db;
    const now = deps.clock();
    await scheduleJob(db, { kind: "k", dedupeKey: "later", runAt: now + MINUTE });
    const job = await scheduleJob(db, { kind: "k", dedupeKey: "now", runAt: now });
    expect(await claimJob(db, { owner: "a", now, leaseMs: MINUTE, kinds: ["other"] })).toBeUndefined();
    expect(await claimJob(db, { owner: "a", now, leaseMs: MINUTE })).toMatchObject({
      id: job.id,
      leaseOwner: "a",
      leaseUntil: now + MINUTE,
      attempts: 1,
    });
    expect(
      await claimJob(db, { owner: "b", now: now + 1000, leaseMs: MINUTE, kinds: ["k"] }),
    ).toBeUndefined();
    // At now + 1 min the other job is due too, but the expired claim is older: it goes first.
    const taken = await claimJob(db, { owner: "b", now: now + MINUTE, leaseMs: MINUTE });
    expect(taken).toMatchObject({ id: job.id, leaseOwner: "b", attempts: 2 });
    expect(await completeJob(db, job.id, "a", now + MINUTE)).toBe(false);
    expect(await completeJob(db, job.id, "b", now + MINUTE)).toBe(true);
  });

  test("runners racing for the same jobs, over separate connections, run each exactly once", async () => {
    const { deps } = await testApp(ctx.store);
    const now = deps.clock();
    for (let i = 0; i < 12; i++)
      await scheduleJob(ctx.store.db, { kind: "count", dedupeKey: `job-${i}`, payload: i, runAt: now });
    const invocations = new Map<number, string[]>();
    const handler: JobHandler = async (_deps, job, lease) => {
      invocations.set(job.id, [...(invocations.get(job.id) ?? []), lease.owner]);
      await sleep(5); // long enough for the other runners to try to claim the same job
    };
    // One store per runner, as in separate server processes: PostgreSQL pools, SQLite connections
    // (which, sharing this thread, must not wait synchronously on each other's locks).
    const config = ctx.config.kind === "sqlite" ? { ...ctx.config, busyTimeoutMs: 0 } : ctx.config;
    const stores = await Promise.all([1, 2, 3].map(() => openStore(config, { migrate: false })));
    try {
      const race = (owners: readonly string[]) =>
        Promise.all(
          owners.map((owner, i) =>
            runDueJobs({ ...deps, store: stores[i] as Store }, { owner, handlers: { count: handler } }),
          ),
        );
      const runs = await race(["a", "b", "c"]);
      expect([...invocations.values()].map((owners) => owners.length)).toEqual(Array(12).fill(1));
      expect(runs.flat().map((r) => r.status)).toEqual(Array(12).fill("done"));
      expect(runs.filter((r) => r.length > 0).length).toBeGreaterThan(1);

      // One job, three runners: one runs it, the others find nothing.
      await scheduleJob(ctx.store.db, { kind: "count", dedupeKey: "single", runAt: now });
      expect((await race(["x", "y", "z"])).flat()).toHaveLength(1);
      expect(invocations.size).toBe(13);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test("a failing handler is retried with exponential backoff; the error and attempts are kept", async () => {
    const { deps, clock } = await testApp(ctx.store);
    const job = await scheduleJob(ctx.store.db, { kind: "flaky", dedupeKey: "f", runAt: clock.now() });
    let calls = 0;
    const handlers: Record<string, JobHandler> = {
      flaky: async () => {
        if (++calls <= 2) throw new Error(`boom ${calls}`);
      },
    };
    const options = { owner: "a", handlers, backoff: { baseMs: 30_000, maxMs: 45_000 } };
    const t0 = clock.now();
    expect(await runDueJobs(deps, options)).toEqual([
      { id: job.id, kind: "flaky", attempt: 1, status: "failed", error: "boom 1", retryAt: t0 + 30_000 },
    ]);
    expect(await findJob(ctx.store.db, job.id)).toMatchObject({
      runAt: t0 + 30_000,
      lastError: "boom 1",
      attempts: 1,
      leaseOwner: null,
      doneAt: null,
    });
    clock.advance(29_999);
    expect(await runDueJobs(deps, options)).toEqual([]);
    clock.advance(1);
    const second = await runDueJobs(deps, options);
    expect(second[0]).toMatchObject({ status: "failed", attempt: 2, retryAt: clock.now() + 45_000 }); // 60 s, capped
    clock.advance(45_000);
    expect((await runDueJobs(deps, options))[0]).toMatchObject({ status: "done", attempt: 3 });
    expect(await findJob(ctx.store.db, job.id)).toMatchObject({ doneAt: clock.now(), attempts: 3 });
  });

  test("a runner that lost its lease mid-job stops and records nothing", async () => {
    const { deps, clock } = await testApp(ctx.store);
    const job = await scheduleJob(ctx.store.db, { kind: "slow", dedupeKey: "s", runAt: clock.now() });
    const runs = await runDueJobs(deps, {
      owner: "a",
      leaseMs: MINUTE,
      handlers: {
        slow: async (_deps, _job, lease) => {
          // The runner stalls past its lease; meanwhile another process takes the job over.
          clock.advance(2 * MINUTE);
          await claimJob(ctx.store.db, { owner: "b", now: clock.now(), leaseMs: MINUTE });
          await lease.checkpoint();
          throw new Error("unreachable: the checkpoint throws");
        },
      },
    });
    expect(runs).toEqual([{ id: job.id, kind: "slow", attempt: 1, status: "lost" }]);
    expect(await findJob(ctx.store.db, job.id)).toMatchObject({
      leaseOwner: "b",
      attempts: 2,
      lastError: null,
    });
  });

  test("stopping the loop lets the running job reach a checkpoint and gives it back", async () => {
    const { deps, clock } = await testApp(ctx.store);
    const t0 = clock.now();
    const job = await scheduleJob(ctx.store.db, { kind: "long", dedupeKey: "l", runAt: t0 });
    let started!: () => void;
    const isStarted = new Promise<void>((r) => {
      started = r;
    });
    const errors: unknown[] = [];
    const loop = startJobLoop(deps, {
      owner: "a",
      pollMs: 5,
      onError: (e) => errors.push(e),
      handlers: {
        long: async (_deps, _job, lease) => {
          started();
          while (true) {
            await sleep(2);
            await lease.checkpoint(); // throws once stop() aborts the runner
          }
        },
      },
    });
    await isStarted;
    await loop.stop();
    expect(errors).toEqual([]);
    expect(await findJob(ctx.store.db, job.id)).toMatchObject({
      runAt: t0,
      leaseOwner: null,
      leaseUntil: null,
      attempts: 0,
      doneAt: null,
    });
  });

  test("the loop polls the table: a job scheduled later is run without being told", async () => {
    const { deps, clock } = await testApp(ctx.store);
    const ran: string[] = [];
    const loop = startJobLoop(deps, {
      owner: "a",
      pollMs: 5,
      handlers: { note: async (_deps, job) => void ran.push(job.dedupeKey) },
    });
    try {
      await sleep(20);
      await scheduleJob(ctx.store.db, { kind: "note", dedupeKey: "n1", runAt: clock.now() });
      for (let i = 0; i < 200 && ran.length === 0; i++) await sleep(5);
    } finally {
      await loop.stop();
    }
    expect(ran).toEqual(["n1"]);
    expect((await findJobByDedupeKey(ctx.store.db, "n1"))?.doneAt).toBe(clock.now());
  });
});
