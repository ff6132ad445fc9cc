import { afterEach, expect, test } from "vitest";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { runDueJobs } from "../jobs/runner.js";
import { captureLead } from "../leads/capture-lead.js";
import { testApp } from "../testing/app.js";
import { ensureWebhooksJob, WEBHOOKS, webhooksHandler } from "./job.js";
import { createWebhook, listDeliveries, listWebhooks } from "./subscriptions.js";
import { startReceiver } from "./testing/receiver.js";

const ADMIN = { id: "admin", role: "admin" } as const;

describeEachDialect("webhook delivery when a runner dies", (ctx) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });

  test("a runner that loses its lease mid-delivery: another delivers; at least once, same delivery id", async () => {
    const { deps, clock } = await testApp(ctx.store);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // The first request is held (runner A's, in flight); later ones are answered at once.
    const receiver = await startReceiver({ hold: (n) => (n === 1 ? gate : Promise.resolve()) });
    cleanups.push(async () => {
      release();
      await receiver.close();
    });
    const hook = await createWebhook(deps, { url: receiver.url, events: ["lead.captured"] }, ADMIN, {
      allowPrivateTargets: true,
    });
    await captureLead(deps, { email: "a@x.test" }, "api");
    await ensureWebhooksJob(deps);
    const handlers = { [WEBHOOKS]: webhooksHandler({ allowPrivateTargets: true }) };

    const runA = runDueJobs(deps, { owner: "runner-a", handlers, leaseMs: 60_000 });
    while (receiver.received.length < 1) await new Promise((r) => setTimeout(r, 5));
    // Runner A hangs past its lease (as a crashed or stalled process would): B takes the job over.
    clock.advance(61_000);
    const runB = await runDueJobs(deps, { owner: "runner-b", handlers });
    expect(runB).toMatchObject([{ kind: WEBHOOKS, status: "rescheduled" }]);
    expect(receiver.received).toHaveLength(2);
    expect((await listDeliveries(deps, hook.id, {}, ADMIN))[0]).toMatchObject({
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
    });

    // A's request is answered late: its result is not recorded twice, and A stops at its checkpoint.
    release();
    expect(await runA).toMatchObject([{ kind: WEBHOOKS, status: "lost" }]);
    expect((await listDeliveries(deps, hook.id, {}, ADMIN))[0]).toMatchObject({
      status: "delivered",
      attempts: 1,
    });
    expect((await listWebhooks(deps, ADMIN))[0]?.consecutiveFailures).toBe(0);
    // Receivers see the same event twice, with the same Truce-Delivery id to drop the duplicate.
    const [a, b] = receiver.received;
    expect(a?.headers["truce-delivery"]).toBe(b?.headers["truce-delivery"]);
    expect(a?.body).toBe(b?.body);
  });
});
