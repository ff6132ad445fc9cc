import { expect, test } from "vitest";
import { describeEachDialect } from "../store/testing/dialects.js";
import { testServer } from "./testing/server.js";

describeEachDialect("server basics", (ctx) => {
  test("health, readiness, OpenAPI 3.1 and the docs page answer without signing in", async () => {
    const { app } = await testServer(ctx.store);
    expect((await app.inject("/api/v1/health")).json()).toEqual({ status: "ok" });
    expect((await app.inject("/api/v1/ready")).json()).toEqual({ status: "ready", database: ctx.dialect });
    const spec = (await app.inject("/api/openapi.json")).json();
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toContain("/api/v1/auth/sign-in");
    expect((await app.inject("/api/docs/")).statusCode).toBe(200);
  });

  test("sign-in gives an HttpOnly SameSite cookie; wrong passwords and unknown e-mails fail alike", async () => {
    const { app, password } = await testServer(ctx.store);
    const ok = await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "sales@example.test", password },
    });
    const cookie = ok.cookies.find((c) => c.name === "truce_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    for (const payload of [
      { email: "sales@example.test", password: "wrong" },
      { email: "nobody@example.test", password },
    ]) {
      const bad = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload });
      expect(bad.statusCode).toBe(401);
      expect(bad.json()).toEqual({
        code: "auth.invalid_credentials",
        message: "wrong e-mail or password",
        details: {},
      });
    }
  });

  test("a cookie write without the CSRF token is refused; with it, it passes; sign-out revokes the session", async () => {
    const { app, as, sessions } = await testServer(ctx.store);
    const s = sessions.get("sales");
    const noCsrf = await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-out",
      headers: { cookie: s?.cookie ?? "" },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe("auth.csrf");
    expect((await as("sales", "GET", "/api/v1/auth/me")).json()).toMatchObject({
      role: "sales",
      email: "sales@example.test",
    });
    expect((await as("sales", "POST", "/api/v1/auth/sign-out")).statusCode).toBe(204);
    expect((await as("sales", "GET", "/api/v1/auth/me")).statusCode).toBe(401);
  });

  test("errors: unknown routes, bad JSON, too-large bodies, bad fields — all 4xx with a code, in Russian when asked", async () => {
    const { app } = await testServer(ctx.store, { bodyLimit: 1024 });
    expect((await app.inject("/api/v1/nope")).json().code).toBe("route.not_found");
    const badJson = await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect([badJson.statusCode, badJson.json().code]).toEqual([400, "request.invalid_json"]);
    const big = await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "a", password: "x".repeat(5000) },
    });
    expect([big.statusCode, big.json().code]).toEqual([413, "request.too_large"]);
    const fields = await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "", extra: 1 },
      headers: { "accept-language": "ru-RU" },
    });
    expect(fields.statusCode).toBe(400);
    expect(fields.json().code).toBe("validation.invalid");
    expect(fields.json().message).toMatch(/^неверные данные/);
    expect(fields.json().details.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(["body.email", "body.password"]),
    );
  });

  test("sign-in is rate-limited per address", async () => {
    const { app } = await testServer(ctx.store);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/auth/sign-in",
        payload: { email: "x@example.test", password: "nope" },
      });
      codes.push(r.statusCode);
    }
    expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  test("access is checked before input: a stranger with a bad body learns only that they may not call", async () => {
    const { app, as } = await testServer(ctx.store);
    const anon = await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-out",
      payload: { nonsense: true },
    });
    expect([anon.statusCode, anon.json().code]).toEqual([401, "auth.required"]);
    const nul = await as("admin", "POST", "/api/v1/auth/password", {
      currentPassword: "a\u0000b",
      newPassword: "x",
    });
    expect([nul.statusCode, nul.json().code, nul.json().details.problems[0].path]).toEqual([
      400,
      "validation.invalid",
      "body.currentPassword",
    ]);
  });
});
