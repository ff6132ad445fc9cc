import { expect, test } from "vitest";
import { hashToken } from "../app/auth/secrets.js";
import type { Role } from "../core/index.js";
import { describeEachDialect } from "../store/testing/dialects.js";
import { testServer } from "./testing/server.js";

/**
 * The whole permission matrix: every route × every role × each key scope × anonymous. The
 * expectations are written here from the brief, not read from the routes, so a route whose
 * declared access drifts fails; a route missing from this table fails too.
 */
type Who = Role | "anonymous" | "key:capture" | "key:read" | "key:admin";
const PEOPLE: readonly Role[] = ["admin", "marketing", "marketing_head", "sales", "sales_head"];
const EVERYONE: readonly Who[] = ["anonymous", ...PEOPLE, "key:capture", "key:read", "key:admin"];

const anyone: readonly Who[] = EVERYONE;
const people: readonly Who[] = PEOPLE;
const readers: readonly Who[] = [...PEOPLE, "key:read", "key:admin"];
const marketing: readonly Who[] = ["admin", "marketing", "marketing_head", "key:admin"];
const sales: readonly Who[] = ["admin", "sales", "sales_head", "key:admin"];
const admins: readonly Who[] = ["admin", "key:admin"];
const formEditors: readonly Who[] = ["admin", "marketing_head", "key:admin"];

const EXPECTED: Readonly<Record<string, readonly Who[]>> = {
  "GET /api/v1/health": anyone,
  "GET /api/v1/ready": anyone,
  "POST /api/v1/auth/sign-in": anyone,
  "POST /api/v1/auth/sign-out": people,
  "GET /api/v1/auth/me": people,
  "POST /api/v1/auth/password": people,
  "PATCH /api/v1/auth/me": people,
  // Company settings: everyone reads; the admin changes them and finishes the first run.
  "GET /api/v1/settings": readers,
  "PUT /api/v1/settings": admins,
  "POST /api/v1/settings/setup-done": admins,
  // Leads: everyone reads; marketing records facts and hands off; sales answers and closes.
  "GET /api/v1/leads": readers,
  "GET /api/v1/leads/:id": readers,
  "GET /api/v1/leads/count": readers,
  "GET /api/v1/sla/breaches": readers,
  "GET /api/v1/disputes": readers,
  "POST /api/v1/leads": marketing,
  "POST /api/v1/leads/:id/facts": marketing,
  "POST /api/v1/leads/:id/nurture": marketing,
  "POST /api/v1/leads/:id/hand-off": marketing,
  "POST /api/v1/leads/:id/recycle": marketing,
  "POST /api/v1/disputes/:id/resolve": marketing,
  "POST /api/v1/leads/:id/accept": sales,
  "POST /api/v1/leads/:id/reject": sales,
  "POST /api/v1/leads/:id/opportunity": sales,
  "POST /api/v1/leads/:id/win": sales,
  "POST /api/v1/leads/:id/lose": sales,
  "POST /api/v1/leads/:id/disputes": sales,
  "POST /api/v1/leads/:id/erase": admins,
  // Definitions: people draft and check; only the two heads approve; keys only read.
  "GET /api/v1/definitions": readers,
  "GET /api/v1/definitions/active": readers,
  "GET /api/v1/definitions/:version": readers,
  "GET /api/v1/definitions/:version/activation": readers,
  "GET /api/v1/catalogue": readers,
  "GET /api/v1/service-levels": readers,
  // Reports: everyone reads.
  "GET /api/v1/reports/grades": readers,
  "GET /api/v1/reports/conversion": readers,
  "GET /api/v1/reports/dimensions": readers,
  "POST /api/v1/definitions": people,
  "POST /api/v1/definitions/lint": people,
  "POST /api/v1/definitions/simulate": people,
  "POST /api/v1/definitions/:version/propose": people,
  "POST /api/v1/definitions/:version/approve": ["marketing_head", "sales_head"],
  "POST /api/v1/definitions/:version/activate": ["admin", "marketing_head", "sales_head"],
  // Only admins manage users, keys and webhooks.
  "GET /api/v1/users": admins,
  "POST /api/v1/users": admins,
  "PATCH /api/v1/users/:id": admins,
  "POST /api/v1/users/:id/reset-password": admins,
  "POST /api/v1/users/:id/revoke-sessions": admins,
  "GET /api/v1/keys": admins,
  "POST /api/v1/keys": admins,
  "POST /api/v1/keys/:id/revoke": admins,
  "GET /api/v1/webhooks": admins,
  "POST /api/v1/webhooks": admins,
  "GET /api/v1/webhooks/:id/deliveries": admins,
  "POST /api/v1/webhooks/:id/enable": admins,
  "POST /api/v1/webhooks/:id/disable": admins,
  "POST /api/v1/webhooks/:id/test": admins,
  "DELETE /api/v1/webhooks/:id": admins,
  // The inbox: each person's own saved views, and everyone's names for owner columns.
  "GET /api/v1/views": people,
  "POST /api/v1/views": people,
  "PATCH /api/v1/views/:id": people,
  "DELETE /api/v1/views/:id": people,
  "GET /api/v1/people": people,
  // Public capture from websites: capture keys (and admin keys), never sessions.
  "POST /api/v1/capture": ["key:capture", "key:admin"],
  "GET /api/v1/forms": ["admin", "marketing", "marketing_head", "key:admin"],
  "GET /api/v1/forms/:id": ["admin", "marketing", "marketing_head", "key:admin"],
  "GET /api/v1/forms/:id/snippet": ["admin", "marketing", "marketing_head", "key:admin"],
  "POST /api/v1/forms": formEditors,
  "PUT /api/v1/forms/:id": formEditors,
  "DELETE /api/v1/forms/:id": formEditors,
  "GET /forms/:id": anyone,
  "POST /forms/:id/submit": anyone,
};

