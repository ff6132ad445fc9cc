import type { FactDef } from "../definition/schema.js";
import type { LifecycleConfig } from "./config.js";
import { forbidden, illegalTransition, type LifecycleError, lifecycleError } from "./errors.js";
import { COMMANDS, type CommandType, type LeadState, type Role } from "./model.js";
import { isRole, legalCommands, mayIssue, rolesFor, TRANSITIONS } from "./rules.js";

/**
 * Whether a move may be made now, decided ONCE: the state machine refuses with this and the lead
 * page lists the moves this allows, so a listed move never comes back refused. Everything that
 * does not depend on the command's own body is judged here (who, the stage, the grade the
 * definition lets go to sales, its required facts, that a rejection has something to cite); the
 * body (the reason code, the amount) is the form's to fill in and `transition` checks it.
 */
export function moveRefusal(
  lead: LeadState,
  type: CommandType,
  role: string,
  config: LifecycleConfig,
  facts: ReadonlyMap<string, FactDef>,
): LifecycleError | null {
  if (!mayIssue(role, type)) return forbidden(String(role), type, rolesFor(type));
  if (TRANSITIONS[lead.stage][type] === undefined)
    return illegalTransition(lead.stage, type, legalCommands(lead.stage));
  if (type === "hand_off") {
    const grade = lead.grade;
    if (grade === null || !config.handoff.grades.includes(grade))
      return lifecycleError(
        "lifecycle.grade_not_allowed",
        `only leads graded ${config.handoff.grades.join(", ")} may be handed off; this one is ${grade ?? "not graded"}`,
        `в продажи передаются только лиды классов ${config.handoff.grades.join(", ")}; у этого — ${grade ?? "класса нет"}`,
        { grade, allowed: config.handoff.grades },
      );
    const missing = config.handoff.requiredFacts.filter((f) => !lead.knownFacts.includes(f));
    if (missing.length > 0)
      return lifecycleError(
        "lifecycle.missing_facts",
        `record these facts before handing off: ${missing.join(", ")}`,
        `перед передачей в продажи запишите факты: ${missing.join(", ")}`,
        { facts: missing },
      );
  }
  if (type === "reject" && config.rejectionReasons.length === 0 && facts.size === 0)
    return lifecycleError(
      "lifecycle.rejection_needs_reason",
      "this definition has neither facts nor rejection reasons to cite",
      "в этом определении нет ни фактов, ни причин отказа, на которые можно сослаться",
      { reasons: [] },
    );
  return null;
}

/** The moves this role may make on this lead now: exactly those `moveRefusal` lets through. */
export function allowedCommands(
  lead: LeadState,
  role: string,
  config: LifecycleConfig,
  facts: ReadonlyMap<string, FactDef>,
): CommandType[] {
  return COMMANDS.filter((c) => moveRefusal(lead, c, role, config, facts) === null);
}

/** What a lead's page offers besides moves. */
export const LEAD_ACTIONS = ["record_facts", "open_dispute", "resolve_dispute"] as const;
export type LeadAction = (typeof LEAD_ACTIONS)[number];

const MARKETING_SIDE: readonly Role[] = ["marketing", "marketing_head", "admin"];
const SALES_SIDE: readonly Role[] = ["sales", "sales_head", "admin"];

/**
 * Who may do what besides moves: marketing records facts and resolves disputes on the evidence;
 * sales disputes a recorded fact. The admin may do both, to repair records.
 */
export const ACTION_ROLES: Readonly<Record<LeadAction, readonly Role[]>> = {
  record_facts: MARKETING_SIDE,
  open_dispute: SALES_SIDE,
  resolve_dispute: MARKETING_SIDE,
};

export function mayAct(role: string, action: LeadAction): boolean {
  return isRole(role) && ACTION_ROLES[action].includes(role);
}

/** The state of a lead the non-move actions depend on. */
export interface ActionState {
  readonly erased: boolean;
  readonly openDisputes: number;
}

/**
 * Whether an action is possible now, the one rule the lead page lists by and the use cases refuse
 * by: an erased lead takes nothing; resolving needs an open dispute.
 */
export function mayTakeAction(role: string, action: LeadAction, state: ActionState): boolean {
  if (state.erased || !mayAct(role, action)) return false;
  return action !== "resolve_dispute" || state.openDisputes > 0;
}

export function allowedActions(role: string, state: ActionState): LeadAction[] {
  return LEAD_ACTIONS.filter((a) => mayTakeAction(role, a, state));
}
