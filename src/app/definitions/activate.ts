import { type Actor, batchSizeSchema, definitionVersionSchema } from "../../contracts/definitions.js";
import {
  addActivationProgress,
  closeActivationsBefore,
  countLeadsToRegrade,
  finishActivation,
  insertActivation,
  outboxOfActivation,
} from "../../store/activations.js";
import {
  deleteApprovals,
  findActiveDefinition,
  findApprovals,
  findDefinitionVersion,
  findDefinitionVersionForUpdate,
} from "../../store/definitions.js";
import { insertOutbox } from "../../store/outbox.js";
import { type LeadWalkPosition, lockLeadsToRegrade } from "../../store/regrade.js";
import { findUserById } from "../../store/users.js";
import type { AppDeps } from "../deps.js";
import { activeGrader } from "../grading.js";
import { inTransaction } from "../transaction.js";
import { parseInput } from "../validation.js";
import { authorize } from "./access.js";
import {
  type ActivationStatus,
  activationStatus,
  ensureActivationRecord,
  getActivation,
  scheduleActivationJob,
} from "./activation-status.js";
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
  /**
   * Called after each committed batch (after onBatch): the job lease's checkpoint (extend the
   * lease, or stop by throwing when the runner stops or lost the job).
   */
  readonly checkpoint?: (() => Promise<void>) | undefined;
  /** Filled in, if given, with where the time went (summed over batches, retries included). */
  readonly timings?: RegradeTimings | undefined;
}

export interface RegradeProgress {
  /** The version the leads were regraded with (the active one), null if there was nothing to do. */
  readonly version: number | null;
  /** Leads regraded by this run: each is now stamped with the version. */
  readonly regraded: number;
  /** Of those, leads whose grade changed (each got a grade event). */
  readonly changed: number;
  readonly batches: number;
}

export interface ActivationResult {
  readonly version: number;
  /** The version that was active before, now retired; null when none was. */
  readonly retiredVersion: number | null;
  readonly regrade: RegradeProgress;
  readonly activation: ActivationStatus;
}

const DEFAULT_BATCH = 10_000;

/**
 * approved → active, and the active version → retired, in one transaction (the database allows
 * one active version only), together with the activation's record (how many open leads it has to
 * regrade) and the job that regrades them in the background (`resumeActivation`, run by the job
 * runner: see app/jobs/activation.ts). From the commit on, every capture and fact is graded with
 * the new version; reads keep working while the job runs, and a crash leaves each lead
 * consistently graded with one version or the other, stamped with it: the job resumes.
 * Called for the version that is active already, it answers that activation (scheduling its job
 * again if it is unfinished). Refused while the check finds errors today: time windows can turn a
 * clean definition into one with a grade that can no longer match.
 */
export async function startActivation(
  deps: AppDeps,
  version: number,
  actor: Actor,
): Promise<ActivationStatus> {
  const v = parseInput(definitionVersionSchema, version);
  const { who, row } = await inTransaction(deps, async (trx) => {
    const who = await authorize(trx, "activate", actor);
    const row = await findDefinitionVersion(trx, v);
    if (!row) throw definitionNotFound(v);
    return { who, row };
  });
  if (row.status !== "active") {
    if (row.status !== "approved") throw definitionWrongStatus(v, row.status, "approved");
    assertNoLintErrors(row, deps.clock());
  }
  const outcome = await inTransaction(deps, async (trx) => {
    const now = deps.clock();
    // Checked again under the lock. Someone activated it meanwhile: answer that activation.
    const locked = await findDefinitionVersionForUpdate(trx, v);
    if (locked?.status === "active") {
      await ensureActivationRecord(trx, v, locked.activated_by ?? who.id, now, true);
      return { status: await activationStatus(trx, v, now) };
    }
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
    // An unfinished activation of an older version is taken over by this one (the walk regrades
    // with whichever version is active): its record closes here.
    await closeActivationsBefore(trx, v, now);
    await insertActivation(trx, {
      version: v,
      retiredVersion: current?.version ?? null,
      activatedBy: who.id,
      startedAt: now,
      total: await countLeadsToRegrade(trx, v),
    });
    await scheduleActivationJob(trx, v, now);
    // Webhooks: one definition.activated, when the regrade finishes (with its counts).
    return { status: await activationStatus(trx, v, now) };
  });
  if ("voided" in outcome) throw definitionApprovalVoid(v, outcome.voided);
  return outcome.status as ActivationStatus;
}

