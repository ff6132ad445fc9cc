import { definitionSourceSchema } from "../../contracts/definitions.js";
import {
  describeCounterexample,
  describeDefinition,
  type GradeDescription,
} from "../../core/explain/describe.js";
import {
  type Counterexample,
  dayOf,
  type Finding,
  formatDay,
  type LocalText,
  lintDefinitionText,
} from "../../core/index.js";
import { parseInput } from "../validation.js";

/** A finding whose example lead is also told in words, in both languages. */
export type DescribedFinding = Omit<Finding, "counterexample"> & {
  readonly counterexample?: (Counterexample & { readonly text?: LocalText }) | undefined;
};

export interface DraftCheck {
  /** True when there are no errors (warnings allowed). */
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** The reference day the coverage check used, `YYYY-MM-DD`. */
  readonly at: string;
  readonly findings: readonly DescribedFinding[];
  /** The text's grades with their conditions in words, when its rules resolve. */
  readonly grades?: readonly GradeDescription[];
}

/**
 * The checker as the workshop runs it while someone types: the full report, each example lead
 * told in words ("A lead with Decision date 2027-04-15 gets no grade"), and the grades in words
 * so the readable table follows the text. Reads and writes nothing.
 */
export function checkDraftText(source: string, at: number): DraftCheck {
  const report = lintDefinitionText(parseInput(definitionSourceSchema, source), { today: dayOf(at) });
  const def = report.definition;
  const findings = report.findings.map((f): DescribedFinding => {
    if (!f.counterexample || !def) return f;
    const ce = f.counterexample;
    return {
      ...f,
      counterexample: {
        ...ce,
        text: { en: describeCounterexample(def, ce, "en"), ru: describeCounterexample(def, ce, "ru") },
      },
    };
  });
  const errors = findings.filter((f) => f.severity === "error").length;
  return {
    ok: report.ok,
    errors,
    warnings: findings.length - errors,
    at: formatDay(dayOf(at)),
    findings,
    ...(def ? { grades: describeDefinition(def) } : {}),
  };
}
