import type { FastifyReply, FastifyRequest } from "fastify";
import type { Caller, KeyScope } from "../app/auth/sessions.js";
import { AppError, type Role } from "../core/index.js";

/**
 * Who may call a route, declared on the route (`config: { access }`) and enforced in one hook.
 * A route without `access` is refused to everyone: forgetting to declare is safe.
 * - `public`: anyone (health, sign-in, the public form page).
 * - `roles`: signed-in people with one of these roles.
 * - `scopes`: machines with an API key holding one of these scopes.
 */
export interface Access {
  readonly public?: true;
  readonly roles?: readonly Role[];
  readonly scopes?: readonly KeyScope[];
}

export const ALL_ROLES: readonly Role[] = ["admin", "marketing", "marketing_head", "sales", "sales_head"];
export const MARKETING: readonly Role[] = ["admin", "marketing", "marketing_head"];
export const SALES: readonly Role[] = ["admin", "sales", "sales_head"];
export const HEADS: readonly Role[] = ["marketing_head", "sales_head"];
export const ADMIN: readonly Role[] = ["admin"];

declare module "fastify" {
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** All a person with a one-time or admin-set password may do: see who they are, change it, leave. */
const BEFORE_OWN_PASSWORD = new Set([
  "GET /api/v1/auth/me",
  "PATCH /api/v1/auth/me",
  "POST /api/v1/auth/password",
  "POST /api/v1/auth/sign-out",
]);

/** The preHandler that enforces `access` and, for cookie sessions, CSRF on writes. */
export async function enforceAccess(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const url = req.routeOptions.url;
  // No route matched (the 404 handler answers) or the interactive API docs (a plugin's routes).
  if (url === undefined || url.startsWith("/api/docs")) return;
  const access = req.routeOptions.config.access;
  if (access?.public) return;
  const caller = req.caller;
  if (!caller)
    throw new AppError("auth.required", {
      en: "sign in or send an API key",
      ru: "войдите или передайте API-ключ",
    });
  const allowed =
    caller.kind === "user"
      ? (access?.roles ?? []).includes(caller.role)
      : caller.scopes.some((s) => (access?.scopes ?? []).includes(s));
  if (!allowed) {
    throw new AppError(
      "auth.forbidden",
      { en: "you may not do this", ru: "у вас нет на это прав" },
      caller.kind === "user"
        ? { role: caller.role, allowed: access?.roles ?? [] }
        : { scopes: caller.scopes, allowed: access?.scopes ?? [] },
    );
  }
  if (
    caller.kind === "user" &&
    caller.mustChangePassword &&
    !BEFORE_OWN_PASSWORD.has(`${req.method} ${url}`)
  ) {
    throw new AppError("auth.password_change_required", {
      en: "choose your own password first: the one you signed in with was given to you",
      ru: "сначала задайте свой пароль: тот, с которым вы вошли, вам выдали",
    });
  }
  // Cookie-authenticated writes must echo the session's CSRF token: another site can make the
  // browser send the cookie, but cannot read the token. Keys are sent deliberately, so exempt.
  if (caller.kind === "user" && UNSAFE.has(req.method) && req.headers["x-csrf-token"] !== caller.csrfToken) {
    throw new AppError("auth.csrf", {
      en: "missing or wrong X-CSRF-Token header",
      ru: "нет или неверный заголовок X-CSRF-Token",
    });
  }
}

/** The acting person or key as the use cases name it: `{ id, role }`; a key acts as its widest scope allows. */
export function actorOf(caller: Caller): { id: string; role: Role } {
  if (caller.kind === "user") return { id: caller.id, role: caller.role };
  return { id: `key:${caller.id}`, role: caller.scopes.includes("admin") ? "admin" : "marketing" };
}
