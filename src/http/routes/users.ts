import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  changeOwnPassword,
  createUser,
  listUsers,
  resetPassword,
  revokeSessionsOf,
  updateUser,
} from "../../app/auth/users.js";
import type { AppDeps } from "../../app/deps.js";
import {
  changePasswordSchema,
  createUserSchema,
  updateUserSchema,
  userIdParamsSchema,
  userViewSchema,
  userWithPasswordSchema,
} from "../../contracts/api-admin.js";
import { type Access, ADMIN, ALL_ROLES } from "../access.js";
import type { ServerOptions } from "../server.js";

/**
 * Users (admins only: people with the admin role, or keys with the `admin` scope, for
 * provisioning), and a signed-in person's own password. One-time passwords appear only in the
 * answer that created them.
 */
const ADMINS: Access = { roles: ADMIN, scopes: ["admin"] };
const tags = ["users"];

export async function usersRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/api/v1/users",
    { config: { access: ADMINS }, schema: { tags, response: { 200: z.array(userViewSchema) } } },
    async () => listUsers(deps),
  );
  app.post(
    "/api/v1/users",
    {
      config: { access: ADMINS },
      schema: { tags, body: createUserSchema, response: { 201: userWithPasswordSchema } },
    },
    async (req, reply) => reply.status(201).send(await createUser(deps, req.body)),
  );
  app.patch(
    "/api/v1/users/:id",
    {
      config: { access: ADMINS },
      schema: { tags, params: userIdParamsSchema, body: updateUserSchema, response: { 200: userViewSchema } },
    },
    async (req) => updateUser(deps, req.params.id, req.body),
  );
  app.post(
    "/api/v1/users/:id/reset-password",
    {
      config: { access: ADMINS },
      schema: { tags, params: userIdParamsSchema, response: { 200: userWithPasswordSchema } },
    },
    async (req) => resetPassword(deps, req.params.id),
  );
  app.post(
    "/api/v1/users/:id/revoke-sessions",
    {
      config: { access: ADMINS },
      schema: { tags, params: userIdParamsSchema, response: { 200: z.object({ revoked: z.number() }) } },
    },
    async (req) => revokeSessionsOf(deps, req.params.id),
  );
  app.post(
    "/api/v1/auth/password",
    {
      // People only, and rate-limited like sign-in: the current password is guessable here too.
      config: { access: { roles: ALL_ROLES }, rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: { tags: ["auth"], body: changePasswordSchema, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const c = req.caller;
      if (c?.kind !== "user") throw new Error("unreachable: access allows people only");
      await changeOwnPassword(deps, { userId: c.id, sessionHash: c.sessionHash }, req.body);
      return reply.status(204).send(null);
    },
  );
}
