import {
  type Finding,
  formatPath,
  type Locale,
  lintDefinitionText,
  parseInstant,
  pick,
} from "../../core/index.js";
import { dayOf } from "../../core/time.js";
import type { CliContext } from "../context.js";
import { readDefinitionSource, resolveLocale, UsageError } from "../io.js";
import { formatOption, localeOption, type RegisterCommand } from "../options.js";

export interface LintFlags {
  readonly format?: string;
  readonly at?: string;
  readonly locale?: string;
}

/** `truce lint <definition>`: exit 0 when there are no errors, 1 when there are. */
export function runLint(ctx: CliContext, source: string, flags: LintFlags): number {
  const format = parseFormat(flags.format);
  const locale = resolveLocale(flags.locale, ctx.config);
  const at = parseAt(flags.at, ctx);
  const { name, text } = readDefinitionSource(source);
  const report = lintDefinitionText(text, { today: dayOf(at) });
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.length - errors;
  if (format === "json") {
    ctx.out(
      `${JSON.stringify({ file: name, ok: report.ok, errors, warnings, findings: report.findings }, null, 2)}\n`,
    );
  } else {
    for (const f of report.findings) ctx.out(formatFinding(name, f, locale));
    const summary =
      locale === "ru"
        ? `${name}: ошибок ${errors}, предупреждений ${warnings}${report.ok ? " — определение объективно и полно" : ""}\n`
        : `${name}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${report.ok ? " — the definition is objective and complete" : ""}\n`;
    ctx.out(summary);
  }
  return report.ok ? 0 : 1;
}

export function formatFinding(file: string, f: Finding, locale: Locale): string {
  const where = f.line !== undefined ? `${file}:${f.line}:${f.column ?? 1}` : file;
  const path = f.path && f.path.length > 0 ? ` (${formatPath(f.path)})` : "";
  let out = `${where}  ${f.severity}  ${f.code}${path}\n  ${pick(f.message, locale)}\n`;
  if (f.counterexample)
    out += `  ${locale === "ru" ? "пример" : "example"}: ${JSON.stringify(f.counterexample)}\n`;
  return out;
}

export function parseFormat(flag: string | undefined): "text" | "json" {
  if (flag === undefined || flag === "text") return "text";
  if (flag === "json") return "json";
  throw new UsageError(`--format: expected text or json, got "${flag}"`);
}

export function parseAt(flag: string | undefined, ctx: CliContext): number {
  if (flag === undefined) return ctx.now();
  const at = parseInstant(flag);
  if (at === undefined)
    throw new UsageError(
      `--at: expected a date (2026-11-27) or a time with offset (2026-11-27T10:00:00Z), got "${flag}"`,
    );
  return at;
}

export const registerLint: RegisterCommand = (program, ctx, exit) => {
  program
    .command("lint")
    .description("check a definition: schema, facts, gaps, unreachable grades, overlaps, subjective wording")
    .argument(
      "<definition>",
      "a YAML/JSON definition file, or a built-in template: variant-a, bant, variant-b",
    )
    .addOption(formatOption())
    .addOption(localeOption())
    .option("--at <date>", "the day time windows are checked on (default: today, UTC)")
    .addHelpText(
      "after",
      "\nExamples:\n  truce lint variant-a\n  truce lint my-grades.yaml --format json\n  truce lint variant-b --locale ru\n\nExit code 0: no errors (warnings allowed); 1: errors found; 2: bad call.",
    )
    .action((definition: string, opts: LintFlags) => {
      exit(runLint(ctx, definition, opts));
    });
};
