import { randomBytes, randomUUID } from "node:crypto";
import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.js";
import { captureAnswers } from "../../app/forms/capture-answers.js";
import { usableFields } from "../../app/forms/check-form.js";
import { activeDefinition, findForm, formNotFound, isCaptureKey } from "../../app/forms/manage-forms.js";
import type { AnswerProblem } from "../../app/forms/map-answers.js";
import type { CaptureLimits } from "../../config.js";
import { type CaptureBody, idempotencyKeySchema, RESERVED_FIELD_NAMES } from "../../contracts/api-capture.js";
import { AppError, isAppError, LOCALES, type Locale, pick } from "../../core/index.js";
import { renderFormPage, renderMessagePage } from "../forms-assets/page.js";
import { chooseLocale, problemText, UI } from "../forms-assets/texts.js";
import { perMinute, rateLimited } from "../rate-limit.js";
import type { ServerOptions } from "../server.js";

const UTM = ["source", "medium", "campaign", "term", "content"] as const;
const params = z.object({ id: z.string().min(1).max(100) });
const queryText = z.union([z.string(), z.array(z.string())]);
const tags = ["forms"];

const wantsJson = (req: FastifyRequest) => /application\/json/.test(req.headers.accept ?? "");
const text = (v: unknown): string | undefined =>
  typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : undefined;

/** `utm_*` values of a query or a body, trimmed and bounded like a capture's. */
function utmOf(source: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of UTM) {
    const v = text(source[`utm_${k}`])?.trim().slice(0, 200);
    if (v) out[`utm_${k}`] = v;
  }
  return out;
}

/**
 * The public form pages: `GET /forms/:id` (no key needed to view) and `POST /forms/:id/submit`
 * (urlencoded; JSON answers when the page's script asks with `Accept: application/json`). The
 * form captures with its own key, server-side. Pages may be framed only by Truce and the capture
 * origins; each response carries a CSP whose nonce admits only its own inline style and script.
 */