describeEachDialect("permission matrix", (ctx) => {
  test("every route answers every caller as the brief says", { timeout: 120_000 }, async () => {
    const { app, sessions, clock } = await testServer(ctx.store);
    const keys: Record<string, string> = {};
    for (const scope of ["capture", "read", "admin"]) {
      const secret = `truce_matrix${scope}_${"x".repeat(20)}`;
      await ctx.store.db
        .insertInto("api_keys")
        .values({
          id: `k-${scope}`,
          name: scope,
          key_hash: hashToken(secret),
          prefix: "truce_m",
          scopes: JSON.stringify([scope]),
          created_by: "t",
          created_at: clock.now(),
        })
        .execute();
      keys[`key:${scope}`] = secret;
    }
    const routes = app.routeTable.filter((r) => r.method !== "OPTIONS" && r.url !== "/api/openapi.json");
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual(Object.keys(EXPECTED).sort());

    const problems: string[] = [];
    // Sign-out last: it ends the session the other calls use (each person's own, so all still run).
    const ordered = [...routes].sort(
      (a, b) => Number(a.url.endsWith("sign-out")) - Number(b.url.endsWith("sign-out")),
    );
    for (const route of ordered) {
      const name = `${route.method} ${route.url}`;
      const url = route.url.replace(":id", "00000000-0000-0000-0000-000000000000").replace(":version", "999");
      for (const who of EVERYONE) {
        const headers: Record<string, string> = {};
        const session = sessions.get(who as Role);
        if (session) Object.assign(headers, { cookie: session.cookie, "x-csrf-token": session.csrf });
        if (who.startsWith("key:")) headers.authorization = `Bearer ${keys[who]}`;
        const res = await app.inject({
          method: route.method as "GET",
          url,
          headers,
          ...(route.method === "GET" || route.method === "DELETE" ? {} : { payload: {} }),
        });
        const code = String(res.headers["content-type"] ?? "").includes("json")
          ? (res.json() as { code?: string }).code
          : undefined;
        const denied = code === "auth.required" || code === "auth.forbidden";
        const allowed = (EXPECTED[name] ?? []).includes(who);
        if (allowed === denied)
          problems.push(
            `${name} as ${who}: ${res.statusCode} ${code ?? ""} (expected ${allowed ? "allowed" : "denied"})`,
          );
        if (denied && res.statusCode !== (code === "auth.required" ? 401 : 403))
          problems.push(`${name} as ${who}: ${code} with status ${res.statusCode}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
