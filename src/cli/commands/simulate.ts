import { type SimulationResult, simulateDefinition } from "../../app/definitions/simulate.js";
import { activeGradeKeys, orderGrades } from "../../app/reports/grade-distribution.js";
import { type Finding, formatDay, isAppError, type Locale, loadDefinition } from "../../core/index.js";
import { dayOf } from "../../core/time.js";
import type { CliContext } from "../context.js";
import { withApp } from "../database.js";
import { readDefinitionSource, UsageError } from "../io.js";
import { dbOption, formatOption, localeOption, type RegisterCommand } from "../options.js";
import { formatFinding, parseFormat } from "./lint.js";
import { renderTable } from "./report.js";

export interface SimulateFlags {
  readonly db?: string;
  readonly format?: string;
  readonly locale?: string;
  readonly version?: string;
  readonly examples?: string;
}

/**
 * `truce simulate <definition>` (or `--version N`): grades every open lead with the candidate and
 * with the active version, at the same instant, and prints how many would move from which grade
 * to which. Writes nothing. Exit 1 when the candidate does not load (its findings are printed).
 */
export async function runSimulate(
  ctx: CliContext,
  source: string | undefined,
  flags: SimulateFlags,
): Promise<number> {
  const format = parseFormat(flags.format);
  if ((source === undefined) === (flags.version === undefined))
    throw new UsageError(
      "give a definition file (or built-in template), or --version N of a stored one — one of the two",
    );
  const examples = flags.examples === undefined ? 3 : Number(flags.examples);
  if (!Number.isInteger(examples) || examples < 0 || examples > 100)
    throw new UsageError(`--examples: expected a number 0–100, got "${flags.examples}"`);
  let candidate: string | number;
  let name: string;
  if (flags.version !== undefined) {
    candidate = Number(flags.version);
    if (!Number.isInteger(candidate) || candidate < 1)
      throw new UsageError(`--version: expected a version number (1, 2, …), got "${flags.version}"`);
    name = `version ${candidate}`;
  } else {
    const read = readDefinitionSource(source as string);
    candidate = read.text;
    name = read.name;
  }
  return withApp(ctx, flags, async (deps, locale) => {
    let result: SimulationResult;
    try {
      result = await simulateDefinition(deps, candidate, { examplesPerCell: examples });
    } catch (e) {
      if (!isAppError(e, "definition.invalid")) throw e;
      const findings = (e.details.findings ?? []) as Finding[];
      if (format === "json") ctx.out(`${JSON.stringify({ file: name, ok: false, findings }, null, 2)}\n`);
      else for (const f of findings) ctx.out(formatFinding(name, f, locale));
      return 1;
    }
    if (format === "json") {
      ctx.out(
        `${JSON.stringify({ definition: name, ...result, at: new Date(result.at).toISOString() }, null, 2)}\n`,
      );
      return 0;
    }
    const loaded = typeof candidate === "string" ? loadDefinition(candidate) : null;
    const gradeOrder = [
      ...(await activeGradeKeys(deps, deps.store.db)),
      ...(loaded?.ok ? loaded.definition.grades.map((g) => g.key) : []),
    ];
    ctx.out(simulationText(name, result, locale, gradeOrder));
    return 0;
  });
}

/** The transition matrix: rows are today's grades (active version), columns the candidate's. */
export function simulationText(
  name: string,
  r: SimulationResult,
  locale: Locale,
  gradeOrder: readonly string[] = [],
): string {
  const ru = locale === "ru";
  const day = formatDay(dayOf(r.at));
  const against =
    r.activeVersion === null
      ? ru
        ? "действующей версии нет: «было» — сохранённые классы"
        : "no active version: 'from' is the stored grade"
      : ru
        ? `против действующей версии ${r.activeVersion}`
        : `against the active version ${r.activeVersion}`;
  const lines = [
    ru
      ? `Симуляция ${name} ${against}, на ${day}: открытых лидов ${r.total}. Ничего не записано.`
      : `Simulated ${name} ${against}, on ${day}: ${r.total} open lead${r.total === 1 ? "" : "s"}. Nothing was written.`,
  ];
  if (r.total === 0) return `${lines.join("\n")}\n`;
  const known = [...new Set(gradeOrder)];
  const from = orderGrades(known, Object.keys(r.matrix)).filter((g) => g in r.matrix);
  const to = new Set(from.flatMap((f) => Object.keys(r.matrix[f] ?? {})));
  const cols = orderGrades(known, [...to]).filter((g) => to.has(g));
  const header = [ru ? "было \\ станет" : "from \\ to", ...cols, ru ? "всего" : "total"];
  const rows = from.map((f) => {
    const row = r.matrix[f] ?? {};
    const total = Object.values(row).reduce((a, b) => a + b, 0);
    return [f, ...cols.map((c) => String(row[c] ?? 0)), String(total)];
  });
  lines.push("", renderTable(header, rows).trimEnd());
  const moved = Object.entries(r.examples).filter(
    ([k, ids]) => ids.length > 0 && k.split("→")[0] !== k.split("→")[1],
  );
  if (moved.length > 0) {
    lines.push("", ru ? "Примеры лидов, чей класс изменится:" : "Example leads whose grade would change:");
    for (const [cell, ids] of moved) lines.push(`  ${cell.replace("→", " → ")}: ${ids.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}

export const registerSimulate: RegisterCommand = (program, ctx, exit) => {
  program
    .command("simulate")
    .description("show how a candidate definition would regrade the open leads, without writing anything")
    .argument("[definition]", "a YAML/JSON definition file, or a built-in template")
    .option("--version <n>", "simulate a stored definition version instead of a file")
    .option("--examples <n>", "example lead ids per changed cell", "3")
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      "\nRows are the grades the active version gives today, columns the candidate's, both at the same instant.\n\nExamples:\n  truce simulate my-grades.yaml\n  truce simulate --version 3 --format json\n\nExit code 0: simulated; 1: the definition does not load (its problems are printed); 2: bad call.",
    )
    .action(async (definition: string | undefined, opts: SimulateFlags) => {
      exit(await runSimulate(ctx, definition, opts));
    });
};
