import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { createApiKey, listApiKeys, revokeKey } from "../../app/auth/api-keys.js";
import type { AppDeps } from "../../app/deps.js";
import {
  apiKeyViewSchema,
  createdKeySchema,
  createKeySchema,
  keyIdParamsSchema,
} from "../../contracts/api-admin.js";
import { type Access, ADMIN, actorOf } from "../access.js";
import type { ServerOptions } from "../server.js";

/**
 * API keys (admins only: the admin role, or a key with the `admin` scope). The key itself is in
 * the creation answer only. Revoking keeps the key listed, for the record, so it is a POST
 * rather than a DELETE.
 */
const ADMINS: Access = { roles: ADMIN, scopes: ["admin"] };
const tags = ["keys"];

export async function keysRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/api/v1/keys",
    { config: { access: ADMINS }, schema: { tags, response: { 200: z.array(apiKeyViewSchema) } } },
    async () => listApiKeys(deps),
  );
  app.post(
    "/api/v1/keys",
    {
      config: { access: ADMINS },
      schema: { tags, body: createKeySchema, response: { 201: createdKeySchema } },
    },
    async (req, reply) => {
      if (!req.caller) throw new Error("unreachable: access requires a caller");
      const created = await createApiKey(deps, req.body, actorOf(req.caller).id);
      return reply.status(201).send({ ...created.apiKey, key: created.key });
    },
  );
  app.post(
    "/api/v1/keys/:id/revoke",
    {
      config: { access: ADMINS },
      schema: { tags, params: keyIdParamsSchema, response: { 200: apiKeyViewSchema } },
    },
    async (req) => revokeKey(deps, req.params.id),
  );
}
