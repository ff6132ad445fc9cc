import { findUndispatchedOutbox, markOutboxDispatched } from "../../store/outbox.js";
import {
  countWebhookFailure,
  type DueDelivery,
  disableWebhook,
  findDueDeliveries,
  findEnabledWebhooks,
  insertDeliveries,
  recordAttempt,
  resetWebhookFailures,
} from "../../store/webhooks.js";
import type { AppDeps } from "../deps.js";
import { inTransaction } from "../transaction.js";
import { postJson, type SendOptions, type SendResult } from "./send.js";
import { signatureHeader } from "./signature.js";

/** Retry and give-up rules; every field has a default. */
export interface DeliveryPolicy extends SendOptions {
  /** Delay before attempt n+1 after n failed ones: baseMs · 2^(n−1), at most maxMs. Default 30 s … 6 h. */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Attempts per delivery before it is marked failed. Default 12 (≈ 15.5 hours of retries). */
  readonly maxAttempts?: number;
  /** Failed attempts in a row (across deliveries) that disable the webhook. Default 20. */
  readonly disableAfter?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 30_000, maxMs: 6 * 3_600_000 };
export const DEFAULT_MAX_ATTEMPTS = 12;
export const DEFAULT_DISABLE_AFTER = 20;

export function retryDelay(failedAttempts: number, backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * Fans pending outbox rows out to the enabled webhooks subscribed to their event: one delivery
 * row each, then the outbox rows are marked dispatched, all in one transaction per batch.
 * Idempotent: a delivery pair is unique, so a batch redone after a crash adds nothing.
 * Returns how many outbox rows it dispatched.
 */
export async function dispatchOutbox(
  deps: AppDeps,
  options: { batchSize?: number; checkpoint?: () => Promise<void> } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let total = 0;
  for (;;) {
    const n = await inTransaction(deps, async (trx) => {
      const rows = await findUndispatchedOutbox(trx, batchSize);
      if (rows.length === 0) return 0;
      const now = deps.clock();
      const hooks = (await findEnabledWebhooks(trx)).map((w) => ({
        id: w.id,
        events: new Set(JSON.parse(w.events) as string[]),
      }));
      const deliveries = rows.flatMap((row) =>
        hooks
          .filter((h) => h.events.has(row.event))
          .map((h) => ({
            webhook_id: h.id,
            outbox_id: row.id,
            status: "pending",
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
          })),
      );
      await insertDeliveries(trx, deliveries);
      await markOutboxDispatched(
        trx,
        rows.map((r) => r.id),
        now,
      );
      return rows.length;
    });
    total += n;
    if (n < batchSize) return total;
    await options.checkpoint?.();
  }
}

/** The JSON body every receiver gets. `id` is the event's (the same for every webhook). */
export function deliveryBody(d: DueDelivery): string {
  return JSON.stringify({
    id: String(d.outboxId),
    event: d.event,
    createdAt: new Date(d.eventAt).toISOString(),
    data: JSON.parse(d.payload),
  });
}

/** One attempt: sign, send, record. Returns what the receiver answered and whether the webhook got disabled. */
export async function attemptDelivery(
  deps: AppDeps,
  d: DueDelivery,
  policy: DeliveryPolicy = {},
): Promise<{ result: SendResult; disabled: boolean }> {
  const body = deliveryBody(d);
  const t = Math.floor(deps.clock() / 1000);
  const result = await postJson(
    d.url,
    body,
    {
      "truce-event": d.event,
      "truce-delivery": String(d.id),
      "truce-timestamp": String(t),
      "truce-signature": signatureHeader(d.secret, t, body),
    },
    policy,
  );
  return { result, disabled: await recordResult(deps, d, result, policy) };
}

async function recordResult(
  deps: AppDeps,
  d: DueDelivery,
  result: SendResult,
  policy: DeliveryPolicy,
): Promise<boolean> {
  const ok = "statusCode" in result && result.statusCode >= 200 && result.statusCode < 300;
  const statusCode = "statusCode" in result ? result.statusCode : null;
  const error = "error" in result ? result.error : ok ? null : `HTTP ${statusCode}`;
  return inTransaction(deps, async (trx) => {
    const now = deps.clock();
    const attempts = d.attempts + 1;
    const gaveUp = !ok && attempts >= (policy.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const recorded = await recordAttempt(trx, d.id, d.attempts, {
      status: ok ? "delivered" : gaveUp ? "failed" : "pending",
      nextAttemptAt: ok || gaveUp ? now : now + retryDelay(attempts, policy.backoff),
      statusCode,
      error: gaveUp ? `gave up after ${attempts} attempts: ${error}` : error,
      deliveredAt: ok ? now : null,
    });
    // Another runner recorded this attempt already (this one had lost its lease): count it once.
    if (!recorded) return false;
    if (ok) {
      await resetWebhookFailures(trx, d.webhookId);
      return false;
    }
    const failures = await countWebhookFailure(trx, d.webhookId);
    if (failures < (policy.disableAfter ?? DEFAULT_DISABLE_AFTER)) return false;
    const reason = `webhook disabled after ${failures} failed attempts in a row`;
    return disableWebhook(trx, d.webhookId, now, reason);
  });
}

/**
 * Sends every delivery due now (at most `limit`), one at a time, checkpointing the job lease
 * after each. A webhook disabled during the round gets nothing more. Returns the attempts made.
 */
export async function deliverDue(
  deps: AppDeps,
  options: DeliveryPolicy & { limit?: number; checkpoint?: () => Promise<void> } = {},
): Promise<number> {
  const due = await findDueDeliveries(deps.store.db, deps.clock(), options.limit ?? 100);
  const disabled = new Set<string>();
  let attempts = 0;
  for (const d of due) {
    if (disabled.has(d.webhookId)) continue;
    const { disabled: off } = await attemptDelivery(deps, d, options);
    if (off) disabled.add(d.webhookId);
    attempts++;
    await options.checkpoint?.();
  }
  return attempts;
}
