import type { Actor } from "../../../core/index.js";
import type { Store } from "../../../store/connect.js";
import { captureLead } from "../../leads/capture-lead.js";
import { eraseLead } from "../../leads/erase-lead.js";
import { moveLead } from "../../leads/lifecycle.js";
import { evidence, testApp } from "../../testing/app.js";

const marketer: Actor = { id: "user:mira", role: "marketing" };
const seller: Actor = { id: "user:sasha", role: "sales" };
const DAY = 86_400_000;

/** The tricky text a CSV must carry intact: the delimiters, quotes, a line break, Cyrillic. */
export const TRICKY_NOTE = 'She said: "call me Monday; or Tuesday",\nthen hung up — перезвонить';

/**
 * A small book of leads for export and report tests, captured from 2026-11-27 on (one day apart):
 * - olga: hot (decision date), webinar/q4, a note with quotes and line breaks; handed off, won 12500.5 RUB after 3 days;
 * - ivan: warm, Cyrillic name, ads/q4; handed off, lost after 2 days;
 * - formula: cold, a name that a spreadsheet would run as a formula, webinar, no campaign;
 * - erased: captured with identity, then erased;
 * - petr: hot, ads/spring, handed off, no outcome yet.
 */
export async function seedLeads(store: Store) {
  const { deps, clock } = await testApp(store, "2026-11-27T10:00:00Z");
  const day = () => clock.advance(DAY);
  const olga = await captureLead(
    deps,
    {
      name: 'Olga "Ola", Ivanova',
      email: "olga@example.test",
      phone: "+7 (999) 123-45-67",
      company: "Acme; Ltd",
      source: "webinar",
      campaign: "q4",
      utm: { source: "newsletter", medium: "email" },
      facts: [
        { fact: "decision_date", value: "2027-02-15", evidence: evidence("2026-11-27T09:00:00Z") },
        { fact: "stated_interest", value: true, evidence: evidence("2026-11-27T09:00:00Z") },
        { fact: "notes", value: TRICKY_NOTE, evidence: evidence("2026-11-27T09:00:00Z") },
      ],
    },
    "form:website",
  );
  day();
  const ivan = await captureLead(
    deps,
    {
      name: "Иван Петров",
      email: "ivan@example.test",
      company: "ООО «Ромашка»",
      source: "ads",
      campaign: "q4",
      facts: [{ fact: "stated_interest", value: true, evidence: evidence("2026-11-28T09:00:00Z") }],
    },
    "form:website",
  );
  day();
  const formula = await captureLead(
    deps,
    { name: '=HYPERLINK("http://evil.example","click")', email: "f@example.test", source: "webinar" },
    "api",
  );
  day();
  const erased = await captureLead(
    deps,
    {
      name: "Erin Erased",
      email: "erin@example.test",
      phone: "+1 555 0100",
      source: "ads",
      campaign: "q4",
      facts: [{ fact: "notes", value: "private words", evidence: evidence("2026-11-30T09:00:00Z") }],
    },
    "api",
  );
  await eraseLead(deps, erased.leadId, { reference: "GDPR-1" }, "user:admin");
  day();
  const petr = await captureLead(
    deps,
    {
      name: "Petr",
      email: "petr@example.test",
      source: "ads",
      campaign: "spring",
      facts: [{ fact: "decision_date", value: "2027-01-10", evidence: evidence("2026-12-01T09:00:00Z") }],
    },
    "api",
  );
  // Hand-offs on 2026-12-01; olga won three days later, ivan lost two days later.
  for (const id of [olga.leadId, ivan.leadId, petr.leadId])
    await moveLead(deps, id, { type: "hand_off" }, marketer);
  for (const id of [olga.leadId, ivan.leadId]) await moveLead(deps, id, { type: "accept" }, seller);
  day();
  day();
  await moveLead(deps, ivan.leadId, { type: "lose", reason: "no_real_need" }, seller);
  day();
  await moveLead(deps, olga.leadId, { type: "open_opportunity" }, seller);
  await moveLead(deps, olga.leadId, { type: "win", amount: 12500.5, currency: "RUB" }, seller);
  return {
    deps,
    clock,
    ids: {
      olga: olga.leadId,
      ivan: ivan.leadId,
      formula: formula.leadId,
      erased: erased.leadId,
      petr: petr.leadId,
    },
  };
}
