import { PassThrough } from "node:stream";
import { expect, test } from "vitest";
import { testApp } from "../app/testing/app.js";
import { openStore } from "../store/connect.js";
import { buildServer } from "./server.js";

test("request logs carry no query strings, credentials or bodies: a search for a person stays out of them", async () => {
  const store = await openStore({ kind: "sqlite", path: ":memory:" });
  const t = await testApp(store);
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on("data", (d) => lines.push(...String(d).split("\n").filter(Boolean)));
  const app = await buildServer(t.deps, { logger: { level: "info", stream }, webApp: false });
  try {
    await app.inject({
      method: "GET",
      url: "/api/v1/leads?q=alice%40example.com&grade=hot",
      headers: { authorization: "Bearer truce_secret", cookie: "truce_session=abc" },
    });
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "bob@example.com", password: "hunter2hunter2" },
    });
  } finally {
    await app.close();
    await store.close();
  }
  const log = lines.join("\n");
  expect(log).toContain('"url":"/api/v1/leads"'); // the request was logged, by path
  for (const secret of [
    "alice",
    "%40example",
    "bob@example.com",
    "hunter2",
    "truce_secret",
    "truce_session=abc",
  ])
    expect(log, secret).not.toContain(secret);
});
