import type { Finding } from "../lint/finding.js";
import { type CompiledGrader, compileDefinition } from "../rules/compile.js";
import type { Definition } from "./model.js";
import { locateFindings, parseDefinitionText, problemToFinding } from "./parse.js";
import { resolveDefinition } from "./resolve.js";

export type LoadResult =
  | {
      readonly ok: true;
      readonly definition: Definition;
      readonly grader: CompiledGrader;
      readonly findings: readonly Finding[];
    }
  | { readonly ok: false; readonly findings: readonly Finding[] };

/**
 * Parses, resolves and compiles a definition: everything needed to grade, nothing more. The
 * coverage and wording checks are `lintDefinitionText`'s; a definition that fails them still
 * grades (so its problems can be shown on real leads), but cannot be activated (a later issue).
 */
export function loadDefinition(text: string): LoadResult {
  const parsed = parseDefinitionText(text);
  if (!parsed.ok) return { ok: false, findings: parsed.problems.map(problemToFinding) };
  const resolved = resolveDefinition(parsed.raw);
  const findings = locateFindings(resolved.findings, parsed.locate);
  if (!resolved.definition) return { ok: false, findings };
  return {
    ok: true,
    definition: resolved.definition,
    grader: compileDefinition(resolved.definition),
    findings,
  };
}
