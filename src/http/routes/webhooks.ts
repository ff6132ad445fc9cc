import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Caller } from "../../app/auth/sessions.js";
import type { AppDeps } from "../../app/deps.js";
import {
  createWebhook,
  deleteWebhook,
  disableWebhook,
  enableWebhook,
  listDeliveries,
  listWebhooks,
  queuePing,
} from "../../app/webhooks/subscriptions.js";
import {
  createdWebhookView,
  createWebhookSchema,
  deliveriesQuerySchema,
  deliveryView,
  WEBHOOK_EVENTS,
  webhookIdSchema,
  webhookView,
} from "../../contracts/api-webhooks.js";
import { ADMIN, actorOf } from "../access.js";
import type { ServerOptions } from "../server.js";

declare module "../server.js" {
  interface ServerOptions {
    /**
     * Let webhooks target loopback and private addresses: tests, and on-premise receivers on an
     * internal network (`TRUCE_WEBHOOKS_ALLOW_PRIVATE=1`). Off by default.
     */
    readonly allowPrivateWebhookTargets?: boolean;
  }
}

const ACCESS = { access: { roles: ADMIN, scopes: ["admin" as const] } };
const params = z.strictObject({ id: webhookIdSchema });

const CREATE_DESCRIPTION = `Subscribes an http(s) URL to events: ${WEBHOOK_EVENTS.join(", ")}.
The answer holds the signing secret, shown this once only.

Each event is POSTed as JSON \`{ id, event, createdAt, data }\` with headers \`Truce-Event\`,
\`Truce-Delivery\` (the delivery id: the same on every retry, so receivers drop duplicates —
delivery is at least once and not in order), \`Truce-Timestamp\` (unix seconds) and
\`Truce-Signature: t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the secret>\`.
Verify it on the raw body before parsing it, for example in Node:

\`\`\`js
const { createHmac, timingSafeEqual } = require("node:crypto");
function verify(secret, header, rawBody, nowSeconds = Math.floor(Date.now() / 1000)) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  if (Math.abs(nowSeconds - Number(parts.t)) > 300) return false; // replayed or stale
  const expected = createHmac("sha256", secret).update(\`\${parts.t}.\${rawBody}\`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
\`\`\`

Answer 2xx within 10 seconds. Any other answer, a redirect or a timeout is retried with
exponential backoff (30 s, 1 min, 2 min … at most 6 h apart; 12 attempts, then the delivery is
failed). After 20 failed attempts in a row the webhook is disabled; POST …/enable turns it back
on. Payloads carry ids, grades, stages and codes, never names, contacts or the prospect's words.
Private and loopback addresses are refused unless the server allows them.`;

/** Webhook subscriptions and their delivery log: administrators (and admin-scoped keys) only. */
export async function webhooksRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const actor = (req: FastifyRequest) => actorOf(req.caller as Caller);
  const policy = { allowPrivateTargets: options.allowPrivateWebhookTargets === true };

  app.post(
    "/api/v1/webhooks",
    {
      config: ACCESS,
      schema: {
        tags: ["webhooks"],
        summary: "Subscribe a URL to events",
        description: CREATE_DESCRIPTION,
        body: createWebhookSchema,
        response: { 201: createdWebhookView },
      },
    },
    async (req, reply) => {
      const created = await createWebhook(deps, req.body, actor(req), policy);
      return reply.status(201).send(created);
    },
  );
  app.get(
    "/api/v1/webhooks",
    {
      config: ACCESS,
      schema: {
        tags: ["webhooks"],
        summary: "List webhooks (secrets are never shown again)",
        response: { 200: z.object({ webhooks: z.array(webhookView) }) },
      },
    },
    async (req) => ({ webhooks: await listWebhooks(deps, actor(req)) }),
  );
  app.get(
    "/api/v1/webhooks/:id/deliveries",
    {
      config: ACCESS,
      schema: {
        tags: ["webhooks"],
        summary: "A webhook's delivery log, newest first",
        params,
        querystring: deliveriesQuerySchema,
        response: { 200: z.object({ deliveries: z.array(deliveryView) }) },
      },
    },
    async (req) => ({ deliveries: await listDeliveries(deps, req.params.id, req.query, actor(req)) }),
  );
  app.post(
    "/api/v1/webhooks/:id/enable",
    {
      config: ACCESS,
      schema: {
        tags: ["webhooks"],
        summary: "Enable a webhook again (after it was disabled for failing); resets its failure count",
        params,
        response: { 200: webhookView },
      },
    },
    async (req) => enableWebhook(deps, req.params.id, actor(req)),
  );
  app.post(
    "/api/v1/webhooks/:id/disable",
    {
      config: ACCESS,
      schema: {
        tags: ["webhooks"],
        summary:
          "Disable a webhook by hand: nothing is sent until it is enabled again; pending deliveries fail",
        params,
        response: { 200: webhookView },
      },
    },
    async (req) => disableWebhook(deps, req.params.id, actor(req)),
  );
  app.delete(
    "/api/v1/webhooks/:id",
    {
      config: ACCESS,
      schema: {
        tags: ["webhooks"],
        summary: "Delete a webhook and its delivery log",
        params,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteWebhook(deps, req.params.id, actor(req));
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/webhooks/:id/test",
    {
      config: ACCESS,
      schema: {
        tags: ["webhooks"],
        summary: "Queue a `ping` event to this webhook only (a disabled webhook gets it once enabled again)",
        params,
        response: { 202: z.object({ eventId: z.string() }) },
      },
    },
    async (req, reply) => reply.status(202).send(await queuePing(deps, req.params.id, actor(req))),
  );
}
