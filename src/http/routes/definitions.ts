import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ALLOWED } from "../../app/definitions/access.js";
import { startActivation } from "../../app/definitions/activate.js";
import { getActivation } from "../../app/definitions/activation-status.js";
import { checkDraftText } from "../../app/definitions/lint.js";
import { simulateDefinition } from "../../app/definitions/simulate.js";
import {
  createDraft,
  getActiveDefinition,
  getDefinitionVersion,
  listDefinitionVersions,
} from "../../app/definitions/versions.js";
import { approveDefinition, proposeDefinition } from "../../app/definitions/workflow.js";
import type { AppDeps } from "../../app/deps.js";
import {
  activationSchema,
  catalogueOf,
  catalogueSchema,
  draftResultSchema,
  lintBodySchema,
  lintReportSchema,
  simulateBodySchema,
  simulationSchema,
  sourceBodySchema,
  versionDetailSchema,
  versionParamsSchema,
  versionViewSchema,
} from "../../contracts/api-definitions.js";
import { parseInstant } from "../../core/index.js";
import { type Access, ALL_ROLES, actorOf } from "../access.js";
import type { ServerOptions } from "../server.js";

/**
 * Definition versions (draft → propose → approve → activate), the checker, simulation, and the
 * active definition's catalogue.
 *
 * Who: reading is for every role and for keys with `read` (or `admin`). Writing steps take the
 * roles of `ALLOWED` (app/definitions/access.ts), which the use cases check again against the
 * stored user. No API key may take a step, `admin` scope included: a version is agreed by named
 * people, approval by a head of each department, and the use cases refuse any actor that is not
 * a stored user. Lint and simulate write nothing but are people's authoring tools (the CLI's
 * `truce lint` serves CI), so they too take no keys: for keys, `read` means GET.
 */
const READ: Access = { roles: ALL_ROLES, scopes: ["read", "admin"] };
const tags = ["definitions"];

function actor(req: FastifyRequest) {
  if (!req.caller) throw new Error("unreachable: access requires a caller");
  return actorOf(req.caller);
}

export async function definitionsRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  _options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const versionRoute = { tags, params: versionParamsSchema, response: { 200: versionViewSchema } };

  app.get(
    "/api/v1/definitions",
    { config: { access: READ }, schema: { tags, response: { 200: z.array(versionViewSchema) } } },
    async () => listDefinitionVersions(deps),
  );
  app.get(
    "/api/v1/definitions/active",
    { config: { access: READ }, schema: { tags, response: { 200: versionDetailSchema } } },
    async () => getActiveDefinition(deps),
  );
  app.get(
    "/api/v1/definitions/:version",
    {
      config: { access: READ },
      schema: { tags, params: versionParamsSchema, response: { 200: versionDetailSchema } },
    },
    async (req) => getDefinitionVersion(deps, req.params.version),
  );
  app.post(
    "/api/v1/definitions",
    {
      config: { access: { roles: ALLOWED.draft } },
      schema: { tags, body: sourceBodySchema, response: { 201: draftResultSchema } },
    },
    async (req, reply) => reply.status(201).send(await createDraft(deps, req.body.source, actor(req))),
  );
  app.post(
    "/api/v1/definitions/lint",
    {
      config: { access: { roles: ALL_ROLES } },
      schema: { tags, body: lintBodySchema, response: { 200: lintReportSchema } },
    },
    async (req) => {
      const at = req.body.at === undefined ? deps.clock() : (parseInstant(req.body.at) as number);
      return checkDraftText(req.body.source, at);
    },
  );
  app.post(
    "/api/v1/definitions/simulate",
    {
      config: { access: { roles: ALL_ROLES } },
      schema: { tags, body: simulateBodySchema, response: { 200: simulationSchema } },
    },
    async (req) => {
      const { cell, limit } = req.body;
      return simulateDefinition(deps, "version" in req.body ? req.body.version : req.body.source, {
        ...(cell ? { cell } : {}),
        ...(limit !== undefined ? { cellLimit: limit } : {}),
      });
    },
  );
  app.post(
    "/api/v1/definitions/:version/propose",
    { config: { access: { roles: ALLOWED.propose } }, schema: versionRoute },
    async (req) => proposeDefinition(deps, req.params.version, actor(req)),
  );
  app.post(
    "/api/v1/definitions/:version/approve",
    { config: { access: { roles: ALLOWED.approve } }, schema: versionRoute },
    async (req) => approveDefinition(deps, req.params.version, actor(req)),
  );
  app.post(
    "/api/v1/definitions/:version/activate",
    {
      config: { access: { roles: ALLOWED.activate } },
      schema: { tags, params: versionParamsSchema, response: { 202: activationSchema } },
    },
    // The flip commits before the answer; the regrade of the open leads is a job (its progress
    // below). Reads keep working meanwhile; a crash resumes the job.
    async (req, reply) => reply.status(202).send(await startActivation(deps, req.params.version, actor(req))),
  );
  app.get(
    "/api/v1/definitions/:version/activation",
    {
      config: { access: READ },
      schema: { tags, params: versionParamsSchema, response: { 200: activationSchema } },
    },
    async (req) => getActivation(deps, req.params.version),
  );
  app.get(
    "/api/v1/catalogue",
    { config: { access: READ }, schema: { tags: ["catalogue"], response: { 200: catalogueSchema } } },
    async () => {
      const active = await getActiveDefinition(deps);
      return catalogueOf(active.version, deps.graders.get(active.version, active.source).definition);
    },
  );
}
