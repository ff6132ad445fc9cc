import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { beforeAll, expect, test } from "vitest";
import { main } from "../cli/main.js";
import { loadConfig } from "../config.js";
import { statusOf } from "./errors.js";
import { ERROR_CODES, operationIdOf } from "./openapi.js";
import { buildOpenApiDocument } from "./openapi-document.js";
import { SUMMARIES, TAGS } from "./openapi-summaries.js";
import { SESSION_COOKIE } from "./server.js";
import { apiTypesSource } from "./testing/openapi-types.js";

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, { $ref?: string; content?: unknown }>;
  "x-truce-access"?: { public?: true; roles?: string[]; scopes?: string[] };
}
interface Doc {
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
    securitySchemes: Record<string, { type: string; in?: string; name?: string; scheme?: string }>;
  };
}

let doc: Doc;
beforeAll(async () => {
  doc = (await buildOpenApiDocument()) as unknown as Doc;
}, 60_000);

/** Every operation with its key as routes are written (`POST /api/v1/leads/:id/hand-off`). */
function operations(): { key: string; method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`,
      method: method.toUpperCase(),
      path,
      op,
    })),
  );
}

test("swagger-parser validates the document", async () => {
  await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
});

test("Redocly's recommended rules find no error", async () => {
  const config = await createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({
    source: JSON.stringify(doc),
    absoluteRef: "/openapi.json",
    config,
  });
  const errors = problems
    .filter((p) => p.severity === "error")
    .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
  expect(errors).toEqual([]);
  // Accepted warnings: the project has no license, and the health probes have no 4xx answer.
  const warnings = problems
    .filter((p) => p.severity === "warn")
    .filter((p) => p.ruleId !== "info-license")
    .filter(
      (p) =>
        !(
          p.ruleId === "operation-4xx-response" &&
          /~1api~1v1~1(health|ready)\//.test(p.location[0]?.pointer ?? "")
        ),
    )
    .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
  expect(warnings).toEqual([]);
}, 30_000);

test("openapi-typescript generates the API types, with every operation by its id", async () => {
  const source = await apiTypesSource();
  expect(source).toContain("export interface paths");
  for (const { op } of operations()) expect(source).toContain(`    ${op.operationId}: {`);
}, 60_000);

test("the committed web/src/api/schema.gen.ts is up to date (else: run npm run gen:api)", async () => {
  const committed = readFileSync(
    fileURLToPath(new URL("../../web/src/api/schema.gen.ts", import.meta.url)),
    "utf8",
  );
  const fresh = await apiTypesSource();
  expect(committed === fresh, "web/src/api/schema.gen.ts is stale: run npm run gen:api").toBe(true);
}, 60_000);

test("there is a server (same origin), and every tag has a description", () => {
  expect(doc.servers).toEqual([expect.objectContaining({ url: "/" })]);
  const used = new Set(operations().flatMap(({ op }) => op.tags ?? []));
  const listed = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
  const missing = [...used].filter((t) => !listed.get(t));
  expect(
    missing,
    `describe these tags in TAGS (src/http/openapi-summaries.ts): ${missing.join(", ")}`,
  ).toEqual([]);
});

test("every operation has a unique operationId", () => {
  const ops = operations();
  expect(ops.length).toBeGreaterThan(50);
  const ids = ops.map(({ op }) => op.operationId);
  expect(ids.filter((id) => !id)).toEqual([]);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  expect(dupes, "operationIds must be unique: give one of these routes its own schema.operationId").toEqual(
    [],
  );
  expect(operationIdOf("GET", "/api/v1/leads/:id")).toBe("getLeadsById");
  expect(operationIdOf("POST", "/api/v1/leads/{id}/hand-off")).toBe("postLeadsByIdHandOff");
  expect(operationIdOf("GET", "/forms/:id")).toBe("getSiteFormsById");
  expect(operationIdOf("GET", "/api/v1/sla/breaches")).toBe("getSlaBreaches");
});

test("every operation has a summary (its schema.summary or an entry in SUMMARIES)", () => {
  const missing = operations()
    .filter(({ op }) => !op.summary?.trim())
    .map(({ key }) => key);
  expect(
    missing,
    `add a summary to these routes' schema or to SUMMARIES in src/http/openapi-summaries.ts: ${missing.join("; ")}`,
  ).toEqual([]);
  const keys = new Set(operations().map(({ key }) => key));
  const stale = Object.keys(SUMMARIES).filter((k) => !keys.has(k));
  expect(stale, `SUMMARIES has entries for routes that do not exist: ${stale.join("; ")}`).toEqual([]);
  expect(Object.keys(TAGS).length).toBeGreaterThan(5);
});

