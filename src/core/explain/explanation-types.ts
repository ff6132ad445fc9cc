import type { Condition, Scalar, Truth } from "../definition/model.js";

/**
 * A grade with its reasons, as data: the UI renders it, `renderExplanation` prints it.
 * It lists the grades checked in order up to the one that applied (all of them when none did).
 */
export interface Explanation {
  readonly definition: string;
  /** The day graded on, `YYYY-MM-DD` (UTC). */
  readonly on: string;
  readonly grade: string | null;
  readonly checked: readonly GradeCheck[];
  /** The facts whose values decided the outcome, in order of first mention. */
  readonly decidingFacts: readonly string[];
  readonly nextChange: { readonly on: string; readonly grade: string | null } | null;
}

export interface GradeCheck {
  readonly grade: string;
  /** "fallback" for the `otherwise` grade. */
  readonly result: Truth | "fallback";
  readonly trace?: Trace | undefined;
  /** The conditions that decided this grade's result (all for true, the failing ones otherwise). */
  readonly decisive: readonly ConditionTrace[];
}

export type Trace =
  | { readonly kind: "all" | "any" | "not"; readonly result: Truth; readonly parts: readonly Trace[] }
  | ConditionTrace;

export interface ConditionTrace {
  readonly kind: "condition";
  readonly result: Truth;
  readonly condition: Condition;
  /** The fact's value (dates as epoch days), absent when unknown. */
  readonly value?: Scalar | undefined;
  /** For conditions on when a value was recorded: that day. */
  readonly recordedOn?: number | undefined;
  /** For time windows: the day bounds in force on the graded day. */
  readonly lo?: number | undefined;
  readonly hi?: number | undefined;
}
