import { findJobByDedupeKey, type Job, scheduleJob } from "../../store/jobs.js";
import type { Db } from "../../store/leads.js";
import { earliestPendingDelivery } from "../../store/webhooks.js";
import type { AppDeps } from "../deps.js";
import type { JobHandler } from "../jobs/runner.js";
import { inTransaction } from "../transaction.js";
import { type DeliveryPolicy, deliverDue, dispatchOutbox } from "./deliver.js";

/** The kind, and the dedupe key, of the one perpetual webhook job. */
export const WEBHOOKS = "webhooks";

export interface WebhooksJobOptions extends DeliveryPolicy {
  /** Attempts per round; a full round runs again at once. Default 100. */
  readonly deliveriesPerRound?: number;
  /**
   * The longest the job sleeps. Writers only insert outbox rows (they do not wake the job), so
   * this bounds how long an event waits before it is sent. Default 2 s.
   */
  readonly idleMs?: number;
}

const DEFAULT_IDLE_MS = 2000;
/** Never sooner than this after a round with nothing left to do, so a stuck row cannot spin the job. */
const MIN_DELAY_MS = 1000;

/** Schedules the webhook job to run now, once: call at every start-up (idempotent). */
export async function ensureWebhooksJob(deps: AppDeps): Promise<Job> {
  return inTransaction(deps, (trx) =>
    scheduleJob(trx, { kind: WEBHOOKS, dedupeKey: WEBHOOKS, payload: null, runAt: deps.clock() }),
  );
}

/** Moves the job to `at` if it would run later; reads first, so most calls write nothing. */
export async function wakeWebhooksJob(db: Db, at: number): Promise<void> {
  const job = await findJobByDedupeKey(db, WEBHOOKS);
  if (job && job.doneAt === null && job.runAt <= at) return;
  await scheduleJob(db, { kind: WEBHOOKS, dedupeKey: WEBHOOKS, payload: null, runAt: at });
}

/**
 * The job's handler, one round: fan new outbox rows out to subscribed webhooks, then send the
 * deliveries that are due, checkpointing the lease between units. Delivery is at least once: a
 * runner that dies after a receiver answered but before recording it leaves the delivery
 * pending, and the runner that takes the job over sends it again with the same Truce-Delivery
 * id, which receivers use to drop duplicates. Order between events is not guaranteed (retries).
 */
export function webhooksHandler(options: WebhooksJobOptions = {}): JobHandler {
  return async (deps, _job, lease) => {
    const checkpoint = () => lease.checkpoint();
    await dispatchOutbox(deps, { checkpoint });
    const limit = options.deliveriesPerRound ?? 100;
    const attempts = await deliverDue(deps, { ...options, limit, checkpoint });
    const now = deps.clock();
    if (attempts >= limit) return { rescheduleAt: now };
    const earliest = await earliestPendingDelivery(deps.store.db);
    const latest = now + (options.idleMs ?? DEFAULT_IDLE_MS);
    return { rescheduleAt: Math.max(now + MIN_DELAY_MS, Math.min(earliest ?? latest, latest)) };
  };
}
