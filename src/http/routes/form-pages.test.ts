import { expect, test } from "vitest";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { DEMO_FORM, insertKey, labelledControls } from "../testing/capture-fixtures.js";
import { testServer } from "../testing/server.js";

const SHOP = "https://shop.example";

describeEachDialect("web forms: public pages", (ctx) => {
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

  test("the page in English: questions, options, labels for every control, the honeypot hidden", async () => {
    const { app, form, secret } = await setUp();
    const r = await app.inject(`/forms/${form.id}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.headers["x-frame-options"]).toBeUndefined();
    expect(r.headers["content-security-policy"]).toMatch(/frame-ancestors 'self' https:\/\/shop\.example/);
    expect(r.headers["content-security-policy"]).toMatch(/script-src 'nonce-[^']+'/);
    const html = r.body;
    expect(html).toContain('<html lang="en">');
    for (const text of [
      "Request a demo",
      "When do you plan to decide?",
      "Within 3 months",
      "In 3–6 months",
      "Not decided yet",
      "Are you interested in a demo?",
      "Your name",
      "(optional)",
      ">Send</button>",
    ])
      expect(html).toContain(text);
    expect(html).toContain(`action="/forms/${form.id}/submit?lang=en"`);
    expect(html).toMatch(
      /<div class="hp" aria-hidden="true"><label for="f-website">Leave this field empty<\/label><input type="text" id="f-website" name="website" tabindex="-1" autocomplete="off"><\/div>/,
    );
    expect(labelledControls(html)).toEqual(
      expect.arrayContaining([
        "f-name",
        "f-email",
        "f-decision",
        "f-decision-4",
        "f-demo",
        "f-message",
        "f-website",
      ]),
    );
    expect(html).toMatch(
      /<input type="email" autocomplete="email" maxlength="254" value="" id="f-email" name="email" required/,
    );
    expect(html).not.toContain(secret);
    expect(html).not.toMatch(/<(link|img)|src="http/);
    const tagged = await app.inject(`/forms/${form.id}?utm_source=newsletter&utm_medium=%3Cb%3E&other=x`);
    expect(tagged.body).toContain('<input type="hidden" name="utm_source" value="newsletter">');
    expect(tagged.body).toContain('<input type="hidden" name="utm_medium" value="&#60;b&#62;">');
    expect(tagged.body).not.toContain('name="other"');
  });

  test("the page in Russian, by ?lang= or by Accept-Language", async () => {
    const { app, form } = await setUp();
    for (const r of [
      await app.inject(`/forms/${form.id}?lang=ru`),
      await app.inject({
        url: `/forms/${form.id}`,
        headers: { "accept-language": "ru-RU,ru;q=0.9,en;q=0.8" },
      }),
    ]) {
      expect(r.body).toContain('<html lang="ru">');
      for (const text of [
        "Запросить демонстрацию",
        "Когда вы планируете принять решение?",
        "В течение 3 месяцев",
        "Пока не решили",
        "Ваше имя",
        "(необязательно)",
        "Оставьте это поле пустым",
        ">Отправить</button>",
      ])
        expect(r.body).toContain(text);
      labelledControls(r.body);
    }
    const de = await app.inject({
      url: `/forms/${form.id}`,
      headers: { "accept-language": "de-DE,ru;q=0.5" },
    });
    expect(de.body).toContain('<html lang="ru">');
  });
});
