import { expect, test } from "vitest";
import { describeEachDialect } from "../../store/testing/dialects.js";
import { DEMO_FIELDS, DEMO_FORM, insertKey } from "../testing/capture-fixtures.js";
import { testServer } from "../testing/server.js";

const paths = (body: { details: { problems: { path: string }[] } }) =>
  body.details.problems.map((p) => p.path);

describeEachDialect("web forms: management", (ctx) => {
  async function setUp() {
    const t = await testServer(ctx.store, { captureOrigins: ["https://shop.example"] });
    await insertKey(ctx.store, "site", ["capture"]);
    return t;
  }

  test("admins and the head of marketing manage forms; marketing reads them; sales may not", async () => {
    const { as } = await setUp();
    const created = await as("admin", "POST", "/api/v1/forms", DEMO_FORM);
    expect(created.statusCode).toBe(201);
    const form = created.json();
    expect(form).toMatchObject({
      name: "Website demo request",
      keyId: "site",
      url: `/forms/${form.id}`,
      problems: [],
    });
    expect(form.fields[2]).toMatchObject({ kind: "text", required: false, maxLength: 2000 });
    expect(
      (await as("marketing_head", "POST", "/api/v1/forms", { ...DEMO_FORM, name: "Second" })).statusCode,
    ).toBe(201);
    expect((await as("marketing", "POST", "/api/v1/forms", DEMO_FORM)).statusCode).toBe(403);
    expect((await as("sales", "GET", "/api/v1/forms")).statusCode).toBe(403);
    const list = await as("marketing", "GET", "/api/v1/forms");
    expect(
      list
        .json()
        .forms.map((f: { name: string }) => f.name)
        .sort(),
    ).toEqual(["Second", "Website demo request"]);

    const renamed = await as("marketing_head", "PUT", `/api/v1/forms/${form.id}`, {
      ...DEMO_FORM,
      name: "Demo",
    });
    expect(renamed.json()).toMatchObject({ id: form.id, name: "Demo", createdAt: form.createdAt });
    expect((await as("marketing", "GET", `/api/v1/forms/${form.id}`)).json().name).toBe("Demo");
    expect((await as("admin", "DELETE", `/api/v1/forms/${form.id}`)).statusCode).toBe(204);
    const gone = await as("admin", "GET", `/api/v1/forms/${form.id}`);
    expect([gone.statusCode, gone.json().code]).toEqual([404, "form.not_found"]);
    expect((await as("admin", "PUT", `/api/v1/forms/${form.id}`, DEMO_FORM)).statusCode).toBe(404);
  });

  test("a form is checked against the active definition's catalogue, every problem with its path", async () => {
    const { as } = await setUp();
    await insertKey(ctx.store, "reader", ["read"]);
    const { decision, demo: choice, notes } = DEMO_FIELDS;
    const bad = {
      ...DEMO_FORM,
      keyId: "reader",
      fields: [
        { ...choice, name: "budget", fact: "budget" },
        { ...choice, name: "notes_choice", fact: "notes" },
        {
          ...choice,
          name: "interest",
          options: [{ key: "yes", label: { en: "Yes" }, value: "yes" }, choice.options[1]],
        },
        {
          ...choice,
          name: "channel",
          fact: "contact_channel",
          options: [
            { key: "web", label: { en: "Web", ru: "Сайт" }, value: "form" },
            { key: "fax", label: { en: "Fax", ru: "Факс" }, value: "fax" },
            { key: "later", label: { en: "Later", ru: "Позже" }, dateIn: "3 months" },
          ],
        },
        {
          ...decision,
          options: [{ key: "soon", label: { en: "Soon", ru: "Скоро" }, dateIn: "soon" }, decision.options[3]],
        },
        { ...notes, name: "email", fact: "decision_date" },
        { ...notes, name: "again", fact: "decision_date" },
      ],
    };
    const r = await as("admin", "POST", "/api/v1/forms", bad);
    expect([r.statusCode, r.json().code]).toEqual([400, "validation.invalid"]);
    expect(paths(r.json()).sort()).toEqual(
      [
        "body.fields.0.fact", // no such fact
        "body.fields.1.kind", // a text fact asked with options
        "body.fields.2.options.0.label.ru", // the form is offered in Russian
        "body.fields.2.options.0.value", // "yes" is not a boolean
        "body.fields.3.options.1.value", // not an option of the enum
        "body.fields.3.options.2.dateIn", // a period for an enum
        "body.fields.4.options.0.dateIn", // not a period
        "body.fields.5.name", // reserved
        "body.fields.5.fact", // decision_date asked twice
        "body.fields.5.kind", // a date fact as free text
        "body.fields.6.fact",
        "body.fields.6.kind",
        "body.keyId", // a read key cannot capture
      ].sort(),
    );
    const shape = await as("admin", "POST", "/api/v1/forms", {
      ...DEMO_FORM,
      fields: [{ kind: "choice", name: "x" }],
      title: {},
    });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape.json())).toEqual(
      expect.arrayContaining(["body.title.en", "body.fields.0.fact", "body.fields.0.options"]),
    );
    const hidden = {
      ...DEMO_FORM,
      contact: { name: "hidden", email: "hidden", phone: "hidden", company: "optional" },
    };
    expect(paths((await as("admin", "POST", "/api/v1/forms", hidden)).json())).toEqual(["body.contact"]);
  });

  test("the snippet embeds the form page in an iframe, or by a script that resizes it", async () => {
    const { as } = await setUp();
    const form = (await as("admin", "POST", "/api/v1/forms", DEMO_FORM)).json();
    const r = await as("marketing", "GET", `/api/v1/forms/${form.id}/snippet?lang=ru`);
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s.url).toBe(`http://localhost:80/forms/${form.id}?lang=ru`);
    expect(s.iframe).toBe(
      `<iframe src="http://localhost:80/forms/${form.id}?lang=ru" title="Запросить демонстрацию" width="100%" height="760" loading="lazy" style="border:0;max-width:640px"></iframe>`,
    );
    expect(s.script).toContain(`<div id="truce-form-${form.id}"></div>`);
    expect(s.script).toContain('e.origin==="http://localhost"');
    expect((await as("admin", "GET", "/api/v1/forms/nope/snippet")).statusCode).toBe(404);
  });
});

test("the OpenAPI document describes capture and forms", async () => {
  const { freshDatabase } = await import("../../store/testing/dialects.js");
  const { store, cleanup } = await freshDatabase("sqlite");
  try {
    const { app } = await testServer(store);
    const spec = (await app.inject("/api/openapi.json")).json();
    expect(spec.paths["/api/v1/capture"].post.description).toMatch(/Honeypot/);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/forms",
        "/api/v1/forms/{id}",
        "/api/v1/forms/{id}/snippet",
        "/forms/{id}/submit",
      ]),
    );
  } finally {
    await store.close();
    await cleanup();
  }
});
