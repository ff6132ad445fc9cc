import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { SESSION_MAX_MS, signIn, signOut } from "../../app/auth/sessions.js";
import type { AppDeps } from "../../app/deps.js";
import { ALL_ROLES } from "../access.js";
import { SESSION_COOKIE, type ServerOptions } from "../server.js";

const userView = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string() });

/** Sign-in (rate-limited per IP), sign-out, and who am I. */
export async function authRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    "/api/v1/auth/sign-in",
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: {
        tags: ["auth"],
        body: z.strictObject({
          email: z.string().trim().min(1).max(254),
          password: z.string().min(1).max(1000),
        }),
        response: { 200: z.object({ user: userView, csrfToken: z.string(), expiresAt: z.number() }) },
      },
    },
    async (req, reply) => {
      const s = await signIn(deps, req.body.email, req.body.password);
      void reply.setCookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: "lax",
        secure: options.secureCookies === true,
        path: "/",
        maxAge: Math.floor(SESSION_MAX_MS / 1000),
      });
      return { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
    },
  );
  app.post(
    "/api/v1/auth/sign-out",
    { config: { access: { roles: ALL_ROLES } }, schema: { tags: ["auth"], response: { 204: z.null() } } },
    async (req, reply) => {
      if (req.caller?.kind === "user") await signOut(deps, req.caller.sessionHash);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/auth/me",
    {
      config: { access: { roles: ALL_ROLES } },
      schema: { tags: ["auth"], response: { 200: userView.extend({ csrfToken: z.string() }) } },
    },
    async (req) => {
      const c = req.caller;
      if (c?.kind !== "user") throw new Error("unreachable: access allows users only");
      return { id: c.id, email: c.email, name: c.name, role: c.role, csrfToken: c.csrfToken };
    },
  );
}
