import { newLead } from "../../core/index.js";
import type { LeadRow } from "../../store/tables.js";

/** Who a new lead is and where it came from, as a capture or an import row gives it. */
export interface NewLeadIdentity {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly company?: string | undefined;
  readonly source?: string | undefined;
  readonly campaign?: string | undefined;
  readonly utm?:
    | {
        readonly source?: string | undefined;
        readonly medium?: string | undefined;
        readonly campaign?: string | undefined;
        readonly term?: string | undefined;
        readonly content?: string | undefined;
      }
    | undefined;
  readonly ownerId?: string | undefined;
}

/** The row of a lead just captured: not graded yet, open, at the start of its lifecycle. */
export function newLeadRow(
  id: string,
  who: NewLeadIdentity,
  emailNorm: string | null,
  phoneNorm: string | null,
  now: number,
): LeadRow {
  return {
    id,
    name: who.name ?? null,
    email: who.email ?? null,
    email_norm: emailNorm,
    phone: who.phone ?? null,
    phone_norm: phoneNorm,
    company: who.company ?? null,
    source: who.source ?? null,
    campaign: who.campaign ?? null,
    utm_source: who.utm?.source ?? null,
    utm_medium: who.utm?.medium ?? null,
    utm_campaign: who.utm?.campaign ?? null,
    utm_term: who.utm?.term ?? null,
    utm_content: who.utm?.content ?? null,
    owner_id: who.ownerId ?? null,
    stage: "captured",
    lifecycle: JSON.stringify(newLead(now, null, [])),
    is_open: 1,
    grade: null,
    graded_version: null,
    graded_at: null,
    next_regrade_at: null,
    handed_off_at: null,
    handed_off_by: null,
    sla_due_at: null,
    responded_at: null,
    outcome_amount: null,
    outcome_currency: null,
    outcome_reason: null,
    created_at: now,
    updated_at: now,
    erased_at: null,
    row_version: 0,
    facts: "[]",
  };
}
