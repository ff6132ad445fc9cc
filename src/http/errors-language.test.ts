import { afterAll, beforeAll, expect, test } from "vitest";
import { openStore, type Store } from "../store/connect.js";
import { testServer } from "./testing/server.js";

let store: Store;
let t: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  store = await openStore({ kind: "sqlite", path: ":memory:" });
  t = await testServer(store);
});
afterAll(async () => {
  await t.app.close();
  await store.close();
});

const signIn = (lang: string, payload: unknown) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    headers: { "accept-language": lang },
    payload: payload as Record<string, unknown>,
  });

test("field problems come in the caller's language, at their path", async () => {
  const en = await signIn("en", { email: "", password: "x", extra: 1 });
  const ru = await signIn("ru-RU,ru;q=0.9", { email: "", password: "x", extra: 1 });
  expect(en.statusCode).toBe(400);
  expect(ru.statusCode).toBe(400);
  const byPath = (r: typeof en) =>
    Object.fromEntries(
      (r.json().details.problems as { path: string; message: string }[]).map((p) => [p.path, p.message]),
    );
  expect(byPath(en)).toEqual({
    "body.email": expect.stringMatching(/too small/i),
    "body.extra": "unknown field",
  });
  expect(byPath(ru)).toEqual({
    "body.email": expect.stringMatching(/^[^a-z]*[А-Яа-яё]/),
    "body.extra": "неизвестное поле",
  });
  expect(ru.json().message).toMatch(/^неверные данные: /);
});

test("a message a schema wrote itself is kept, not replaced by a generic one", async () => {
  const ru = await t.app.inject({
    method: "GET",
    url: "/api/v1/leads?cursor=not-a-cursor",
    headers: { "accept-language": "ru", cookie: t.sessions.get("marketing")?.cookie ?? "" },
  });
  expect(ru.statusCode).toBe(400);
  expect(JSON.stringify(ru.json().details.problems)).toContain("not a cursor of this list");
});