/**
 * Activates and regrades in this process, waiting for the end: `startActivation`, then
 * `resumeActivation`. For benches and tests (the job the activation scheduled finds nothing left
 * when a runner takes it). The API answers at once instead and leaves the regrade to the job.
 */
export async function activateDefinition(
  deps: AppDeps,
  version: number,
  actor: Actor,
  options: RegradeOptions = {},
): Promise<ActivationResult> {
  const started = await startActivation(deps, version, actor);
  const regrade = await resumeActivation(deps, options);
  const activation = await getActivation(deps, started.version);
  return { version: started.version, retiredVersion: started.retiredVersion, regrade, activation };
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
 * Each batch adds its counts to the activation's record in its own transaction, so the counts
 * are exact across crashes. Idempotent: the activation job's handler, and safe to run twice at
 * once (each lead is regraded under its lock, once).
 *
 * After a pass that regraded something, one more pass checks from the start: a writer that read
 * the old version just before the flip and committed behind the walk would otherwise be missed.
 * The pass that finds nothing finishes the activation: its `definition.activated` webhook, with
 * the counts, is written once, by whichever run finishes it.
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
  let changed = 0;
  let batches = 0;
  for (;;) {
    let after: LeadWalkPosition | null = null;
    let regradedThisPass = 0;
    for (;;) {
      let workDone = 0;
      // A batch of thousands of leads commits alone: captures do not wait in its group.
      const batch = await inTransaction(
        deps,
        async (trx) => {
          const started = timings ? performance.now() : 0;
          const active = await activeGrader(trx, deps);
          const page = await lockLeadsToRegrade(trx, { after, limit, version: active.version });
          if (timings) timings.read += performance.now() - started;
          if (page.last === null) return null;
          // One planner per version for the whole run: its memo carries over from batch to batch.
          if (planner?.active !== active) planner = new RegradePlanner(active);
          const r = countsOf(
            await regradeLeads(trx, planner, page.leads, "activation", deps.clock(), timings),
          );
          await addActivationProgress(trx, active.version, { done: r.regraded, changed: r.changed });
          if (timings) workDone = performance.now();
          return { last: page.last, ...r, version: active.version };
        },
        { alone: true },
      );
      if (timings && workDone > 0) timings.commit += performance.now() - workDone;
      if (!batch) break;
      batches++;
      after = batch.last;
      version = batch.version;
      regraded += batch.regraded;
      changed += batch.changed;
      regradedThisPass += batch.regraded;
      await options.onBatch?.(batches);
      await options.checkpoint?.();
    }
    if (regradedThisPass === 0) break;
  }
  await inTransaction(deps, async (trx) => {
    const active = await findActiveDefinition(trx);
    if (!active) return;
    const finished = await finishActivation(trx, active.version, deps.clock());
    if (finished) await insertOutbox(trx, outboxOfActivation(finished));
  });
  return { version, regraded, changed, batches };
}

/**
 * A batch's counts. `regraded`: leads stamped with the version; `changed`: leads whose grade
 * changed. A batch writer that reports no `changed` writes a grade event for every lead it
 * regrades, so all of them count as changed.
 */
function countsOf(r: { readonly regraded: number; readonly changed?: number }): {
  regraded: number;
  changed: number;
} {
  return { regraded: r.regraded, changed: r.changed ?? r.regraded };
}
