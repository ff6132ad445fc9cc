import { afterEach, expect, test, vi } from "vitest";
import { findObservationRows } from "../../store/events.js";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { countCaptureRows, DEMO_FORM, insertKey, labelledControls } from "../testing/capture-fixtures.js";
import { testServer } from "../testing/server.js";

const SHOP = "https://shop.example";
const NONE = { leads: 0, facts: 0, events: 0, idempotency: 0 };

afterEach(() => {
  vi.unstubAllEnvs();
});

describeEachDialect("web forms: submitting", (ctx) => {
  async function setUp() {
    const t = await testServer(ctx.store, { captureOrigins: [SHOP] });
    const secret = await insertKey(ctx.store, "site", ["capture"]);
    const form = (await t.as("admin", "POST", "/api/v1/forms", DEMO_FORM)).json();
    const submit = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: "POST",
        url: `/forms/${form.id}/submit${fields.lang ? `?lang=${fields.lang}` : ""}`,
        payload: new URLSearchParams(fields).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      });
    return { ...t, secret, form, submit };
  }

  test("submitting “within 3 months” captures a lead with decision date = capture day + 3 months, graded hot", async () => {
    const { submit, form } = await setUp();
    const r = await submit({
      lang: "en",
      token: "tok-0000001",
      name: "Olga",
      email: "olga@example.test",
      decision: "within_3_months",
      demo: "yes",
      message: "Call after 5",
      website: "",
      utm_source: "newsletter",
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain("Thank you");
    const lead = await ctx.store.db.selectFrom("leads").selectAll().executeTakeFirstOrThrow();
    expect(lead).toMatchObject({
      name: "Olga",
      grade: "hot",
      source: "website",
      campaign: "demo-page",
      utm_source: "newsletter",
    });
    const facts = await findObservationRows(ctx.store.db);
    expect(facts.map((f) => [f.fact, f.value, f.channel, f.recorded_by, f.quote])).toEqual([
      ["decision_date", '"2027-02-27"', "form", "key:site", "Within 3 months"],
      ["stated_interest", "true", "form", "key:site", "Yes"],
      ["notes", '"Call after 5"', "form", "key:site", null],
    ]);
    expect(facts[0]?.note).toBe("Website demo request: When do you plan to decide?");
    // The browser sends the same page again (back button, double click): captured once.
    expect(
      (await submit({ token: "tok-0000001", email: "olga@example.test", decision: "within_3_months" }))
        .statusCode,
    ).toBe(200);
    expect((await countCaptureRows(ctx.store)).facts).toBe(3);
    expect(form.id).toBeTruthy();
  });

  test("in Russian, “not decided” records the decision date as unknown, quoting the Russian label", async () => {
    const { submit, app, form } = await setUp();
    const r = await submit({ lang: "ru", email: "ivan@example.test", decision: "not_decided", demo: "yes" });
    expect(r.body).toContain("Спасибо");
    const byQuery = await app.inject({
      method: "POST",
      url: `/forms/${form.id}/submit?lang=ru`,
      payload: "email=petr%40example.test&decision=3_6_months",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(byQuery.body).toContain("Спасибо"); // the page's action carries the language too
    const facts = await findObservationRows(ctx.store.db);
    expect(facts.map((f) => [f.fact, f.value, f.quote])).toEqual([
      ["decision_date", null, "Пока не решили"],
      ["stated_interest", "true", "Да"],
      ["decision_date", '"2027-05-27"', "Через 3–6 месяцев"],
    ]);
    const grades = await ctx.store.db
      .selectFrom("leads")
      .select(["email", "grade"])
      .orderBy("email")
      .execute();
    expect(grades).toEqual([
      { email: "ivan@example.test", grade: "warm" },
      { email: "petr@example.test", grade: "hot" },
    ]);
  });

  test("a bad answer re-renders the form with messages and the visitor's answers; nothing is stored", async () => {
    const { submit } = await setUp();
    const r = await submit({
      lang: "ru",
      name: "Ivan",
      email: "ivan@",
      decision: "tomorrow",
      message: "x".repeat(2001),
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('<html lang="ru">');
    expect(r.body).toContain("Пожалуйста, исправьте:");
    expect(r.body).toContain("Введите e-mail, например name@example.com.");
    expect(r.body).toContain("Выберите один из вариантов.");
    expect(r.body).toContain("Слишком длинный текст.");
    expect(r.body).toMatch(
      /id="f-email" name="email" required aria-describedby="e-email" aria-invalid="true"/,
    );
    expect(r.body).toContain('value="Ivan"');
    labelledControls(r.body);
    const missing = await submit({ lang: "en", email: "ivan@example.test" });
    expect(missing.body).toContain("When do you plan to decide? — This is required.");
    expect(await countCaptureRows(ctx.store)).toEqual(NONE);
  });

  test("the page's script gets JSON: 202 with the thanks, 400 with each field's problem", async () => {
    const { submit } = await setUp();
    const json = { accept: "application/json", "idempotency-key": "page-token-42" };
    const bad = await submit({ lang: "en", email: "x", decision: "" }, json);
    expect([bad.statusCode, bad.json().code]).toEqual([400, "validation.invalid"]);
    expect(bad.json().details.problems).toEqual([
      { path: "email", message: "Please enter an e-mail address such as name@example.com." },
      { path: "decision", message: "This is required." },
    ]);
    const ok = await submit({ lang: "en", email: "x@example.test", decision: "6_12_months" }, json);
    expect([ok.statusCode, ok.json().status]).toEqual([202, "accepted"]);
    expect(ok.json().message).toMatch(/We have received your answers/);
    const again = await submit({ lang: "en", email: "x@example.test", decision: "6_12_months" }, json);
    expect(again.statusCode).toBe(202);
    const facts = await findObservationRows(ctx.store.db);
    expect(facts.map((f) => f.value)).toEqual(['"2027-11-27"']);
  });

  test("a filled honeypot thanks the bot and stores nothing", async () => {
    const { submit } = await setUp();
    const r = await submit({
      email: "bot@example.test",
      decision: "within_3_months",
      website: "http://spam.example",
    });
    expect([r.statusCode, r.body.includes("Thank you")]).toEqual([200, true]);
    expect(await countCaptureRows(ctx.store)).toEqual(NONE);
  });

  test("unknown forms are 404; a form whose key was revoked is closed (401 on submit)", async () => {
    const { app, submit, form } = await setUp();
    const missing = await app.inject("/forms/nope");
    expect([missing.statusCode, missing.body.includes("Form not found")]).toEqual([404, true]);
    await ctx.store.db.updateTable("api_keys").set({ revoked_at: 1 }).where("id", "=", "site").execute();
    expect((await app.inject(`/forms/${form.id}`)).body).toContain("This form is not accepting answers");
    const r = await submit({ email: "late@example.test", decision: "within_3_months" });
    expect(r.statusCode).toBe(401);
    expect(await countCaptureRows(ctx.store)).toEqual(NONE);
  });

  test("submissions are rate-limited per client address, with a page saying so", async () => {
    vi.stubEnv("TRUCE_FORM_SUBMITS_PER_IP", "2");
    const { submit } = await setUp();
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push(await submit({ lang: "ru", email: `p${i}@example.test`, decision: "not_decided" }));
    expect(codes.map((r) => r.statusCode)).toEqual([200, 200, 429]);
    expect(codes[2]?.headers["content-type"]).toMatch(/text\/html/);
    expect(codes[2]?.body).toContain("Слишком много попыток");
    const json = await submit({ email: "q@example.test" }, { accept: "application/json" });
    expect([json.statusCode, json.json().code]).toEqual([429, "rate_limited"]);
  });
});
