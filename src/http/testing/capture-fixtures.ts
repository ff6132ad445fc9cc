import { expect } from "vitest";
import { hashToken } from "../../app/auth/secrets.js";
import type { FormFieldInput, FormInput } from "../../contracts/api-capture.js";
import type { Store } from "../../store/connect.js";
import { findObservationRows } from "../../store/events.js";
import { testServer } from "./server.js";

/** Test-only: an API key row with the given scopes; returns the secret to send as `Bearer`. */
export async function insertKey(
  store: Store,
  id: string,
  scopes: readonly string[],
  options: { revoked?: boolean } = {},
): Promise<string> {
  const secret = `truce_test_${id}_secret`;
  await store.db
    .insertInto("api_keys")
    .values({
      id,
      name: `${id} key`,
      key_hash: hashToken(secret),
      prefix: `truce_${id}`,
      scopes: JSON.stringify(scopes),
      created_by: "test",
      created_at: Date.parse("2026-11-01T00:00:00Z"),
      last_used_at: null,
      revoked_at: options.revoked ? Date.parse("2026-11-02T00:00:00Z") : null,
    })
    .execute();
  return secret;
}

/** Every visible control of a page has a label whose `for` names it; returns the controls' ids. */
export function labelledControls(html: string): string[] {
  const ids = [...html.matchAll(/<(?:input|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  for (const id of ids) expect(html, `a label for #${id}`).toContain(`<label for="${id}">`);
  return ids;
}

/** Rows in the tables a capture writes: all zero when nothing was stored. */
export async function countCaptureRows(store: Store) {
  const count = async (table: "leads" | "lead_events" | "idempotency_keys") =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirst()
      )?.n,
    );
  return {
    leads: await count("leads"),
    // Observations: each lives in the event of the happening that recorded it.
    facts: (await findObservationRows(store.db)).length,
    events: await count("lead_events"),
    idempotency: await count("idempotency_keys"),
  };
}

const DECISION_FIELD = {
  kind: "choice",
  name: "decision",
  fact: "decision_date",
  required: true,
  question: { en: "When do you plan to decide?", ru: "Когда вы планируете принять решение?" },
  options: [
    {
      key: "within_3_months",
      label: { en: "Within 3 months", ru: "В течение 3 месяцев" },
      dateIn: "3 months",
    },
    { key: "3_6_months", label: { en: "In 3–6 months", ru: "Через 3–6 месяцев" }, dateIn: "6 months" },
    { key: "6_12_months", label: { en: "In 6–12 months", ru: "Через 6–12 месяцев" }, dateIn: "12 months" },
    { key: "not_decided", label: { en: "Not decided yet", ru: "Пока не решили" }, value: null },
  ],
} satisfies FormFieldInput;

const DEMO_FIELD = {
  kind: "choice",
  name: "demo",
  fact: "stated_interest",
  question: { en: "Are you interested in a demo?", ru: "Вам интересна демонстрация?" },
  options: [
    { key: "yes", label: { en: "Yes", ru: "Да" }, value: true },
    { key: "no", label: { en: "No", ru: "Нет" }, value: false },
  ],
} satisfies FormFieldInput;

const NOTES_FIELD = {
  kind: "text",
  name: "message",
  fact: "notes",
  question: { en: "Anything else we should know?", ru: "Что ещё нам стоит знать?" },
  maxLength: 2000,
} satisfies FormFieldInput;

/** The form for variant A: when the prospect decides, whether they want a demo, and a note. */
export const DEMO_FORM = {
  name: "Website demo request",
  keyId: "site",
  locales: ["en", "ru"],
  title: { en: "Request a demo", ru: "Запросить демонстрацию" },
  intro: {
    en: "Two quick questions, so that we call you at the right time.",
    ru: "Два коротких вопроса — чтобы мы позвонили вовремя.",
  },
  contact: { name: "optional", email: "required", phone: "optional", company: "optional" },
  source: "website",
  campaign: "demo-page",
  fields: [DECISION_FIELD, DEMO_FIELD, NOTES_FIELD],
} satisfies FormInput;

export const DEMO_FIELDS = { decision: DECISION_FIELD, demo: DEMO_FIELD, notes: NOTES_FIELD };

export const SHOP = "https://shop.example";
export const CAPTURE = "/api/v1/capture";

/** A server allowing SHOP, a capture key for it, and `post` to capture with that key from an address. */
export async function captureSetUp(store: Store) {
  const t = await testServer(store, { captureOrigins: [SHOP] });
  const secret = await insertKey(store, "site", ["capture"]);
  const post = (payload: unknown, headers: Record<string, string> = {}, remoteAddress = "203.0.113.7") =>
    t.app.inject({
      method: "POST",
      url: CAPTURE,
      payload: payload as Record<string, unknown>,
      headers: { authorization: `Bearer ${secret}`, ...headers },
      remoteAddress,
    });
  return { ...t, secret, post };
}
