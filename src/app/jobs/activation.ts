import { hostname } from "node:os";
import { findJobByDedupeKey, releaseJob } from "../../store/jobs.js";
import { type RegradeOptions, resumeActivation } from "../definitions/activate.js";
import {
  type ActivationStatus,
  activationJobKey,
  ensureActivationJob,
  getActivation,
} from "../definitions/activation-status.js";
import type { AppDeps } from "../deps.js";
import { inTransaction } from "../transaction.js";
import type { JobHandler } from "./runner.js";

export { ACTIVATION_JOB } from "../definitions/activation-status.js";

/**
 * The activation job's handler: regrades the open leads under the active version
 * (`resumeActivation`), checkpointing the lease after every committed batch, so a runner that
 * stops gives the job back and one that dies lets another take it over when the lease expires.
 * A one-off job: done when the activation is finished.
 */
export function activationHandler(options: Omit<RegradeOptions, "checkpoint"> = {}): JobHandler {
  return async (deps, _job, lease) => {
    await resumeActivation(deps, { ...options, checkpoint: () => lease.checkpoint() });
  };
}

/** A unique lease owner for this process: host:pid:random. */
export function jobOwnerName(random: string): string {
  return `${hostname()}:${process.pid}:${random}`;
}

/**
 * At start-up: the active version's unfinished activation gets its job (see ensureActivationJob),
 * and if that job is leased by a process of this host that is gone (killed mid-way), the lease is
 * taken back at once instead of after it expires, so the regrade resumes on this start. A lease
 * held by a live process, or by another host, is left to expire.
 */
export async function resumeActivationAtStart(deps: AppDeps): Promise<ActivationStatus | undefined> {
  const status = await ensureActivationJob(deps);
  if (!status) return undefined;
  const released = await inTransaction(deps, async (trx) => {
    const job = await findJobByDedupeKey(trx, activationJobKey(status.version));
    const owner = job?.leaseOwner;
    if (!job || job.doneAt !== null || !owner || (job.leaseUntil ?? 0) <= deps.clock()) return false;
    return isDeadLocalOwner(owner) && (await releaseJob(trx, job.id, owner));
  });
  return released ? getActivation(deps, status.version) : status;
}

/** An owner named by jobOwnerName on this host whose process no longer exists. */
export function isDeadLocalOwner(owner: string): boolean {
  const [host, pidText] = owner.split(":");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}
