import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

/**
 * The core is pure: the grade is a function of facts, definition and the time passed in. Lint
 * rules forbid I/O imports in src/core; this test also forbids clock reads, randomness and any
 * package besides the two pure ones the core is built on.
 */
const CORE = fileURLToPath(new URL(".", import.meta.url));
const ALLOWED_PACKAGES = new Set(["yaml", "zod"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "testing" ? [] : sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

test("src/core reads no clock, draws no random numbers and imports only pure packages", () => {
  const files = sources(CORE);
  expect(files.length).toBeGreaterThan(10);
  const problems: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const name = relative(CORE, file);
    for (const [pattern, what] of [
      [/Date\.now\s*\(/, "Date.now()"],
      [/new Date\s*\(\s*\)/, "new Date()"],
      [/performance\.now/, "performance.now"],
      [/Math\.random/, "Math.random"],
      [/process\./, "process"],
    ] as const) {
      if (pattern.test(text)) problems.push(`${name}: ${what}`);
    }
    // Import specifiers sit on the line that starts the statement or closes its braces.
    const specifiers = [
      ...text.matchAll(/^(?:import|export|\})[^\n]*?\bfrom\s+"([^"]+)";?\s*$/gm),
      ...text.matchAll(/^import\s+"([^"]+)";?\s*$/gm),
      ...text.matchAll(/\bimport\s*\(\s*"([^"]+)"\s*\)/g),
    ];
    for (const m of specifiers) {
      const spec = m[1] as string;
      if (spec.startsWith(".")) {
        if (relative(CORE, join(file, "..", spec)).startsWith(".."))
          problems.push(`${name}: imports ${spec} from outside src/core`);
      } else if (!ALLOWED_PACKAGES.has(spec)) {
        problems.push(`${name}: imports package ${spec}`);
      }
    }
  }
  expect(problems).toEqual([]);
});
