import { expect, test } from "vitest";
import { createUser, listUsers, updateUser } from "../../app/auth/users.js";
import { isAppError, type Role } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

type App = Awaited<ReturnType<typeof testServer>>["app"];

async function signIn(app: App, email: string, password: string) {
  const r = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email, password } });
  const cookie = r.cookies.find((c) => c.name === "truce_session");
  const headers = { cookie: `truce_session=${cookie?.value}`, "x-csrf-token": r.json().csrfToken as string };
  const me = () => app.inject({ method: "GET", url: "/api/v1/auth/me", headers });
  return { status: r.statusCode, headers, me };
}

describeEachDialect("users API", (ctx) => {
  test("create with a one-time password → sign in with it → disable ends the session and refuses sign-in", async () => {
    const { app, as } = await testServer(ctx.store);
    const created = await as("admin", "POST", "/api/v1/users", {
      email: " Olga@Example.test ",
      name: "Olga",
      role: "sales",
    });
    expect(created.statusCode).toBe(201);
    const { user, oneTimePassword } = created.json();
    expect(user).toMatchObject({
      email: "olga@example.test",
      role: "sales",
      disabledAt: null,
      hasPassword: true,
    });
    expect(oneTimePassword).toMatch(/^[\w-]{16}$/);
    const olga = await signIn(app, "olga@example.test", oneTimePassword);
    expect((await olga.me()).json()).toMatchObject({ id: user.id, role: "sales" });
    const list = (await as("admin", "GET", "/api/v1/users")).json();
    expect(list.map((u: { email: string }) => u.email)).toContain("olga@example.test");
    expect(JSON.stringify(list)).not.toContain(oneTimePassword);

    const disabled = await as("admin", "PATCH", `/api/v1/users/${user.id}`, { disabled: true });
    expect(disabled.json().disabledAt).toEqual(expect.any(Number));
    expect((await olga.me()).statusCode).toBe(401);
    expect((await signIn(app, "olga@example.test", oneTimePassword)).status).toBe(401);
    // Re-enabled: a new sign-in works; the old session stays ended.
    await as("admin", "PATCH", `/api/v1/users/${user.id}`, { disabled: false });
    expect((await signIn(app, "olga@example.test", oneTimePassword)).status).toBe(200);
    expect((await olga.me()).statusCode).toBe(401);
  });

  test("create with a given password, rename, change role; bad input and duplicates are refused", async () => {
    const { app, as } = await testServer(ctx.store);
    const body = {
      email: "ivan@example.test",
      name: "Ivan",
      role: "marketing",
      password: "a long enough phrase",
    };
    const created = await as("admin", "POST", "/api/v1/users", body);
    expect(created.json().oneTimePassword).toBeNull();
    const id = created.json().user.id;
    const ivan = await signIn(app, "ivan@example.test", body.password);
    const changed = await as("admin", "PATCH", `/api/v1/users/${id}`, {
      role: "marketing_head",
      name: "Ivan P.",
    });
    expect(changed.json()).toMatchObject({ role: "marketing_head", name: "Ivan P." });
    expect((await ivan.me()).json().role).toBe("marketing_head"); // read from the users table each request

    const dup = await as("admin", "POST", "/api/v1/users", { ...body, email: "IVAN@example.test" });
    expect(dup.json().code).toBe("user.email_taken");
    expect(dup.statusCode).toBeGreaterThanOrEqual(400);
    expect(dup.statusCode).toBeLessThan(500);
    for (const bad of [
      { ...body, email: "x@example.test", role: "boss" },
      { ...body, email: "x@example.test", password: "short" },
      { ...body, email: "not an e-mail" },
      { ...body, email: "x@example.test", extra: 1 },
    ]) {
      const r = await as("admin", "POST", "/api/v1/users", bad);
      expect([r.statusCode, r.json().code]).toEqual([400, "validation.invalid"]);
    }
    expect((await as("admin", "PATCH", `/api/v1/users/${id}`, {})).statusCode).toBe(400);
    const missing = await as("admin", "PATCH", "/api/v1/users/nobody", { name: "X" });
    expect([missing.statusCode, missing.json().code]).toEqual([404, "user.not_found"]);
  });

  test("reset password: a new one-time password, old sessions and password end; revoke-sessions", async () => {
    const { app, as, password, sessions } = await testServer(ctx.store);
    const sales = sessions.get("sales");
    const reset = await as("admin", "POST", `/api/v1/users/${sales?.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect((await as("sales", "GET", "/api/v1/auth/me")).statusCode).toBe(401);
    expect((await signIn(app, "sales@example.test", password)).status).toBe(401);
    const fresh = await signIn(app, "sales@example.test", reset.json().oneTimePassword);
    expect((await fresh.me()).statusCode).toBe(200);

    const revoked = await as("admin", "POST", `/api/v1/users/${sales?.id}/revoke-sessions`);
    expect(revoked.json()).toEqual({ revoked: 1 });
    expect((await fresh.me()).statusCode).toBe(401);
    const missing = await as("admin", "POST", "/api/v1/users/nobody/reset-password");
    expect(missing.json().code).toBe("user.not_found");
  });

  test("the last enabled admin cannot be disabled or demoted; with a second admin they can", async () => {
    const { as, adminId } = await testServer(ctx.store);
    for (const change of [{ disabled: true }, { role: "sales" }]) {
      const r = await as("admin", "PATCH", `/api/v1/users/${adminId}`, change);
      expect(r.json().code).toBe("user.last_admin");
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
    }
    const other = await as("admin", "POST", "/api/v1/users", {
      email: "a2@example.test",
      name: "A2",
      role: "admin",
    });
    const a2 = other.json().user.id;
    expect((await as("admin", "PATCH", `/api/v1/users/${a2}`, { disabled: true })).statusCode).toBe(200);
    expect((await as("admin", "PATCH", `/api/v1/users/${adminId}`, { role: "sales" })).json().code).toBe(
      "user.last_admin",
    );
    await as("admin", "PATCH", `/api/v1/users/${a2}`, { disabled: false });
    expect((await as("admin", "PATCH", `/api/v1/users/${adminId}`, { role: "sales" })).statusCode).toBe(200);
  });

  test("two admins disabling each other at once: one wins, the other is refused as the last admin", async () => {
    const { deps, adminId } = await testServer(ctx.store);
    const { user } = await createUser(deps, { email: "a2@example.test", name: "A2", role: "admin" });
    const results = await Promise.allSettled([
      updateUser(deps, adminId, { disabled: true }),
      updateUser(deps, user.id, { disabled: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected");
    expect(isAppError(refused?.reason, "user.last_admin")).toBe(true);
    expect((await listUsers(deps)).filter((u) => u.role === "admin" && u.disabledAt === null)).toHaveLength(
      1,
    );
  });

  test("anyone signed in changes their own password with the current one; their other sessions end", async () => {
    const { app, as, password } = await testServer(ctx.store);
    const other = await signIn(app, "marketing@example.test", password);
    const url = "/api/v1/auth/password";
    const wrong = await as("marketing", "POST", url, {
      currentPassword: "nope",
      newPassword: "new long passphrase",
    });
    expect(wrong.json().code).toBe("auth.wrong_password");
    expect((await other.me()).statusCode).toBe(200);
    const short = await as("marketing", "POST", url, { currentPassword: password, newPassword: "short" });
    expect(short.statusCode).toBe(400);
    const ok = await as("marketing", "POST", url, {
      currentPassword: password,
      newPassword: "new long passphrase",
    });
    expect(ok.statusCode).toBe(204);
    expect((await as("marketing", "GET", "/api/v1/auth/me")).statusCode).toBe(200);
    expect((await other.me()).statusCode).toBe(401);
    expect((await signIn(app, "marketing@example.test", password)).status).toBe(401);
    expect((await signIn(app, "marketing@example.test", "new long passphrase")).status).toBe(200);
    expect(
      (await as(null, "POST", url, { currentPassword: "x", newPassword: "y".repeat(12) })).statusCode,
    ).toBe(401);
  });

  test("only admins manage users; cookie writes need the CSRF token", async () => {
    const { app, as, sessions } = await testServer(ctx.store);
    const target = sessions.get("sales")?.id;
    const routes: [string, string, object | undefined][] = [
      ["GET", "/api/v1/users", undefined],
      ["POST", "/api/v1/users", { email: "n@example.test", name: "N", role: "sales" }],
      ["PATCH", `/api/v1/users/${target}`, { name: "S" }],
      ["POST", `/api/v1/users/${target}/reset-password`, undefined],
      ["POST", `/api/v1/users/${target}/revoke-sessions`, undefined],
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
      url: "/api/v1/users",
      payload: { email: "n@example.test", name: "N", role: "sales" },
      headers: { cookie: sessions.get("admin")?.cookie ?? "" },
    });
    expect([noCsrf.statusCode, noCsrf.json().code]).toEqual([403, "auth.csrf"]);
  });
});
