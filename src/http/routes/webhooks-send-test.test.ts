import { afterEach, expect, test } from "vitest";
import { deliverDue } from "../../app/webhooks/deliver.js";
import { verifySignature } from "../../app/webhooks/signature.js";
import { startReceiver } from "../../app/webhooks/testing/receiver.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describeEachDialect("webhook send test and disable", (ctx) => {
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  test("“Send test” delivers a signed ping through the real path and logs it; disabled hooks get none", async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const { as, deps } = await testServer(ctx.store, { allowPrivateWebhookTargets: true });
    const hook = (
      await as("admin", "POST", "/api/v1/webhooks", { url: receiver.url, events: ["lead.won"] })
    ).json();

    const ping = await as("admin", "POST", `/api/v1/webhooks/${hook.id}/test`);
    expect(ping.statusCode).toBe(202);
    expect(await deliverDue(deps, { allowPrivateTargets: true })).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got?.headers["truce-event"]).toBe("ping");
    const now = Math.floor(deps.clock() / 1000);
    expect(
      verifySignature(hook.secret, got?.headers["truce-signature"] as string, got?.body ?? "", now),
    ).toBe(true);
    const log = (await as("admin", "GET", `/api/v1/webhooks/${hook.id}/deliveries`)).json();
    expect(log.deliveries).toMatchObject([
      { event: "ping", eventId: ping.json().eventId, status: "delivered", attempts: 1, lastStatusCode: 200 },
    ]);

    const off = await as("admin", "POST", `/api/v1/webhooks/${hook.id}/disable`);
    expect(off.json()).toMatchObject({ status: "disabled" });
    // Disabling again changes nothing; a test while disabled waits (nothing is sent).
    expect((await as("admin", "POST", `/api/v1/webhooks/${hook.id}/disable`)).json().status).toBe("disabled");
    await as("admin", "POST", `/api/v1/webhooks/${hook.id}/test`);
    await deliverDue(deps, { allowPrivateTargets: true });
    expect(receiver.received).toHaveLength(1);
    expect((await as("admin", "POST", `/api/v1/webhooks/${hook.id}/enable`)).json().status).toBe("enabled");

    const sales = await as("sales", "POST", `/api/v1/webhooks/${hook.id}/disable`);
    expect(sales.statusCode).toBe(403);
    const missing = await as("admin", "POST", "/api/v1/webhooks/nope/disable");
    expect([missing.statusCode, missing.json().code]).toEqual([404, "webhook.not_found"]);
  });
});
