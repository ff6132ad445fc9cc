import { type ConversionReport, conversionByGrade } from "../../app/reports/conversion.js";
import { type GradeDistribution, gradeDistribution } from "../../app/reports/grade-distribution.js";
import type { Locale } from "../../core/index.js";
import type { CliContext } from "../context.js";
import { withApp } from "../database.js";
import { UsageError } from "../io.js";
import { dbOption, formatOption, localeOption, type RegisterCommand } from "../options.js";
import { parseFormat } from "./lint.js";

export const REPORTS = ["grades-by-source", "grades-by-campaign", "conversion"] as const;
export type ReportName = (typeof REPORTS)[number];

export interface ReportFlags {
  readonly db?: string;
  readonly format?: string;
  readonly locale?: string;
}

/** `truce report [name]`: the main reports as text tables (or JSON); all of them by default. */
export async function runReport(
  ctx: CliContext,
  name: string | undefined,
  flags: ReportFlags,
): Promise<number> {
  const format = parseFormat(flags.format);
  if (name !== undefined && !(REPORTS as readonly string[]).includes(name))
    throw new UsageError(`no report "${name}" (reports: ${REPORTS.join(", ")})`);
  const wanted = name === undefined ? REPORTS : [name as ReportName];
  return withApp(ctx, flags, async (deps, locale) => {
    const result: Partial<Record<ReportName, GradeDistribution | ConversionReport>> = {};
    for (const r of wanted) {
      result[r] =
        r === "conversion"
          ? await conversionByGrade(deps)
          : await gradeDistribution(deps, r === "grades-by-source" ? "source" : "campaign");
    }
    if (format === "json") {
      ctx.out(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const parts = wanted.map((r) => {
      const data = result[r];
      return r === "conversion"
        ? conversionText(data as ConversionReport, locale)
        : distributionText(data as GradeDistribution, locale);
    });
    ctx.out(parts.join("\n"));
    return 0;
  });
}

function distributionText(d: GradeDistribution, locale: Locale): string {
  const ru = locale === "ru";
  const title =
    d.by === "source"
      ? ru
        ? "Классы лидов по источникам"
        : "Lead grades by source"
      : ru
        ? "Классы лидов по кампаниям"
        : "Lead grades by campaign";
  const none = ru ? "(нет)" : "(none)";
  const header = [
    d.by === "source" ? (ru ? "источник" : "source") : ru ? "кампания" : "campaign",
    ...d.grades,
  ];
  header.push(ru ? "всего" : "total");
  const line = (label: string, r: GradeDistribution["totals"]) => [
    label,
    ...d.grades.map((g) => String(r.counts[g] ?? 0)),
    String(r.total),
  ];
  const rows = d.rows.map((r) => line(r.key ?? none, r));
  rows.push(line(ru ? "всего" : "total", d.totals));
  return `${title}\n${renderTable(header, rows)}`;
}

function conversionText(c: ConversionReport, locale: Locale): string {
  const ru = locale === "ru";
  const header = ru
    ? [
        "класс при передаче",
        "передано",
        "выиграно",
        "проиграно",
        "без итога",
        "доля побед",
        "сумма побед",
        "медиана дней до победы",
        "медиана дней до проигрыша",
      ]
    : [
        "grade at hand-off",
        "handed off",
        "won",
        "lost",
        "no outcome",
        "win rate",
        "won amount",
        "median days to win",
        "median days to loss",
      ];
  const dash = "—";
  const rows = c.grades.map((g) => [
    g.grade,
    String(g.handedOff),
    String(g.won),
    String(g.lost),
    String(g.noOutcome),
    g.winRate === null ? dash : `${Math.round(g.winRate * 100)}%`,
    Object.entries(g.wonAmounts)
      .map(([currency, amount]) => `${amount} ${currency}`)
      .join(", ") || dash,
    g.medianDaysToWon === null ? dash : String(g.medianDaysToWon),
    g.medianDaysToLost === null ? dash : String(g.medianDaysToLost),
  ]);
  const title = ru ? "Как классы превращаются в сделки" : "How grades convert";
  return `${title}\n${renderTable(header, rows)}`;
}

/**
 * A plain text table: columns padded to their widest cell, numbers right-aligned, a rule under
 * the header. Widths count characters (Cyrillic is one column wide, as in any terminal).
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,%—]*$/.test(r[i] ?? "")));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return `${[line(header), rule, ...rows.map(line)].join("\n")}\n`;
}

export const registerReport: RegisterCommand = (program, ctx, exit) => {
  program
    .command("report")
    .description("text tables of the main reports: grades by source and campaign, conversion by grade")
    .argument("[report]", `one of ${REPORTS.join(", ")} (default: all)`)
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      "\nExamples:\n  truce report\n  truce report conversion --format json\n  truce report grades-by-campaign --locale ru",
    )
    .action(async (report: string | undefined, opts: ReportFlags) => {
      exit(await runReport(ctx, report, opts));
    });
};