export async function formPageRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  options: ServerOptions,
  limits: CaptureLimits,
): Promise<void> {
  const ancestors = [
    "'self'",
    ...(options.captureOrigins ?? []).filter((o) => /^https?:\/\/[\w.-]+(:\d+)?\/?$/.test(o)),
  ]
    .map((o) => o.replace(/\/$/, ""))
    .join(" ");
  const html = (reply: FastifyReply, status: number, body: string, nonce: string) =>
    reply
      .status(status)
      .removeHeader("x-frame-options")
      .headers({
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "cross-origin-resource-policy": "cross-origin",
        "content-security-policy": `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`,
      })
      .send(body);
  const nonce = () => randomBytes(16).toString("base64");
  const localeOf = (req: FastifyRequest, offered: readonly Locale[], lang: unknown) =>
    chooseLocale(offered, text(lang), req.headers["accept-language"]);

  await fastify.register(async (scope) => {
    await scope.register(formbody);
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const limitBy = (max: number) => {
      const limit = perMinute(app, [{ max }]);
      return async (req: FastifyRequest, reply: FastifyReply) => {
        const wait = await limit(req);
        if (wait === null) return;
        void reply.header("retry-after", String(wait));
        if (wantsJson(req)) throw rateLimited(wait);
        const n = nonce();
        const locale = localeOf(req, LOCALES, (req.query as Record<string, unknown>).lang);
        return html(reply, 429, renderMessagePage(locale, UI.limitedTitle, UI.limited, n), n);
      };
    };

    app.get(
      "/forms/:id",
      {
        config: { access: { public: true } },
        onRequest: limitBy(limits.formViewsPerIp),
        schema: {
          tags,
          summary: "The web form page (HTML, en/ru)",
          description: `No key needed. Language: \`?lang=\`, else Accept-Language, else the form's first. \`utm_*\` query parameters are carried to the submission. Rate-limited per client address (\`TRUCE_FORM_VIEWS_PER_IP\`, default 300 a minute).`,
          params,
          // Documented parameters only; any other query parameter is allowed and ignored.
          querystring: z.looseObject({
            lang: queryText.optional().describe("en or ru"),
            ...Object.fromEntries(UTM.map((k) => [`utm_${k}`, queryText.optional()])),
          }),
        },
      },
      async (req, reply) => {
        const n = nonce();
        const form = await findForm(deps, req.params.id);
        const locale = localeOf(req, form?.config.locales ?? LOCALES, req.query.lang);
        if (!form) return html(reply, 404, renderMessagePage(locale, UI.notFoundTitle, UI.notFound, n), n);
        if (!(await isCaptureKey(deps.store.db, form.keyId)))
          return html(reply, 200, renderMessagePage(locale, UI.closedTitle, UI.closed, n, form.id), n);
        const fields = usableFields(await activeDefinition(deps), form.config);
        const page = { form, fields, locale, token: randomUUID(), nonce: n, utm: utmOf(req.query) };
        return html(reply, 200, renderFormPage(page), n);
      },
    );

    app.post(
      "/forms/:id/submit",
      {
        config: { access: { public: true } },
        onRequest: limitBy(limits.formSubmitsPerIp),
        schema: {
          tags,
          summary: "Submit a web form (urlencoded)",
          description: `Captures through the same path as POST /api/v1/capture, with the form's key. Answers a thank-you page, or \`202 {status, message}\` with \`Accept: application/json\`. A bad answer re-renders the form with messages (400; JSON: \`validation.invalid\` with each field's problem), nothing stored. The page's \`token\` (or an \`Idempotency-Key\` header) makes a resubmission capture once. Rate-limited per client address (\`TRUCE_FORM_SUBMITS_PER_IP\`, default 20 a minute). A form whose key was revoked answers 401.`,
          params,
          querystring: z.looseObject({ lang: z.string().optional() }),
          body: z.record(
            z.string().max(100),
            z.union([z.string().max(10_000), z.array(z.string().max(10_000)).max(20)]),
          ),
        },
      },
      async (req, reply) => {
        const json = wantsJson(req);
        const n = nonce();
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.body)) values[k] = text(v) ?? "";
        const form = await findForm(deps, req.params.id);
        const locale = localeOf(req, form?.config.locales ?? LOCALES, values.lang || req.query.lang);
        if (!form) {
          if (json) throw formNotFound(req.params.id);
          return html(reply, 404, renderMessagePage(locale, UI.notFoundTitle, UI.notFound, n), n);
        }
        if (!(await isCaptureKey(deps.store.db, form.keyId))) {
          if (json) throw new AppError("auth.required", UI.closed, { formId: form.id });
          return html(reply, 401, renderMessagePage(locale, UI.closedTitle, UI.closed, n, form.id), n);
        }
        const blank = (v: string | undefined) => (v?.trim() ? v : undefined);
        const answers: Record<string, string> = {};
        for (const [k, v] of Object.entries(values)) if (!RESERVED_FIELD_NAMES.includes(k)) answers[k] = v;
        const utm = utmOf(values);
        const body: CaptureBody = Object.fromEntries(
          Object.entries({
            name: blank(values.name),
            email: blank(values.email),
            phone: blank(values.phone),
            company: blank(values.company),
            website: values.website,
            locale,
            answers,
            utm: Object.keys(utm).length
              ? Object.fromEntries(Object.entries(utm).map(([k, v]) => [k.slice(4), v]))
              : undefined,
          }).filter(([, v]) => v !== undefined),
        ) as CaptureBody;
        const token = idempotencyKeySchema.safeParse(req.headers["idempotency-key"] ?? values.token);
        try {
          const outcome = await captureAnswers(deps, body, {
            keyId: form.keyId,
            form,
            at: "",
            idempotency: token.success ? { scope: `form:${form.id}`, key: token.data } : undefined,
          });
          if (outcome.trapped) req.log.info({ formId: form.id }, "form: honeypot filled, nothing stored");
        } catch (e) {
          if (!isAppError(e, "validation.invalid")) throw e;
          const problems = (e.details.problems as AnswerProblem[]).map((p) => ({
            path: p.path,
            message: problemText(p, locale),
          }));
          if (json)
            return reply
              .status(400)
              .send({ code: "validation.invalid", message: pick(UI.summary, locale), details: { problems } });
          const fields = usableFields(await activeDefinition(deps), form.config);
          const retry = token.success ? token.data : randomUUID();
          return html(
            reply,
            400,
            renderFormPage({ form, fields, locale, token: retry, nonce: n, values, utm, problems }),
            n,
          );
        }
        const thanks = form.config.thanks ?? UI.thanks;
        if (json) return reply.status(202).send({ status: "accepted", message: pick(thanks, locale) });
        return html(reply, 200, renderMessagePage(locale, UI.thanksTitle, thanks, n, form.id), n);
      },
    );
  });
}
