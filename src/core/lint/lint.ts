import type { Definition } from "../definition/model.js";
import { type Locator, parseDefinitionText } from "../definition/parse.js";
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
  if (!parsed.ok) {
    const findings: Finding[] = parsed.problems.map((p) => ({
      code: p.code,
      severity: "error",
      path: p.path,
      line: p.line,
      column: p.column,
      message: { en: p.message },
    }));
    return { ok: false, findings };
  }
  const resolved = resolveDefinition(parsed.raw);
  const findings = [...resolved.findings];
  if (resolved.definition) {
    // Lifecycle problems block approval but not grading, so they are the checker's, not the resolver's.
    const grades = resolved.definition.grades.map((g) => g.key);
    findings.push(...checkLifecycleConfig(parsed.raw, grades, resolved.definition.factsByKey.keys()));
    findings.push(...checkCoverage(resolved.definition, options.today));
    findings.push(...checkSubjectivity(resolved.definition));
  }
  const located = locateAll(findings, parsed.locate);
  return { ok: !hasErrors(located), findings: located, definition: resolved.definition };
}

function locateAll(findings: readonly Finding[], locate: Locator): Finding[] {
  return findings
    .map((f) => {
      const pos = f.path ? locate(f.path) : undefined;
      return pos ? { ...f, line: pos.line, column: pos.column } : f;
    })
    .sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0));
}

function rank(f: Finding): number {
  return f.severity === "error" ? 0 : 1;
}
