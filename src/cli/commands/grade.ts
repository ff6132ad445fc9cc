import { type GradeInputLead, gradeInputLeadSchema } from "../../contracts/grade-input.js";
import {
  type CurrentFacts,
  currentFactsOf,
  explainGrade,
  type FactValues,
  formatPath,
  loadDefinition,
  normalizeFactValues,
  parseIsoDate,
  renderExplanation,
  viewExplanation,
} from "../../core/index.js";
import type { CliContext } from "../context.js";
import { readDefinitionSource, readText, resolveLocale, UsageError } from "../io.js";
import { formatOption, localeOption, type RegisterCommand } from "../options.js";
import { formatFinding, parseAt, parseFormat } from "./lint.js";

export interface GradeFlags {
  readonly format?: string;
  readonly at?: string;
  readonly locale?: string;
}

/**
 * `truce grade <definition> <leads.json|->`: grades every lead and explains it. The input is a
 * JSON array of leads or JSON Lines. Nothing is printed to stdout unless every lead is valid:
 * a bad lead is reported with its position and the run exits 1.
 */
export function runGrade(ctx: CliContext, source: string, leadsPath: string, flags: GradeFlags): number {
  const format = parseFormat(flags.format);
  const locale = resolveLocale(flags.locale, ctx.config);
  const now = parseAt(flags.at, ctx);
  const { name, text } = readDefinitionSource(source);
  const loaded = loadDefinition(text);
  if (!loaded.ok) {
    for (const f of loaded.findings) ctx.err(formatFinding(name, f, locale));
    ctx.err(`${name}: the definition cannot be graded with; fix the errors above\n`);
    return 1;
  }
  const leads = parseLeads(readText(leadsPath), leadsPath === "-" ? "stdin" : leadsPath);
  const problems: string[] = [];
  const current: { id: string; facts: CurrentFacts }[] = [];
  leads.forEach(({ where, value }, i) => {
    const parsed = gradeInputLeadSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(
          `${where}${issue.path.length ? ` ${formatPath(issue.path as (string | number)[])}` : ""}: ${issue.message}`,
        );
      }
      return;
    }
    const lead = parsed.data;
    const id = lead.id === undefined ? String(i + 1) : String(lead.id);
    const facts = factsOf(lead, loaded.definition.factsByKey, (fact, message) =>
      problems.push(`${where} (lead ${id}) fact "${fact}": ${message}`),
    );
    current.push({ id, facts });
  });
  if (problems.length > 0) {
    for (const p of problems) ctx.err(`${p}\n`);
    ctx.err(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the leads; nothing was graded\n`,
    );
    return 1;
  }
  const results = current.map(({ id, facts }) => ({
    id,
    explanation: explainGrade(loaded.grader, facts.values, now, facts.recorded),
  }));
  if (format === "json") {
    const out = results.map((r) => ({
      id: r.id,
      grade: r.explanation.grade,
      explanation: viewExplanation(loaded.definition, r.explanation),
    }));
    ctx.out(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const r of results) {
      const [first, ...rest] = renderExplanation(loaded.definition, r.explanation, locale);
      ctx.out(`${r.id}: ${first}\n${rest.map((l) => `${l}\n`).join("")}`);
    }
  }
  return 0;
}

function factsOf(
  lead: GradeInputLead,
  catalogue: Parameters<typeof normalizeFactValues>[0],
  problem: (fact: string, message: string) => void,
): CurrentFacts {
  if (lead.observations) {
    const { facts, problems } = currentFactsOf(catalogue, lead.observations);
    for (const p of problems) problem(p.fact, `observations[${p.index}]: ${p.message}`);
    return facts;
  }
  const { values, problems } = normalizeFactValues(catalogue, lead.facts ?? {});
  for (const p of problems) problem(p.fact, p.message);
  const recorded: Record<string, number> = {};
  for (const [key, day] of Object.entries(lead.recorded ?? {})) {
    const d = parseIsoDate(day);
    if (d === undefined) problem(key, `recorded: expected a date as YYYY-MM-DD, got "${day}"`);
    else if (!catalogue.has(key)) problem(key, "recorded: unknown fact");
    else recorded[key] = d;
  }
  return { values: values as FactValues, recorded };
}

/** A JSON array of leads, or JSON Lines (one lead per line); each lead knows where it came from. */
function parseLeads(text: string, file: string): { where: string; value: unknown }[] {
  const trimmed = text.trim();
  if (trimmed === "") throw new UsageError(`${file}: no leads (expected a JSON array or JSON Lines)`);
  if (trimmed.startsWith("[")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      throw new UsageError(`${file}: not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(value)) throw new UsageError(`${file}: expected a JSON array of leads`);
    return value.map((v, i) => ({ where: `${file}[${i}]`, value: v }));
  }
  const out: { where: string; value: unknown }[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      out.push({ where: `${file}:${i + 1}`, value: JSON.parse(line) });
    } catch (e) {
      throw new UsageError(`${file}:${i + 1}: not valid JSON: ${(e as Error).message}`);
    }
  });
  return out;
}

export const registerGrade: RegisterCommand = (program, ctx, exit) => {
  program
    .command("grade")
    .description("grade leads with a definition and explain each grade")
    .argument("<definition>", "a YAML/JSON definition file, or a built-in template")
    .argument("<leads>", "a JSON array or JSON Lines file of leads, or - for standard input")
    .addOption(formatOption())
    .addOption(localeOption())
    .option("--at <time>", "grade as of this day or instant (default: now)")
    .addHelpText(
      "after",
      `
Each lead has plain current values, or observations with evidence:
  {"id": "L-1", "facts": {"decision_date": "2027-03-01", "stated_interest": true}}
  {"id": "L-2", "observations": [{"fact": "decision_date", "value": "2027-03-01",
    "evidence": {"channel": "call", "recordedBy": "anna", "recordedAt": "2026-11-20T10:00:00Z",
    "quote": "We will decide by March"}}]}
A missing fact or null is unknown (never asked), which is not "no".

Examples:
  truce grade variant-a leads.json
  cat leads.jsonl | truce grade my-grades.yaml - --format json --at 2026-12-01`,
    )
    .action((definition: string, leads: string, opts: GradeFlags) => {
      exit(runGrade(ctx, definition, leads, opts));
    });
};
