import { expect, test } from "vitest";
import type { Role } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

type App = Awaited<ReturnType<typeof testServer>>["app"];

/** Signs in and returns a caller for that session. */
async function signIn(app: App, email: string, password: string) {
  const r = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password } });
  const cookie = r.cookies.find((c) => c.name === "truce_session");
  const headers = { cookie: `truce_session=${cookie?.value}`, "x-csrf-token": r.json().csrfToken as string };
  const call = (method: "GET" | "POST" | "PUT" | "PATCH", url: string, payload?: object) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: r.statusCode, body: r.json(), call };
}

describeEachDialect("first run, settings, who am I", (ctx) => {
  test("a one-time password allows only who-am-I, language, changing it and signing out; then everything", async () => {
    const { app, as } = await testServer(ctx.store);
    const created = await as("admin", "POST", "/api/v1/users", {
      email: "olga@example.test",
      name: "Olga",
      role: "sales_head",
    });
    const otp = created.json().oneTimePassword as string;
    const olga = await signIn(app, "olga@example.test", otp);
    expect(olga.body.user.mustChangePassword).toBe(true);
    const me = (await olga.call("GET", "/api/v1/auth/me")).json();
    expect(me).toMatchObject({ mustChangePassword: true, locale: null, setupPending: false });
    for (const [method, url] of [
      ["GET", "/api/v1/leads"],
      ["GET", "/api/v1/settings"],
      ["GET", "/api/v1/definitions"],
      ["POST", "/api/v1/definitions/2/approve"],
    ] as const) {
      const r = await olga.call(method, url);
      expect([url, r.statusCode, r.json().code]).toEqual([url, 403, "auth.password_change_required"]);
    }
    const lang = await olga.call("PATCH", "/api/v1/auth/me", { locale: "ru" });
    expect([lang.statusCode, lang.json().locale]).toEqual([200, "ru"]);
    const same = await olga.call("POST", "/api/v1/auth/password", { currentPassword: otp, newPassword: otp });
    expect([same.statusCode, same.json().code]).toEqual([422, "auth.same_password"]);
    const changed = await olga.call("POST", "/api/v1/auth/password", {
      currentPassword: otp,
      newPassword: "olga's own passphrase",
    });
    expect(changed.statusCode).toBe(204);
    expect((await olga.call("GET", "/api/v1/auth/me")).json().mustChangePassword).toBe(false);
    expect((await olga.call("GET", "/api/v1/leads")).statusCode).toBe(200);
    const again = await signIn(app, "olga@example.test", "olga's own passphrase");
    expect(again.body.user.mustChangePassword).toBe(false);
    // The users list shows when she set it and signed in.
    const listed = (await as("admin", "GET", "/api/v1/users"))
      .json()
      .find((u: { id: string }) => u.id === me.id);
    expect(listed).toMatchObject({ passwordSetAt: expect.any(Number), lastSignInAt: expect.any(Number) });
    // An admin's reset makes it one-time again.
    const reset = await as("admin", "POST", `/api/v1/users/${me.id}/reset-password`);
    expect(reset.json().user.passwordSetAt).toBeNull();
    const fresh = await signIn(app, "olga@example.test", reset.json().oneTimePassword);
    expect((await fresh.call("GET", "/api/v1/leads")).json().code).toBe("auth.password_change_required");
    expect((await fresh.call("POST", "/api/v1/auth/sign-out")).statusCode).toBe(204);
  });

  test("the admin's first run: settings, both heads, set-up done; who-am-I follows", async () => {
    const { as, adminId, deps } = await testServer(ctx.store);
    const me = (await as("admin", "GET", "/api/v1/auth/me")).json();
    expect(me).toEqual({
      id: adminId,
      email: "admin@example.test",
      name: "Administrator",
      role: "admin",
      csrfToken: expect.any(String),
      mustChangePassword: false,
      locale: null,
      companyName: null,
      defaultLocale: "en",
      setupPending: true,
    });
    expect((await as("sales", "GET", "/api/v1/auth/me")).json().setupPending).toBe(false);
    expect((await as("sales", "GET", "/api/v1/settings")).json()).toEqual({
      companyName: null,
      defaultLocale: "en",
      setupDone: false,
    });

    const put = await as("admin", "PUT", "/api/v1/settings", { companyName: " Acme ", defaultLocale: "ru" });
    expect(put.json()).toEqual({ companyName: "Acme", defaultLocale: "ru", setupDone: false });
    const again = await as("admin", "PUT", "/api/v1/settings", {
      companyName: "Acme Ltd",
      defaultLocale: "ru",
    });
    expect(again.json().companyName).toBe("Acme Ltd");
    const bad = await as("admin", "PUT", "/api/v1/settings", { companyName: "", defaultLocale: "de" });
    expect(
      bad
        .json()
        .details.problems.map((p: { path: string }) => p.path)
        .sort(),
    ).toEqual(["body.companyName", "body.defaultLocale"]);

    // The heads exist in the test server; without an enabled sales head, set-up cannot finish.
    await deps.store.db
      .updateTable("users")
      .set({ disabled_at: 1 })
      .where("role", "=", "sales_head")
      .execute();
    const early = await as("admin", "POST", "/api/v1/settings/setup-done");
    expect([early.statusCode, early.json().code, early.json().details]).toEqual([
      409,
      "setup.heads_missing",
      { missing: ["sales_head"] },
    ]);
    await deps.store.db
      .updateTable("users")
      .set({ disabled_at: null })
      .where("role", "=", "sales_head")
      .execute();
    const done = await as("admin", "POST", "/api/v1/settings/setup-done");
    expect(done.json()).toEqual({ companyName: "Acme Ltd", defaultLocale: "ru", setupDone: true });
    expect((await as("admin", "GET", "/api/v1/auth/me")).json()).toMatchObject({
      setupPending: false,
      companyName: "Acme Ltd",
      defaultLocale: "ru",
    });
  });

  test("only the admin changes settings; everyone signed in reads them; PATCH me is strict", async () => {
    const { as } = await testServer(ctx.store);
    for (const role of ["marketing", "marketing_head", "sales", "sales_head"] as Role[]) {
      expect((await as(role, "GET", "/api/v1/settings")).statusCode).toBe(200);
      const put = await as(role, "PUT", "/api/v1/settings", { companyName: "X", defaultLocale: "en" });
      expect([put.statusCode, put.json().code]).toEqual([403, "auth.forbidden"]);
      expect((await as(role, "POST", "/api/v1/settings/setup-done")).statusCode).toBe(403);
    }
    expect((await as(null, "GET", "/api/v1/settings")).statusCode).toBe(401);
    const chosen = await as("sales", "PATCH", "/api/v1/auth/me", { locale: "ru" });
    expect(chosen.json()).toMatchObject({ name: "sales", locale: "ru" });
    expect((await as("sales", "PATCH", "/api/v1/auth/me", { locale: null })).json().locale).toBeNull();
    // A name is not one's own to change: it stands beside approvals and facts (an admin changes it).
    for (const body of [
      {},
      { locale: "de" },
      { role: "admin" },
      { name: "marketing_head" },
      { locale: "en", name: "X" },
    ]) {
      const r = await as("sales", "PATCH", "/api/v1/auth/me", body);
      expect([JSON.stringify(body), r.statusCode]).toEqual([JSON.stringify(body), 400]);
    }
  });
});
