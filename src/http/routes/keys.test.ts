import { expect, test } from "vitest";
import { hashToken } from "../../app/auth/secrets.js";
import type { Role } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

type App = Awaited<ReturnType<typeof testServer>>["app"];

const bearer = (app: App, key: string, method: "GET" | "POST", url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

describeEachDialect("API keys API", (ctx) => {
  test("create (shown once, hashed at rest) → use with Bearer → last used → revoke → 401", async () => {
    const { app, as, clock, adminId } = await testServer(ctx.store);
    const created = await as("admin", "POST", "/api/v1/keys", { name: "CRM sync", scopes: ["read"] });
    expect(created.statusCode).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^truce_[0-9a-f]{8}_[\w-]{43}$/);
    expect(key.startsWith(`${prefix}_`)).toBe(true);
    expect(created.json()).toMatchObject({
      scopes: ["read"],
      createdBy: adminId,
      lastUsedAt: null,
      revokedAt: null,
    });
    const row = await ctx.store.db
      .selectFrom("api_keys")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashToken(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(prefix.length + 1));
    const listed = (await as("admin", "GET", "/api/v1/keys")).json();
    expect(listed).toHaveLength(1);
    expect(listed[0].key).toBeUndefined();

    clock.advance(5_000);
    expect((await bearer(app, key, "GET", "/api/v1/definitions")).statusCode).toBe(200);
    const usedAt = clock.now();
    expect((await as("admin", "GET", "/api/v1/keys")).json()[0].lastUsedAt).toBe(usedAt);
    clock.advance(30_000); // written at most once a minute
    await bearer(app, key, "GET", "/api/v1/definitions");
    expect((await as("admin", "GET", "/api/v1/keys")).json()[0].lastUsedAt).toBe(usedAt);
    clock.advance(60_000);
    await bearer(app, key, "GET", "/api/v1/definitions");
    expect((await as("admin", "GET", "/api/v1/keys")).json()[0].lastUsedAt).toBe(clock.now());

    const revoked = await as("admin", "POST", `/api/v1/keys/${id}/revoke`);
    expect(revoked.json().revokedAt).toBe(clock.now());
    const refused = await bearer(app, key, "GET", "/api/v1/definitions");
    expect([refused.statusCode, refused.json().code]).toEqual([401, "auth.required"]);
    clock.advance(1_000);
    const again = await as("admin", "POST", `/api/v1/keys/${id}/revoke`);
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt); // revoking twice changes nothing
    expect((await as("admin", "GET", "/api/v1/keys")).json()[0].revokedAt).toBe(revoked.json().revokedAt);
    const missing = await as("admin", "POST", "/api/v1/keys/nope/revoke");
    expect([missing.statusCode, missing.json().code]).toEqual([404, "key.not_found"]);
    const wrong = await bearer(app, `${key}x`, "GET", "/api/v1/definitions");
    expect(wrong.statusCode).toBe(401);
  });

  test("scopes: read cannot write, capture cannot read, admin manages keys; bad scopes refused", async () => {
    const { app, as } = await testServer(ctx.store);
    const make = async (scopes: string[]) =>
      (await as("admin", "POST", "/api/v1/keys", { name: scopes.join("+"), scopes })).json().key as string;
    const [read, capture, admin] = [await make(["read"]), await make(["capture"]), await make(["admin"])];
    const readPost = await bearer(app, read, "POST", "/api/v1/keys", { name: "x", scopes: ["read"] });
    expect([readPost.statusCode, readPost.json().code]).toEqual([403, "auth.forbidden"]);
    expect((await bearer(app, read, "GET", "/api/v1/keys")).statusCode).toBe(403);
    expect((await bearer(app, capture, "GET", "/api/v1/definitions")).statusCode).toBe(403);
    expect((await bearer(app, capture, "GET", "/api/v1/users")).statusCode).toBe(403);

    // An admin key provisions without CSRF (keys are sent deliberately) and is recorded as the creator.
    const byKey = await bearer(app, admin, "POST", "/api/v1/keys", {
      name: "k",
      scopes: ["capture", "read", "read"],
    });
    expect(byKey.statusCode).toBe(201);
    expect(byKey.json().scopes).toEqual(["capture", "read"]);
    expect(byKey.json().createdBy).toMatch(/^key:/);
    expect((await bearer(app, admin, "GET", "/api/v1/users")).statusCode).toBe(200);

    for (const scopes of [[], ["owner"], "read"]) {
      const r = await as("admin", "POST", "/api/v1/keys", { name: "bad", scopes });
      expect([r.statusCode, r.json().code]).toEqual([400, "validation.invalid"]);
    }
    expect((await as("admin", "POST", "/api/v1/keys", { name: " ", scopes: ["read"] })).statusCode).toBe(400);
  });

  test("only admins manage keys; cookie writes need the CSRF token", async () => {
    const { app, as, sessions } = await testServer(ctx.store);
    const id = (await as("admin", "POST", "/api/v1/keys", { name: "k", scopes: ["read"] })).json().id;
    const routes: [string, string, object | undefined][] = [
      ["GET", "/api/v1/keys", undefined],
      ["POST", "/api/v1/keys", { name: "k2", scopes: ["read"] }],
      ["POST", `/api/v1/keys/${id}/revoke`, undefined],
    ];
    for (const [method, url, payload] of routes) {
      for (const role of ["marketing", "marketing_head", "sales", "sales_head"] as Role[]) {
        const r = await as(role, method as "GET", url, payload);
        expect([method, url, role, r.statusCode, r.json().code]).toEqual([
          method,
          url,
          role,
          403,
          "auth.forbidden",
        ]);
      }
      expect((await as(null, method as "GET", url, payload)).statusCode).toBe(401);
    }
    const noCsrf = await app.inject({
      method: "POST",
      url: `/api/v1/keys/${id}/revoke`,
      headers: { cookie: sessions.get("admin")?.cookie ?? "" },
    });
    expect([noCsrf.statusCode, noCsrf.json().code]).toEqual([403, "auth.csrf"]);
    expect((await as("admin", "GET", "/api/v1/keys")).json()[0].revokedAt).toBeNull();
  });
});
