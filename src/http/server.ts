import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { resolveApiKey, resolveSession } from "../app/auth/sessions.js";
import type { AppDeps } from "../app/deps.js";
import { invalid } from "../app/validation.js";
import { type CaptureLimits, captureLimitsFrom } from "../config.js";
import { type Access, enforceAccess } from "./access.js";
import { handleError } from "./errors.js";
import { API_DESCRIPTION, openApiTransforms, SECURITY_SCHEMES } from "./openapi.js";
import { registerRoutes } from "./routes/index.js";
import { findWebRoot, registerWebApp } from "./web-app.js";

export const SESSION_COOKIE = "truce_session";

export interface RouteInfo {
  readonly method: string;
  readonly url: string;
  readonly access: Access | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    routeTable: readonly RouteInfo[];
  }
}

export interface ServerOptions {
  /** Origins allowed to call the public capture endpoint from a browser (CORS). */
  readonly captureOrigins?: readonly string[];
  /**
   * Requests per minute on capture and the form pages (`truce serve` passes its configuration's).
   * Without them the server reads TRUCE_CAPTURE_PER_IP etc. from the environment: the benches
   * build it that way.
   */
  readonly captureLimits?: CaptureLimits;
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** pino logger options, or false for none (tests). */
  readonly logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
  /** Set the Secure flag on cookies (behind HTTPS). */
  readonly secureCookies?: boolean;
  /**
   * Behind a reverse proxy, trust its X-Forwarded-* headers (true, or the proxy addresses), so
   * per-address rate limits and the form snippet's URL see the real client and host.
   */
  readonly trustProxy?: boolean | string;
  /**
   * The built web app's folder to serve at `/` (default: dist/web when built), or false for an
   * API-only server (most tests).
   */
  readonly webApp?: string | false;
}

/**
 * Builds the Fastify app: validation and OpenAPI from the same zod schemas, one error format,
 * who-is-calling resolved once per request (session cookie or `Authorization: Bearer` key), and
 * access enforced per route. Routes live in ./routes, one file per group.
 */
export async function buildServer(deps: AppDeps, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    logger:
      options.logger === false
        ? false
        : {
            level: typeof options.logger === "object" ? options.logger.level : "info",
            ...(typeof options.logger === "object" && options.logger.stream
              ? { stream: options.logger.stream }
              : {}),
            // Never log credentials or personal data: headers that carry them are redacted, bodies are
            // not logged, and URLs lose their query string (the inbox's search sends names, e-mails
            // and phones in `q`, and polls every few seconds).
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: req.url.split("?")[0] ?? "",
                remoteAddress: req.ip ?? "",
              }),
            },
            redact: [
              "req.headers.authorization",
              "req.headers.cookie",
              'req.headers["x-csrf-token"]',
              'res.headers["set-cookie"]',
            ],
          },
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      code: "route.not_found",
      message: `no route ${req.method} ${req.url.split("?")[0]}`,
      details: {},
    });
  });

  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Truce API", version: "1", description: API_DESCRIPTION },
      components: {
        securitySchemes: {
          ...SECURITY_SCHEMES,
          session: { ...SECURITY_SCHEMES.session, name: SESSION_COOKIE },
        },
      },
    },
    // Operation ids, summaries, security and error responses are added in one place (./openapi.ts).
    ...openApiTransforms(),
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { config: { access: { public: true } }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  app.decorateRequest("caller", null);
  app.addHook("onRequest", async (req) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith("Bearer ")) {
      req.caller = await resolveApiKey(deps, auth.slice(7).trim());
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.caller = await resolveSession(deps, token);
  });
  // Access before validation: a caller who may not call a route learns nothing about its input rules.
  app.addHook("preValidation", enforceAccess);
  // PostgreSQL text cannot hold NUL; refuse it for every JSON body at the door, with its path.
  app.addHook("preValidation", async (req) => {
    const at = findNul(req.body, "body");
    if (at) throw invalid([{ path: at, message: "contains a NUL character" }]);
  });

  // Every route with its declared access: the role-matrix test walks it, and so can docs.
  const routes: RouteInfo[] = [];
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) {
      if (method !== "HEAD" && !r.url.startsWith("/api/docs"))
        routes.push({ method, url: r.url, access: r.config?.access });
    }
  });
  app.decorate("routeTable", routes);
  await registerRoutes(app, deps, {
    ...options,
    captureLimits: options.captureLimits ?? captureLimitsFrom(process.env),
  });
  if (options.webApp !== false) await registerWebApp(app, options.webApp ?? findWebRoot());
  return app;
}

export type App = Awaited<ReturnType<typeof buildServer>>;

/** The path of the first string holding U+0000 in a parsed body, if any. */
function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const at = findNul(v, `${path}.${i}`);
      if (at) return at;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const at = k.includes("\u0000") ? `${path}.${k}` : findNul(v, `${path}.${k}`);
      if (at) return at;
    }
  }
  return undefined;
}
