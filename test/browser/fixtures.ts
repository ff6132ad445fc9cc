/** Data the browser tests set up or read through the API, beside what they do on screen. */
import type { TestApp } from "./harness.js";

/** The company's website form (no questions: contact details only), with its capture key. */
export async function createCaptureForm(app: TestApp): Promise<string> {
  const key = await app.api("admin", "POST", "/api/v1/keys", { name: "website", scopes: ["capture"] });
  if (key.status !== 201) throw new Error(`capture key: ${key.status} ${JSON.stringify(key.body)}`);
  const form = await app.api("admin", "POST", "/api/v1/forms", {
    name: "Website contact form",
    keyId: key.body.id,
    title: { en: "Talk to us", ru: "Свяжитесь с нами" },
    fields: [],
    source: "website",
    campaign: "spring",
  });
  if (form.status !== 201) throw new Error(`form: ${form.status} ${JSON.stringify(form.body)}`);
  const url = new URL(form.body.url as string, app.url);
  return `${app.url}${url.pathname}`;
}

export interface ApiLead {
  readonly id: string;
  readonly grade: string | null;
  readonly stage: string;
  readonly [k: string]: unknown;
}

/** The lead with this e-mail, as the API lists it (marketing's view). */
export async function leadByEmail(app: TestApp, email: string): Promise<ApiLead | undefined> {
  const r = await app.api("marketing", "GET", `/api/v1/leads?q=${encodeURIComponent(email)}&limit=5`);
  if (r.status !== 200) throw new Error(`list: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body.items as ApiLead[]).find((l) => l.email === email);
}

/** A lead's detail from the API: the lead, facts, disputes, available moves. */
export async function leadDetail(
  app: TestApp,
  id: string,
  role: Parameters<TestApp["api"]>[0] = "marketing",
) {
  const r = await app.api(role, "GET", `/api/v1/leads/${id}`);
  if (r.status !== 200) throw new Error(`lead ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as {
    lead: ApiLead & { outcome?: unknown };
    facts: { fact: string; value: unknown; evidence?: unknown }[];
    disputes: { id: string; fact: string; status: string; claimedValue: unknown }[];
    availableMoves: string[];
    availableActions: string[];
  };
}

/** A day `days` from today, as the date inputs take it (YYYY-MM-DD, UTC). */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
