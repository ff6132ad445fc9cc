import type { Transaction } from "kysely";
import {
  type Actor,
  APPROVER_ROLES,
  type ApproverRole,
  definitionVersionSchema,
} from "../../contracts/definitions.js";
import { dayOf, hasErrors, lintDefinitionText } from "../../core/index.js";
import {
  type DefinitionVersionRow,
  findApprovals,
  findDefinitionVersion,
  findDefinitionVersionForUpdate,
  insertApproval,
  updateDefinitionStatus,
} from "../../store/definitions.js";
import type { Database } from "../../store/tables.js";
import { findUserById } from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { ConflictError, inTransaction } from "../transaction.js";
import { parseInput } from "../validation.js";
import { authorize } from "./access.js";
import {
  definitionApproverNotVerified,
  definitionLintErrors,
  definitionNotFound,
  definitionSameApprover,
  definitionWrongStatus,
} from "./errors.js";
import { type DefinitionVersionView, userNames, viewOf } from "./versions.js";

/**
 * draft → proposed: puts the version before the two heads. Refused while the full check (at
 * today's date) finds any error — gaps, unreachable grades, subjective wording — so a definition
 * like the article's variant B never reaches a vote.
 */
export async function proposeDefinition(
  deps: AppDeps,
  version: number,
  actor: Actor,
): Promise<DefinitionVersionView> {
  const v = parseInput(definitionVersionSchema, version);
  const row = await inTransaction(deps, async (trx) => {
    await authorize(trx, "propose", actor);
    return versionInStatus(trx, v, "draft", { lock: false });
  });
  const now = deps.clock();
  assertNoLintErrors(row, now);
  return inTransaction(deps, async (trx) => {
    // Checked again under the lock: someone may have proposed it meanwhile.
    const locked = await versionInStatus(trx, v, "draft");
    await setStatus(trx, v, "draft", { status: "proposed", proposed_at: now });
    return viewOf(
      { ...locked, status: "proposed", proposed_at: now },
      await findApprovals(trx, v),
      await userNames(trx),
    );
  });
}

/**
 * Refuses a version whose full check finds errors on the day of `now`. Run outside any
 * transaction: on a large definition the check can take a while and must not hold a lock. A
 * version's text never changes, so the result still holds when the caller writes.
 */
export function assertNoLintErrors(row: DefinitionVersionRow, now: number): void {
  const report = lintDefinitionText(row.source, { today: dayOf(now) });
  if (hasErrors(report.findings)) throw definitionLintErrors(Number(row.version), report.findings);
}

/**
 * Records a head's approval of a proposed version, for the actor's own department. With the
 * other department's approval already there, from a different person, the version becomes
 * approved. Approving again for a department that already approved changes nothing.
 */
export async function approveDefinition(
  deps: AppDeps,
  version: number,
  actor: Actor,
): Promise<DefinitionVersionView> {
  const v = parseInput(definitionVersionSchema, version);
  return inTransaction(deps, async (trx) => {
    const who = await authorize(trx, "approve", actor);
    // A head whose password is still the one-time one never signed in as themselves: whoever
    // holds that password (the admin who created them) must not approve in their name.
    if ((await findUserById(trx, who.id))?.password_set_at == null)
      throw definitionApproverNotVerified(v, who.id);
    const role = who.role as ApproverRole;
    // The row lock queues the two heads: the second one sees the first one's approval.
    const row = await versionInStatus(trx, v, "proposed");
    const approvals = await findApprovals(trx, v);
    const names = await userNames(trx);
    if (approvals.some((a) => a.role === role)) return viewOf(row, approvals, names);
    const other = approvals.find((a) => a.user_id === who.id);
    if (other) throw definitionSameApprover(v, who.id, other.role);
    const now = deps.clock();
    await insertApproval(trx, { version: v, role, user_id: who.id, at: now });
    const all = [...approvals, { version: v, role, user_id: who.id, at: now }];
    const complete = APPROVER_ROLES.every((r) => all.some((a) => a.role === r));
    if (!complete) return viewOf(row, all, names);
    await setStatus(trx, v, "proposed", { status: "approved" });
    return viewOf({ ...row, status: "approved" }, all, names);
  });
}

/**
 * The version if it is in the expected status; locked for the rest of the transaction unless
 * `lock: false` (a read before slow work, checked again under the lock before writing).
 */
export async function versionInStatus(
  trx: Transaction<Database>,
  version: number,
  expected: string,
  options: { lock?: boolean } = {},
): Promise<DefinitionVersionRow> {
  const row =
    options.lock === false
      ? await findDefinitionVersion(trx, version)
      : await findDefinitionVersionForUpdate(trx, version);
  if (!row) throw definitionNotFound(version);
  if (row.status !== expected) throw definitionWrongStatus(version, row.status, expected);
  return row;
}

/** Moves the status; the row is locked, so losing here means a bug or a lock-free writer: retry. */
export async function setStatus(
  trx: Transaction<Database>,
  version: number,
  from: string,
  change: Partial<Omit<DefinitionVersionRow, "version">>,
): Promise<void> {
  if (!(await updateDefinitionStatus(trx, version, [from], change))) {
    throw new ConflictError(`definition version ${version} changed`);
  }
}
