import {
  type Actor,
  COMMANDS,
  type CommandType,
  type LeadState,
  ROLES,
  type Role,
  type Stage,
} from "./model.js";

/**
 * Which command moves a lead from which stage to which, and who may issue it.
 *
 * Decisions beyond the linear path captured → nurturing → handed_off → accepted | rejected →
 * opportunity → won | lost:
 * - captured → handed_off is legal: an inbound lead that is already hot (a form with a decision
 *   date) should not wait for a ceremonial "nurture" step. The grade and required-fact guards
 *   still apply.
 * - accepted → lost is legal: a deal can die before anyone opens an opportunity, and its lost
 *   reason (lead quality or deal) must still be recorded.
 * - rejected → nurturing and lost → nurturing (recycle) give marketing the lead back; a won lead
 *   is final.
 * - Nothing else: no skipping acceptance, no re-handing a lead sales already holds, no undo.
 */
export const TRANSITIONS: Readonly<Record<Stage, Readonly<Partial<Record<CommandType, Stage>>>>> = {
  captured: { nurture: "nurturing", hand_off: "handed_off" },
  nurturing: { hand_off: "handed_off" },
  handed_off: { accept: "accepted", reject: "rejected" },
  accepted: { open_opportunity: "opportunity", lose: "lost" },
  rejected: { recycle: "nurturing" },
  opportunity: { win: "won", lose: "lost" },
  won: {},
  lost: { recycle: "nurturing" },
};

const MARKETING: readonly CommandType[] = ["nurture", "hand_off", "recycle"];
const SALES: readonly CommandType[] = ["accept", "reject", "open_opportunity", "win", "lose"];

/**
 * Marketing owns the lead until hand-off and takes it back on recycle; sales owns the answer and
 * the deal. Heads have their department's rights (not the other's: a head of sales accepting
 * leads for marketing would defeat the point of two signatures). The revenue-operations admin may
 * do anything, to repair records.
 */
export const ROLE_COMMANDS: Readonly<Record<Role, readonly CommandType[]>> = {
  marketing: MARKETING,
  marketing_head: MARKETING,
  sales: SALES,
  sales_head: SALES,
  admin: COMMANDS,
};

/** The commands legal from a stage, whoever issues them. */
export function legalCommands(stage: Stage): CommandType[] {
  return COMMANDS.filter((c) => TRANSITIONS[stage][c] !== undefined);
}

/** The commands whose move ends in a stage (none into `captured`: a lead starts there). */
export function commandsInto(stage: Stage): CommandType[] {
  return COMMANDS.filter((c) => Object.values(TRANSITIONS).some((t) => t[c] === stage));
}

/** Whether a role may ever issue a command (unknown roles may issue none). */
export function mayIssue(role: string, command: CommandType): boolean {
  return isRole(role) && ROLE_COMMANDS[role].includes(command);
}

/** The roles that may issue a command. */
export function rolesFor(command: CommandType): Role[] {
  return ROLES.filter((r) => ROLE_COMMANDS[r].includes(command));
}

/** What this person may do to this lead now, for the buttons a UI shows (guards not evaluated). */
export function availableCommands(lead: LeadState, actor: Actor): CommandType[] {
  return legalCommands(lead.stage).filter((c) => mayIssue(actor.role, c));
}

export function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

export function isCommandType(type: unknown): type is CommandType {
  return typeof type === "string" && (COMMANDS as readonly string[]).includes(type);
}
