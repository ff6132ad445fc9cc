import type { Actor } from "../../../contracts/definitions.js";
import type { Store } from "../../../store/connect.js";
import { insertUser } from "../../../store/users.js";
import type { AppDeps } from "../../deps.js";
import { captureLead } from "../../leads/capture-lead.js";
import { evidence, VARIANT_A } from "../../testing/app.js";
import { createDraft } from "../versions.js";
import { approveDefinition, proposeDefinition } from "../workflow.js";

/** One user per role, plus a second marketing head; the admin comes from testApp's set-up. */
export const PEOPLE = {
  marketing: { id: "u-marketing", role: "marketing" },
  marketingHead: { id: "u-marketing-head", role: "marketing_head" },
  marketingHead2: { id: "u-marketing-head-2", role: "marketing_head" },
  sales: { id: "u-sales", role: "sales" },
  salesHead: { id: "u-sales-head", role: "sales_head" },
} as const satisfies Record<string, Actor>;

export async function addPeople(store: Store, at = 0): Promise<void> {
  for (const p of Object.values(PEOPLE)) {
    await insertUser(store.db, {
      id: p.id,
      email: `${p.id}@example.test`,
      name: p.id,
      role: p.role,
      created_at: at,
      // They chose their own password: their approvals count.
      password_set_at: at,
    });
  }
}

/** Variant A, stricter: hot also needs stated interest, so a hot lead without it drops to cold. */
export const STRICT_A = VARIANT_A.replace("id: variant-a", "id: variant-a-strict").replace(
  "    when:\n      fact: decision_date\n      within_next: 6 months\n",
  "    when:\n      all:\n        - { fact: decision_date, within_next: 6 months }\n        - { fact: stated_interest, eq: true }\n",
);
if (STRICT_A === VARIANT_A || !STRICT_A.includes("- { fact: stated_interest, eq: true }")) {
  throw new Error("STRICT_A: variant-a.yaml changed shape; update the fixture");
}

/**
 * A definition that is clean on 2026-11-27 but not from 2027-01-01: hot needs a decision date
 * within a month AND before 2027-01-01, which no date satisfies once the month starts in 2027.
 */
export const EXPIRING_A = VARIANT_A.replace("id: variant-a", "id: variant-a-expiring").replace(
  "    when:\n      fact: decision_date\n      within_next: 6 months\n",
  "    when:\n      all:\n        - { fact: decision_date, within_next: 1 month }\n        - { fact: decision_date, lt: '2027-01-01' }\n",
);

export type LeadFacts = { decision_date?: string; stated_interest?: boolean };

/** Captures a lead with the given facts, all recorded on a call an hour before the test's start. */
export async function captureWith(deps: AppDeps, email: string, facts: LeadFacts = {}): Promise<string> {
  const r = await captureLead(
    deps,
    {
      email,
      facts: Object.entries(facts).map(([fact, value]) => ({
        fact,
        value,
        evidence: evidence("2026-11-27T09:00:00Z"),
      })),
    },
    "api",
  );
  return r.leadId;
}

/** Draft → proposed → approved by both heads, by the given author; returns the version. */
export async function approvedVersion(deps: AppDeps, source: string, author: Actor = PEOPLE.marketing) {
  const { version } = await createDraft(deps, source, author);
  await proposeDefinition(deps, version, author);
  await approveDefinition(deps, version, PEOPLE.marketingHead);
  await approveDefinition(deps, version, PEOPLE.salesHead);
  return version;
}
