import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadDefinition, pick } from "../../core/index.js";
import type { CliContext } from "../context.js";
import { resolveLocale, TEMPLATES, templatesDir, UsageError } from "../io.js";
import { localeOption, type RegisterCommand } from "../options.js";

/** `truce templates [name]`: lists the built-in definitions, or prints one to start your own from. */
export function runTemplates(ctx: CliContext, name: string | undefined, flags: { locale?: string }): number {
  const locale = resolveLocale(flags.locale, ctx.config);
  if (name !== undefined) {
    if (!(TEMPLATES as readonly string[]).includes(name)) {
      throw new UsageError(`no built-in template "${name}" (templates: ${TEMPLATES.join(", ")})`);
    }
    ctx.out(readFileSync(join(templatesDir(), `${name}.yaml`), "utf8"));
    return 0;
  }
  for (const t of TEMPLATES) {
    const loaded = loadDefinition(readFileSync(join(templatesDir(), `${t}.yaml`), "utf8"));
    const title = loaded.ok ? pick(loaded.definition.name, locale) : t;
    ctx.out(`${t.padEnd(10)}  ${title}\n`);
  }
  return 0;
}

export const registerTemplates: RegisterCommand = (program, ctx, exit) => {
  program
    .command("templates")
    .description("list the built-in definitions, or print one to start your own from")
    .argument("[name]", "a template to print: variant-a, bant, variant-b")
    .addOption(localeOption())
    .addHelpText("after", "\nExamples:\n  truce templates\n  truce templates variant-a > my-grades.yaml")
    .action((name: string | undefined, opts: { locale?: string }) => {
      exit(runTemplates(ctx, name, opts));
    });
};
