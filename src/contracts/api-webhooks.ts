import { z } from "zod";

/**
 * The events a webhook can subscribe to. `ping` is not subscribable: it is sent only to the one
 * webhook a test request names. Activation sends `definition.activated` once; the regrade it
 * triggers sends no `lead.graded` per lead (a whole book of events for one decision).
 */
export const WEBHOOK_EVENTS = [
  "lead.captured",
  "lead.graded",
  "lead.handed_off",
  "lead.accepted",
  "lead.rejected",
  "dispute.opened",
  "dispute.resolved",
  "lead.won",
  "lead.lost",
  "definition.activated",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookIdSchema = z.string().min(1).max(200);

/** Only http(s) URLs; credentials in the URL are refused (they would show in every list). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "https:" || u.protocol === "http:") && u.username === "" && u.password === "";
    } catch {
      return false;
    }
  }, "an absolute http:// or https:// URL without user name or password");

export const createWebhookSchema = z.strictObject({
  url: webhookUrlSchema,
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1, "subscribe to at least one event")
    .max(WEBHOOK_EVENTS.length * 2)
    .transform((events) => [...new Set(events)]),
});
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export const webhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.number(),
  /** enabled, or disabled after too many failed attempts in a row (re-enable with POST …/enable). */
  status: z.enum(["enabled", "disabled"]),
  consecutiveFailures: z.number(),
  disabledAt: z.number().nullable(),
});
export type WebhookView = z.infer<typeof webhookView>;

/** The signing secret is returned once, at creation; it is never shown again. */
export const createdWebhookView = webhookView.extend({ secret: z.string() });
export type CreatedWebhookView = z.infer<typeof createdWebhookView>;

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

export const deliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  event: z.string(),
  /** pending (queued or waiting for a retry), delivered (a 2xx answer), failed (gave up). */
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  nextAttemptAt: z.number().nullable(),
  deliveredAt: z.number().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryView>;

export const deliveriesQuerySchema = z.strictObject({
  /** Newest first; at most this many. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Only deliveries older than this delivery id (the next page). */
  before: z.coerce.number().int().positive().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
});
export type DeliveriesQuery = z.input<typeof deliveriesQuerySchema>;
