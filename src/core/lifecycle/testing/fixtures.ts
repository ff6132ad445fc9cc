import { loadTemplate } from "../../testing/templates.js";
import { parseInstant } from "../../time.js";
import { resolveLifecycleConfig } from "../config.js";
import {
  type Actor,
  type CommandType,
  type LeadState,
  type LifecycleCommand,
  newLead,
  type Role,
  type Stage,
} from "../model.js";
import { type TransitionContext, type TransitionResult, transition } from "../state-machine.js";

/** Test-only fixtures for the lifecycle: the article's variant A with a lifecycle written out. */

export const FACTS = loadTemplate("variant-a").definition.factsByKey;

export const CONFIG = resolveLifecycleConfig({
  handoff: { grades: ["hot", "warm"], required_facts: ["decision_date"] },
  service_levels: [{ grade: "hot", respond_within: "4 working hours" }],
  working_hours: {
    days: ["mon", "tue", "wed", "thu", "fri"],
    from: "09:00",
    to: "18:00",
    utc_offset: "+03:00",
  },
});

export function at(text: string): number {
  const ms = parseInstant(text);
  if (ms === undefined) throw new Error(`bad instant ${text}`);
  return ms;
}

/** Friday 2026-11-27 17:00 in Moscow: one working hour left in the week. */
export const FRIDAY_5PM = at("2026-11-27T17:00+03:00");

export const actor = (role: Role | string, id = `${role}@acme.example`): Actor => ({
  id,
  role: role as Role,
});

export const EVIDENCE = {
  channel: "call",
  recordedBy: "sales@acme.example",
  recordedAt: "2026-11-27T17:30:00+03:00",
  quote: "We have not set any date, it is just research",
} as const;

/** A command of each type that passes its own guards on a lead from `leadIn`. */
export const VALID: Readonly<Record<CommandType, LifecycleCommand>> = {
  nurture: { type: "nurture" },
  hand_off: { type: "hand_off" },
  accept: { type: "accept" },
  reject: { type: "reject", rejection: { reason: "duplicate" } },
  open_opportunity: { type: "open_opportunity" },
  win: { type: "win", amount: 12_500, currency: "EUR" },
  lose: { type: "lose", reason: "price" },
  recycle: { type: "recycle" },
};

/** The way to each stage, issued by an admin; the lead is hot with a decision date known. */
const PATHS: Readonly<Record<Stage, readonly CommandType[]>> = {
  captured: [],
  nurturing: ["nurture"],
  handed_off: ["nurture", "hand_off"],
  accepted: ["nurture", "hand_off", "accept"],
  rejected: ["nurture", "hand_off", "reject"],
  opportunity: ["nurture", "hand_off", "accept", "open_opportunity"],
  won: ["nurture", "hand_off", "accept", "open_opportunity", "win"],
  lost: ["nurture", "hand_off", "accept", "open_opportunity", "lose"],
};

export function ctx(role: Role | string, now: number): TransitionContext {
  return { now, config: CONFIG, actor: actor(role), facts: FACTS };
}

/** A lead walked to `stage`, one minute per step from `start`; returns the lead and the last step's time. */
export function leadIn(stage: Stage, start = FRIDAY_5PM): { lead: LeadState; now: number } {
  let lead = newLead(start, "hot", ["decision_date", "stated_interest"]);
  let now = start;
  for (const type of PATHS[stage]) {
    now += 60_000;
    lead = expectOk(transition(lead, VALID[type], ctx("admin", now))).state;
  }
  return { lead, now };
}

export function expectOk(r: TransitionResult): Extract<TransitionResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message.en}`);
  return r;
}

export function expectError(r: TransitionResult) {
  if (r.ok) throw new Error(`expected a refusal, got a move to ${r.state.stage}`);
  return r.error;
}
