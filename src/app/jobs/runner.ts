import {
  claimJob,
  completeJob,
  extendLease,
  failJob,
  type Job,
  releaseJob,
  rescheduleJob,
} from "../../store/jobs.js";
import type { Db } from "../../store/leads.js";
import type { AppDeps } from "../deps.js";
import { inTransaction } from "../transaction.js";

export type { Job } from "../../store/jobs.js";

/** Thrown by `lease.checkpoint()` when another runner took the job over: stop, write nothing more. */
export class LeaseLostError extends Error {}
/** Thrown by `lease.checkpoint()` when the runner is stopping: the job is given back, not failed. */
export class JobStoppedError extends Error {}

/** What a handler holds while it works on a job. */
export interface JobLease {
  readonly owner: string;
  /** Aborted when the runner is stopping. */
  readonly signal: AbortSignal;
  /**
   * Call between units of work (after each committed batch): throws JobStoppedError if the runner
   * is stopping, else extends the lease by the runner's lease time, throwing LeaseLostError if
   * another runner took the job meanwhile (this one was presumed dead).
   */
  checkpoint(): Promise<void>;
}

/** A perpetual job returns when it is due next; a one-off job returns nothing and is marked done. */
export interface JobOutcome {
  readonly rescheduleAt: number;
}

// biome-ignore lint/suspicious/noConfusingVoidType: a one-off job's handler is a plain async function returning nothing
export type JobHandler = (deps: AppDeps, job: Job, lease: JobLease) => Promise<void | JobOutcome>;

export interface JobRunnerOptions {
  /** Who holds the leases: unique per process (e.g. host:pid:random). */
  readonly owner: string;
  /** Handlers by job kind; the runner claims only kinds it has a handler for. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** How long a claim (or a checkpoint) holds a job before another runner may take it. Default 60 s. */
  readonly leaseMs?: number;
  /** At most this many jobs per call, so a busy queue cannot starve the caller. Default 100. */
  readonly maxJobs?: number;
  /** Retry delay after a failure: baseMs · 2^(attempts−1), at most maxMs. Default 30 s … 1 h. */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Aborting it stops the run after (or, at a checkpoint, inside) the current job. */
  readonly signal?: AbortSignal;
}

export interface JobRun {
  readonly id: number;
  readonly kind: string;
  readonly attempt: number;
  /** released: given back on stop; lost: another runner took it over, nothing was recorded. */
  readonly status: "done" | "rescheduled" | "failed" | "released" | "lost";
  readonly error?: string;
  readonly retryAt?: number;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_BACKOFF = { baseMs: 30_000, maxMs: 3_600_000 };

/**
 * Claims and runs due jobs one at a time until none is due (or maxJobs ran, or the signal
 * aborted); returns what it ran. The jobs table decides what runs: any number of runners, in any
 * number of processes, may call this at once, and each job is run by one of them at a time.
 */
export async function runDueJobs(deps: AppDeps, options: JobRunnerOptions): Promise<JobRun[]> {
  const kinds = Object.keys(options.handlers);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const runs: JobRun[] = [];
  while (runs.length < (options.maxJobs ?? 100) && !options.signal?.aborted) {
    const job = await write(deps, (trx) =>
      claimJob(trx, { owner: options.owner, now: deps.clock(), leaseMs, kinds }),
    );
    if (!job) break;
    runs.push(await runJob(deps, job, options, leaseMs));
  }
  return runs;
}

async function runJob(deps: AppDeps, job: Job, options: JobRunnerOptions, leaseMs: number): Promise<JobRun> {
  const { owner } = options;
  const handler = options.handlers[job.kind] as JobHandler;
  const signal = options.signal ?? new AbortController().signal;
  const lease: JobLease = {
    owner,
    signal,
    checkpoint: async () => {
      if (signal.aborted) throw new JobStoppedError(`runner ${owner} is stopping`);
      const kept = await write(deps, (trx) => extendLease(trx, job.id, owner, deps.clock() + leaseMs));
      if (!kept) throw new LeaseLostError(`job ${job.id} was taken over from ${owner}`);
    },
  };
  const run = { id: job.id, kind: job.kind, attempt: job.attempts };
  let outcome: JobOutcome | undefined;
  try {
    outcome = (await handler(deps, job, lease)) as JobOutcome | undefined;
  } catch (e) {
    if (e instanceof LeaseLostError) return { ...run, status: "lost" };
    if (e instanceof JobStoppedError) {
      const released = await write(deps, (trx) => releaseJob(trx, job.id, owner));
      return { ...run, status: released ? "released" : "lost" };
    }
    const error = e instanceof Error ? e.message || e.name : String(e);
    const { baseMs, maxMs } = options.backoff ?? DEFAULT_BACKOFF;
    const retryAt = deps.clock() + Math.min(maxMs, baseMs * 2 ** Math.max(0, job.attempts - 1));
    const failed = await write(deps, (trx) => failJob(trx, job.id, owner, error, retryAt));
    return failed ? { ...run, status: "failed", error, retryAt } : { ...run, status: "lost", error };
  }
  const now = deps.clock();
  if (outcome) {
    const ok = await write(deps, (trx) => rescheduleJob(trx, job.id, owner, outcome.rescheduleAt));
    return { ...run, status: ok ? "rescheduled" : "lost" };
  }
  const ok = await write(deps, (trx) => completeJob(trx, job.id, owner, now));
  return { ...run, status: ok ? "done" : "lost" };
}

/** Job bookkeeping goes through inTransaction for its retries on a busy database (SQLite). */
function write<T>(deps: AppDeps, work: (db: Db) => Promise<T>): Promise<T> {
  return inTransaction(deps, work);
}

export interface JobLoop {
  /** Stops polling; a running job stops at its next checkpoint and is given back. Resolves when idle. */
  readonly stop: () => Promise<void>;
}

/**
 * Polls for due jobs every pollMs (default 1 s) until stopped. The timer only decides when to
 * look: what is due, and who runs it, is in the jobs table, so a restart loses nothing. Errors of
 * a round (database unreachable…) go to onError and the loop keeps polling.
 */
export function startJobLoop(
  deps: AppDeps,
  options: Omit<JobRunnerOptions, "signal"> & {
    readonly pollMs?: number;
    readonly onRuns?: (runs: readonly JobRun[]) => void;
    readonly onError?: (error: unknown) => void;
  },
): JobLoop {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const tick = () => {
    timer = undefined;
    current = (async () => {
      let busy = false;
      try {
        const runs = await runDueJobs(deps, { ...options, signal: controller.signal });
        // A full round means more may be due: look again at once instead of after a poll.
        busy = runs.length >= (options.maxJobs ?? 100);
        if (runs.length > 0) options.onRuns?.(runs);
      } catch (e) {
        options.onError?.(e);
      }
      if (!controller.signal.aborted) timer = setTimeout(tick, busy ? 0 : (options.pollMs ?? 1000));
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    stop: async () => {
      controller.abort();
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
