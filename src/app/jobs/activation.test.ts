import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import type { Actor } from "../../contracts/definitions.js";
import { claimJob, findJob } from "../../store/jobs.js";
import { findOutboxRows } from "../../store/outbox.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { resumeActivation, startActivation } from "../definitions/activate.js";
import { getActivation } from "../definitions/activation-status.js";
import { addPeople, approvedVersion, captureWith, STRICT_A } from "../definitions/testing/fixtures.js";
import { getLead } from "../leads/get-lead.js";
import { testApp } from "../testing/app.js";
import {
  ACTIVATION_JOB,
  activationHandler,
  isDeadLocalOwner,
  resumeActivationAtStart,
} from "./activation.js";
import { runDueJobs } from "./runner.js";

const MINUTE = 60_000;
const RUNNER = fileURLToPath(new URL("./testing/activation-runner.ts", import.meta.url));

/** The pid of a process that has exited: a runner killed mid-way. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  return r.pid as number;
}

describeEachDialect("activation job", (ctx) => {
  async function setUp(leads: number) {
    const app = await testApp(ctx.store);
    await addPeople(ctx.store);
    const ids: string[] = [];
    for (let i = 0; i < leads; i++)
      ids.push(
        await captureWith(app.deps, `lead${i}@example.test`, i % 2 ? { decision_date: "2027-03-01" } : {}),
      );
    const version = await approvedVersion(app.deps, STRICT_A);
    return { ...app, ids, admin: { id: app.adminId, role: "admin" } as Actor, version };
  }
  const byVersion = async () => {
    const rows = await ctx.store.db.selectFrom("leads").select("graded_version").execute();
    return rows.map((r) => Number(r.graded_version));
  };

  test("a runner killed mid-way: reads keep working, another runner takes the job over when the lease expires", async () => {
    const { deps, clock, admin, version, ids } = await setUp(12);
    const started = await startActivation(deps, version, admin);
    // Runner A claims the job and dies after 2 committed batches of 4, its lease still held.
    const claimed = await claimJob(ctx.store.db, { owner: "A", now: deps.clock(), leaseMs: MINUTE });
    expect(claimed).toMatchObject({ id: started.id, kind: ACTIVATION_JOB });
    const crash = resumeActivation(deps, {
      batchSize: 4,
      onBatch: (n) => {
        if (n === 2) throw new Error("killed");
      },
    });
    await expect(crash).rejects.toThrow("killed");
    expect(await getActivation(deps, version)).toMatchObject({
      status: "running",
      progress: { total: 12, done: 8 },
      finishedAt: null,
    });
    // Reads keep working, each lead on one version or the other.
    const lead = await getLead(deps, ids[0] as string, "admin");
    expect([1, version]).toContain(Number(lead.lead.graded_version));
    expect((await byVersion()).filter((v) => v === version)).toHaveLength(8);

    // While A's lease holds, runner B finds nothing due; once it expires, B finishes the job.
    const handlers = { [ACTIVATION_JOB]: activationHandler({ batchSize: 4 }) };
    expect(await runDueJobs(deps, { owner: "B", handlers })).toEqual([]);
    clock.advance(MINUTE + 1);
    expect((await getActivation(deps, version)).status).toBe("queued");
    const runs = await runDueJobs(deps, { owner: "B", handlers });
    expect(runs).toEqual([{ id: started.id, kind: ACTIVATION_JOB, attempt: 2, status: "done" }]);
    const done = await getActivation(deps, version);
    expect(done).toMatchObject({
      status: "done",
      progress: { total: 12, done: 12 },
      finishedAt: deps.clock(),
    });
    expect(await byVersion()).toEqual(ids.map(() => version));
    expect((await findJob(ctx.store.db, started.id as number))?.doneAt).toBe(deps.clock());
    const hooks = await findOutboxRows(ctx.store.db, "definition.activated");
    expect(hooks.map((h) => JSON.parse(h.payload))).toMatchObject([{ version, total: 12, regraded: 12 }]);
  });

  test("a runner that stops (SIGTERM) gives the job back; the next one resumes it", async () => {
    const { deps, admin, version } = await setUp(10);
    const started = await startActivation(deps, version, admin);
    const controller = new AbortController();
    const stopping = {
      [ACTIVATION_JOB]: activationHandler({
        batchSize: 3,
        onBatch: (n) => {
          if (n === 2) controller.abort();
        },
      }),
    };
    const first = await runDueJobs(deps, { owner: "A", handlers: stopping, signal: controller.signal });
    expect(first).toEqual([{ id: started.id, kind: ACTIVATION_JOB, attempt: 1, status: "released" }]);
    expect(await getActivation(deps, version)).toMatchObject({ status: "queued", progress: { done: 6 } });
    const handlers = { [ACTIVATION_JOB]: activationHandler({ batchSize: 3 }) };
    const second = await runDueJobs(deps, { owner: "B", handlers });
    expect(second).toEqual([{ id: started.id, kind: ACTIVATION_JOB, attempt: 1, status: "done" }]);
    expect(await getActivation(deps, version)).toMatchObject({
      status: "done",
      progress: { total: 10, done: 10 },
    });
  });

  test("at start-up, a lease held by a dead process of this host is taken back at once; a live one is not", async () => {
    const { deps, admin, version } = await setUp(5);
    const started = await startActivation(deps, version, admin);
    const live = `${hostname()}:${process.ppid}:x`;
    const dead = `${hostname()}:${deadPid()}:x`;
    expect([
      isDeadLocalOwner(live),
      isDeadLocalOwner(dead),
      isDeadLocalOwner(`elsewhere:${deadPid()}:x`),
    ]).toEqual([false, true, false]);
    const handlers = { [ACTIVATION_JOB]: activationHandler() };

    await claimJob(ctx.store.db, { owner: live, now: deps.clock(), leaseMs: MINUTE });
    expect(await resumeActivationAtStart(deps)).toMatchObject({ version, status: "running" });
    expect(await runDueJobs(deps, { owner: "B", handlers })).toEqual([]);

    await ctx.store.db.updateTable("jobs").set({ lease_owner: dead }).where("id", "=", started.id).execute();
    await resumeActivationAtStart(deps);
    expect(await runDueJobs(deps, { owner: "B", handlers })).toMatchObject([{ status: "done" }]);
    expect(await getActivation(deps, version)).toMatchObject({ status: "done", progress: { done: 5 } });
    // Finished: nothing to resume at the next start.
    expect(await resumeActivationAtStart(deps)).toBeUndefined();
  });

  test("a database upgraded mid-activation (active version, no record, leads behind) gets a record and a job", async () => {
    const { deps, admin, version } = await setUp(4);
    await startActivation(deps, version, admin);
    await ctx.store.db.deleteFrom("definition_activations").execute();
    await ctx.store.db.deleteFrom("jobs").where("kind", "=", ACTIVATION_JOB).execute();
    const made = await resumeActivationAtStart(deps);
    expect(made).toMatchObject({ version, status: "queued", progress: { total: 4, done: 0 } });
    expect(
      await runDueJobs(deps, { owner: "B", handlers: { [ACTIVATION_JOB]: activationHandler() } }),
    ).toMatchObject([{ status: "done" }]);
    expect(await byVersion()).toEqual([version, version, version, version]);
    expect(await resumeActivationAtStart(deps)).toBeUndefined();
  });
  test("a real process killed (SIGKILL) mid-way: the next start takes its lease back and finishes", async () => {
    const { deps, admin, version, ids } = await setUp(20);
    await startActivation(deps, version, admin);
    const child = spawn(process.execPath, ["--import", "tsx", RUNNER], {
      env: { ...process.env, TRUCE_TEST_DB: JSON.stringify(ctx.config), TRUCE_TEST_BATCH: "5" },
    });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += String(d);
        if (out.includes("batch 2")) resolve();
      });
      child.stderr.on("data", (d) => {
        out += String(d);
      });
      child.on("exit", () => reject(new Error(`the runner exited before batch 2: ${out}`)));
    });
    child.kill("SIGKILL");
    await once(child, "exit");
    const midway = await getActivation(deps, version);
    // The dead process still holds the lease: nobody else would take the job before it expires.
    expect(midway).toMatchObject({ status: "running", progress: { total: 20 }, finishedAt: null });
    expect(midway.progress.done).toBeGreaterThanOrEqual(10);
    expect(midway.progress.done).toBeLessThan(20);

    // The next start on this host sees its process is gone and resumes at once.
    expect(await resumeActivationAtStart(deps)).toMatchObject({ status: "queued" });
    const runs = await runDueJobs(deps, {
      owner: "next",
      handlers: { [ACTIVATION_JOB]: activationHandler() },
    });
    expect(runs).toMatchObject([{ kind: ACTIVATION_JOB, status: "done" }]);
    expect(await getActivation(deps, version)).toMatchObject({
      status: "done",
      progress: { total: 20, done: 20 },
    });
    expect(await byVersion()).toEqual(ids.map(() => version));
    expect(await findOutboxRows(ctx.store.db, "definition.activated")).toHaveLength(1);
  });
});
