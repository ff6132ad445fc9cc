import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { locales } from "zod";
import { AppError, type LocalText } from "../core/index.js";

/**
 * The one table from error code to HTTP status. Exact codes first, then the family rules below.
 * A test walks every code the app can throw and checks it lands here on purpose.
 */
const STATUS: Readonly<Record<string, number>> = {
  "validation.invalid": 400,
  "request.invalid_json": 400,
  "request.too_large": 413,
  "request.unsupported_media_type": 415,
  "auth.required": 401,
  "auth.invalid_credentials": 401,
  "auth.csrf": 403,
  "auth.forbidden": 403,
  "auth.password_change_required": 403,
  "auth.same_password": 422,
  "auth.rate_limited": 429,
  rate_limited: 429,
  "definition.none_active": 409,
  "definition.invalid": 422,
  "definition.lint_errors": 422,
  "definition.same_approver": 409,
  "definition.approver_not_verified": 403,
  "definition.wrong_status": 409,
  "definition.not_activated": 404,
  "lead.conflict": 409,
  "lead.duplicate_open": 409,
  "lead.already_erased": 409,
  "dispute.closed": 409,
  "lifecycle.illegal_transition": 409,
  "user.email_taken": 409,
  "user.last_admin": 409,
  "view.too_many": 409,
  "setup.heads_missing": 409,
  // 400, not 401: a wrong *current* password must not look like a lost session to the web app.
  "auth.wrong_password": 400,
};

/** Families: `*.not_found` 404, `*.forbidden` 403, `*.conflict` 409, other `lifecycle.*` 422 (the move is understood but refused). */
export function statusOf(code: string): number {
  const exact = STATUS[code];
  if (exact !== undefined) return exact;
  if (code.endsWith(".not_found")) return 404;
  if (code.endsWith(".forbidden")) return 403;
  if (code.endsWith(".conflict")) return 409;
  if (code.startsWith("lifecycle.") || code.startsWith("definition.") || code.startsWith("dispute."))
    return 422;
  return 400;
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

const wantsRussian = (req: FastifyRequest) => /^ru\b/i.test(req.headers["accept-language"] ?? "");

function localized(req: FastifyRequest, text: LocalText): string {
  return wantsRussian(req) ? (text.ru ?? text.en) : text.en;
}

const ZOD_EN = locales.en();
const ZOD_RU = locales.ru();
const textOf = (m: ReturnType<typeof ZOD_EN.localeError>) => (typeof m === "string" ? m : m?.message);

/**
 * A field problem in the caller's language. zod's own messages ("Too small: expected string to
 * have >=12 characters") are rebuilt from the issue with zod's Russian locale; a message a schema
 * wrote itself is kept as it is.
 */
function problemMessage(req: FastifyRequest, keyword: string, params: object, message: string): string {
  if (!wantsRussian(req)) return message;
  const issue = { ...params, code: keyword, path: [] } as unknown as Parameters<typeof ZOD_EN.localeError>[0];
  if (textOf(ZOD_EN.localeError(issue)) !== message) return message;
  return textOf(ZOD_RU.localeError(issue)) ?? message;
}

/**
 * Maps every failure to `{ code, message, details }` in the caller's language (Accept-Language).
 * Bad input is always a 4xx with a code; only a genuine bug is a 500, logged without the body.
 */
export function handleError(error: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  let status: number;
  let body: ErrorBody;
  if (error instanceof AppError) {
    status = statusOf(error.code);
    body = { code: error.code, message: localized(req, error.userMessage), details: error.details };
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? "body";
    // An unknown field is reported at the field itself (body.extra), one problem per field.
    const problems = error.validation.flatMap((v) => {
      const at = [where, ...v.instancePath.split("/").filter(Boolean)];
      const keys = v.keyword === "unrecognized_keys" ? (v.params as { keys?: unknown }).keys : undefined;
      if (Array.isArray(keys) && keys.length > 0) {
        const message = localized(req, { en: "unknown field", ru: "неизвестное поле" });
        return keys.map((k) => ({ path: [...at, String(k)].join("."), message }));
      }
      return [
        { path: at.join("."), message: problemMessage(req, v.keyword, v.params, v.message ?? "invalid") },
      ];
    });
    status = 400;
    body = {
      code: "validation.invalid",
      message: localized(req, {
        en: `invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
        ru: `неверные данные: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      }),
      details: { problems },
    };
  } else {
    const e = error as FastifyError;
    const known: Record<string, [string, number, LocalText]> = {
      FST_ERR_CTP_INVALID_JSON_BODY: [
        "request.invalid_json",
        400,
        { en: "the body is not valid JSON", ru: "тело запроса — не корректный JSON" },
      ],
      FST_ERR_CTP_EMPTY_JSON_BODY: [
        "request.invalid_json",
        400,
        { en: "the JSON body is empty", ru: "тело запроса JSON пустое" },
      ],
      FST_ERR_CTP_BODY_TOO_LARGE: [
        "request.too_large",
        413,
        { en: "the body is too large", ru: "тело запроса слишком большое" },
      ],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: [
        "request.unsupported_media_type",
        415,
        { en: "send application/json", ru: "отправьте application/json" },
      ],
    };
    const k = e.code ? known[e.code] : undefined;
    if (k) {
      [body, status] = [{ code: k[0], message: localized(req, k[2]), details: {} }, k[1]];
    } else if (e.statusCode === 429) {
      status = 429;
      body = {
        code: "rate_limited",
        message: localized(req, {
          en: "too many requests: slow down and retry later",
          ru: "слишком много запросов: повторите позже",
        }),
        details: {},
      };
    } else if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      body = { code: "request.invalid", message: e.message, details: {} };
    } else {
      req.log.error({ err: error }, "unhandled error");
      status = 500;
      body = {
        code: "internal",
        message: localized(req, {
          en: "something went wrong on our side; it has been logged",
          ru: "ошибка на стороне сервера; она записана в журнал",
        }),
        details: { requestId: req.id },
      };
    }
  }
  void reply.status(status).send(body);
}
