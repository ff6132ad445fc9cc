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

interface SeedSpec {
  readonly name: string;
  readonly company: string;
  readonly source: string;
  readonly campaign: string;
  readonly interest?: boolean;
  readonly decisionInDays?: number;
  readonly quote?: string;
  readonly handOff?: boolean;
}

/** A small, mixed book of leads (English and Russian names, every grade, one handed off). */
export const SEED: readonly SeedSpec[] = [
  {
    name: "Jane Roe",
    company: "Globex",
    source: "website",
    campaign: "spring",
    interest: true,
    decisionInDays: 45,
    quote: "We decide in January",
    handOff: true,
  },
  {
    name: "Мария Соколова",
    company: "ООО Вектор",
    source: "webinar",
    campaign: "осень",
    interest: true,
    decisionInDays: 120,
    quote: "Решим до весны",
  },
  {
    name: "Tom Baker",
    company: "Initech",
    source: "partner",
    campaign: "reseller",
    interest: true,
    quote: "Send me the price list",
  },
  {
    name: "Алексей Смирнов",
    company: "АО Северсталь-Сервис",
    source: "website",
    campaign: "spring",
    interest: false,
  },
  { name: "Priya Patel", company: "Umbrella Corp", source: "ads", campaign: "google-q4" },
  {
    name: "Ольга Кузнецова",
    company: "ИП Кузнецова",
    source: "webinar",
    campaign: "осень",
    interest: true,
    decisionInDays: 400,
  },
];

/** Captures SEED through the API as marketing (facts with evidence), hands off the ones marked; ids in order. */
export async function seedLeads(app: TestApp): Promise<string[]> {
  const ids: string[] = [];
  const evidence = (quote?: string) => ({
    channel: "call",
    recordedBy: "marketing@example.test",
    recordedAt: new Date().toISOString(),
    ...(quote ? { quote } : {}),
  });
  for (const [i, s] of SEED.entries()) {
    const facts = [
      ...(s.interest === undefined
        ? []
        : [{ fact: "stated_interest", value: s.interest, evidence: evidence(s.quote) }]),
      ...(s.decisionInDays === undefined
        ? []
        : [{ fact: "decision_date", value: dayFromToday(s.decisionInDays), evidence: evidence(s.quote) }]),
      { fact: "contact_channel", value: ["form", "call", "email", "event"][i % 4], evidence: evidence() },
    ];
    const r = await app.api("marketing", "POST", "/api/v1/leads", {
      name: s.name,
      email: `seed${i}@example.test`,
      company: s.company,
      source: s.source,
      campaign: s.campaign,
      facts,
    });
    if (r.status !== 201) throw new Error(`seed ${s.name}: ${r.status} ${JSON.stringify(r.body)}`);
    ids.push(r.body.leadId as string);
    if (s.handOff) {
      const h = await app.api("marketing", "POST", `/api/v1/leads/${r.body.leadId}/hand-off`, {});
      if (h.status !== 200) throw new Error(`hand-off ${s.name}: ${h.status} ${JSON.stringify(h.body)}`);
    }
  }
  return ids;
}
