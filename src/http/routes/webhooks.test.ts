import { expect, test } from "vitest";
import { hashToken } from "../../app/auth/secrets.js";
import { findOutboxRows } from "../../store/outbox.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

const BODY = { url: "http://127.0.0.1:9/hook", events: ["lead.captured", "lead.graded"] };

describeEachDialect("webhook routes", (ctx) => {
  test("an admin creates (secret shown once), lists, pings, reads the log, enables and deletes", async () => {
    const { as } = await testServer(ctx.store, { allowPrivateWebhookTargets: true });
    const created = await as("admin", "POST", "/api/v1/webhooks", BODY);
    expect(created.statusCode).toBe(201);
    const hook = created.json();
    expect(hook).toMatchObject({
      url: BODY.url,
      events: BODY.events,
      status: "enabled",
      consecutiveFailures: 0,
    });
    expect(hook.secret).toMatch(/^whsec_/);

    const list = (await as("admin", "GET", "/api/v1/webhooks")).json();
    expect(list.webhooks).toHaveLength(1);
    expect(list.webhooks[0]).not.toHaveProperty("secret");
    expect(JSON.stringify(list)).not.toContain(hook.secret);

    const ping = await as("admin", "POST", `/api/v1/webhooks/${hook.id}/test`);
    expect(ping.statusCode).toBe(202);
    expect((await findOutboxRows(ctx.store.db, "ping")).map((o) => String(o.id))).toEqual([
      ping.json().eventId,
    ]);
    const log = await as("admin", "GET", `/api/v1/webhooks/${hook.id}/deliveries?limit=10`);
    expect(log.json().deliveries).toMatchObject([
      { event: "ping", eventId: ping.json().eventId, status: "pending", attempts: 0, lastStatusCode: null },
    ]);
    expect(
      (await as("admin", "GET", `/api/v1/webhooks/${hook.id}/deliveries?status=delivered`)).json(),
    ).toEqual({
      deliveries: [],
    });

    await ctx.store.db.updateTable("webhooks").set({ disabled_at: 5, consecutive_failures: 20 }).execute();
    expect((await as("admin", "GET", "/api/v1/webhooks")).json().webhooks[0]).toMatchObject({
      status: "disabled",
      disabledAt: 5,
    });
    const enabled = await as("admin", "POST", `/api/v1/webhooks/${hook.id}/enable`);
    expect(enabled.json()).toMatchObject({ status: "enabled", consecutiveFailures: 0, disabledAt: null });

    expect((await as("admin", "DELETE", `/api/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    for (const [method, url] of [
      ["DELETE", `/api/v1/webhooks/${hook.id}`],
      ["POST", `/api/v1/webhooks/${hook.id}/enable`],
      ["POST", `/api/v1/webhooks/${hook.id}/test`],
      ["GET", `/api/v1/webhooks/${hook.id}/deliveries`],
    ] as const) {
      const r = await as("admin", method, url);
      expect([r.statusCode, r.json().code]).toEqual([404, "webhook.not_found"]);
    }
  });

  test("input is checked: events from the list, at least one; http(s) only; no private targets by default", async () => {
    const { as } = await testServer(ctx.store);
    const bad = [
      { ...BODY, events: [] },
      { ...BODY, events: ["lead.nurtured"] },
      { ...BODY, url: "ftp://example.com/x" },
      { ...BODY, url: "https://user:pw@example.com/x" },
      { ...BODY, extra: 1 },
      BODY,
      { ...BODY, url: "http://localhost:3000/x" },
      { ...BODY, url: "http://169.254.169.254/latest" },
    ];
    for (const payload of bad) {
      const r = await as("admin", "POST", "/api/v1/webhooks", payload);
      expect([r.statusCode, r.json().code], JSON.stringify(payload)).toEqual([400, "validation.invalid"]);
    }
    const ok = await as("admin", "POST", "/api/v1/webhooks", { ...BODY, url: "https://hooks.example.com/t" });
    expect(ok.statusCode).toBe(201);
  });

  test("admins only: other roles 403, anonymous 401; keys need the admin scope", async () => {
    const { app, as, clock } = await testServer(ctx.store, { allowPrivateWebhookTargets: true });
    const id = (await as("admin", "POST", "/api/v1/webhooks", BODY)).json().id;
    const routes = [
      ["POST", "/api/v1/webhooks", BODY],
      ["GET", "/api/v1/webhooks", undefined],
      ["GET", `/api/v1/webhooks/${id}/deliveries`, undefined],
      ["POST", `/api/v1/webhooks/${id}/enable`, undefined],
      ["POST", `/api/v1/webhooks/${id}/test`, undefined],
      ["DELETE", `/api/v1/webhooks/${id}`, undefined],
    ] as const;
    for (const [method, url, payload] of routes) {
      for (const role of ["marketing", "marketing_head", "sales", "sales_head"] as const)
        expect((await as(role, method, url, payload)).statusCode, `${role} ${method} ${url}`).toBe(403);
      expect((await as(null, method, url, payload)).statusCode, `anonymous ${method} ${url}`).toBe(401);
    }
    for (const [name, scopes] of [
      ["admin-key", ["admin"]],
      ["capture-key", ["capture", "read"]],
    ] as const) {
      await ctx.store.db
        .insertInto("api_keys")
        .values({
          id: name,
          name,
          key_hash: hashToken(`secret-${name}`),
          prefix: name,
          scopes: JSON.stringify(scopes),
          created_by: "admin",
          created_at: clock.now(),
        })
        .execute();
    }
    const withKey = (name: string) =>
      app.inject({ url: "/api/v1/webhooks", headers: { authorization: `Bearer secret-${name}` } });
    expect((await withKey("admin-key")).statusCode).toBe(200);
    expect((await withKey("capture-key")).statusCode).toBe(403);
    const spec = (await app.inject("/api/openapi.json")).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/webhooks",
        "/api/v1/webhooks/{id}/deliveries",
        "/api/v1/webhooks/{id}/test",
      ]),
    );
    expect(spec.paths["/api/v1/webhooks"].post.description).toContain("createHmac");
  });
});
