import { COMMAND_LABELS, ROLE_LABELS, STAGE_LABELS } from "./labels.js";
import type { CommandType, Stage } from "./model.js";
import { isRole } from "./rules.js";

/**
 * Stable codes of refused lifecycle commands. The API and UI key off the code and the details;
 * the messages (English and Russian) may change.
 */
export type LifecycleErrorCode =
  | "lifecycle.bad_command"
  | "lifecycle.bad_time"
  | "lifecycle.forbidden"
  | "lifecycle.illegal_transition"
  | "lifecycle.grade_not_allowed"
  | "lifecycle.missing_facts"
  | "lifecycle.rejection_needs_reason"
  | "lifecycle.rejection_ambiguous"
  | "lifecycle.unknown_fact"
  | "lifecycle.bad_observed_value"
  | "lifecycle.bad_evidence"
  | "lifecycle.unknown_reason"
  | "lifecycle.bad_amount"
  | "lifecycle.bad_currency";

export interface LifecycleError {
  readonly code: LifecycleErrorCode;
  readonly message: { readonly en: string; readonly ru: string };
  readonly details: Readonly<Record<string, unknown>>;
}

export function lifecycleError(
  code: LifecycleErrorCode,
  en: string,
  ru: string,
  details: Readonly<Record<string, unknown>> = {},
): LifecycleError {
  return { code, message: { en, ru }, details };
}

export function forbidden(
  role: string,
  command: CommandType,
  allowedRoles: readonly string[],
): LifecycleError {
  const who = isRole(role) ? ROLE_LABELS[role] : { en: `role "${role}"`, ru: `роль «${role}»` };
  const c = COMMAND_LABELS[command];
  return lifecycleError(
    "lifecycle.forbidden",
    `${who.en} may not ${c.en} a lead; allowed: ${allowedRoles.map((r) => labelOfRole(r).en).join(", ")}`,
    `${cap(who.ru)}: нет права «${c.ru}»; разрешено: ${allowedRoles.map((r) => labelOfRole(r).ru).join(", ")}`,
    { role, command, allowedRoles },
  );
}

export function illegalTransition(
  from: Stage,
  command: CommandType,
  allowed: readonly CommandType[],
): LifecycleError {
  const s = STAGE_LABELS[from];
  const c = COMMAND_LABELS[command];
  const next = allowed.length
    ? {
        en: `possible now: ${allowed.map((a) => COMMAND_LABELS[a].en).join(", ")}`,
        ru: `сейчас возможно: ${allowed.map((a) => `«${COMMAND_LABELS[a].ru}»`).join(", ")}`,
      }
    : { en: "this stage is final", ru: "это последний этап" };
  return lifecycleError(
    "lifecycle.illegal_transition",
    `cannot ${c.en} a lead that is ${s.en}; ${next.en}`,
    `нельзя «${c.ru}» лида на этапе «${s.ru}»; ${next.ru}`,
    { from, command, allowed },
  );
}

export function unknownReason(
  kind: "rejection" | "lost",
  reason: unknown,
  allowed: readonly string[],
): LifecycleError {
  const list = allowed.join(", ") || "—";
  return lifecycleError(
    "lifecycle.unknown_reason",
    `"${String(reason)}" is not a ${kind} reason of this definition; known: ${list}`,
    `«${String(reason)}» — не причина ${kind === "lost" ? "проигрыша" : "отклонения"} в этом определении; известные: ${list}`,
    { reason, allowed },
  );
}

export function badCommand(field: string, en: string, ru: string): LifecycleError {
  return lifecycleError("lifecycle.bad_command", `${field}: ${en}`, `${field}: ${ru}`, { field });
}

function labelOfRole(role: string): { en: string; ru: string } {
  return isRole(role) ? ROLE_LABELS[role] : { en: role, ru: role };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
