import { expect, test } from "vitest";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { testServer } from "../testing/server.js";

const ev = (quote?: string) => ({
  channel: "call",
  recordedBy: "anna@example.test",
  recordedAt: "2026-11-27T09:30:00Z",
  ...(quote ? { quote } : {}),
});
const problemPaths = (body: { details: { problems: { path: string }[] } }) =>
  body.details.problems.map((p) => p.path);

describeEachDialect("capture, facts, detail and erasure over HTTP", (ctx) => {
  test("capture: 201 with Location; the same person again is merged (200); Idempotency-Key replays (200)", async () => {
    const { app, as, sessions } = await testServer(ctx.store);
    const created = await as("marketing", "POST", "/api/v1/leads", {
      name: "Olga",
      email: "olga@example.test",
      source: "webinar",
      facts: [{ fact: "stated_interest", value: true, evidence: ev("Send me the price list") }],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().leadId;
    expect(created.headers.location).toBe(`/api/v1/leads/${id}`);
    expect(created.json()).toMatchObject({
      created: true,
      replayed: false,
      grade: "warm",
      lead: { id, name: "Olga", source: "webinar", stage: "captured", grade: "warm" },
    });
    const merged = await as("marketing", "POST", "/api/v1/leads", { email: " OLGA@example.test " });
    expect([merged.statusCode, merged.json().leadId, merged.json().created]).toEqual([200, id, false]);

    const s = sessions.get("marketing");
    const send = (payload: object, key?: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/leads",
        payload,
        headers: {
          cookie: s?.cookie ?? "",
          "x-csrf-token": s?.csrf ?? "",
          ...(key ? { "idempotency-key": key } : {}),
        },
      });
    const first = await send({ email: "ivan@example.test" }, "capture-0001");
    const retry = await send({ email: "ivan@example.test" }, "capture-0001");
    expect([first.statusCode, first.json().replayed]).toEqual([201, false]);
    expect([retry.statusCode, retry.json().replayed, retry.json().leadId]).toEqual([
      200,
      true,
      first.json().leadId,
    ]);
    const inBody = await send({ email: "ivan@example.test", idempotencyKey: "capture-0001" });
    expect([inBody.statusCode, inBody.json().replayed]).toEqual([200, true]);
    const clash = await send({ email: "ivan@example.test", idempotencyKey: "capture-0002" }, "capture-0001");
    expect([clash.statusCode, problemPaths(clash.json())]).toEqual([400, ["headers.idempotency-key"]]);
    expect((await as("sales", "GET", "/api/v1/leads")).json().items).toHaveLength(2);
  });

  test("capture: every bad field with its path; unknown fields and catalogue errors are 400s too", async () => {
    const { as } = await testServer(ctx.store);
    const bad = await as("marketing", "POST", "/api/v1/leads", {
      email: "not-an-email",
      phone: "call me",
      utm: { source: "x", colour: "red" },
      facts: [{ fact: "decision_date", value: "2027-01-01", evidence: { channel: "fax" } }],
      extra: 1,
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, "validation.invalid"]);
    expect(problemPaths(bad.json())).toEqual(
      expect.arrayContaining([
        "body.email",
        "body.phone",
        "body.facts.0.evidence.channel",
        "body.facts.0.evidence.recordedBy",
        "body.facts.0.evidence.recordedAt",
      ]),
    );
    // Unknown keys are refused and named (at their object's path, with the key in the message).
    const text = JSON.stringify(bad.json().details);
    expect([text.includes("extra"), text.includes("colour")]).toEqual([true, true]);
    const nobody = await as("marketing", "POST", "/api/v1/leads", { source: "web" });
    expect([nobody.statusCode, nobody.json().code]).toEqual([400, "validation.invalid"]);
    const catalogue = await as("marketing", "POST", "/api/v1/leads", {
      name: "X",
      facts: [
        { fact: "budget", value: 1, evidence: ev() },
        { fact: "decision_date", value: "soon", evidence: ev() },
      ],
    });
    expect([catalogue.statusCode, problemPaths(catalogue.json())]).toEqual([
      400,
      ["body.facts.0.fact", "body.facts.1.value"],
    ]);
  });

  test("facts regrade the lead; the detail shows facts with evidence, the explanation in both languages, history and moves", async () => {
    const { as, clock } = await testServer(ctx.store);
    const id = (await as("marketing", "POST", "/api/v1/leads", { name: "Olga" })).json().leadId;
    clock.advance(60_000);
    const facts = await as("marketing", "POST", `/api/v1/leads/${id}/facts`, {
      facts: [{ fact: "decision_date", value: "2027-02-15", evidence: ev("We decide by mid-February") }],
    });
    expect(facts.statusCode).toBe(200);
    expect(facts.json()).toMatchObject({ oldGrade: "cold", grade: "hot", lead: { id, grade: "hot" } });

    const detail = (await as("marketing", "GET", `/api/v1/leads/${id}`)).json();
    expect(detail.lead).toMatchObject({
      id,
      name: "Olga",
      grade: "hot",
      lifecycle: { stage: "captured", cycle: 0 },
    });
    expect(detail.facts).toEqual([
      {
        fact: "decision_date",
        value: "2027-02-15",
        recordedAt: Date.parse("2026-11-27T09:30:00Z"),
        channel: "call",
        recordedBy: "anna@example.test",
        quote: "We decide by mid-February",
      },
    ]);
    expect(detail.explanation).toMatchObject({ grade: "hot", gradeLabel: { en: "Hot", ru: "Горячий" } });
    expect(detail.explanation.text.en[0]).toMatch(/^Hot/);
    expect(detail.explanation.text.ru[0]).toMatch(/^Горячий/);
    expect(detail.history.map((h: { type: string }) => h.type)).toEqual([
      "graded",
      "captured",
      "fact_recorded",
      "graded",
    ]);
    expect(detail.availableMoves).toEqual(["nurture", "hand-off"]);
    expect((await as("sales", "GET", `/api/v1/leads/${id}`)).json().availableMoves).toEqual([]);

    const missing = await as("sales", "GET", "/api/v1/leads/nope");
    expect([missing.statusCode, missing.json().code]).toEqual([404, "lead.not_found"]);
    const noFacts = await as("marketing", "POST", `/api/v1/leads/${id}/facts`, { facts: [] });
    expect([noFacts.statusCode, problemPaths(noFacts.json())]).toEqual([400, ["body.facts"]]);
    const elsewhere = await as("marketing", "POST", "/api/v1/leads/nope/facts", {
      facts: [{ fact: "stated_interest", value: true, evidence: ev() }],
    });
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([404, "lead.not_found"]);
  });

  test("erasure: admins only, with a reference; identity gone, record kept; not twice; no more moves", async () => {
    const { as } = await testServer(ctx.store);
    const id = (
      await as("marketing", "POST", "/api/v1/leads", {
        name: "Olga",
        email: "olga@example.test",
        facts: [{ fact: "notes", value: "Call after 6pm", evidence: ev("my cell is 555") }],
      })
    ).json().leadId;
    expect(
      (await as("marketing", "POST", `/api/v1/leads/${id}/erase`, { reference: "R-1" })).statusCode,
    ).toBe(403);
    const noRef = await as("admin", "POST", `/api/v1/leads/${id}/erase`, { reference: "  " });
    expect([noRef.statusCode, problemPaths(noRef.json())]).toEqual([400, ["body.reference"]]);
    const erased = await as("admin", "POST", `/api/v1/leads/${id}/erase`, { reference: "GDPR-2026-17" });
    expect(erased.statusCode).toBe(200);
    expect(erased.json().lead).toMatchObject({
      id,
      name: null,
      email: null,
      erased: true,
      isOpen: false,
      grade: "cold",
    });
    const detail = (await as("admin", "GET", `/api/v1/leads/${id}`)).json();
    expect(detail.availableMoves).toEqual([]);
    expect(detail.facts).toEqual([expect.objectContaining({ fact: "notes", value: null, quote: null })]);
    expect(detail.history.at(-1)).toMatchObject({ type: "erased", data: { reference: "GDPR-2026-17" } });
    expect((await as("sales", "GET", "/api/v1/leads?q=olga")).json().items).toEqual([]);
    const again = await as("admin", "POST", `/api/v1/leads/${id}/erase`, { reference: "GDPR-2026-17" });
    expect([again.statusCode, again.json().code]).toEqual([409, "lead.already_erased"]);
    const move = await as("marketing", "POST", `/api/v1/leads/${id}/nurture`);
    expect([move.statusCode, move.json().code]).toEqual([404, "lead.not_found"]);
  });
});
