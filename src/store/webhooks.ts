import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import type { WebhookDeliveriesTable, WebhooksTable } from "./tables.js";

/**
 * Webhook subscriptions and their delivery log. A delivery is one (webhook, outbox event) pair,
 * unique, so fanning an event out twice (a runner that crashed after writing) adds nothing.
 */
export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export async function insertWebhook(db: Db, row: WebhookRow): Promise<void> {
  await db.insertInto("webhooks").values(row).execute();
}

export async function findWebhook(db: Db, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom("webhooks").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.selectFrom("webhooks").selectAll().orderBy("created_at").orderBy("id").execute();
}

export async function findEnabledWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.selectFrom("webhooks").selectAll().where("disabled_at", "is", null).orderBy("id").execute();
}

/** Deletes a webhook and its delivery log; false when there was none. */
export async function deleteWebhook(db: Db, id: string): Promise<boolean> {
  await db.deleteFrom("webhook_deliveries").where("webhook_id", "=", id).execute();
  const r = await db.deleteFrom("webhooks").where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Enables a webhook again and clears its failure count; false when there is none. */
export async function enableWebhook(db: Db, id: string): Promise<boolean> {
  const r = await db
    .updateTable("webhooks")
    .set({ disabled_at: null, consecutive_failures: 0 })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Queues deliveries; pairs already queued are skipped (ON CONFLICT DO NOTHING). */
export async function insertDeliveries(
  db: Db,
  rows: readonly Insertable<WebhookDeliveriesTable>[],
): Promise<void> {
  // 8 columns per row: 500 rows stay far under both engines' bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto("webhook_deliveries")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(["webhook_id", "outbox_id"]).doNothing())
      .execute();
  }
}

/** A pending delivery with what sending it needs: the webhook's URL and secret, the event. */
export interface DueDelivery {
  readonly id: number;
  readonly webhookId: string;
  readonly attempts: number;
  readonly url: string;
  readonly secret: string;
  readonly outboxId: number;
  readonly event: string;
  readonly payload: string;
  readonly eventAt: number;
}

/** Pending deliveries of enabled webhooks due by `now`, earliest first (webhook_deliveries_due). */
export async function findDueDeliveries(db: Db, now: number, limit: number): Promise<DueDelivery[]> {
  const rows = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .innerJoin("outbox as o", "o.id", "d.outbox_id")
    .select(["d.id", "d.webhook_id", "d.attempts", "w.url", "w.secret", "o.id as outbox_id"])
    .select(["o.event", "o.payload", "o.created_at"])
    .where("d.status", "=", "pending")
    .where("d.next_attempt_at", "<=", now)
    .where("w.disabled_at", "is", null)
    .orderBy("d.next_attempt_at")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    webhookId: r.webhook_id,
    attempts: Number(r.attempts),
    url: r.url,
    secret: r.secret,
    outboxId: Number(r.outbox_id),
    event: r.event,
    payload: r.payload,
    eventAt: Number(r.created_at),
  }));
}

/** When the next pending delivery of an enabled webhook falls due; undefined when none is pending. */
export async function earliestPendingDelivery(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .select((eb) => eb.fn.min("d.next_attempt_at").as("at"))
    .where("d.status", "=", "pending")
    .where("w.disabled_at", "is", null)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

/** The result of one attempt, for `recordAttempt`. */
export interface AttemptRecord {
  readonly status: "pending" | "delivered" | "failed";
  readonly nextAttemptAt: number;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly deliveredAt: number | null;
}

/**
 * Records an attempt, compare-and-set on the attempt count read before sending: a second runner
 * that sent the same attempt (the first lost its lease) records nothing. False when lost.
 */
export async function recordAttempt(
  db: Db,
  id: number,
  attemptsBefore: number,
  r: AttemptRecord,
): Promise<boolean> {
  const u = await db
    .updateTable("webhook_deliveries")
    .set({
      status: r.status,
      attempts: attemptsBefore + 1,
      next_attempt_at: r.nextAttemptAt,
      last_status_code: r.statusCode,
      last_error: r.error === null ? null : r.error.slice(0, 1000),
      delivered_at: r.deliveredAt,
    })
    .where("id", "=", id)
    .where("attempts", "=", attemptsBefore)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(u.numUpdatedRows) === 1;
}

/** A successful attempt: the webhook's run of failures ends (written only when there was one). */
export async function resetWebhookFailures(db: Db, id: string): Promise<void> {
  await db
    .updateTable("webhooks")
    .set({ consecutive_failures: 0 })
    .where("id", "=", id)
    .where("consecutive_failures", ">", 0)
    .execute();
}

/** A failed attempt: counts it and returns the webhook's failures in a row (0 if it is gone). */
export async function countWebhookFailure(db: Db, id: string): Promise<number> {
  const row = await db
    .updateTable("webhooks")
    .set((eb) => ({ consecutive_failures: eb("consecutive_failures", "+", 1) }))
    .where("id", "=", id)
    .returning("consecutive_failures")
    .executeTakeFirst();
  return Number(row?.consecutive_failures ?? 0);
}

/** Disables a webhook and gives up its pending deliveries; false when it was disabled already. */
export async function disableWebhook(db: Db, id: string, at: number, reason: string): Promise<boolean> {
  const r = await db
    .updateTable("webhooks")
    .set({ disabled_at: at })
    .where("id", "=", id)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .updateTable("webhook_deliveries")
    .set({ status: "failed", last_error: reason })
    .where("webhook_id", "=", id)
    .where("status", "=", "pending")
    .execute();
  return true;
}

/** One page of a webhook's delivery log, newest first, with each delivery's event name. */
export async function findDeliveries(
  db: Db,
  webhookId: string,
  page: { limit: number; before?: number | undefined; status?: string | undefined },
): Promise<(DeliveryRow & { event: string })[]> {
  const rows = await db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("outbox as o", "o.id", "d.outbox_id")
    .selectAll("d")
    .select("o.event")
    .where("d.webhook_id", "=", webhookId)
    .$if(page.before !== undefined, (q) => q.where("d.id", "<", page.before as number))
    .$if(page.status !== undefined, (q) => q.where("d.status", "=", page.status as string))
    .orderBy("d.id", "desc")
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), outbox_id: Number(r.outbox_id) }));
}
