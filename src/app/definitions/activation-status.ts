import { definitionVersionSchema } from "../../contracts/definitions.js";
import {
  type Activation,
  countLeadsToRegrade,
  findActivation,
  finishActivation,
  insertActivation,
  setActivationJob,
} from "../../store/activations.js";
import { findActiveDefinition, findDefinitionVersion } from "../../store/definitions.js";
import { findJob, scheduleJob } from "../../store/jobs.js";
import type { Db } from "../../store/leads.js";
import type { AppDeps } from "../deps.js";
import { inTransaction } from "../transaction.js";
import { parseInput } from "../validation.js";
import { definitionNotActivated, definitionNotFound } from "./errors.js";

/**
 * An activation's record and its job, as the API and the start-up check see them. The record
 * (store/activations.ts) is written with the flip and counted up by the regrade's batches
 * (activate.ts); the job (app/jobs/activation.ts) runs the regrade.
 */

/** The kind of the job that regrades the open leads after an activation. */
export const ACTIVATION_JOB = "definition_activation";
/** One activation job per version. */
export const activationJobKey = (version: number) => `${ACTIVATION_JOB}:${version}`;

/**
 * An activation as the API shows it: its job's state and the regrade's progress. `total` is the
 * number of open leads not yet graded with the version at the flip; `done` may end below it (a
 * writer regraded some meanwhile, or they closed) or above it (leads a writer graded with the old
 * version just before the flip are caught by the last pass).
 */
export interface ActivationStatus {
  /** The job's id. */
  readonly id: number | null;
  readonly version: number;
  readonly retiredVersion: number | null;
  readonly activatedBy: string;
  /** queued: waiting for a runner; running: a runner holds it; retrying: the last run failed. */
  readonly status: "queued" | "running" | "retrying" | "done";
  readonly progress: { readonly total: number; readonly done: number; readonly changed: number };
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

/** A version's activation and its progress. */
export async function getActivation(deps: AppDeps, version: number): Promise<ActivationStatus> {
  const v = parseInput(definitionVersionSchema, version);
  return inTransaction(deps, async (trx) => {
    const status = await activationStatus(trx, v, deps.clock());
    if (status) return status;
    if (!(await findDefinitionVersion(trx, v))) throw definitionNotFound(v);
    throw definitionNotActivated(v);
  });
}

/**
 * At start-up: makes sure the active version's regrade runs to its end. An unfinished activation
 * gets its job (again: scheduling is idempotent); an active version without a record whose leads
 * are not all graded with it (a database upgraded in the middle of an activation) gets a record
 * and a job. Nothing to do costs one count of the open leads.
 */
export async function ensureActivationJob(deps: AppDeps): Promise<ActivationStatus | undefined> {
  return inTransaction(deps, async (trx) => {
    const active = await findActiveDefinition(trx);
    if (!active) return undefined;
    const now = deps.clock();
    const made = await ensureActivationRecord(
      trx,
      active.version,
      active.activated_by ?? "system",
      now,
      false,
    );
    return made ? activationStatus(trx, active.version, now) : undefined;
  });
}

/**
 * The record and job of an activation that may have neither (a version installed at set-up, or
 * activated by a Truce before 0008); true when it is unfinished (its job is scheduled). Without
 * a record and with nothing to regrade, `record` says whether to write one, finished at once
 * (an explicit activation of the active version answers it; a start-up check writes nothing).
 */
export async function ensureActivationRecord(
  trx: Db,
  version: number,
  by: string,
  now: number,
  record: boolean,
): Promise<boolean> {
  const a = await findActivation(trx, version);
  if (a?.finishedAt != null) return false;
  if (!a) {
    const total = await countLeadsToRegrade(trx, version);
    if (total === 0) {
      if (record) {
        const row = { version, retiredVersion: null, activatedBy: by, startedAt: now, total };
        await insertActivation(trx, row);
        await finishActivation(trx, version, now);
      }
      return false;
    }
    await insertActivation(trx, { version, retiredVersion: null, activatedBy: by, startedAt: now, total });
  }
  await scheduleActivationJob(trx, version, now);
  return true;
}

export async function scheduleActivationJob(trx: Db, version: number, now: number): Promise<void> {
  const job = await scheduleJob(trx, {
    kind: ACTIVATION_JOB,
    dedupeKey: activationJobKey(version),
    payload: { version },
    runAt: now,
  });
  await setActivationJob(trx, version, job.id);
}

/** The activation of a version with its job's state, undefined when there is none. */
export async function activationStatus(
  trx: Db,
  version: number,
  now: number,
): Promise<ActivationStatus | undefined> {
  const a = await findActivation(trx, version);
  if (!a) return undefined;
  const job = a.jobId === null ? undefined : await findJob(trx, a.jobId);
  return statusOf(a, job, now);
}

function statusOf(
  a: Activation,
  job: { leaseUntil: number | null; lastError: string | null } | undefined,
  now: number,
): ActivationStatus {
  const status =
    a.finishedAt !== null
      ? "done"
      : job?.leaseUntil != null && job.leaseUntil > now
        ? "running"
        : job?.lastError != null
          ? "retrying"
          : "queued";
  return {
    id: a.jobId,
    version: a.version,
    retiredVersion: a.retiredVersion,
    activatedBy: a.activatedBy,
    status,
    progress: { total: a.total, done: a.done, changed: a.changed },
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
  };
}
