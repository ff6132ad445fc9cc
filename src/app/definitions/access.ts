import type { Transaction } from "kysely";
import { type Actor, actorSchema, type Role } from "../../contracts/definitions.js";
import type { LocalText } from "../../core/index.js";
import type { Database } from "../../store/tables.js";
import { findUserById } from "../../store/users.js";
import { parseInput } from "../validation.js";
import { definitionForbidden } from "./errors.js";

export type DefinitionStep = "draft" | "propose" | "approve" | "activate";

/**
 * Who may take each step: the one table to read (and change) the workflow's permissions.
 * - draft, propose: anyone in either department, their heads and the admin. Writing a draft
 *   changes no grade, and the product's point is a standard both sides shape: a sales rep who
 *   finds leads mis-graded should be able to put an objective fix on the table, as marketing can.
 *   Propose is gated by the checker (no errors), not by rank.
 * - approve: only the two heads, one approval per department. The admin runs the system but
 *   speaks for neither department, so an admin approval would defeat the agreement.
 * - activate: the admin or either head. Both approvals are already there; activation only picks
 *   the moment (it regrades every open lead).
 */
export const ALLOWED: Readonly<Record<DefinitionStep, readonly Role[]>> = {
  draft: ["admin", "marketing", "marketing_head", "sales", "sales_head"],
  propose: ["admin", "marketing", "marketing_head", "sales", "sales_head"],
  approve: ["marketing_head", "sales_head"],
  activate: ["admin", "marketing_head", "sales_head"],
};

const STEP_LABEL: Readonly<Record<DefinitionStep, LocalText>> = {
  draft: { en: "draft a definition version", ru: "создавать черновик определения" },
  propose: { en: "propose a definition version", ru: "предлагать версию определения" },
  approve: { en: "approve a definition version", ru: "утверждать версию определения" },
  activate: { en: "activate a definition version", ru: "вводить в действие версию определения" },
};

/**
 * Checks that the actor may take the step: the role must be allowed, and the actor must be a
 * stored user who has that role now. The stored role wins over what a session claims, so a head
 * who has since changed role cannot approve with a stale session. Read inside the caller's
 * transaction, so the check and the write see the same users table.
 */
export async function authorize(
  trx: Transaction<Database>,
  step: DefinitionStep,
  input: Actor,
): Promise<Actor> {
  const actor = parseInput(actorSchema, input);
  const allowed = ALLOWED[step];
  if (!allowed.includes(actor.role)) {
    throw definitionForbidden(step, STEP_LABEL[step], actor, allowed, "role");
  }
  const user = await findUserById(trx, actor.id);
  if (!user || user.role !== actor.role) {
    throw definitionForbidden(step, STEP_LABEL[step], actor, allowed, "unknown_user");
  }
  return actor;
}
