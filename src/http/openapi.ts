import type { SwaggerTransform, SwaggerTransformObject } from "@fastify/swagger";
import type { FastifySchema } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import type { Access } from "./access.js";
import { statusOf } from "./errors.js";
import { SUMMARIES, TAGS } from "./openapi-summaries.js";

/**
 * What the routes do not say about themselves in the OpenAPI document, added in one place:
 * an `operationId` and a summary for every operation, its security from the route's declared
 * `config.access`, and its error responses (`{ code, message, details }`), plus `servers`, tags
 * and the shared Error schema. Routes keep only their own input and output schemas.
 */

/** The document's `info.description` (Markdown). */
export const API_DESCRIPTION = `Lead grades from recorded, observable facts: one definition agreed by the heads of marketing and sales, grades computed and explained, never typed.

**Calling it.** People sign in (\`POST /api/v1/auth/sign-in\`) and send the session cookie; on every POST, PUT, PATCH and DELETE they also send the session's CSRF token in \`X-CSRF-Token\`. Machines send an API key (\`Authorization: Bearer <key>\`) and may call what its scopes allow. Each operation lists the roles and key scopes it accepts.

**Errors.** Every error answers \`{ code, message, details }\` (see the \`Error\` schema): branch on \`code\`; \`message\` is in the caller's language (\`Accept-Language: en\` or \`ru\`); \`validation.invalid\` lists each field's problem in \`details.problems\`.`;

/** The security schemes: the session cookie (with the CSRF header on writes) or an API key. */
export const SECURITY_SCHEMES = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: "truce_session",
    description: "The session cookie set by `POST /api/v1/auth/sign-in`.",
  },
  csrf: {
    type: "apiKey",
    in: "header",
    name: "X-CSRF-Token",
    description:
      "With the session cookie, every POST, PUT, PATCH and DELETE echoes the session's `csrfToken` (from sign-in or `GET /api/v1/auth/me`) in this header; refused with 403 `auth.csrf` otherwise. Not needed with an API key.",
  },
  apiKey: {
    type: "http",
    scheme: "bearer",
    description: "An API key: `Authorization: Bearer <key>`. What it may call depends on its scopes.",
  },
} as const;

/**
 * Every error code the app answers with. Each is documented under its HTTP status (from the one
 * table in ./errors.ts). A test checks that every code thrown in src is listed here.
 */
export const ERROR_CODES: readonly string[] = [
  "validation.invalid",
  "request.invalid",
  "request.invalid_json",
  "request.too_large",
  "request.unsupported_media_type",
  "auth.required",
  "auth.invalid_credentials",
  "auth.wrong_password",
  "auth.same_password",
  "auth.csrf",
  "auth.forbidden",
  "auth.password_change_required",
  "auth.rate_limited",
  "rate_limited",
  "lead.not_found",
  "lead.conflict",
  "lead.duplicate_open",
  "lead.already_erased",
  "lifecycle.forbidden",
  "lifecycle.illegal_transition",
  "lifecycle.bad_command",
  "lifecycle.bad_time",
  "lifecycle.bad_amount",
  "lifecycle.bad_currency",
  "lifecycle.bad_evidence",
  "lifecycle.bad_observed_value",
  "lifecycle.grade_not_allowed",
  "lifecycle.missing_facts",
  "lifecycle.rejection_ambiguous",
  "lifecycle.rejection_needs_reason",
  "lifecycle.unknown_fact",
  "lifecycle.unknown_reason",
  "dispute.not_found",
  "dispute.forbidden",
  "dispute.closed",
  "definition.not_found",
  "definition.not_activated",
  "definition.forbidden",
  "definition.approver_not_verified",
  "definition.approval_void",
  "definition.none_active",
  "definition.same_approver",
  "definition.wrong_status",
  "definition.invalid",
  "definition.lint_errors",
  "setup.heads_missing",
  "user.not_found",
  "user.email_taken",
  "user.last_admin",
  "key.not_found",
  "form.not_found",
  "webhook.not_found",
  "webhook.forbidden",
  "view.not_found",
  "view.too_many",
  "import.bad_encoding",
  "import.bad_mapping",
  "import.busy",
  "import.no_header",
  "import.unreadable",
];

