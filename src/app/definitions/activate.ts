import { type Actor, batchSizeSchema, definitionVersionSchema } from "../../contracts/definitions.js";
import {
  deleteApprovals,
  findActiveDefinition,
  findApprovals,
  findDefinitionVersion,
  findDefinitionVersionForUpdate,
} from "../../store/definitions.js";
import { insertOutbox, outboxOfActivation } from "../../store/outbox.js";
import { type LeadWalkPosition, lockLeadsToRegrade } from "../../store/regrade.js";
import { findUserById } from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { activeGrader } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { parseInput } from "../validation.js";
import { authorize } from "./access.js";
import {
  definitionApprovalVoid,
  definitionNotFound,
  definitionWrongStatus,
  type VoidReason,
} from "./errors.js";
import { RegradePlanner, type RegradeTimings, regradeLeads } from "./regrade-batch.js";
import { assertNoLintErrors, setStatus } from "./workflow.js";

export interface RegradeOptions {
  /** Leads per transaction; default 10,000 (the most allowed: bigger batches measured faster). */
  readonly batchSize?: number | undefined;
  /**
   * Called after each batch commits, with the number of batches committed so far. Throwing stops
   * the run there, as a crash would: tests use it to check that a rerun completes the job.
   */
  readonly onBatch?: ((batches: number) => void | Promise<void>) | undefined;
  /** Filled in, if given, with where the time went (summed over batches, retries included). */
  readonly timings?: RegradeTimings | undefined;
}

export interface RegradeProgress {
  /** The version the leads were regraded with (the active one), null if there was nothing to do. */
  readonly version: number | null;
  /** Leads regraded by this run: each got one grade event stamped with the version. */
  readonly regraded: number;
  readonly batches: number;
}

export interface ActivationResult {
  readonly version: number;
  /** The version that was active before, now retired; null when this version was active already. */
  readonly retiredVersion: number | null;
  readonly regrade: RegradeProgress;
}

const DEFAULT_BATCH = 10_000;

/**
 * approved → active, and the active version → retired, in one transaction (the database allows
 * one active version only); then every open lead is regraded with it, batch by batch. The flip
 * commits first, so from then on every capture and fact is graded with the new version, and a
 * crash during the regrade leaves each lead consistently graded with one version or the other,
 * stamped with it. Calling it again for the active version (or `resumeActivation`) finishes the
 * job. Refused while the check finds errors today: time windows can turn a clean definition into
 * one with a grade that can no longer match.
 */
export async function activateDefinition(
  deps: AppDeps,
  version: number,
  actor: Actor,
  options: RegradeOptions = {},
): Promise<ActivationResult> {
  const v = parseInput(definitionVersionSchema, version);
  const { who, row } = await inTransaction(deps, async (trx) => {
    const who = await authorize(trx, "activate", actor);
    const row = await findDefinitionVersion(trx, v);
    if (!row) throw definitionNotFound(v);
    return { who, row };
  });
  let retiredVersion: number | null = null;
  if (row.status !== "active") {
    if (row.status !== "approved") throw definitionWrongStatus(v, row.status, "approved");
    const now = deps.clock();
    assertNoLintErrors(row, now);
    const outcome = await inTransaction(deps, async (trx) => {
      // Checked again under the lock. Someone activated it meanwhile: only the regrade is left.
      const locked = await findDefinitionVersionForUpdate(trx, v);
      if (locked?.status === "active") return { retired: null };
      if (locked?.status !== "approved") throw definitionWrongStatus(v, locked?.status ?? "", "approved");
      // Joint approval means two real heads now, not only when they clicked: an approver since
      // disabled, moved out of the head role, or whose password an admin reset, no longer counts.
      // The version goes back to proposed without those approvals (committed), then refuses.
      const voided = await voidApprovals(trx, v);
      if (voided.length > 0) {
        await deleteApprovals(
          trx,
          v,
          voided.map((x) => x.role),
        );
        await setStatus(trx, v, "approved", { status: "proposed" });
        return { voided };
      }
      // Retire first: the partial unique index refuses a second active row even for a moment.
      const current = await findActiveDefinition(trx);
      if (current) await setStatus(trx, current.version, "active", { status: "retired", retired_at: now });
      await setStatus(trx, v, "approved", { status: "active", activated_at: now, activated_by: who.id });
      // Webhooks: one definition.activated event; the regrade below sends no lead.graded per lead.
      await insertOutbox(trx, outboxOfActivation(v, current?.version ?? null, who.id, now));
      return { retired: current?.version ?? null };
    });
    if ("voided" in outcome) throw definitionApprovalVoid(v, outcome.voided);
    retiredVersion = outcome.retired;
  }
  const regrade = await resumeActivation(deps, options);
  return { version: v, retiredVersion, regrade };
}

/** The approvals of a version that no longer count, each with why. */
async function voidApprovals(
  trx: Parameters<typeof findApprovals>[0],
  version: number,
): Promise<{ role: string; userId: string; reason: VoidReason }[]> {
  const voided: { role: string; userId: string; reason: VoidReason }[] = [];
  for (const a of await findApprovals(trx, version)) {
    const user = await findUserById(trx, a.user_id);
    const reason: VoidReason | null = !user
      ? "gone"
      : user.disabled_at !== null
        ? "disabled"
        : user.role !== a.role
          ? "role_changed"
          : user.password_set_at === null
            ? "password_reset"
            : null;
    if (reason) voided.push({ role: a.role, userId: a.user_id, reason });
  }
  return voided;
}

/**
 * Regrades, with cause "activation", every open lead not graded with the active version, in
 * batches of `batchSize` leads, each batch its own transaction, walking the leads in the store's
 * order (the file's on SQLite, ids on PostgreSQL: see `lockLeadsToRegrade`). Leads
 * already graded with the active version are never selected, so a rerun after a crash picks up
 * where the last committed batch ended and writes no second event for a lead already done.
 * Idempotent: call it at start-up to finish an interrupted activation.
 *
 * After a pass that regraded something, one more pass checks from the start: a writer that read
 * the old version just before the flip and committed behind the walk would otherwise be missed.
 */
export async function resumeActivation(
  deps: AppDeps,
  options: RegradeOptions = {},
): Promise<RegradeProgress> {
  const limit = parseInput(batchSizeSchema, options.batchSize ?? DEFAULT_BATCH);
  const timings = options.timings;
  let planner: RegradePlanner | undefined;
  let version: number | null = null;
  let regraded = 0;
  let batches = 0;
  for (;;) {
    let after: LeadWalkPosition | null = null;
    let regradedThisPass = 0;
    for (;;) {
      let workDone = 0;
      const batch = await inTransaction(deps, async (trx) => {
        const started = timings ? performance.now() : 0;
        const active = await activeGrader(trx, deps);
        const page = await lockLeadsToRegrade(trx, { after, limit, version: active.version });
        if (timings) timings.read += performance.now() - started;
        if (page.last === null) return null;
        // One planner per version for the whole run: its memo carries over from batch to batch.
        if (planner?.active !== active) planner = new RegradePlanner(active);
        const r = await regradeLeads(trx, planner, page.leads, "activation", deps.clock(), timings);
        if (timings) workDone = performance.now();
        return { last: page.last, regraded: r.regraded, version: active.version };
      });
      if (timings && workDone > 0) timings.commit += performance.now() - workDone;
      if (!batch) break;
      batches++;
      after = batch.last;
      version = batch.version;
      regraded += batch.regraded;
      regradedThisPass += batch.regraded;
      await options.onBatch?.(batches);
    }
    if (regradedThisPass === 0) break;
  }
  return { version, regraded, batches };
}