test("every operation declares its security from its access: none when public, else session (+CSRF on writes) and/or key", () => {
  const schemes = doc.components.securitySchemes;
  expect(schemes.session).toMatchObject({ type: "apiKey", in: "cookie", name: SESSION_COOKIE });
  expect(schemes.csrf).toMatchObject({ type: "apiKey", in: "header", name: "X-CSRF-Token" });
  expect(schemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  for (const { key, method, op } of operations()) {
    const access = op["x-truce-access"];
    expect(op.security, key).toBeInstanceOf(Array);
    if (access?.public) {
      expect(op.security, key).toEqual([]);
      continue;
    }
    const write = ["POST", "PUT", "PATCH", "DELETE"].includes(method);
    if (access?.roles?.length)
      expect(op.security, key).toContainEqual(write ? { session: [], csrf: [] } : { session: [] });
    if (access?.scopes?.length) expect(op.security, key).toContainEqual({ apiKey: [] });
    expect(op.security?.length, key).toBeGreaterThan(0);
  }
  const capture = doc.paths["/api/v1/capture"]?.post;
  expect(capture?.security).toEqual([{ apiKey: [] }]);
  expect(doc.paths["/api/v1/auth/sign-in"]?.post?.security).toEqual([]);
  expect(doc.paths["/api/v1/auth/sign-out"]?.post?.security).toEqual([{ session: [], csrf: [] }]);
});

test("every operation documents its errors as { code, message, details }; non-public ones 401 and 403", () => {
  expect(doc.components.schemas.Error).toMatchObject({
    type: "object",
    required: ["code", "message", "details"],
  });
  for (const [name, response] of Object.entries(doc.components.responses)) {
    expect(response.content?.["application/json"]?.schema?.$ref, name).toBe("#/components/schemas/Error");
  }
  for (const { key, op } of operations()) {
    const errors = Object.entries(op.responses).filter(([status]) => status === "default" || status >= "400");
    expect(op.responses.default, key).toEqual({ $ref: "#/components/responses/Error" });
    for (const [status, response] of errors) {
      // A shared response (whose body is the Error schema, checked above), or the page's own.
      const body = response.$ref
        ? doc.components.responses[response.$ref.replace("#/components/responses/", "")]
        : response;
      expect(body, `${key} ${status}`).toBeDefined();
      const content = (body as { content?: Record<string, { schema?: { $ref?: string } }> }).content;
      expect(content?.["application/json"]?.schema?.$ref, `${key} ${status}`).toBe(
        "#/components/schemas/Error",
      );
    }
    if (!op["x-truce-access"]?.public) {
      expect(op.responses["401"], key).toBeDefined();
      expect(op.responses["403"], key).toBeDefined();
    }
  }
  // Rate-limited routes say so.
  expect(doc.paths["/api/v1/auth/sign-in"]?.post?.responses["429"]).toBeDefined();
  expect(doc.paths["/api/v1/capture"]?.post?.responses["429"]).toBeDefined();
  expect(doc.paths["/api/v1/leads/{id}"]?.get?.responses["404"]).toBeDefined();
});

const SRC = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

test("every error code the app throws is documented (ERROR_CODES in src/http/openapi.ts)", () => {
  const thrown = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/new AppError\(\s*"([a-z_]+\.[a-z_.]+)"/g)) thrown.add(m[1] as string);
    if (file.endsWith(join("lifecycle", "errors.ts"))) {
      for (const m of text.matchAll(/"(lifecycle\.[a-z_]+)"/g)) thrown.add(m[1] as string);
    }
  }
  expect(thrown.size).toBeGreaterThan(25);
  const undocumented = [...thrown].filter((c) => !ERROR_CODES.includes(c)).sort();
  expect(
    undocumented,
    `add these codes to ERROR_CODES in src/http/openapi.ts: ${undocumented.join(", ")}`,
  ).toEqual([]);
  for (const code of ERROR_CODES) expect(statusOf(code), code).toBeGreaterThanOrEqual(400);
  const conflict = doc.components.responses.Conflict as { description?: string };
  expect(conflict.description).toContain("`lifecycle.illegal_transition`");
});

test("truce openapi prints the document, or writes it with --out", async () => {
  let out = "";
  const ctx = {
    out: (t: string) => {
      out += t;
    },
    err: () => {},
    config: loadConfig({}),
    now: () => 0,
    isTty: false,
  };
  expect(await main(["openapi"], ctx)).toBe(0);
  const printed = JSON.parse(out) as Doc;
  expect(Object.keys(printed.paths)).toEqual(Object.keys(doc.paths));
  expect(printed.paths["/api/v1/leads/{id}"]?.get?.operationId).toBe("getLeadsById");
}, 60_000);
