import { expect, test } from "vitest";
import { findObservationRows } from "../../store/events.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { CAPTURE, captureSetUp, countCaptureRows, insertKey } from "../testing/capture-fixtures.js";

describeEachDialect("public capture", (ctx) => {
  const setUp = () => captureSetUp(ctx.store);

  test("creates a lead with form-channel facts, recorded by the key, and grades it", async () => {
    const { post } = await setUp();
    const r = await post({
      name: "Olga",
      email: "olga@example.test",
      company: "Acme",
      source: "website",
      campaign: "spring",
      utm: { source: "google", medium: "cpc" },
      locale: "ru",
      answers: {
        decision_date: "2027-03-01",
        stated_interest: true,
        contact_channel: "form",
        notes: " Call after 5 ",
      },
    });
    expect([r.statusCode, r.json()]).toEqual([202, { status: "accepted" }]);
    const lead = await ctx.store.db.selectFrom("leads").selectAll().executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ grade: "hot", source: "website", campaign: "spring", utm_source: "google" });
    const facts = await findObservationRows(ctx.store.db);
    expect(facts.map((f) => [f.fact, f.value, f.channel, f.recorded_by, f.quote])).toEqual([
      ["decision_date", '"2027-03-01"', "form", "key:site", null],
      ["stated_interest", "true", "form", "key:site", null],
      ["contact_channel", '"form"', "form", "key:site", "Форма на сайте"],
      ["notes", '"Call after 5"', "form", "key:site", null],
    ]);
    expect(Number(facts[0]?.recorded_at)).toBe(Date.parse("2026-11-27T10:00:00Z"));
  });

  test("a second capture with the same e-mail adds to the open lead instead of duplicating it", async () => {
    const { post } = await setUp();
    await post({ email: "ivan@example.test" });
    await post({ email: "IVAN@example.test", answers: { stated_interest: true } });
    const leads = await ctx.store.db.selectFrom("leads").selectAll().execute();
    expect(leads.map((l) => l.grade)).toEqual(["warm"]);
    const events = await ctx.store.db.selectFrom("lead_events").select("type").orderBy("id").execute();
    expect(events.map((e) => e.type)).toEqual(["captured", "captured_again"]);
  });

  test("an Idempotency-Key replay answers alike and writes nothing; keys are separate per API key", async () => {
    const { post, app } = await setUp();
    const headers = { "idempotency-key": "order-form-0001" };
    const first = await post({ email: "a@example.test", answers: { stated_interest: true } }, headers);
    const before = await countCaptureRows(ctx.store);
    const again = await post({ email: "a@example.test", answers: { stated_interest: false } }, headers);
    expect([again.statusCode, again.body, again.headers["idempotent-replayed"]]).toEqual([
      202,
      first.body,
      "true",
    ]);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(await countCaptureRows(ctx.store)).toEqual(before);
    const other = await insertKey(ctx.store, "partner", ["capture"]);
    const theirs = await app.inject({
      method: "POST",
      url: CAPTURE,
      payload: { email: "b@example.test" },
      headers: { authorization: `Bearer ${other}`, ...headers },
    });
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect((await countCaptureRows(ctx.store)).leads).toBe(2);
    const bad = await post({ email: "c@example.test" }, { "idempotency-key": "short" });
    expect(bad.json().details.problems.map((p: { path: string }) => p.path)).toEqual([
      "headers.idempotency-key",
    ]);
  });

  test("a filled honeypot answers 202 like a success and stores nothing; bad input is refused alike", async () => {
    const { post } = await setUp();
    const r = await post({
      email: "bot@example.test",
      website: "http://spam.example",
      answers: { stated_interest: true },
    });
    expect([r.statusCode, r.json()]).toEqual([202, { status: "accepted" }]);
    expect(await countCaptureRows(ctx.store)).toEqual({ leads: 0, facts: 0, events: 0, idempotency: 0 });
    const bad = await post({ email: "bot@example.test", website: "x", answers: { stated_interest: "yes" } });
    expect(bad.statusCode).toBe(400);
  });

  test("bad input is a 400 naming every bad field", async () => {
    const { post } = await setUp();
    const shape = await post({
      email: "not-an-email",
      phone: "call me",
      answers: { decision_date: 5 },
      extra: 1,
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().details.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(["body.email", "body.phone", "body.extra"]),
    );
    const facts = await post({
      email: "ok@example.test",
      answers: { decision_date: "soon", stated_interest: "yes", contact_channel: "fax", budget: 1 },
    });
    expect([facts.statusCode, facts.json().code]).toEqual([400, "validation.invalid"]);
    expect(facts.json().details.problems.map((p: { path: string }) => p.path)).toEqual([
      "body.answers.decision_date",
      "body.answers.stated_interest",
      "body.answers.contact_channel",
      "body.answers.budget",
    ]);
    const form = await post({ email: "ok@example.test", form: "no-such-form" });
    expect([form.statusCode, form.json().code]).toEqual([404, "form.not_found"]);
    expect(await countCaptureRows(ctx.store)).toEqual({ leads: 0, facts: 0, events: 0, idempotency: 0 });
  });
});
