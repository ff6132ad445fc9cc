import { afterEach, expect, test, vi } from "vitest";
import { describeEachDialect, freshDatabase } from "../../store/testing/dialects.js";
import { CAPTURE, captureSetUp, countCaptureRows, insertKey, SHOP } from "../testing/capture-fixtures.js";
import { testServer } from "../testing/server.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describeEachDialect("public capture: keys, rate limits, CORS", (ctx) => {
  const setUp = () => captureSetUp(ctx.store);

  test("only capture (or admin) keys may capture: read key 403, no key 401, revoked key 401, people 403", async () => {
    const { app, as } = await setUp();
    const read = await insertKey(ctx.store, "reader", ["read"]);
    const revoked = await insertKey(ctx.store, "old", ["capture"], { revoked: true });
    const admin = await insertKey(ctx.store, "ops", ["admin"]);
    const call = (auth?: string) =>
      app.inject({
        method: "POST",
        url: CAPTURE,
        payload: { email: "k@example.test" },
        headers: auth ? { authorization: `Bearer ${auth}` } : {},
      });
    expect([(await call(read)).statusCode, (await call(read)).json().code]).toEqual([403, "auth.forbidden"]);
    expect([(await call()).statusCode, (await call()).json().code]).toEqual([401, "auth.required"]);
    expect((await call(revoked)).statusCode).toBe(401);
    expect((await as("admin", "POST", CAPTURE, { email: "k@example.test" })).statusCode).toBe(403);
    expect((await call(admin)).statusCode).toBe(202);
  });

  test("rate limits: per client address and per key, 429 rate_limited with Retry-After", async () => {
    vi.stubEnv("TRUCE_CAPTURE_PER_IP", "3");
    vi.stubEnv("TRUCE_CAPTURE_PER_KEY", "5");
    const { post } = await setUp();
    const byIp = [];
    for (let i = 0; i < 4; i++) byIp.push(await post({ name: `p${i}` }, { origin: SHOP }, "198.51.100.1"));
    expect(byIp.map((r) => r.statusCode)).toEqual([202, 202, 202, 429]);
    expect(byIp[3]?.json().code).toBe("rate_limited");
    expect(Number(byIp[3]?.headers["retry-after"])).toBeGreaterThan(0);
    // A page on the allowed origin can read the refusal (and Retry-After) too.
    expect(byIp[3]?.headers["access-control-allow-origin"]).toBe(SHOP);
    // The same key from other addresses: 2 more pass (5 served in all), the next is over the key's limit.
    const byKey = [];
    for (let i = 0; i < 3; i++) byKey.push(await post({ name: `q${i}` }, {}, `198.51.100.${10 + i}`));
    expect(byKey.map((r) => r.statusCode)).toEqual([202, 202, 429]);
    expect((await countCaptureRows(ctx.store)).leads).toBe(5);
  });

  test("CORS: the configured origin may call from a browser, others get no Allow-Origin, other routes none", async () => {
    const { app, post } = await setUp();
    const preflight = (origin: string, url = CAPTURE) =>
      app.inject({
        method: "OPTIONS",
        url,
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type,idempotency-key",
        },
      });
    const ok = await preflight(SHOP);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers).toMatchObject({
      "access-control-allow-origin": SHOP,
      "access-control-allow-methods": "POST",
    });
    expect(String(ok.headers["access-control-allow-headers"])).toMatch(/Idempotency-Key/);
    expect((await preflight("https://evil.example")).headers["access-control-allow-origin"]).toBeUndefined();
    expect(
      (await post({ email: "c@example.test" }, { origin: SHOP })).headers["access-control-allow-origin"],
    ).toBe(SHOP);
    expect(
      (await post({ email: "d@example.test" }, { origin: "https://evil.example" })).headers[
        "access-control-allow-origin"
      ],
    ).toBeUndefined();
    const leads = await app.inject({ url: "/api/v1/health", headers: { origin: SHOP } });
    expect(leads.headers["access-control-allow-origin"]).toBeUndefined();
    expect((await preflight(SHOP, "/api/v1/leads")).headers["access-control-allow-origin"]).toBeUndefined();
  });
});

test("CORS preflight over real HTTP, as a browser sends it", async () => {
  const { store, cleanup } = await freshDatabase("sqlite");
  const { app } = await testServer(store, { captureOrigins: [SHOP] });
  try {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    if (!address || typeof address === "string") throw new Error("no port");
    const preflight = (origin: string) =>
      fetch(`http://127.0.0.1:${address.port}${CAPTURE}`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization",
        },
      });
    const ok = await preflight(SHOP);
    expect([ok.status, ok.headers.get("access-control-allow-origin")]).toEqual([204, SHOP]);
    expect(ok.headers.get("vary")).toMatch(/Origin/);
    const other = await preflight("https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  } finally {
    await app.close();
    await store.close();
    await cleanup();
  }
});
