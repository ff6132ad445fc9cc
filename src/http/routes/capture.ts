import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.js";
import { captureAnswers } from "../../app/forms/capture-answers.js";
import { getForm } from "../../app/forms/manage-forms.js";
import { DEFAULT_CAPTURE_LIMITS } from "../../config.js";
import {
  captureAcceptedSchema,
  captureBodySchema,
  idempotencyKeySchema,
} from "../../contracts/api-capture.js";
import { perMinute, rateLimited } from "../rate-limit.js";
import type { ServerOptions } from "../server.js";

const DESCRIPTION = `Captures a lead from a company's website or backend. Facts are recorded with evidence channel \`form\`, recorded by \`key:<id>\` at the time of capture, quoting the label of the option the person chose.

- **Auth**: \`Authorization: Bearer <key>\` with the \`capture\` (or \`admin\`) scope; no key 401, revoked key 401, other scopes 403.
- **Answers**: with \`form\`, keyed by that form's field names and mapped through its options ("within 3 months" → decision date = capture day + 3 months; "not decided" → unknown); without, keyed by fact key with the fact's own values. Every bad field is listed (400 \`validation.invalid\`, \`details.problems[].path\`).
- **Answer**: always \`202 {"status":"accepted"}\` — for a new lead, for a lead merged into an open one with the same e-mail or phone, for a replay, and for a trapped bot — so a page's public key reveals nothing about who is already a lead.
- **Honeypot**: a non-empty \`website\` is checked like any capture, answered alike, and nothing is stored.
- **Idempotency-Key** (8–128 printable characters): a retry with the same key, from the same API key, returns the first answer (header \`Idempotent-Replayed: true\`) and writes nothing.
- **Rate limits** per minute, both counted: per client address (\`TRUCE_CAPTURE_PER_IP\`, default 60) and per key (\`TRUCE_CAPTURE_PER_KEY\`, default 600); beyond them 429 \`rate_limited\` with \`Retry-After\`.
- **CORS**: only the configured capture origins get \`Access-Control-Allow-Origin\` (preflight answered; methods POST; headers Authorization, Content-Type, Idempotency-Key). No cookies are involved.`;

/** `POST /api/v1/capture`: the public capture endpoint, with CORS, rate limits, honeypot and idempotency. */
export async function captureRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  options: ServerOptions,
): Promise<void> {
  const limits = options.captureLimits ?? DEFAULT_CAPTURE_LIMITS;
  // A scope of its own: CORS applies to the capture endpoint and nothing else of the API.
  await fastify.register(
    async (scope) => {
      await scope.register(cors, {
        origin: (options.captureOrigins ?? []).map((o) => o.replace(/\/+$/, "")),
        methods: ["POST"],
        allowedHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "Accept-Language"],
        exposedHeaders: ["Retry-After", "Idempotent-Replayed"],
        maxAge: 600,
      });
      const app = scope.withTypeProvider<ZodTypeProvider>();
      const limit = perMinute(app, [
        { max: limits.capturePerIp },
        {
          max: limits.capturePerKey,
          key: (req) => (req.caller?.kind === "key" ? `key:${req.caller.id}` : null),
        },
      ]);
      app.post(
        "",
        {
          config: { access: { scopes: ["capture", "admin"] } },
          onRequest: async (req, reply) => {
            const wait = await limit(req);
            if (wait === null) return;
            void reply.header("retry-after", String(wait));
            throw rateLimited(wait);
          },
          schema: {
            tags: ["capture"],
            summary: "Capture a lead from a website (public key, CORS)",
            description: DESCRIPTION,
            security: [{ apiKey: [] }],
            headers: z.looseObject({ "idempotency-key": idempotencyKeySchema.optional() }),
            body: captureBodySchema,
            response: { 202: captureAcceptedSchema },
          },
        },
        async (req, reply) => {
          const caller = req.caller;
          if (caller?.kind !== "key") throw new Error("unreachable: access allows keys only");
          const form = req.body.form ? await getForm(deps, req.body.form) : null;
          const key = req.headers["idempotency-key"];
          const outcome = await captureAnswers(deps, req.body, {
            keyId: caller.id,
            form,
            at: "body",
            idempotency: key ? { scope: `key:${caller.id}`, key } : undefined,
          });
          if (outcome.trapped) req.log.info({ keyId: caller.id }, "capture: honeypot filled, nothing stored");
          if (outcome.replayed) void reply.header("idempotent-replayed", "true");
          return reply.status(202).send({ status: "accepted" as const });
        },
      );
    },
    { prefix: "/api/v1/capture" },
  );
}