/** The error responses, by status: a name in components.responses and what it means. */
const ERROR_RESPONSES: Readonly<Record<string, { name: string; meaning: string }>> = {
  "400": {
    name: "BadRequest",
    meaning:
      "The input is malformed. `validation.invalid` carries `details.problems: [{ path, message }]`, one per field (`body.email`, `query.limit`…).",
  },
  "401": {
    name: "Unauthorized",
    meaning: "Not signed in, the session has expired, or the API key is unknown or revoked.",
  },
  "403": {
    name: "Forbidden",
    meaning:
      "Signed in (or keyed) but not allowed: role, key scope, CSRF header, or a rule of the definition.",
  },
  "404": { name: "NotFound", meaning: "Nothing with this id." },
  "409": {
    name: "Conflict",
    meaning: "The request clashes with the current state: retry after reading it again, or stop.",
  },
  "413": { name: "PayloadTooLarge", meaning: "The body is larger than the server accepts." },
  "415": { name: "UnsupportedMediaType", meaning: "The body is not in a format this route reads." },
  "422": {
    name: "Unprocessable",
    meaning: "Understood but refused by the definition or the lead's lifecycle.",
  },
  "429": { name: "TooManyRequests", meaning: "Rate-limited: wait the `Retry-After` seconds and retry." },
};

/** Descriptions of the success statuses, for responses that have none of their own. */
const SUCCESS: Readonly<Record<string, string>> = {
  "200": "OK",
  "201": "Created",
  "202": "Accepted",
  "204": "Done: no body",
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Routes that count requests in their own hooks (not `config.rateLimit`). */
const RATE_LIMITED = new Set(["POST /api/v1/capture", "GET /forms/:id", "POST /forms/:id/submit"]);

/** Conflicts and refusals (409, 422) are documented on writes to the resources that have them. */
const STATE_ERRORS: readonly [RegExp, readonly string[]][] = [
  [/^(POST|PUT|PATCH|DELETE) \/api\/v1\/(leads|disputes|definitions(?!\/lint$))\b/, ["409", "422"]],
  [/^POST \/api\/v1\/settings\/setup-done$/, ["409"]],
  [/^(POST|PUT|PATCH|DELETE) \/api\/v1\/users\b/, ["409"]],
  [/^POST \/api\/v1\/views$/, ["409"]],
  [/^POST \/api\/v1\/auth\/password$/, ["422"]],
  [/^POST (\/api\/v1\/capture|\/forms\/:id\/submit)$/, ["409", "422"]],
  // The form's capture key was revoked.
  [/^POST \/forms\/:id\/submit$/, ["401"]],
];

/**
 * A readable, deterministic operationId from the method and the path: `GET /api/v1/leads/:id` →
 * `getLeadsById`, `POST /api/v1/leads/:id/hand-off` → `postLeadsByIdHandOff`. Paths outside
 * /api/v1 (the public form pages) get `site`: `GET /forms/:id` → `getSiteFormsById`.
 */
export function operationIdOf(method: string, url: string): string {
  const inApi = url.startsWith("/api/v1/");
  const words = (inApi ? url.slice("/api/v1".length) : url)
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      const param = /^(?::(\w+)|\{(\w+)\})/.exec(segment);
      return param ? `by-${param[1] ?? param[2]}` : segment;
    });
  const parts = [method.toLowerCase(), ...(inApi ? [] : ["site"]), ...words]
    .join("-")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join("");
}

/** Who may call, in words for the operation's description. */
export function accessText(access: Access | undefined): string {
  if (access?.public) return "Public: no session or key needed.";
  const roles = access?.roles ?? [];
  const scopes = access?.scopes ?? [];
  if (roles.length === 0 && scopes.length === 0) return "Nobody: the route declares no access.";
  const parts: string[] = [];
  if (roles.length > 0) parts.push(`Roles: ${roles.join(", ")}.`);
  if (scopes.length > 0) parts.push(`Key scopes: ${scopes.join(", ")}.`);
  return parts.join(" ");
}

