import { expect, test } from "vitest";
import type { AppDeps } from "../../app/deps.js";
import { captureLead } from "../../app/leads/capture-lead.js";
import { moveLead } from "../../app/leads/lifecycle.js";
import { evidence } from "../../app/testing/app.js";
import type { CaptureLeadInput } from "../../contracts/leads.js";
import type { Actor } from "../../core/index.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

const marketer: Actor = { id: "user-marketing", role: "marketing" };
const seller: Actor = { id: "user-sales", role: "sales" };
const HOT = { decision_date: "2027-02-15" };
const WARM = { stated_interest: true };

/** Captures a lead through the use case (the list is what is under test here). */
async function seed(
  deps: AppDeps,
  lead: Omit<CaptureLeadInput, "facts">,
  facts: Record<string, string | boolean> = {},
): Promise<string> {
  const at = new Date(deps.clock()).toISOString();
  const observations = Object.entries(facts).map(([fact, value]) => ({
    fact,
    value,
    evidence: evidence(at),
  }));
  return (await captureLead(deps, { ...lead, facts: observations }, "test")).leadId;
}

const ids = (body: { items: { id: string }[] }) => body.items.map((l) => l.id);

describeEachDialect("GET /api/v1/leads", (ctx) => {
  test("each filter alone and combined, newest first; no match is an empty page", async () => {
    const { deps, clock, as } = await testServer(ctx.store);
    const minute = () => clock.advance(60_000);
    const a = await seed(deps, { email: "a@x.test", source: "web", campaign: "c1", ownerId: "u1" }, HOT);
    minute();
    const b = await seed(deps, { email: "b@x.test", source: "web", campaign: "c2", ownerId: "u2" }, WARM);
    await moveLead(deps, b, { type: "nurture" }, marketer);
    minute();
    const c = await seed(deps, { email: "c@x.test", source: "event", campaign: "c1", ownerId: "u1" });
    minute();
    const d = await seed(deps, { email: "d@x.test", source: "event", campaign: "c2", ownerId: "u2" }, HOT);
    await moveLead(deps, d, { type: "hand_off" }, marketer);

    const cases: [string, string[]][] = [
      ["", [d, c, b, a]],
      ["grade=hot", [d, a]],
      ["grade=cold", [c]],
      ["stage=nurturing", [b]],
      ["stage=handed_off", [d]],
      ["source=web", [b, a]],
      ["campaign=c1", [c, a]],
      ["owner=u2", [d, b]],
      ["grade=hot&source=event", [d]],
      ["source=web&campaign=c1&owner=u1", [a]],
      ["stage=captured&grade=cold&campaign=c1", [c]],
      ["grade=warm&source=event", []],
      ["grade=nope", []],
    ];
    for (const [query, expected] of cases) {
      const r = await as("sales", "GET", `/api/v1/leads?${query}`);
      expect([query, r.statusCode, ids(r.json())]).toEqual([query, 200, expected]);
    }
    const [first] = (await as("sales", "GET", "/api/v1/leads?grade=hot&limit=1")).json().items;
    expect(first).toMatchObject({
      id: d,
      email: "d@x.test",
      stage: "handed_off",
      grade: "hot",
      source: "event",
      campaign: "c2",
      ownerId: "u2",
      sla: { state: "running", dueAt: Date.parse("2026-11-27T14:03:00Z"), overdueBy: null },
      isOpen: true,
      erased: false,
    });
  });

  test("cursor pagination over 120 leads with tied times: every lead once, in a stable total order", async () => {
    const { deps, clock, as } = await testServer(ctx.store);
    const all: { id: string; at: number; warm: boolean }[] = [];
    for (let i = 0; i < 120; i++) {
      if (i % 7 === 0) clock.advance(60_000); // groups of seven share a capture instant
      const warm = i % 3 === 0;
      const id = await seed(deps, { email: `p${i}@x.test` }, warm ? WARM : {});
      all.push({ id, at: clock.now(), warm });
    }
    const order = [...all].sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1));
    let late = 0;
    const walk = async (query: string, limit: number) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/leads?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`;
        const body = (await as("marketing", "GET", url)).json();
        expect(body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...ids(body));
        cursor = body.nextCursor;
        pages++;
        // A lead captured mid-walk is newer than every cursor: it shifts nothing.
        if (pages === 2) await seed(deps, { email: `late${++late}@x.test` }, query ? WARM : {});
      } while (cursor);
      return { seen, pages };
    };
    const everything = await walk("", 25);
    expect(everything.pages).toBe(5);
    expect(everything.seen).toEqual(order.map((l) => l.id));
    const warm = await walk("&grade=warm", 7);
    expect(warm.seen).toEqual(order.filter((l) => l.warm).map((l) => l.id));
    expect(late).toBe(2);
    expect(warm.pages).toBe(Math.ceil(40 / 7));
    // The default page is 50; the maximum 200.
    const page = (await as("marketing", "GET", "/api/v1/leads")).json();
    expect([page.items.length, typeof page.nextCursor]).toEqual([50, "string"]);
    expect((await as("marketing", "GET", "/api/v1/leads?limit=200")).json().nextCursor).toBeNull();
  });

  test("text search: name, e-mail, company case-insensitively, phone digits in any format; % and _ are literal", async () => {
    const { deps, clock, as } = await testServer(ctx.store);
    const olga = await seed(deps, {
      name: "Olga Petrova",
      email: "O.Petrova@Example.test",
      phone: "+7 (999) 123-45-67",
    });
    clock.advance(1000);
    const ivan = await seed(deps, { name: "Ольга Иванова", company: "100% Growth" });
    clock.advance(1000);
    const big = await seed(deps, { name: "Max", company: "Big_Data" });
    clock.advance(1000);
    const bigx = await seed(deps, { name: "Max", company: "BigXData" });
    const cases: [string, string[]][] = [
      ["olga", [olga]],
      ["PETROVA", [olga]],
      ["o.petrova@example", [olga]],
      ["999 123", [olga]],
      ["123-45-67", [olga]],
      ["Ольга", [ivan]],
      ["%", [ivan]],
      ["100%", [ivan]],
      ["g_d", [big]],
      ["bigxdata", [bigx]],
      ["data", [bigx, big]],
      ["nobody", []],
    ];
    for (const [q, expected] of cases) {
      const r = await as("sales", "GET", `/api/v1/leads?q=${encodeURIComponent(q)}`);
      expect([q, ids(r.json())]).toEqual([q, expected]);
    }
    expect(ids((await as("sales", "GET", "/api/v1/leads?q=max&source=web")).json())).toEqual([]);
    // Case-insensitive Cyrillic needs a Unicode lower(): PostgreSQL has one; SQLite's folds ASCII only.
    if (ctx.dialect === "postgres")
      expect(
        ids((await as("sales", "GET", "/api/v1/leads?q=%D0%BE%D0%BB%D1%8C%D0%B3%D0%B0")).json()),
      ).toEqual([ivan]);
  });

  test("SLA filter: running, breached (unanswered or late), met, none; and the breaches list", async () => {
    // Friday 10:00 UTC; hot leads are due within 4 working hours (Mon–Fri 09–18), warm within 2 days.
    const { deps, clock, as } = await testServer(ctx.store);
    const at = (hhmm: string) => clock.set(`2026-11-27T${hhmm}:00Z`);
    const met = await seed(deps, { email: "met@x.test" }, HOT);
    const open = await seed(deps, { email: "open@x.test" }, HOT);
    const late = await seed(deps, { email: "late@x.test" }, HOT);
    const warm = await seed(deps, { email: "warm@x.test" }, WARM);
    const fresh = await seed(deps, { email: "fresh@x.test" }, HOT);
    const none = await seed(deps, { email: "none@x.test" });
    for (const id of [met, open, late, warm]) await moveLead(deps, id, { type: "hand_off" }, marketer);
    at("11:00");
    await moveLead(deps, met, { type: "accept" }, seller);
    at("14:30");
    await moveLead(deps, late, { type: "accept" }, seller);
    await moveLead(deps, fresh, { type: "hand_off" }, marketer);
    at("15:00");
    const sla = async (state: string) => (await as("sales", "GET", `/api/v1/leads?sla=${state}`)).json();
    expect(ids(await sla("running")).sort()).toEqual([warm, fresh].sort());
    expect(ids(await sla("breached")).sort()).toEqual([open, late].sort());
    expect(ids(await sla("met"))).toEqual([met]);
    expect(ids(await sla("none"))).toEqual([none]);
    expect(ids(await sla("breached&grade=hot&q=late"))).toEqual([late]);
    const lateView = (await sla("breached")).items.find((l: { id: string }) => l.id === late);
    expect(lateView.sla).toEqual({
      state: "breached",
      dueAt: Date.parse("2026-11-27T14:00:00Z"),
      respondedAt: Date.parse("2026-11-27T14:30:00Z"),
      overdueBy: 30 * 60_000,
    });

    const breaches = (await as("marketing", "GET", "/api/v1/sla/breaches")).json().items;
    expect(
      breaches.map((b: { lead: { id: string }; open: boolean; overdueBy: number }) => [
        b.lead.id,
        b.open,
        b.overdueBy,
      ]),
    ).toEqual([
      [open, true, 60 * 60_000],
      [late, false, 30 * 60_000],
    ]);
  });

  test("bad filters are 400s naming each bad parameter; unknown parameters are refused", async () => {
    const { as } = await testServer(ctx.store);
    const r = await as("sales", "GET", "/api/v1/leads?limit=500&stage=hot&sla=late&cursor=bm9wZQ&color=red");
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("validation.invalid");
    const paths = r.json().details.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "querystring.limit",
        "querystring.stage",
        "querystring.sla",
        "querystring.cursor",
      ]),
    );
    expect(JSON.stringify(r.json().details)).toContain("color");
    // NUL cannot be stored in PostgreSQL text: refused up front, not a 500 from the database.
    for (const q of ["limit=0", "limit=abc", "limit=1.5", "q=", "grade=a&grade=b", "q=a%00b", "owner=%00"]) {
      expect([q, (await as("sales", "GET", `/api/v1/leads?${q}`)).statusCode]).toEqual([q, 400]);
    }
    const nul = await as("sales", "GET", "/api/v1/leads/a%00b");
    expect([nul.statusCode, nul.json().details.problems[0].path]).toEqual([400, "params.id"]);
  });
});
