import type { Definition } from "../definition/model.js";
import { locateFindings, parseDefinitionText, problemToFinding } from "../definition/parse.js";
import { resolveDefinition } from "../definition/resolve.js";
import { checkLifecycleConfig } from "../lifecycle/check-config.js";
import { checkCoverage } from "./coverage.js";
import { type Finding, hasErrors } from "./finding.js";
import { checkSubjectivity } from "./subjectivity.js";

export interface LintOptions {
  /** The reference day (epoch day) for time windows in the coverage check. */
  readonly today: number;
}

export interface LintReport {
  /** True when there are no errors (warnings allowed). */
  readonly ok: boolean;
  readonly findings: readonly Finding[];
  /** The resolved definition, when it could be resolved (it may still have findings). */
  readonly definition?: Definition | undefined;
}

/**
 * Checks a definition file's text: syntax and schema, then the rules against the catalogue, then
 * coverage (gaps, unreachable grades, overlaps) and subjective wording. Every finding gets the
 * line it points at. Later stages run only when the earlier ones leave something to check.
 */
export function lintDefinitionText(text: string, options: LintOptions): LintReport {
  const parsed = parseDefinitionText(text);
  if (!parsed.ok) return { ok: false, findings: parsed.problems.map(problemToFinding) };
  const resolved = resolveDefinition(parsed.raw);
  const findings = [...resolved.findings];
  if (resolved.definition) {
    // Lifecycle problems block approval but not grading, so they are the checker's, not the resolver's.
    const grades = resolved.definition.grades.map((g) => g.key);
    findings.push(...checkLifecycleConfig(parsed.raw, grades, resolved.definition.factsByKey.keys()));
    findings.push(...checkCoverage(resolved.definition, options.today));
    findings.push(...checkSubjectivity(resolved.definition));
  }
  const located = locateFindings(findings, parsed.locate).sort(
    (a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0),
  );
  return { ok: !hasErrors(located), findings: located, definition: resolved.definition };
}

function rank(f: Finding): number {
  return f.severity === "error" ? 0 : 1;
}