/** The security requirement alternatives: none when public, else session (+ CSRF on writes) and/or a key. */
export function securityOf(method: string, access: Access | undefined): Record<string, string[]>[] {
  if (access?.public) return [];
  const alternatives: Record<string, string[]>[] = [];
  const scopes = access?.scopes ?? [];
  if ((access?.roles ?? []).length > 0 || scopes.length === 0)
    alternatives.push(UNSAFE.has(method) ? { session: [], csrf: [] } : { session: [] });
  if (scopes.length > 0) alternatives.push({ apiKey: [] });
  return alternatives;
}

interface RouteFacts {
  readonly method: string;
  /** As the route is written: `/api/v1/leads/:id`. */
  readonly url: string;
  readonly access: Access | undefined;
  readonly rateLimited: boolean;
}

/** The error statuses an operation documents, besides `default`. */
function errorStatuses(facts: RouteFacts, operation: Operation): string[] {
  const statuses = new Set<string>();
  const hasBody = operation.requestBody !== undefined;
  if (hasBody || (operation.parameters ?? []).length > 0) statuses.add("400");
  if (!facts.access?.public) {
    statuses.add("401");
    statuses.add("403");
  }
  if (facts.url === "/api/v1/auth/sign-in") statuses.add("401");
  if (/[:{]/.test(facts.url)) statuses.add("404");
  const key = `${facts.method} ${facts.url}`;
  for (const [pattern, extra] of STATE_ERRORS) if (pattern.test(key)) for (const s of extra) statuses.add(s);
  if (hasBody) {
    statuses.add("413");
    statuses.add("415");
  }
  if (facts.rateLimited) statuses.add("429");
  return [...statuses].sort();
}

/** The codes answered with a status, in backticks, for a response's description. */
function codesWith(status: number): string {
  return ERROR_CODES.filter((c) => statusOf(c) === status)
    .map((c) => `\`${c}\``)
    .join(", ");
}

interface Operation {
  operationId?: string;
  summary?: string;
  requestBody?: unknown;
  parameters?: unknown[];
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * The `transform` and `transformObject` options of @fastify/swagger: the zod schemas become JSON
 * schemas (fastify-type-provider-zod), then each operation gets its id, summary, security and
 * error responses, and the document its servers, tags and shared components.
 */
export function openApiTransforms(): {
  transform: SwaggerTransform;
  transformObject: SwaggerTransformObject;
} {
  const facts = new Map<string, RouteFacts>();

  const transform: SwaggerTransform = (input) => {
    const { schema: zodSchema, url } = input;
    const result = zodSchema
      ? (jsonSchemaTransform as unknown as SwaggerTransform)(input)
      : { schema: {} as FastifySchema, url };
    const own = (result.schema ?? {}) as FastifySchema & Record<string, unknown>;
    if (own.hide) return result;
    const route = input.route;
    const method = [route.method].flat()[0] as string;
    const access = route.config?.access;
    const operationId = typeof own.operationId === "string" ? own.operationId : operationIdOf(method, url);
    const rateLimit = (route.config as { rateLimit?: unknown } | undefined)?.rateLimit;
    facts.set(operationId, {
      method,
      url,
      access,
      rateLimited: rateLimit !== undefined || RATE_LIMITED.has(`${method} ${url}`),
    });
    const summary = own.summary ?? SUMMARIES[`${method} ${url}`];
    const who = `**Access.** ${accessText(access)}`;
    const description = typeof own.description === "string" ? `${own.description}\n\n${who}` : who;
    const schema = {
      ...own,
      operationId,
      ...(summary !== undefined ? { summary } : {}),
      description,
      security: securityOf(method, access),
      "x-truce-access": access?.public
        ? { public: true }
        : { roles: [...(access?.roles ?? [])], scopes: [...(access?.scopes ?? [])] },
    };
    return { schema, url: result.url };
  };

  const transformObject: SwaggerTransformObject = (document) => {
    const doc = ("openapiObject" in document ? document.openapiObject : document.swaggerObject) as Record<
      string,
      unknown
    >;
    const components = (doc.components ?? {}) as Record<string, Record<string, unknown>>;
    components.schemas = { ...components.schemas, Error: ERROR_SCHEMA };
    components.responses = { ...components.responses, ...errorResponseComponents() };
    doc.components = components;
    doc.servers = [{ url: "/", description: "The same origin as this document." }];

    const usedTags = new Set<string>();
    const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
    for (const item of Object.values(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        for (const tag of (operation.tags as string[] | undefined) ?? []) usedTags.add(tag);
        const route = operation.operationId ? facts.get(operation.operationId) : undefined;
        if (!route) continue;
        const responses = { ...operation.responses };
        // The public form pages answer HTML, errors included, unless the caller asks for JSON.
        const page = !route.url.startsWith("/api/");
        for (const status of errorStatuses(route, operation)) {
          const name = ERROR_RESPONSES[status]?.name;
          if (!name || responses[status] !== undefined) continue;
          responses[status] = page ? htmlOrError(status) : { $ref: `#/components/responses/${name}` };
        }
        responses.default ??= { $ref: "#/components/responses/Error" };
        for (const [status, response] of Object.entries(responses)) {
          const r = response as { description?: string };
          // @fastify/swagger's placeholder for a response without its own description.
          if (r.description === "Default Response" && SUCCESS[status])
            responses[status] = { ...r, description: SUCCESS[status] };
        }
        if (page) {
          for (const [status, response] of Object.entries(responses)) {
            const r = response as { content?: unknown };
            if (status.startsWith("2") && r.content === undefined)
              responses[status] = { ...r, content: { "text/html": { schema: { type: "string" } } } };
          }
        }
        operation.responses = responses;
      }
    }
    const known = Object.keys(TAGS);
    doc.tags = [
      ...known.filter((t) => usedTags.has(t)),
      ...[...usedTags].filter((t) => !known.includes(t)).sort(),
    ].map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name }));
    return doc;
  };

  return { transform, transformObject };
}

