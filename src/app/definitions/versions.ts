import {
  type Actor,
  type ApproverRole,
  type DefinitionStatus,
  definitionSourceSchema,
  definitionVersionSchema,
} from "../../contracts/definitions.js";
import { describeDefinition, type GradeDescription } from "../../core/explain/describe.js";
import { dayOf, type Finding, hasErrors, lintDefinitionText, loadDefinition } from "../../core/index.js";
import {
  type ApprovalRow,
  type DefinitionVersionRow,
  findActiveDefinition,
  findApprovals,
  findDefinitionVersion,
  insertDefinitionVersion,
  listAllApprovals,
  listDefinitionVersions as listVersionRows,
  nextDefinitionVersion,
} from "../../store/definitions.js";
import { listUsers } from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { noActiveDefinition } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { parseInput } from "../validation.js";
import { authorize } from "./access.js";
import { definitionInvalid, definitionNotFound } from "./errors.js";

export interface ApprovalView {
  readonly role: ApproverRole;
  readonly userId: string;
  /** The approver's name now (null if the user is gone): "Marketing head ✓ Olga". */
  readonly name: string | null;
  readonly at: number;
}

/** A definition version as the API and the CLI show it: its status, who did what and when. */
export interface DefinitionVersionView {
  readonly version: number;
  readonly definitionId: string;
  readonly status: DefinitionStatus;
  readonly createdBy: string;
  readonly createdByName: string | null;
  readonly createdAt: number;
  readonly proposedAt: number | null;
  readonly activatedAt: number | null;
  readonly activatedBy: string | null;
  readonly activatedByName: string | null;
  readonly retiredAt: number | null;
  readonly approvals: readonly ApprovalView[];
}

/** One version with its text, exactly as it was stored: old versions stay readable forever. */
export interface DefinitionVersionDetail extends DefinitionVersionView {
  readonly source: string;
  /** Its grades with their conditions in words, in both languages. */
  readonly grades: readonly GradeDescription[];
}

export interface DraftResult {
  readonly version: number;
  readonly definitionId: string;
  /** The full check at the time of drafting; errors here must be fixed before proposing. */
  readonly findings: readonly Finding[];
  readonly hasErrors: boolean;
}

/**
 * Stores a new draft version. The text must parse and its rules must resolve against its own
 * fact catalogue (else `definition.invalid`, every problem with its line); the coverage and
 * wording checks run too and are returned, but only block proposing, so a draft with problems
 * can be saved, simulated on real leads and fixed.
 */
export async function createDraft(deps: AppDeps, source: string, actor: Actor): Promise<DraftResult> {
  const text = parseInput(definitionSourceSchema, source);
  const who = await inTransaction(deps, (trx) => authorize(trx, "draft", actor));
  // Parsed and checked outside the writing transaction: the check can take a while.
  const loaded = loadDefinition(text);
  if (!loaded.ok) throw definitionInvalid(loaded.findings);
  const now = deps.clock();
  const report = lintDefinitionText(text, { today: dayOf(now) });
  return inTransaction(deps, async (trx) => {
    // Concurrent drafts may pick the same number: the primary key refuses the second, and
    // inTransaction retries it with the next number.
    const version = await nextDefinitionVersion(trx);
    await insertDefinitionVersion(trx, {
      version,
      definition_id: loaded.definition.id,
      status: "draft",
      source: text,
      created_by: who.id,
      created_at: now,
      proposed_at: null,
      activated_at: null,
      activated_by: null,
      retired_at: null,
    });
    return {
      version,
      definitionId: loaded.definition.id,
      findings: report.findings,
      hasErrors: hasErrors(report.findings),
    };
  });
}

/** One version with its text and approvals, whatever its status. */
export async function getDefinitionVersion(deps: AppDeps, version: number): Promise<DefinitionVersionDetail> {
  const v = parseInput(definitionVersionSchema, version);
  return inTransaction(deps, async (trx) => {
    const row = await findDefinitionVersion(trx, v);
    if (!row) throw definitionNotFound(v);
    return detailOf(deps, row, viewOf(row, await findApprovals(trx, v), await userNames(trx)));
  });
}

/** Every version ever stored, oldest first, with its approvals (texts left out: ask for one). */
export async function listDefinitionVersions(deps: AppDeps): Promise<DefinitionVersionView[]> {
  return inTransaction(deps, async (trx) => {
    const [rows, approvals, names] = await Promise.all([
      listVersionRows(trx),
      listAllApprovals(trx),
      userNames(trx),
    ]);
    return rows.map((row) =>
      viewOf(
        row,
        approvals.filter((a) => a.version === row.version),
        names,
      ),
    );
  });
}

/** The version grades are computed with now. */
export async function getActiveDefinition(deps: AppDeps): Promise<DefinitionVersionDetail> {
  return inTransaction(deps, async (trx) => {
    const row = await findActiveDefinition(trx);
    if (!row) throw noActiveDefinition();
    return detailOf(deps, row, viewOf(row, await findApprovals(trx, row.version), await userNames(trx)));
  });
}

/** Every user's name by id: versions name who drafted, approved and activated them. */
export async function userNames(db: Parameters<typeof listUsers>[0]): Promise<ReadonlyMap<string, string>> {
  return new Map((await listUsers(db)).map((u) => [u.id, u.name]));
}

/** A stored version's text always loads (it was checked when drafted), through the grader cache. */
function detailOf(
  deps: AppDeps,
  row: DefinitionVersionRow,
  view: DefinitionVersionView,
): DefinitionVersionDetail {
  const { definition } = deps.graders.get(Number(row.version), row.source);
  return { ...view, source: row.source, grades: describeDefinition(definition) };
}

/** Maps stored rows to the view; times are read back as numbers on both dialects. */
export function viewOf(
  row: DefinitionVersionRow,
  approvals: readonly ApprovalRow[],
  names: ReadonlyMap<string, string>,
): DefinitionVersionView {
  const num = (x: number | null) => (x === null ? null : Number(x));
  const name = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
  return {
    version: Number(row.version),
    definitionId: row.definition_id,
    status: row.status as DefinitionStatus,
    createdBy: row.created_by,
    createdByName: name(row.created_by),
    createdAt: Number(row.created_at),
    proposedAt: num(row.proposed_at),
    activatedAt: num(row.activated_at),
    activatedBy: row.activated_by,
    activatedByName: name(row.activated_by),
    retiredAt: num(row.retired_at),
    approvals: [...approvals]
      .sort((a, b) => Number(a.at) - Number(b.at) || a.role.localeCompare(b.role))
      .map((a) => ({
        role: a.role as ApproverRole,
        userId: a.user_id,
        name: name(a.user_id),
        at: Number(a.at),
      })),
  };
}
