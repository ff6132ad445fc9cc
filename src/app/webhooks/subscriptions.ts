import {
  type CreatedWebhookView,
  type CreateWebhookInput,
  createWebhookSchema,
  type DeliveriesQuery,
  type DeliveryView,
  deliveriesQuerySchema,
  type WebhookView,
  webhookIdSchema,
} from "../../contracts/api-webhooks.js";
import { type Actor, AppError } from "../../core/index.js";
import { insertOutbox, markOutboxDispatched } from "../../store/outbox.js";
import {
  deleteWebhook as deleteWebhookRow,
  disableWebhook as disableWebhookRow,
  enableWebhook as enableWebhookRow,
  findDeliveries,
  findWebhook,
  insertDeliveries,
  insertWebhook,
  listWebhooks as listWebhookRows,
  type WebhookRow,
} from "../../store/webhooks.js";
import { newSecret } from "../auth/secrets.js";
import type { AppDeps } from "../deps.js";
import { inTransaction } from "../transaction.js";
import { invalid, parseInput } from "../validation.js";
import { wakeWebhooksJob } from "./job.js";
import { refusedHost, type TargetPolicy } from "./target.js";

/** Webhook subscriptions: admins only (the routes say so too; the use cases do not trust them). */
function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin")
    throw new AppError(
      "webhook.forbidden",
      { en: "only an administrator manages webhooks", ru: "вебхуками управляет только администратор" },
      { role: actor.role },
    );
}

function notFound(id: string): AppError {
  return new AppError("webhook.not_found", { en: `no webhook ${id}`, ru: `нет вебхука ${id}` }, { id });
}

export function toWebhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    status: row.disabled_at === null ? "enabled" : "disabled",
    consecutiveFailures: Number(row.consecutive_failures),
    disabledAt: row.disabled_at === null ? null : Number(row.disabled_at),
  };
}

/** Subscribes a URL to events; the signing secret is in the answer, and only there. */
export async function createWebhook(
  deps: AppDeps,
  input: CreateWebhookInput,
  actor: Actor,
  policy: TargetPolicy = {},
): Promise<CreatedWebhookView> {
  assertAdmin(actor);
  const data = parseInput(createWebhookSchema, input);
  const refused = policy.allowPrivateTargets ? null : refusedHost(new URL(data.url));
  if (refused) throw invalid([{ path: "url", message: `not a public address: ${refused}` }]);
  const row: WebhookRow = {
    id: deps.newId(),
    url: data.url,
    secret: `whsec_${newSecret()}`,
    events: JSON.stringify(data.events),
    created_by: actor.id,
    created_at: deps.clock(),
    consecutive_failures: 0,
    disabled_at: null,
  };
  await inTransaction(deps, (trx) => insertWebhook(trx, row));
  return { ...toWebhookView(row), secret: row.secret };
}

export async function listWebhooks(deps: AppDeps, actor: Actor): Promise<WebhookView[]> {
  assertAdmin(actor);
  return (await listWebhookRows(deps.store.db)).map(toWebhookView);
}

/** Enables a webhook again (after it was disabled for failing), with its failure count reset. */
export async function enableWebhook(deps: AppDeps, id: string, actor: Actor): Promise<WebhookView> {
  assertAdmin(actor);
  const key = parseInput(webhookIdSchema, id);
  return inTransaction(deps, async (trx) => {
    if (!(await enableWebhookRow(trx, key))) throw notFound(key);
    return toWebhookView((await findWebhook(trx, key)) as WebhookRow);
  });
}

/**
 * Disables a webhook by hand: nothing is sent to it until it is enabled again, and its pending
 * deliveries are given up (failed). Disabling a disabled webhook changes nothing.
 */
export async function disableWebhook(deps: AppDeps, id: string, actor: Actor): Promise<WebhookView> {
  assertAdmin(actor);
  const key = parseInput(webhookIdSchema, id);
  return inTransaction(deps, async (trx) => {
    if (!(await findWebhook(trx, key))) throw notFound(key);
    await disableWebhookRow(trx, key, deps.clock(), "disabled by an administrator");
    return toWebhookView((await findWebhook(trx, key)) as WebhookRow);
  });
}

/** Deletes a webhook with its delivery log; nothing more is sent to it. */
export async function deleteWebhook(deps: AppDeps, id: string, actor: Actor): Promise<void> {
  assertAdmin(actor);
  const key = parseInput(webhookIdSchema, id);
  await inTransaction(deps, async (trx) => {
    if (!(await deleteWebhookRow(trx, key))) throw notFound(key);
  });
}

/**
 * Queues a `ping` to this webhook alone: an outbox row already fanned out to it (so no other
 * webhook receives it), delivered by the job like any event. Returns the delivery's event id.
 */
export async function queuePing(deps: AppDeps, id: string, actor: Actor): Promise<{ eventId: string }> {
  assertAdmin(actor);
  const key = parseInput(webhookIdSchema, id);
  return inTransaction(deps, async (trx) => {
    if (!(await findWebhook(trx, key))) throw notFound(key);
    const now = deps.clock();
    const payload = JSON.stringify({ webhookId: key, actor: actor.id });
    const outboxId = await insertOutbox(trx, { event: "ping", lead_id: null, payload, created_at: now });
    await insertDeliveries(trx, [
      {
        webhook_id: key,
        outbox_id: outboxId,
        status: "pending",
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      },
    ]);
    await markOutboxDispatched(trx, [outboxId], now);
    await wakeWebhooksJob(trx, now);
    return { eventId: String(outboxId) };
  });
}

/** The delivery log of one webhook, newest first, paged by delivery id. */
export async function listDeliveries(
  deps: AppDeps,
  id: string,
  query: DeliveriesQuery,
  actor: Actor,
): Promise<DeliveryView[]> {
  assertAdmin(actor);
  const key = parseInput(webhookIdSchema, id);
  const page = parseInput(deliveriesQuerySchema, query);
  if (!(await findWebhook(deps.store.db, key))) throw notFound(key);
  const rows = await findDeliveries(deps.store.db, key, page);
  return rows.map((d) => ({
    id: String(d.id),
    eventId: String(d.outbox_id),
    event: d.event,
    status: d.status as DeliveryView["status"],
    attempts: Number(d.attempts),
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    createdAt: Number(d.created_at),
    nextAttemptAt: d.status === "pending" ? Number(d.next_attempt_at) : null,
    deliveredAt: d.delivered_at === null ? null : Number(d.delivered_at),
  }));
}