/** The body of every error answer. */
export const ERROR_SCHEMA = {
  type: "object",
  description:
    "Every error answer: a stable code to branch on, a message in the caller's language (Accept-Language: en or ru), and details.",
  required: ["code", "message", "details"],
  properties: {
    code: {
      type: "string",
      description: "Stable and machine-readable: `lead.not_found`, `validation.invalid`…",
    },
    message: { type: "string", description: "For people, in English or Russian (Accept-Language)." },
    details: {
      type: "object",
      additionalProperties: {},
      description:
        "Depends on the code: `problems: [{ path, message }]` for `validation.invalid`, `requestId` for `internal`…",
    },
  },
} as const;

/** An error of a public form page: an HTML page, or the JSON error body with `Accept: application/json`. */
function htmlOrError(status: string): Record<string, unknown> {
  return {
    description: `${ERROR_RESPONSES[status]?.meaning ?? ""} An HTML page; \`{ code, message, details }\` with \`Accept: application/json\`.`,
    content: {
      "text/html": { schema: { type: "string" } },
      "application/json": { schema: { $ref: "#/components/schemas/Error" } },
    },
  };
}

function errorResponseComponents(): Record<string, unknown> {
  const json = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
  const out: Record<string, unknown> = {};
  for (const [status, { name, meaning }] of Object.entries(ERROR_RESPONSES)) {
    const codes = codesWith(Number(status));
    out[name] = {
      description: codes ? `${meaning} Codes: ${codes}.` : meaning,
      ...(status === "429"
        ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } }
        : {}),
      content: json,
    };
  }
  out.Error = {
    description:
      "Any other error, in the same shape. `internal` (500) is a bug on our side: `details.requestId` finds it in the log.",
    content: json,
  };
  return out;
}
