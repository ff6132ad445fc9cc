import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { updateMe, whoAmI } from "../../app/auth/me.js";
import { type Caller, SESSION_MAX_MS, signIn, signOut } from "../../app/auth/sessions.js";
import type { AppDeps } from "../../app/deps.js";
import { meViewSchema, updateMeSchema } from "../../contracts/api-settings.js";
import { ALL_ROLES } from "../access.js";
import { SESSION_COOKIE, type ServerOptions } from "../server.js";

const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  /** The password is one-time or admin-set: change it (POST /auth/password) before anything else. */
  mustChangePassword: z.boolean(),
});

function person(caller: Caller | null): Extract<Caller, { kind: "user" }> {
  if (caller?.kind !== "user") throw new Error("unreachable: access allows users only");
  return caller;
}

/** Sign-in (rate-limited per IP), sign-out, and who am I (read, and change one's name and language). */
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
    {
      config: { access: { roles: ALL_ROLES } },
      schema: { tags: ["auth"], response: { 204: z.null() } },
    },
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
      schema: {
        tags: ["auth"],
        response: { 200: meViewSchema },
      },
    },
    async (req) => whoAmI(deps, person(req.caller)),
  );
  app.patch(
    "/api/v1/auth/me",
    {
      config: { access: { roles: ALL_ROLES } },
      schema: {
        tags: ["auth"],
        body: updateMeSchema,
        response: { 200: meViewSchema },
      },
    },
    async (req) => updateMe(deps, person(req.caller), req.body),
  );
}
