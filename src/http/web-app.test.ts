import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testApp } from "../app/testing/app.js";
import { openStore, type Store } from "../store/connect.js";
import { buildServer } from "./server.js";

/** A built app in miniature: what Vite writes (manifest, index.html, a hashed asset). */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), "truce-web-"));
  mkdirSync(join(root, ".vite"));
  mkdirSync(join(root, "assets"));
  writeFileSync(join(root, ".vite", "manifest.json"), "{}");
  writeFileSync(
    join(root, "index.html"),
    '<!doctype html><div id="root"></div><script src="/assets/app-abc123.js"></script>',
  );
  writeFileSync(join(root, "assets", "app-abc123.js"), "console.log('app')");
  return root;
}

describe("the web app is served on the API's origin", () => {
  let store: Store;
  let root: string;
  let app: Awaited<ReturnType<typeof buildServer>>;
  beforeAll(async () => {
    store = await openStore({ kind: "sqlite", path: ":memory:" });
    const t = await testApp(store);
    root = fakeBuild();
    app = await buildServer(t.deps, { logger: false, webApp: root });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  test("/ is the app's page, never cached, with a strict content security policy", async () => {
    const res = await app.inject({ method: "GET", url: "/", headers: { accept: "text/html" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(res.headers["content-security-policy"]).toMatch(/script-src 'self'/);
    expect(res.body).toContain('id="root"');
  });

  test("a client route reloaded in the browser gets the same page", async () => {
    for (const url of ["/leads/0193-abc", "/definition/versions?a=1&b=2", "/settings/keys"]) {
      const res = await app.inject({ method: "GET", url, headers: { accept: "text/html,*/*" } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('id="root"');
    }
  });

  test("hashed assets are cached for a year; a missing one is a 404, not the page", async () => {
    const res = await app.inject({ method: "GET", url: "/assets/app-abc123.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const missing = await app.inject({
      method: "GET",
      url: "/assets/gone-000.js",
      headers: { accept: "*/*" },
    });
    expect(missing.statusCode).toBe(404);
  });

  test("the API, its documents and the public forms never fall back to the page", async () => {
    for (const url of ["/api/v1/nothing-here", "/api", "/forms"]) {
      const res = await app.inject({ method: "GET", url, headers: { accept: "text/html" } });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code, url).toBe("route.not_found");
    }
    const api = await app.inject({ method: "GET", url: "/api/v1/health" });
    expect(api.statusCode).toBe(200);
  });

  test("a request that does not ask for HTML gets the JSON 404", async () => {
    const res = await app.inject({ method: "GET", url: "/nowhere", headers: { accept: "application/json" } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("route.not_found");
  });
});

test("without a build, / says how to build the app instead of a bare 404", async () => {
  const store = await openStore({ kind: "sqlite", path: ":memory:" });
  const t = await testApp(store);
  const app = await buildServer(t.deps, { logger: false, webApp: join(tmpdir(), "no-such-build") });
  try {
    const res = await app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/npm run build/);
  } finally {
    await app.close();
    await store.close();
  }
});
