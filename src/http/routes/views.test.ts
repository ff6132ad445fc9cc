import { expect, test } from "vitest";
import type { AppDeps } from "../../app/deps.js";
import { captureLead } from "../../app/leads/capture-lead.js";
import { moveLead } from "../../app/leads/lifecycle.js";
import { evidence } from "../../app/testing/app.js";
import type { Actor } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

const marketer: Actor = { id: "user-marketing", role: "marketing" };
const seller: Actor = { id: "user-sales", role: "sales" };
const HOT = [{ fact: "decision_date", value: "2027-02-15" }];

async function hotLead(deps: AppDeps, email: string): Promise<string> {
  const at = new Date(deps.clock()).toISOString();
  const facts = HOT.map((f) => ({ ...f, evidence: evidence(at) }));
  return (await captureLead(deps, { email, facts }, "test")).leadId;
}

const ids = (body: { items: { id: string }[] }) => body.items.map((l) => l.id);

describeEachDialect("inbox: saved views, people, list order and stage time", (ctx) => {
  test("a person's views: create, list in order, rename, move, delete; another's answers 404", async () => {
    const { as } = await testServer(ctx.store);
    const a = await as("sales", "POST", "/api/v1/views", {
      name: "Hot waiting",
      query: "grade=hot&stage=handed_off&sort=due",
    });
    expect(a.statusCode).toBe(201);
    const b = await as("sales", "POST", "/api/v1/views", { name: "Mine", query: "owner=user-sales" });
    expect(b.json().position).toBe(a.json().position + 1);
    const list = await as("sales", "GET", "/api/v1/views");
    expect(list.json().map((v: { name: string }) => v.name)).toEqual(["Hot waiting", "Mine"]);

    const moved = await as("sales", "PATCH", `/api/v1/views/${b.json().id}`, {
      position: 0,
      name: "My queue",
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ name: "My queue", query: "owner=user-sales", position: 0 });

    // Another person neither sees nor changes nor deletes it.
    expect((await as("marketing", "GET", "/api/v1/views")).json()).toEqual([]);
    const id = a.json().id;
    expect((await as("marketing", "PATCH", `/api/v1/views/${id}`, { name: "x" })).statusCode).toBe(404);
    const del = await as("marketing", "DELETE", `/api/v1/views/${id}`);
    expect(del.statusCode).toBe(404);
    expect(del.json().code).toBe("view.not_found");

    expect((await as("sales", "DELETE", `/api/v1/views/${id}`)).statusCode).toBe(204);
    expect((await as("sales", "DELETE", `/api/v1/views/${id}`)).statusCode).toBe(404);
    expect((await as("sales", "GET", "/api/v1/views")).json().map((v: { id: string }) => v.id)).toEqual([
      b.json().id,
    ]);
  });

  test("a view's name and query are checked", async () => {
    const { as } = await testServer(ctx.store);
    const bad = [
      { name: "", query: "grade=hot" },
      { name: "x", query: "cursor=abc" },
      { name: "x", query: "limit=5" },
      { name: "x".repeat(81), query: "" },
      { name: "x", query: "grade=hot", extra: 1 },
    ];
    for (const body of bad) {
      const r = await as("sales", "POST", "/api/v1/views", body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().code).toBe("validation.invalid");
    }
    expect((await as("sales", "PATCH", "/api/v1/views/nope", {})).statusCode).toBe(400);
    expect((await as(null, "GET", "/api/v1/views")).statusCode).toBe(401);
  });

  test("people: every signed-in role reads id, name, role and whether active; nothing else", async () => {
    const { as } = await testServer(ctx.store);
    for (const role of ["sales", "marketing", "sales_head", "marketing_head", "admin"] as const) {
      const r = await as(role, "GET", "/api/v1/people");
      expect(r.statusCode).toBe(200);
      const people = r.json() as Record<string, unknown>[];
      expect(people.length).toBe(5);
      expect(people.find((p) => p.id === "user-sales")).toEqual({
        id: "user-sales",
        name: "sales",
        role: "sales",
        active: true,
      });
      for (const p of people) expect(Object.keys(p).sort()).toEqual(["active", "id", "name", "role"]);
    }
    expect((await as(null, "GET", "/api/v1/people")).statusCode).toBe(401);
  });

  test("sort: newest, oldest, due (unanswered hand-offs, soonest due first), each paged by its own cursor", async () => {
    const { deps, clock, as } = await testServer(ctx.store);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(await hotLead(deps, `l${i}@x.test`));
      clock.advance(60_000);
    }
    // Handed off in the order 3, 1, 4: due in that order too; 4 answered (accepted) drops out of `due`.
    for (const i of [3, 1, 4]) {
      await moveLead(deps, made[i] as string, { type: "hand_off" }, marketer);
      clock.advance(60_000);
    }
    await moveLead(deps, made[4] as string, { type: "accept" }, seller);

    const all = async (query: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/leads?${query}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
        const r = await as("sales", "GET", url);
        expect(r.statusCode, r.body).toBe(200);
        out.push(...ids(r.json()));
        cursor = r.json().nextCursor;
      } while (cursor);
      return out;
    };
    expect(await all("sort=newest")).toEqual([...made].reverse());
    expect(await all("sort=oldest")).toEqual(made);
    expect(await all("sort=due")).toEqual([made[3], made[1]]);

    // A cursor only continues the order it came from.
    const page = (await as("sales", "GET", "/api/v1/leads?sort=oldest&limit=2")).json();
    const mixed = await as("sales", "GET", `/api/v1/leads?limit=2&cursor=${page.nextCursor}`);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().details.problems[0].path).toBe("querystring.cursor");
  });

  test("stageSince: only leads that entered the stage at or after the time (rejected this week)", async () => {
    const { deps, clock, as } = await testServer(ctx.store);
    const old = await hotLead(deps, "old@x.test");
    const fresh = await hotLead(deps, "fresh@x.test");
    for (const id of [old, fresh]) await moveLead(deps, id, { type: "hand_off" }, marketer);
    const rejection = () => ({
      type: "reject" as const,
      rejection: {
        fact: "decision_date",
        observedValue: null,
        evidence: evidence(new Date(clock.now()).toISOString()),
      },
    });
    await moveLead(deps, old, rejection(), seller);
    // (An hour stands for the week: a longer jump would outlive the test sessions.)
    clock.advance(3_600_000);
    const weekAgo = clock.now();
    clock.advance(60_000);
    await moveLead(deps, fresh, rejection(), seller);

    const get = async (q: string) => as("sales", "GET", `/api/v1/leads?${q}`);
    expect(ids((await get("stage=rejected")).json()).sort()).toEqual([old, fresh].sort());
    expect(ids((await get(`stage=rejected&stageSince=${weekAgo}`)).json())).toEqual([fresh]);
    expect(ids((await get(`stage=handed_off&stageSince=${weekAgo}`)).json())).toEqual([]);
    // Captured: since capture.
    const later = await hotLead(deps, "later@x.test");
    expect(ids((await get(`stage=captured&stageSince=${weekAgo}`)).json())).toEqual([later]);

    const alone = await get(`stageSince=${weekAgo}`);
    expect(alone.statusCode).toBe(400);
    expect(alone.json().details.problems[0].path).toBe("querystring.stageSince");
  });

  test("count: what the list would show, `due` keeping only waiting leads; capped at 1000", async () => {
    const { deps, clock, as } = await testServer(ctx.store);
    const store = ctx.store;
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      made.push(await hotLead(deps, `c${i}@x.test`));
      clock.advance(60_000);
    }
    for (const i of [0, 1]) await moveLead(deps, made[i] as string, { type: "hand_off" }, marketer);
    await moveLead(deps, made[0] as string, { type: "accept" }, seller);
    const count = async (q: string) => (await as("sales", "GET", `/api/v1/leads/count?${q}`)).json();
    expect(await count("")).toEqual({ count: 4, more: false });
    expect(await count("grade=hot")).toEqual({ count: 4, more: false });
    expect(await count("sort=due")).toEqual({ count: 1, more: false });
    expect(await count("stage=accepted")).toEqual({ count: 1, more: false });
    expect(await count("grade=cold")).toEqual({ count: 0, more: false });
    expect((await as("sales", "GET", "/api/v1/leads/count?stageSince=5")).statusCode).toBe(400);

    const now = clock.now();
    const rows = Array.from({ length: 1001 }, (_, n) => ({
      id: `bulk-${n}`,
      stage: "captured",
      lifecycle: JSON.stringify({ stage: "captured", since: now }),
      is_open: 1,
      source: "bulk",
      created_at: now,
      updated_at: now,
      row_version: 0,
    }));
    for (let i = 0; i < rows.length; i += 250)
      await store.db
        .insertInto("leads")
        .values(rows.slice(i, i + 250))
        .execute();
    expect(await count("source=bulk")).toEqual({ count: 1000, more: true });
  });
});
