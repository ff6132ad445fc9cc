import type { FactDef } from "../definition/schema.js";
import { evidenceSchema } from "../facts/evidence.js";
import { normalizeFactValue } from "../facts/values.js";
import type { LifecycleConfig } from "./config.js";
import { badCommand, type LifecycleError, lifecycleError, unknownReason } from "./errors.js";
import type { Rejection } from "./model.js";

export const MAX_NOTE = 4000;

/**
 * Checks what sales sent to reject a lead. The article's point is that disputes must be about
 * facts, so a rejection names EITHER the fact sales found wrong (the value they observed, checked
 * against the fact's type, and evidence: channel, who, when, the prospect's words) OR a reason code
 * from the definition's list. Free text alone is refused, and so is naming both: a rejection that
 * is half fact, half reason could not be counted in either column of the reports.
 */
export function validateRejection(
  input: unknown,
  config: LifecycleConfig,
  facts: ReadonlyMap<string, FactDef>,
): { ok: true; rejection: Rejection } | { ok: false; error: LifecycleError } {
  const r = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const fail = (error: LifecycleError) => ({ ok: false as const, error });
  const hasFact = r.fact !== undefined;
  const hasReason = r.reason !== undefined;
  if (hasFact && hasReason)
    return fail(
      lifecycleError(
        "lifecycle.rejection_ambiguous",
        "a rejection names either the wrong fact or a reason code, not both",
        "в отказе указывают либо неверный факт, либо код причины, но не то и другое",
        { fact: r.fact, reason: r.reason },
      ),
    );
  if (!hasFact && !hasReason)
    return fail(
      lifecycleError(
        "lifecycle.rejection_needs_reason",
        "a rejection must name the fact that was wrong (with the observed value and evidence) or a reason code; a comment alone is not enough",
        "отказ должен называть неверный факт (с наблюдаемым значением и доказательством) или код причины; одного комментария недостаточно",
        { reasons: config.rejectionReasons.map((x) => x.key) },
      ),
    );
  if (r.note !== undefined && (typeof r.note !== "string" || r.note.length > MAX_NOTE))
    return fail(
      badCommand("note", `text of at most ${MAX_NOTE} characters`, `текст не длиннее ${MAX_NOTE} символов`),
    );
  const note = r.note === undefined ? {} : { note: r.note as string };

  if (hasReason) {
    if (r.observedValue !== undefined || r.evidence !== undefined)
      return fail(
        badCommand(
          "observedValue",
          "an observed value and evidence go with `fact`, not with a reason code",
          "наблюдаемое значение и доказательство указывают вместе с `fact`, а не с кодом причины",
        ),
      );
    const known = config.rejectionReasons.map((x) => x.key);
    if (typeof r.reason !== "string" || !known.includes(r.reason))
      return fail(unknownReason("rejection", r.reason, known));
    return { ok: true, rejection: { reason: r.reason, ...note } };
  }

  const fact = typeof r.fact === "string" ? facts.get(r.fact) : undefined;
  if (!fact)
    return fail(
      lifecycleError(
        "lifecycle.unknown_fact",
        `"${String(r.fact)}" is not a fact of this definition`,
        `«${String(r.fact)}» — не факт этого определения`,
        { fact: r.fact, known: [...facts.keys()] },
      ),
    );
  if (!("observedValue" in r))
    return fail(
      lifecycleError(
        "lifecycle.bad_observed_value",
        `say what sales observed for "${fact.key}" (null when it is in fact unknown)`,
        `укажите, что продажи увидели для «${fact.key}» (null, если на самом деле неизвестно)`,
        { fact: fact.key, problem: "missing" },
      ),
    );
  const value = normalizeFactValue(fact, r.observedValue);
  if ("problem" in value)
    return fail(
      lifecycleError(
        "lifecycle.bad_observed_value",
        `observed value of "${fact.key}": ${value.problem}`,
        `наблюдаемое значение «${fact.key}» не подходит к факту: ${value.problem}`,
        { fact: fact.key, problem: value.problem },
      ),
    );
  const evidence = evidenceSchema.safeParse(r.evidence);
  if (!evidence.success) {
    const issues = evidence.error.issues.map((i) => ({
      path: i.path.map(String).join("."),
      message: i.message,
    }));
    return fail(
      lifecycleError(
        "lifecycle.bad_evidence",
        `a wrong fact needs evidence (channel, recordedBy, recordedAt): ${issues.map((i) => `${i.path || "evidence"}: ${i.message}`).join("; ")}`,
        `неверный факт требует доказательства (channel, recordedBy, recordedAt): ${issues.map((i) => `${i.path || "evidence"}: ${i.message}`).join("; ")}`,
        { fact: fact.key, issues },
      ),
    );
  }
  const observedValue = (r.observedValue ?? null) as boolean | number | string | null;
  return { ok: true, rejection: { fact: fact.key, observedValue, evidence: evidence.data, ...note } };
}
