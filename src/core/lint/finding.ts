import type { Path } from "../definition/model.js";
import type { LocalText } from "../i18n.js";
import type { LifecycleFindingCode } from "../lifecycle/check-config.js";

export type Severity = "error" | "warning";

/**
 * Stable codes of the definition checker. The UI and API key off these; the messages may change.
 * - definition.*: the file as a whole (duplicates, bounds).
 * - rule.*: one condition refers to something that does not exist or does not fit.
 * - grade.*: how the grades cover the space of leads (gap, unreachable, overlap).
 * - subjective.*: wording that rests on judgement instead of observation.
 */
export type FindingCode =
  | "definition.syntax"
  | "definition.schema"
  | "definition.duplicate_fact"
  | "definition.duplicate_grade"
  | "definition.duplicate_option"
  | "definition.bad_bounds"
  | "rule.unknown_fact"
  | "rule.text_fact"
  | "rule.type_mismatch"
  | "rule.unknown_option"
  | "rule.bad_period"
  | "rule.bad_date"
  | "rule.empty_range"
  | "rule.out_of_bounds"
  | "grade.gap"
  | "grade.never_matches"
  | "grade.unreachable"
  | "grade.overlap"
  | "grade.analysis_incomplete"
  | "fact.no_guide"
  | "subjective.wording"
  | LifecycleFindingCode;

/** A lead that shows a finding: the facts it has (unknown ones left out) and when. */
export interface Counterexample {
  /** Fact values as a person would write them: dates as `YYYY-MM-DD`. */
  readonly facts: Readonly<Record<string, boolean | number | string>>;
  /** The day each value was recorded, for rules that test recording dates. */
  readonly recorded?: Readonly<Record<string, string>> | undefined;
  /** The day the counterexample is evaluated on. */
  readonly at: string;
  /** The grade the lead actually gets, or null for none. */
  readonly grade: string | null;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: LocalText;
  readonly path?: Path | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly grades?: readonly string[] | undefined;
  readonly facts?: readonly string[] | undefined;
  readonly counterexample?: Counterexample | undefined;
  /** For subjective wording: the judgement word as written, so an editor can underline it. */
  readonly term?: string | undefined;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}
