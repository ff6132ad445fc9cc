import { createHmac } from "node:crypto";
import { afterEach, expect, test } from "vitest";
import { describeEachDialect } from "../../store/testing/dialects.js";
import type { AppDeps } from "../deps.js";
import { type JobRunnerOptions, runDueJobs } from "../jobs/runner.js";
import { captureLead } from "../leads/capture-lead.js";
import { evidence, testApp } from "../testing/app.js";
import { ensureWebhooksJob, WEBHOOKS, type WebhooksJobOptions, webhooksHandler } from "./job.js";
import { verifySignature } from "./signature.js";
import { createWebhook, enableWebhook, listDeliveries, listWebhooks, queuePing } from "./subscriptions.js";
import { startReceiver } from "./testing/receiver.js";

const ADMIN = { id: "admin", role: "admin" } as const;
const SECOND = 1000;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;
type Event = "lead.captured" | "lead.graded" | "lead.won";

describeEachDialect("webhook delivery job", (ctx) => {
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  async function setUp(options: WebhooksJobOptions = {}, receiverOptions = {}) {
    const t = await testApp(ctx.store);
    const receiver = await startReceiver(receiverOptions);
    receivers.push(receiver);
    const handlers = { [WEBHOOKS]: webhooksHandler({ allowPrivateTargets: true, ...options }) };
    const run = (owner = "runner-a", more: Partial<JobRunnerOptions> = {}) =>
      runDueJobs(t.deps, { owner, handlers, ...more });
    const subscribe = (events: Event[], url = receiver.url) =>
      createWebhook(t.deps, { url, events }, ADMIN, { allowPrivateTargets: true });
    await ensureWebhooksJob(t.deps);
    return { ...t, receiver, run, subscribe };
  }

  const capture = (deps: AppDeps, email: string) =>
    captureLead(
      deps,
      {
        email,
        facts: [
          { fact: "stated_interest", value: true, evidence: evidence(new Date(deps.clock()).toISOString()) },
        ],
      },
      "api",
    );

  test("delivers subscribed events, signed with the secret and timestamped; others are not sent", async () => {
    const { deps, receiver, run, subscribe } = await setUp();
    const other = await startReceiver();
    receivers.push(other);
    const hook = await subscribe(["lead.captured", "lead.graded"]);
    await subscribe(["lead.won"], other.url);
    const { leadId } = await capture(deps, "ivan@example.test");
    expect(await run()).toMatchObject([{ kind: WEBHOOKS, status: "rescheduled" }]);

    expect(other.received).toEqual([]);
    const got = receiver.received;
    expect(got.map((r) => r.headers["truce-event"])).toEqual(["lead.captured", "lead.graded"]);
    const now = Math.floor(deps.clock() / 1000);
    for (const r of got) {
      expect(r).toMatchObject({ method: "POST", path: "/hook" });
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["truce-timestamp"]).toBe(String(now));
      const mac = createHmac("sha256", hook.secret).update(`${now}.${r.body}`).digest("hex");
      expect(r.headers["truce-signature"]).toBe(`t=${now},v1=${mac}`);
      expect(verifySignature(hook.secret, r.headers["truce-signature"] as string, r.body, now)).toBe(true);
      expect(verifySignature("whsec_wrong", r.headers["truce-signature"] as string, r.body, now)).toBe(false);
      expect(verifySignature(hook.secret, r.headers["truce-signature"] as string, r.body, now + 301)).toBe(
        false,
      );
      expect(r.body).not.toContain("ivan");
    }
    const [captured, graded] = got.map((r) => JSON.parse(r.body));
    expect(captured).toMatchObject({
      event: "lead.captured",
      createdAt: new Date(deps.clock()).toISOString(),
      data: { leadId, facts: ["stated_interest"] },
    });
    expect(graded).toMatchObject({
      event: "lead.graded",
      data: { leadId, oldGrade: null, newGrade: "warm" },
    });
    const log = await listDeliveries(deps, hook.id, {}, ADMIN);
    expect(log.map((d) => [d.event, d.status, d.attempts, d.lastStatusCode, d.eventId])).toEqual([
      ["lead.graded", "delivered", 1, 200, graded.id],
      ["lead.captured", "delivered", 1, 200, captured.id],
    ]);
    expect(got.map((r) => r.headers["truce-delivery"])).toEqual(log.map((d) => d.id).reverse());

    // Nothing is sent twice; a ping goes to the one webhook it names.
    await run();
    expect(receiver.received).toHaveLength(2);
    await queuePing(deps, hook.id, ADMIN);
    await run();
    expect(receiver.received.map((r) => r.headers["truce-event"])).toEqual([
      "lead.captured",
      "lead.graded",
      "ping",
    ]);
    expect(other.received).toEqual([]);
  });

  test("a receiver answering 500 gets retries with growing delays, then success resets the failures", async () => {
    const { deps, clock, receiver, run, subscribe } = await setUp(
      {},
      { status: (n: number) => (n <= 3 ? 500 : 204) },
    );
    const hook = await subscribe(["lead.captured"]);
    await capture(deps, "a@x.test");
    const start = deps.clock();
    const attemptTimes: number[] = [];
    const logOf = async () => (await listDeliveries(deps, hook.id, {}, ADMIN))[0];
    const failures = async () => (await listWebhooks(deps, ADMIN))[0]?.consecutiveFailures;
    for (const wait of [0, 30, 60, 120]) {
      clock.advance((wait - 1) * SECOND);
      if (wait > 0) {
        await run(); // one second early: nothing is sent
        expect(receiver.received).toHaveLength(attemptTimes.length);
      }
      clock.advance(SECOND);
      await run();
      attemptTimes.push(deps.clock() - start);
      expect(receiver.received).toHaveLength(attemptTimes.length);
      if (attemptTimes.length <= 3) {
        expect(await logOf()).toMatchObject({
          status: "pending",
          attempts: attemptTimes.length,
          lastStatusCode: 500,
          lastError: "HTTP 500",
          nextAttemptAt: deps.clock() + 30 * SECOND * 2 ** (attemptTimes.length - 1),
        });
        expect(await failures()).toBe(attemptTimes.length);
      }
    }
    expect(attemptTimes).toEqual([0, 30, 90, 210].map((s) => s * SECOND));
    expect(await logOf()).toMatchObject({
      status: "delivered",
      attempts: 4,
      lastStatusCode: 204,
      deliveredAt: deps.clock(),
    });
    expect(await failures()).toBe(0);
    const ids = new Set(receiver.received.map((r) => r.headers["truce-delivery"]));
    expect(ids.size).toBe(1); // every retry carries the same delivery id
  });

  test("a delivery gives up after its attempts; repeated failures disable the webhook until enabled", async () => {
    const options = { maxAttempts: 2, disableAfter: 3, backoff: { baseMs: SECOND, maxMs: SECOND } };
    const { deps, clock, receiver, run, subscribe } = await setUp(options, { status: 500 });
    const hook = await subscribe(["lead.captured"]);
    await capture(deps, "a@x.test");
    await run();
    clock.advance(SECOND);
    await run();
    const first = await listDeliveries(deps, hook.id, {}, ADMIN);
    expect(first).toMatchObject([
      { status: "failed", attempts: 2, lastError: "gave up after 2 attempts: HTTP 500" },
    ]);
    expect((await listWebhooks(deps, ADMIN))[0]).toMatchObject({ status: "enabled", consecutiveFailures: 2 });

    await capture(deps, "b@x.test");
    await capture(deps, "c@x.test");
    clock.advance(2 * SECOND); // the job wakes at most 2 s (idleMs) after its last round
    await run(); // the third failure in a row disables it: the third delivery is not even tried
    expect(receiver.received).toHaveLength(3);
    const [hookNow] = await listWebhooks(deps, ADMIN);
    expect(hookNow).toMatchObject({ status: "disabled", consecutiveFailures: 3, disabledAt: deps.clock() });
    const log = await listDeliveries(deps, hook.id, {}, ADMIN);
    expect(log.map((d) => d.status)).toEqual(["failed", "failed", "failed"]);
    expect(log[0]?.lastError).toMatch(/disabled after 3 failed attempts/);

    await capture(deps, "d@x.test"); // not queued for a disabled webhook
    clock.advance(10 * SECOND);
    await run();
    expect(receiver.received).toHaveLength(3);
    expect(await listDeliveries(deps, hook.id, {}, ADMIN)).toHaveLength(3);

    expect(await enableWebhook(deps, hook.id, ADMIN)).toMatchObject({
      status: "enabled",
      consecutiveFailures: 0,
    });
    receiver.setStatus(200);
    await capture(deps, "e@x.test");
    clock.advance(2 * SECOND);
    await run();
    expect(receiver.received).toHaveLength(4);
    expect((await listDeliveries(deps, hook.id, {}, ADMIN))[0]).toMatchObject({ status: "delivered" });
  });
});
