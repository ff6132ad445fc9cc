import type { LeadState } from "./model.js";

/**
 * The sales service level: from hand-off, sales must accept or reject the lead by its due time.
 * The due time is computed once, at hand-off, from the grade's service level and the working
 * hours then in force (`transition` stores it in `handoff.slaDueAt`). Reading it back instead of
 * recomputing keeps a deadline from moving when someone edits the definition afterwards, so
 * these functions need no configuration.
 */

export type SlaStatus =
  /** Not handed off in this cycle, or the grade has no service level. */
  | { readonly state: "none" }
  /** Waiting for sales; `remaining` ms until due (0 at the due instant itself). */
  | { readonly state: "running"; readonly due: number; readonly remaining: number }
  /** Answered by the due time (exactly at due counts as met). */
  | { readonly state: "met"; readonly due: number; readonly respondedAt: number }
  /** Past due: still unanswered (`respondedAt` absent) or answered late. */
  | {
      readonly state: "breached";
      readonly due: number;
      readonly overdueBy: number;
      readonly respondedAt?: number | undefined;
    };

/** Where a lead stands against the sales service level as of `now` (epoch ms). */
export function slaStatus(lead: Pick<LeadState, "handoff" | "response">, now: number): SlaStatus {
  const due = lead.handoff?.slaDueAt;
  // As of `now`: a hand-off or an answer recorded later is not seen, so a report for a past
  // instant shows what was true then.
  if (due === null || due === undefined || (lead.handoff?.at ?? 0) > now) return { state: "none" };
  const respondedAt = lead.response?.at;
  if (respondedAt !== undefined && respondedAt <= now)
    return respondedAt <= due
      ? { state: "met", due, respondedAt }
      : { state: "breached", due, overdueBy: respondedAt - due, respondedAt };
  return now <= due
    ? { state: "running", due, remaining: due - now }
    : { state: "breached", due, overdueBy: now - due };
}

export interface Breach<T extends LeadState> {
  readonly lead: T;
  readonly due: number;
  readonly overdueBy: number;
  /** True while sales still has not answered: the ones to chase first. */
  readonly open: boolean;
}

/**
 * Every lead whose service level is breached at `now`, open breaches first, then the most overdue.
 * Generic so callers get back their own lead records (with ids) untouched.
 */
export function listBreaches<T extends LeadState>(leads: readonly T[], now: number): Breach<T>[] {
  const out: Breach<T>[] = [];
  for (const lead of leads) {
    const s = slaStatus(lead, now);
    if (s.state === "breached")
      out.push({ lead, due: s.due, overdueBy: s.overdueBy, open: s.respondedAt === undefined });
  }
  return out.sort((a, b) => Number(b.open) - Number(a.open) || b.overdueBy - a.overdueBy);
}
