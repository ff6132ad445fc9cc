import { findJobByDedupeKey, type Job, scheduleJob } from "../../store/jobs.js";
import { type Db, findLeadForUpdate } from "../../store/leads.js";
import { earliestRegradeAt, findLeadsDueForRegrade, type RegradeCursor } from "../../store/regrade-due.js";
import type { AppDeps } from "../deps.js";
import { activeGrader } from "../grading.js";
import { writeHappening } from "../leads/write-happening.js";
import { inTransaction } from "../transaction.js";
import type { JobHandler } from "./runner.js";

/** The kind, and the dedupe key, of the one perpetual time-based regrade job. */
export const REGRADE_DUE = "regrade_due";

export interface RegradeDueOptions {
  /** Leads per transaction. Default 500. */
  readonly batchSize?: number;
  /**
   * The longest the job sleeps, default 1 hour. It wakes at the earliest pending change, but a
   * lead graded after it went to sleep may change sooner: waking at least this often bounds how
   * late such a lead is regraded (see wakeRegradeJob for making it exact).
   */
  readonly idleMs?: number;
}

export interface RegradeDueResult {
  /** Leads regraded (due, re-read and still due). */
  readonly regraded: number;
  /** Of those, leads whose grade or definition version changed: one grade event each. */
  readonly changed: number;
  readonly batches: number;
}

const DEFAULT_BATCH = 500;
const DEFAULT_IDLE_MS = 3_600_000;
/** Never reschedule closer than this: a lead that stays due by mistake must not spin the job. */
const MIN_DELAY_MS = 1000;

/**
 * Schedules the regrade job to run now, once: call at every start-up. Idempotent (one row per
 * dedupe key; a pending job keeps its earlier time), and running it at start-up catches up on
 * changes that fell due while no server was up.
 */
export async function ensureRegradeJob(deps: AppDeps): Promise<Job> {
  return inTransaction(deps, (trx) =>
    scheduleJob(trx, { kind: REGRADE_DUE, dedupeKey: REGRADE_DUE, payload: null, runAt: deps.clock() }),
  );
}

/**
 * Moves the regrade job earlier if a lead's next change (`at`) comes before its next run; for
 * writers that set next_regrade_at, inside their transaction. Reads first and writes only when
 * needed, so ordinary lead writes do not all queue on the job's row lock.
 */
export async function wakeRegradeJob(db: Db, at: number): Promise<void> {
  const job = await findJobByDedupeKey(db, REGRADE_DUE);
  if (job && job.doneAt === null && job.runAt <= at) return;
  await scheduleJob(db, { kind: REGRADE_DUE, dedupeKey: REGRADE_DUE, payload: null, runAt: at });
}

/**
 * The job's handler: regrades every due lead, then asks to run again at the earliest pending
 * change (at most idleMs away), so the job runs forever.
 */
export function regradeDueHandler(options: RegradeDueOptions = {}): JobHandler {
  return async (deps, _job, lease) => {
    await regradeDueLeads(deps, { batchSize: options.batchSize, checkpoint: () => lease.checkpoint() });
    const now = deps.clock();
    const earliest = await inTransaction(deps, (trx) => earliestRegradeAt(trx));
    const latest = now + (options.idleMs ?? DEFAULT_IDLE_MS);
    return { rescheduleAt: Math.max(now + MIN_DELAY_MS, Math.min(earliest ?? latest, latest)) };
  };
}

/**
 * Regrades, with cause "time" under the active definition, every open lead whose grade changes
 * with time by now, batchSize leads per transaction. Each lead is re-read under its lock and
 * skipped unless still due: a fact recorded meanwhile has regraded it already. Safe to rerun
 * after a crash: a committed batch moved its leads' next_regrade_at past now (so they are no
 * longer due), and a lead gets an event only when its grade changes.
 * `checkpoint` runs between batches (the job lease's: extend, or stop).
 */
export async function regradeDueLeads(
  deps: AppDeps,
  options: { batchSize?: number | undefined; checkpoint?: () => Promise<void> } = {},
): Promise<RegradeDueResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let after: RegradeCursor | undefined;
  let regraded = 0;
  let changed = 0;
  let batches = 0;
  for (;;) {
    const batch = await inTransaction(
      deps,
      async (trx) => {
        const now = deps.clock();
        const due = await findLeadsDueForRegrade(trx, { now, after, limit: batchSize });
        if (due.length === 0) return undefined;
        const active = await activeGrader(trx, deps);
        let n = 0;
        let c = 0;
        for (const { id } of due) {
          const lead = await findLeadForUpdate(trx, id);
          const stillDue =
            lead?.is_open === 1 &&
            lead.erased_at === null &&
            lead.next_regrade_at !== null &&
            lead.next_regrade_at <= now;
          if (!stillDue) continue;
          const r = await writeHappening(trx, {
            lead,
            isNew: false,
            type: "regraded",
            actor: "system",
            now,
            data: {},
            regrade: { active, cause: "time" },
            eventOnlyOnGradeChange: true,
          });
          n++;
          if (r.gradeChange) c++;
        }
        return { last: due.at(-1), full: due.length === batchSize, regraded: n, changed: c };
      },
      { alone: true },
    );
    if (!batch) break;
    batches++;
    regraded += batch.regraded;
    changed += batch.changed;
    after = batch.last;
    if (!batch.full) break;
    await options.checkpoint?.();
  }
  return { regraded, changed, batches };
}
