import type { LocalText } from "../i18n.js";
import type { LifecycleConfig } from "../lifecycle/config.js";
import type { Period } from "../time.js";
import type { FactDef } from "./schema.js";

/** Where something sits in a definition file: `["grades", 0, "when", "all", 1]`. */
export type Path = readonly (string | number)[];

/**
 * A fact's value as the grader reads it. Booleans, enum option keys, numbers, and dates as epoch
 * days. `null` and `undefined` both mean unknown: never asked or not recorded, which is not "no".
 */
export type Scalar = boolean | number | string;
export type FactValues = { readonly [key: string]: Scalar | null | undefined };
/** The UTC day each fact's current value was recorded (from its evidence). */
export type RecordedDays = { readonly [key: string]: number | null | undefined };

export type CompareOp = "eq" | "ne" | "lt" | "lte" | "gt" | "gte";
export type WindowOp =
  | "within_next"
  | "within_last"
  | "more_than_ago"
  | "more_than_ahead"
  | "recorded_within_last"
  | "recorded_more_than_ago";

/** One edge of a window: `today + shift`, included unless strict. */
export interface WindowBound {
  readonly shift: Period;
  readonly strict: boolean;
}

export type Condition =
  | { readonly kind: "is"; readonly fact: string; readonly known: boolean; readonly path: Path }
  | {
      readonly kind: "compare";
      readonly op: CompareOp;
      readonly fact: string;
      readonly value: Scalar;
      readonly path: Path;
    }
  | { readonly kind: "in"; readonly fact: string; readonly values: readonly Scalar[]; readonly path: Path }
  | {
      readonly kind: "between";
      readonly fact: string;
      readonly lo: number;
      readonly hi: number;
      readonly path: Path;
    }
  | {
      /**
       * A time-relative test: `lo <= x <= hi` where the bounds are today shifted by a period and
       * `x` is the fact's date (target "value") or the day its value was recorded ("recorded").
       */
      readonly kind: "window";
      readonly op: WindowOp;
      readonly fact: string;
      readonly target: "value" | "recorded";
      readonly period: Period;
      readonly lo?: WindowBound | undefined;
      readonly hi?: WindowBound | undefined;
      readonly path: Path;
    };

export type Rule =
  | { readonly kind: "all"; readonly rules: readonly Rule[]; readonly path: Path }
  | { readonly kind: "any"; readonly rules: readonly Rule[]; readonly path: Path }
  | { readonly kind: "not"; readonly rule: Rule; readonly path: Path }
  | Condition;

export interface Grade {
  readonly key: string;
  readonly label: LocalText;
  readonly description?: LocalText | undefined;
  /** `null` marks the explicit fallback (`otherwise: true`). */
  readonly rule: Rule | null;
  readonly path: Path;
}

/** A definition whose rules all refer to declared facts with operands of the right type. */
export interface Definition {
  readonly id: string;
  readonly name: LocalText;
  readonly description?: LocalText | undefined;
  readonly exclusive: boolean;
  readonly facts: readonly FactDef[];
  readonly factsByKey: ReadonlyMap<string, FactDef>;
  /** In the order they are checked: the first grade whose rule holds is the lead's grade. */
  readonly grades: readonly Grade[];
  /** Hand-off rules, service levels, working hours and reason codes (defaults where not written). */
  readonly lifecycle: LifecycleConfig;
}

/** Outcome of a condition or rule under three-valued logic. */
export type Truth = "true" | "false" | "unknown";

/** Every condition of a rule, depth first. */
export function conditionsOf(rule: Rule): Condition[] {
  switch (rule.kind) {
    case "all":
    case "any":
      return rule.rules.flatMap(conditionsOf);
    case "not":
      return conditionsOf(rule.rule);
    default:
      return [rule];
  }
}
