import type { Definition } from "../definition/model.js";
import { displayValue } from "../facts/values.js";
import type { LocalText } from "../i18n.js";
import { parseIsoDate } from "../time.js";
import type { Explanation } from "./explanation-types.js";
import { describeCondition, renderExplanation } from "./render.js";

/**
 * An explanation flattened for JSON consumers (API, web app, `truce grade --format json`): plain
 * values, and every sentence in both languages, so a client renders without the definition.
 */
export interface ExplanationView {
  readonly definition: string;
  readonly on: string;
  readonly grade: string | null;
  readonly gradeLabel: LocalText | null;
  readonly text: { readonly en: readonly string[]; readonly ru: readonly string[] };
  readonly checked: readonly {
    readonly grade: string;
    readonly result: "true" | "false" | "unknown" | "fallback";
    readonly reasons: readonly {
      readonly fact: string;
      readonly result: "true" | "false" | "unknown";
      readonly value: boolean | number | string | null;
      readonly text: LocalText;
    }[];
  }[];
  readonly decidingFacts: readonly string[];
  readonly nextChange: { readonly on: string; readonly grade: string | null } | null;
}

export function viewExplanation(def: Definition, e: Explanation): ExplanationView {
  const today = parseIsoDate(e.on) as number;
  return {
    definition: e.definition,
    on: e.on,
    grade: e.grade,
    gradeLabel: def.grades.find((g) => g.key === e.grade)?.label ?? null,
    text: { en: renderExplanation(def, e, "en"), ru: renderExplanation(def, e, "ru") },
    checked: e.checked.map((c) => ({
      grade: c.grade,
      result: c.result,
      reasons: c.decisive.map((d) => ({
        fact: d.condition.fact,
        result: d.result,
        value: d.value === undefined ? null : displayValue(def.factsByKey.get(d.condition.fact), d.value),
        text: { en: describeCondition(def, d, "en", today), ru: describeCondition(def, d, "ru", today) },
      })),
    })),
    decidingFacts: e.decidingFacts,
    nextChange: e.nextChange,
  };
}
