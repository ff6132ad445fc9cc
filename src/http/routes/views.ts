import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.js";
import { createView, deleteView, listPeople, listViews, updateView } from "../../app/inbox/saved-views.js";
import {
  createViewSchema,
  personSchema,
  savedViewSchema,
  updateViewSchema,
  viewParamsSchema,
} from "../../contracts/api-views.js";
import { type Access, ALL_ROLES } from "../access.js";
import type { ServerOptions } from "../server.js";

/** Signed-in people only: views belong to a person, and the people list is for the web app. */
const PEOPLE: Access = { roles: ALL_ROLES };

function userId(req: FastifyRequest): string {
  if (req.caller?.kind !== "user") throw new Error("unreachable: access requires a signed-in person");
  return req.caller.id;
}

/**
 * The inbox's saved views (each person's own: another's answers 404) and the people list any
 * signed-in person may read, for owner names and the owner filter.
 */
export async function viewsRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["views"];

  app.get(
    "/api/v1/views",
    {
      config: { access: PEOPLE },
      schema: { tags, response: { 200: z.array(savedViewSchema) } },
    },
    async (req) => listViews(deps, userId(req)),
  );
  app.post(
    "/api/v1/views",
    {
      config: { access: PEOPLE },
      schema: { tags, body: createViewSchema, response: { 201: savedViewSchema } },
    },
    async (req, reply) => reply.status(201).send(await createView(deps, userId(req), req.body)),
  );
  app.patch(
    "/api/v1/views/:id",
    {
      config: { access: PEOPLE },
      schema: { tags, params: viewParamsSchema, body: updateViewSchema, response: { 200: savedViewSchema } },
    },
    async (req) => updateView(deps, userId(req), req.params.id, req.body),
  );
  app.delete(
    "/api/v1/views/:id",
    {
      config: { access: PEOPLE },
      schema: { tags, params: viewParamsSchema, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteView(deps, userId(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/people",
    {
      config: { access: PEOPLE },
      schema: { tags: ["users"], response: { 200: z.array(personSchema) } },
    },
    async () => listPeople(deps),
  );
}
