import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TruceConfig } from "../config.js";
import type { Locale } from "../core/index.js";

/** A command's failure that the user can fix: printed as one message, exit code 2. */
export class UsageError extends Error {}

/** The folder holding the built-in definition templates (found from this file, source or build). */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "definitions");
    if (existsSync(join(candidate, "variant-a.yaml"))) return candidate;
    dir = dirname(dir);
  }
  throw new Error("the built-in definitions folder is missing from this installation");
}

export const TEMPLATES = ["variant-a", "bant", "variant-b"] as const;

/** Reads a definition from a file path, or a built-in template by name. */
export function readDefinitionSource(arg: string): { name: string; text: string } {
  if (existsSync(arg)) return { name: arg, text: readText(arg) };
  if ((TEMPLATES as readonly string[]).includes(arg)) {
    const file = join(templatesDir(), `${arg}.yaml`);
    return { name: `${arg} (built-in)`, text: readFileSync(file, "utf8") };
  }
  throw new UsageError(
    `no such definition file or built-in template: ${arg} (templates: ${TEMPLATES.join(", ")})`,
  );
}

/** Reads a text file (or standard input for "-"), refusing what is not UTF-8 text. */
export function readText(path: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path === "-" ? 0 : path);
  } catch (e) {
    throw new UsageError(
      `cannot read ${path === "-" ? "standard input" : path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(buf);
  if (text.includes("\uFFFD")) throw new UsageError(`${path}: not valid UTF-8 text`);
  return text.replace(/^\uFEFF/, "");
}

/** The interface language: --locale, else the configured one (TRUCE_LOCALE, else the system's LANG, else English). */
export function resolveLocale(flag: string | undefined, config: TruceConfig): Locale {
  if (flag === undefined) return config.locale;
  if (flag !== "en" && flag !== "ru") throw new UsageError(`--locale: expected en or ru, got "${flag}"`);
  return flag;
}
