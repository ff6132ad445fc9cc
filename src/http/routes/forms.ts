import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.js";
import {
  createForm,
  deleteForm,
  formProblems,
  getForm,
  listForms,
  type StoredForm,
  updateForm,
} from "../../app/forms/manage-forms.js";
import { DEFAULT_CAPTURE_LIMITS } from "../../config.js";
import { formInputSchema, formViewSchema, snippetSchema } from "../../contracts/api-capture.js";
import type { Role } from "../../core/index.js";
import { actorOf, MARKETING } from "../access.js";
import { formSnippet } from "../forms-assets/snippet.js";
import type { ServerOptions } from "../server.js";
import { formPageRoutes } from "./form-pages.js";

/**
 * Who manages forms: admins and the head of marketing change them (a form decides which facts
 * are recorded with `form` evidence, and so grades); all of marketing may read them and take the
 * snippet. Keys with the `admin` scope may do everything.
 */
const EDITORS: readonly Role[] = ["admin", "marketing_head"];
const read = { access: { roles: MARKETING, scopes: ["admin" as const] } };
const write = { access: { roles: EDITORS, scopes: ["admin" as const] } };
const params = z.object({ id: z.string().min(1).max(100) });
const tags = ["forms"];

const FORM_RULES = `A form asks facts of the active definition's catalogue. Each \`choice\` field maps its options to values of its fact: \`value\` (a boolean, an enum option, a number, a date, or null for unknown) or \`dateIn\` ("3 months": a date fact answered by a period, computed at capture). Text facts only as \`text\` fields (free text, never graded). Every text needs Russian when \`locales\` includes "ru". \`keyId\` names a live key with the \`capture\` scope: the form captures with it server-side, and it never reaches the browser. Every bad field is listed (400 \`validation.invalid\`).`;

/** Admin CRUD of web forms and their embed snippet; the public pages are in form-pages.ts. */
export async function formsRoutes(
  fastify: FastifyInstance,
  deps: AppDeps,
  options: ServerOptions,
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const view = async (form: StoredForm) => ({
    ...form.config,
    id: form.id,
    url: `/forms/${form.id}`,
    createdBy: form.createdBy,
    createdAt: form.createdAt,
    updatedAt: form.updatedAt,
    problems: await formProblems(deps, form),
  });

  app.get(
    "/api/v1/forms",
    {
      config: read,
      schema: {
        tags,
        summary: "List web forms",
        response: { 200: z.object({ forms: z.array(formViewSchema) }) },
      },
    },
    async () => ({ forms: await Promise.all((await listForms(deps)).map(view)) }),
  );
  app.post(
    "/api/v1/forms",
    {
      config: write,
      schema: {
        tags,
        summary: "Create a web form",
        description: FORM_RULES,
        body: formInputSchema,
        response: { 201: formViewSchema },
      },
    },
    async (req, reply) => {
      const caller = req.caller;
      if (!caller) throw new Error("unreachable: access requires a caller");
      const form = await createForm(deps, req.body, actorOf(caller).id, "body");
      return reply.status(201).send(await view(form));
    },
  );
  app.get(
    "/api/v1/forms/:id",
    {
      config: read,
      schema: {
        tags,
        summary: "A web form, with its problems under the active definition",
        params,
        response: { 200: formViewSchema },
      },
    },
    async (req) => view(await getForm(deps, req.params.id)),
  );
  app.put(
    "/api/v1/forms/:id",
    {
      config: write,
      schema: {
        tags,
        summary: "Replace a web form's configuration",
        description: FORM_RULES,
        params,
        body: formInputSchema,
        response: { 200: formViewSchema },
      },
    },
    async (req) => view(await updateForm(deps, req.params.id, req.body, "body")),
  );
  app.delete(
    "/api/v1/forms/:id",
    { config: write, schema: { tags, summary: "Delete a web form", params, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteForm(deps, req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/forms/:id/snippet",
    {
      config: read,
      schema: {
        tags,
        summary: "HTML to embed a web form in a website",
        description:
          "`iframe`: an iframe of the form page (the visitor's language unless `lang` pins one). `script`: the same iframe added by a script that resizes it to the form's height and passes the page's utm_* parameters on. The page may be framed only by Truce itself and the configured capture origins.",
        params,
        querystring: z.object({ lang: z.enum(["en", "ru"]).optional() }),
        response: { 200: snippetSchema },
      },
    },
    async (req) =>
      formSnippet(await getForm(deps, req.params.id), `${req.protocol}://${req.host}`, req.query.lang),
  );

  await formPageRoutes(fastify, deps, options, options.captureLimits ?? DEFAULT_CAPTURE_LIMITS);
}
