import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { statusOf } from "./errors.js";

const SRC = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Every error code the code base can throw: AppError constructions and the lifecycle's own codes. */
function thrownCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/new AppError\(\s*"([a-z_]+\.[a-z_.]+)"/g)) codes.add(m[1] as string);
    if (file.endsWith(join("lifecycle", "errors.ts"))) {
      for (const m of text.matchAll(/"(lifecycle\.[a-z_]+)"/g)) codes.add(m[1] as string);
    }
  }
  return codes;
}

/** The only codes that may be a plain 400: malformed input, which the caller must fix. */
const BAD_REQUEST = /^(validation|request|import)\.|^auth\.wrong_password$/;

test("every error code the app throws maps to a deliberate 4xx status", () => {
  const codes = thrownCodes();
  expect(codes.size).toBeGreaterThan(25);
  const accidental = [...codes].filter((c) => statusOf(c) === 400 && !BAD_REQUEST.test(c));
  expect(accidental).toEqual([]);
  for (const code of codes) {
    const status = statusOf(code);
    expect(status, code).toBeGreaterThanOrEqual(400);
    expect(status, code).toBeLessThan(500);
  }
});

test.each([
  ["lead.not_found", 404],
  ["auth.required", 401],
  ["auth.forbidden", 403],
  ["auth.csrf", 403],
  ["lifecycle.illegal_transition", 409],
  ["lifecycle.grade_not_allowed", 422],
  ["definition.lint_errors", 422],
  ["validation.invalid", 400],
  ["rate_limited", 429],
])("%s → %i", (code, status) => {
  expect(statusOf(code)).toBe(status);
});
