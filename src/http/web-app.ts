import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Where the built web app is: `dist/web` beside the compiled server (dist/src/http → dist/web) or
 * beside the sources (src/http → dist/web). Vite's manifest marks a real build, so the source
 * folder `web/` (whose index.html is not servable) is never mistaken for one.
 */
export function findWebRoot(): string | undefined {
  for (const candidate of [resolve(here, "../../dist/web"), resolve(here, "../../web")]) {
    if (existsSync(join(candidate, ".vite", "manifest.json"))) return candidate;
  }
  return undefined;
}

/**
 * The app runs only its own scripts and talks only to its own origin. Inline styles are allowed
 * because the component kit sets style attributes; frames only from this origin (the form preview).
 */
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

/** Paths the single-page app never owns: the API, its docs, the public forms. */
const NOT_APP = /^\/(api|forms)(\/|$)/;

/**
 * Serves the web app at `/` on the API's origin: hashed assets under /assets with a year's
 * immutable cache, index.html never cached, and index.html for every other GET that asks for a
 * page (client-side routes such as /leads/42 on reload). Everything else falls through to the
 * JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, root: string | undefined): Promise<void> {
  if (!root || !existsSync(join(root, "index.html"))) {
    app.get("/", { config: { access: { public: true } }, schema: { hide: true } }, async (_req, reply) =>
      reply
        .type("text/plain; charset=utf-8")
        .send("The Truce web app is not built. Run `npm run build`, then start the server again.\n"),
    );
    return;
  }
  // The static plugin's routes are public: mark them so, as every route must declare its access.
  await app.register(async (scope) => {
    scope.addHook("onRoute", (r) => {
      r.config = { ...r.config, access: { public: true } };
      r.schema = { ...r.schema, hide: true };
    });
    await scope.register(fastifyStatic, {
      root,
      prefix: "/",
      wildcard: false,
      index: false,
      cacheControl: false,
      allowedPath: (path) => path.startsWith("/assets/") || /^\/[\w.-]+\.(ico|png|svg|txt)$/.test(path),
      setHeaders: (res, path) => {
        res.setHeader(
          "cache-control",
          path.includes(`${"/"}assets${"/"}`) ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  });
  // Read once: it is tiny, and a rebuild restarts the server anyway.
  const index = readFileSync(join(root, "index.html"), "utf8");
  const sendIndex = (_req: FastifyRequest, reply: FastifyReply) =>
    reply
      .headers({ "cache-control": "no-cache", "content-security-policy": APP_CSP })
      .type("text/html; charset=utf-8")
      .send(index);
  app.get("/", { config: { access: { public: true } }, schema: { hide: true } }, sendIndex);
  app.get("/*", { config: { access: { public: true } }, schema: { hide: true } }, (req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    if (
      NOT_APP.test(path) ||
      path.startsWith("/assets/") ||
      !/text\/html|\*\/\*/.test(req.headers.accept ?? "")
    ) {
      return reply
        .status(404)
        .send({ code: "route.not_found", message: `no route GET ${path}`, details: {} });
    }
    return sendIndex(req, reply);
  });
}
