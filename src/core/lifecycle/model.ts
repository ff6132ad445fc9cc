import type { Evidence } from "../facts/evidence.js";
import type { CountsAgainst } from "./config.js";

/**
 * The lead lifecycle's data: stages, the lead's lifecycle state, the commands people issue and the
 * events a legal command produces. Plain JSON-friendly objects (times are epoch ms) so the store
 * can keep them as they are and the API can send them.
 */

export const STAGES = [
  "captured",
  "nurturing",
  "handed_off",
  "accepted",
  "rejected",
  "opportunity",
  "won",
  "lost",
] as const;
export type Stage = (typeof STAGES)[number];

export const COMMANDS = [
  "nurture",
  "hand_off",
  "accept",
  "reject",
  "open_opportunity",
  "win",
  "lose",
  "recycle",
] as const;
export type CommandType = (typeof COMMANDS)[number];

/** Who may act: the two departments, their heads, and the revenue-operations admin. */
export const ROLES = ["marketing", "marketing_head", "sales", "sales_head", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  readonly id: string;
  readonly role: Role;
}

/** Who did it and when. */
export interface Stamp {
  readonly at: number;
  readonly by: string;
}

/** A fact sales found to be wrong: the value they observed (null: not actually known) and proof. */
export interface FactRejection {
  readonly fact: string;
  readonly observedValue: boolean | number | string | null;
  readonly evidence: Evidence;
  readonly note?: string | undefined;
}

/** A reason code from the definition's `rejection_reasons`, with an optional comment. */
export interface ReasonRejection {
  readonly reason: string;
  readonly note?: string | undefined;
}

export type Rejection = FactRejection | ReasonRejection;

/**
 * A rejection as people send it: loose on purpose, because "free text only" and "both a fact and
 * a reason" must reach `transition` to be refused with a clear error, not be lost in a type error.
 */
export interface RejectionInput {
  readonly fact?: string | undefined;
  readonly observedValue?: boolean | number | string | null | undefined;
  readonly evidence?: unknown;
  readonly reason?: string | undefined;
  readonly note?: string | undefined;
}

export interface Handoff extends Stamp {
  /** The grade the lead had when handed off; it picks the service level. */
  readonly grade: string;
  /** When sales must have accepted or rejected; null when the grade has no service level. */
  readonly slaDueAt: number | null;
}

export type SalesResponse =
  | (Stamp & { readonly decision: "accepted" })
  | (Stamp & { readonly decision: "rejected"; readonly rejection: Rejection });

export type Outcome =
  | (Stamp & { readonly result: "won"; readonly amount: number; readonly currency: string })
  | (Stamp & {
      readonly result: "lost";
      readonly reason: string;
      /** Copied from the reason at the time of loss: a later edit of the list does not rewrite history. */
      readonly countsAgainst: CountsAgainst;
      readonly note?: string | undefined;
    });

/**
 * A lead as the lifecycle sees it. `grade` and `knownFacts` are inputs kept current by the caller
 * (the grader computes the grade; the fact store knows which facts have a value); the rest is
 * written only by `transition`. The fields describe the current cycle: a recycle clears them (the
 * events keep the history) and counts the cycle.
 */
export interface LeadState {
  readonly stage: Stage;
  /** When the current stage was entered. */
  readonly since: number;
  readonly grade: string | null;
  readonly knownFacts: readonly string[];
  /** How many times the lead was recycled to nurturing. */
  readonly cycle: number;
  readonly handoff: Handoff | null;
  readonly response: SalesResponse | null;
  readonly opportunity: Stamp | null;
  readonly outcome: Outcome | null;
}

export type LifecycleCommand =
  | { readonly type: "nurture" }
  | { readonly type: "hand_off" }
  | { readonly type: "accept" }
  | { readonly type: "reject"; readonly rejection: RejectionInput }
  | { readonly type: "open_opportunity" }
  | { readonly type: "win"; readonly amount: number; readonly currency: string }
  | { readonly type: "lose"; readonly reason: string; readonly note?: string | undefined }
  | { readonly type: "recycle" };

interface EventBase {
  readonly from: Stage;
  readonly to: Stage;
  readonly at: number;
  readonly actor: Actor;
}

/** What happened: one per legal command, carrying what the command recorded. */
export type LifecycleEvent = EventBase &
  (
    | { readonly type: "nurture" | "accept" | "open_opportunity" | "recycle" }
    | { readonly type: "hand_off"; readonly grade: string; readonly slaDueAt: number | null }
    | { readonly type: "reject"; readonly rejection: Rejection }
    | { readonly type: "win"; readonly amount: number; readonly currency: string }
    | {
        readonly type: "lose";
        readonly reason: string;
        readonly countsAgainst: CountsAgainst;
        readonly note?: string | undefined;
      }
  );

/** A new lead, just captured. */
export function newLead(at: number, grade: string | null, knownFacts: readonly string[]): LeadState {
  return {
    stage: "captured",
    since: at,
    grade,
    knownFacts,
    cycle: 0,
    handoff: null,
    response: null,
    opportunity: null,
    outcome: null,
  };
}
