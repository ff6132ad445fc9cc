import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { hashToken } from "../../app/auth/secrets.js";
import { ROLES, type Role } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

const ev = { channel: "call", recordedBy: "x@example.test", recordedAt: "2026-11-27T09:00:00Z" };
const M: Role[] = ["admin", "marketing", "marketing_head"];
const S: Role[] = ["admin", "sales", "sales_head"];
const READ = { roles: [...ROLES], scopes: ["read", "admin"] };
const write = (roles: Role[]) => ({ roles, scopes: ["admin"] });

/**
 * Who may call each route. Probes pass validation and then miss (an unknown lead or dispute), so
 * an allowed caller gets a 2xx or a 404 and never writes, and a refused one gets 401 or 403.
 */
const ROUTES: [string, string, object | undefined, { roles: Role[]; scopes: string[] }][] = [
  ["GET", "/api/v1/leads", undefined, READ],
  ["GET", "/api/v1/leads/nope", undefined, READ],
  ["GET", "/api/v1/disputes", undefined, READ],
  ["GET", "/api/v1/sla/breaches", undefined, READ],
  ["POST", "/api/v1/leads", { name: "Probe" }, write(M)],
  [
    "POST",
    "/api/v1/leads/nope/facts",
    { facts: [{ fact: "stated_interest", value: true, evidence: ev }] },
    write(M),
  ],
  ["POST", "/api/v1/leads/nope/nurture", undefined, write(M)],
  ["POST", "/api/v1/leads/nope/hand-off", undefined, write(M)],
  ["POST", "/api/v1/leads/nope/recycle", undefined, write(M)],
  ["POST", "/api/v1/leads/nope/accept", undefined, write(S)],
  ["POST", "/api/v1/leads/nope/reject", { reason: "unreachable" }, write(S)],
  ["POST", "/api/v1/leads/nope/opportunity", {}, write(S)],
  ["POST", "/api/v1/leads/nope/win", { amount: 1, currency: "EUR" }, write(S)],
  ["POST", "/api/v1/leads/nope/lose", { reason: "price" }, write(S)],
  [
    "POST",
    "/api/v1/leads/nope/disputes",
    { fact: "stated_interest", claimedValue: false, evidence: ev },
    write(S),
  ],
  ["POST", "/api/v1/disputes/99999/resolve", { decision: "accept" }, write(M)],
  ["POST", "/api/v1/leads/nope/erase", { reference: "R-1" }, write(["admin"])],
];

describeEachDialect("who may call the lead routes", (ctx) => {
  test("each role and each key scope, allowed or refused, per route", async () => {
    const { app, as, store } = { ...(await testServer(ctx.store)), store: ctx.store };
    const keys = new Map<string, string>();
    for (const scope of ["read", "capture", "admin"]) {
      const secret = `truce_test_${scope}_key_0123456789`;
      await store.db
        .insertInto("api_keys")
        .values({
          id: `key-${scope}`,
          name: scope,
          key_hash: hashToken(secret),
          prefix: secret.slice(0, 8),
          scopes: JSON.stringify([scope]),
          created_by: "test",
          created_at: 0,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
      keys.set(scope, secret);
    }
    const byKey = (scope: string, method: string, url: string, payload: object | undefined) =>
      app.inject({
        method: method as "GET" | "POST",
        url,
        ...(payload ? { payload: payload as Record<string, unknown> } : {}),
        headers: { authorization: `Bearer ${keys.get(scope)}` },
      });
    const outcomes: string[] = [];
    for (const [method, url, payload, allowed] of ROUTES) {
      const got = async (who: string, call: Promise<{ statusCode: number }>) =>
        `${method} ${url} ${who}: ${(await call).statusCode}`;
      for (const role of ROLES) {
        const expected = allowed.roles.includes(role) ? "ok" : 403;
        outcomes.push(`${await got(role, as(role, method as "GET", url, payload))} → ${expected}`);
      }
      for (const scope of keys.keys()) {
        const expected = allowed.scopes.includes(scope) ? "ok" : 403;
        outcomes.push(`${await got(`key:${scope}`, byKey(scope, method, url, payload))} → ${expected}`);
      }
      outcomes.push(`${await got("anonymous", as(null, method as "GET", url, payload))} → 401`);
    }
    // "ok" means the caller got through: a 2xx, or the 404 of the probe's missing lead or dispute.
    const wrong = outcomes.filter((o) => {
      const [, status, expected] = /: (\d+) → (\w+)$/.exec(o) ?? [];
      return expected === "ok" ? !/^(2\d\d|404)$/.test(status ?? "") : status !== expected;
    });
    expect(wrong).toEqual([]);
    expect(outcomes).toHaveLength(ROUTES.length * 9);

    // A lead's available moves follow what the caller may do: none for a read key, an admin's for an
    // admin key — and what the lead allows: a Cold lead may be nurtured, not handed off.
    const id = (await as("marketing", "POST", "/api/v1/leads", { name: "Olga" })).json().leadId;
    const movesOf = async (scope: string) =>
      (await byKey(scope, "GET", `/api/v1/leads/${id}`, undefined)).json().availableMoves;
    expect([await movesOf("read"), await movesOf("admin")]).toEqual([[], ["nurture"]]);
  });

  test("over a real socket: list and capture with a session cookie and its CSRF token; OpenAPI documents the routes", async () => {
    const { app, sessions } = await testServer(ctx.store);
    await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const s = sessions.get("marketing");
      const headers = { cookie: s?.cookie ?? "", "content-type": "application/json" };
      const created = await fetch(`${base}/api/v1/leads`, {
        method: "POST",
        headers: { ...headers, "x-csrf-token": s?.csrf ?? "", "idempotency-key": "real-http-0001" },
        body: JSON.stringify({ name: "Olga", email: "olga@example.test" }),
      });
      expect(created.status).toBe(201);
      const { leadId } = (await created.json()) as { leadId: string };
      expect(created.headers.get("location")).toBe(`/api/v1/leads/${leadId}`);
      const noCsrf = await fetch(`${base}/api/v1/leads`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "Ivan" }),
      });
      expect(noCsrf.status).toBe(403);
      const list = await fetch(`${base}/api/v1/leads?q=olga&limit=10`, {
        headers: { cookie: headers.cookie },
      });
      expect(list.status).toBe(200);
      expect(list.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await list.json()).toMatchObject({ items: [{ id: leadId, name: "Olga" }], nextCursor: null });

      const spec = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string }[] }>>;
      };
      for (const path of [
        "/api/v1/leads",
        "/api/v1/leads/{id}",
        "/api/v1/leads/{id}/facts",
        "/api/v1/leads/{id}/hand-off",
        "/api/v1/leads/{id}/win",
        "/api/v1/leads/{id}/disputes",
        "/api/v1/leads/{id}/erase",
        "/api/v1/disputes",
        "/api/v1/disputes/{id}/resolve",
        "/api/v1/sla/breaches",
      ])
        expect(Object.keys(spec.paths)).toContain(path);
      expect(spec.paths["/api/v1/leads"]?.get?.parameters?.map((p) => p.name)).toEqual([
        "grade",
        "stage",
        "stageSince",
        "source",
        "campaign",
        "owner",
        "sla",
        "q",
        "sort",
        "limit",
        "cursor",
      ]);
      expect(JSON.stringify(spec.paths["/api/v1/leads/{id}/win"]?.post?.requestBody)).toContain(
        '"additionalProperties":false',
      );
    } finally {
      await app.close();
    }
  });
});
