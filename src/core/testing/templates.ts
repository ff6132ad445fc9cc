import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadDefinition } from "../definition/load.js";

/** Test-only: the text of a built-in template (tests may read files; the core itself never does). */
export function templateText(name: "variant-a" | "bant" | "variant-b"): string {
  return readFileSync(fileURLToPath(new URL(`../../../definitions/${name}.yaml`, import.meta.url)), "utf8");
}

/** Test-only: a built-in template, loaded and compiled. */
export function loadTemplate(name: "variant-a" | "bant" | "variant-b") {
  const loaded = loadDefinition(templateText(name));
  if (!loaded.ok) throw new Error(`template ${name} does not load: ${JSON.stringify(loaded.findings)}`);
  return loaded;
}
