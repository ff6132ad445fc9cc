import type { Role } from "../../contracts/definitions.js";
import { AppError } from "../../core/errors.js";
import type { Finding, LocalText } from "../../core/index.js";

/**
 * The definition workflow's errors. Codes are stable (clients switch on them):
 * - `definition.invalid` — the text does not parse or its rules do not resolve; details.findings.
 * - `definition.lint_errors` — it loads but the checker found errors (gaps, subjective words…),
 *   so it cannot be proposed or activated; details.findings.
 * - `definition.not_found` — no such version.
 * - `definition.not_activated` — the version exists but was never activated (so it has no
 *   activation to report on).
 * - `definition.wrong_status` — the step does not apply to the version's status now.
 * - `definition.forbidden` — the actor's role may not take this step, or the actor is not a
 *   known user with that role.
 * - `definition.same_approver` — one person tried to approve for both departments.
 * - `definition.approver_not_verified` — the head has not yet chosen their own password (it is
 *   still the one-time one an admin handed out), so the approval would not be surely theirs.
 */

/** The text does not parse or resolve; the message names the first problem and its line. */
export function definitionInvalid(findings: readonly Finding[]): AppError {
  const first = findings[0];
  const where = first?.line ? ` (line ${first.line})` : "";
  const whereRu = first?.line ? ` (строка ${first.line})` : "";
  return new AppError(
    "definition.invalid",
    {
      en: `the definition cannot be read${where}: ${first?.message.en ?? "unknown problem"}`,
      ru: `определение не читается${whereRu}: ${first?.message.ru ?? first?.message.en ?? "неизвестная ошибка"}`,
    },
    { findings },
  );
}

/** The checker found errors: the version cannot be proposed or activated. */
export function definitionLintErrors(version: number, findings: readonly Finding[]): AppError {
  const errors = findings.filter((f) => f.severity === "error").length;
  return new AppError(
    "definition.lint_errors",
    {
      en: `definition version ${version} has ${errors} error(s) in the check; fix them in a new draft`,
      ru: `в версии определения ${version} проверка нашла ошибки (${errors}); исправьте их в новом черновике`,
    },
    { version, findings },
  );
}

/** No version with this number. */
export function definitionNotFound(version: number): AppError {
  return new AppError(
    "definition.not_found",
    { en: `no definition version ${version}`, ru: `нет версии определения ${version}` },
    { version },
  );
}

/** The version exists but no activation of it is recorded. */
export function definitionNotActivated(version: number): AppError {
  return new AppError(
    "definition.not_activated",
    {
      en: `definition version ${version} has no activation`,
      ru: `версия определения ${version} не вводилась в действие`,
    },
    { version },
  );
}

const STATUS_RU: Readonly<Record<string, string>> = {
  draft: "черновик",
  proposed: "предложена",
  approved: "утверждена",
  active: "действует",
  retired: "выведена из действия",
};

/** The step needs another status; details name the status found and the one expected. */
export function definitionWrongStatus(version: number, status: string, expected: string): AppError {
  return new AppError(
    "definition.wrong_status",
    {
      en: `definition version ${version} is ${status}; this step needs it to be ${expected}`,
      ru: `версия определения ${version}: статус «${STATUS_RU[status] ?? status}», а для этого шага нужен «${STATUS_RU[expected] ?? expected}»`,
    },
    { version, status, expected },
  );
}

/** The role may not take the step, or the actor is not a stored user with that role. */
export function definitionForbidden(
  step: string,
  stepLabel: LocalText,
  actor: { id: string; role: Role },
  allowed: readonly Role[],
  reason: "role" | "unknown_user",
): AppError {
  return new AppError(
    "definition.forbidden",
    reason === "role"
      ? {
          en: `the role ${actor.role} may not ${stepLabel.en} (allowed: ${allowed.join(", ")})`,
          ru: `роль ${actor.role} не может ${stepLabel.ru ?? stepLabel.en} (можно: ${allowed.join(", ")})`,
        }
      : {
          en: `${actor.id} is not a known user with the role ${actor.role}`,
          ru: `${actor.id} — не пользователь с ролью ${actor.role}`,
        },
    { step, role: actor.role, allowed, reason },
  );
}

/** One person already approved for the other department. */
export function definitionSameApprover(version: number, userId: string, otherRole: string): AppError {
  return new AppError(
    "definition.same_approver",
    {
      en: `user ${userId} already approved version ${version} as ${otherRole}: the other department's head must approve it`,
      ru: `пользователь ${userId} уже утвердил версию ${version} как ${otherRole}: утвердить её должен руководитель другого отдела`,
    },
    { version, userId, approvedAs: otherRole },
  );
}

/** The head's password is still one-time or admin-set: they must sign in and choose their own first. */
export function definitionApproverNotVerified(version: number, userId: string): AppError {
  return new AppError(
    "definition.approver_not_verified",
    {
      en: `user ${userId} has not yet set their own password: an approval of version ${version} counts only after they sign in and choose it`,
      ru: `пользователь ${userId} ещё не задал свой пароль: утверждение версии ${version} засчитывается только после того, как он войдёт и задаст его`,
    },
    { version, userId },
  );
}

/** Why an approval no longer counts when the version is activated. */
export type VoidReason = "gone" | "disabled" | "role_changed" | "password_reset";

/**
 * An approval stopped counting between approval and activation (the head was disabled, lost the
 * head role, or had the password reset by an admin): the version went back to proposed and waits
 * for that department's approval again.
 */
export function definitionApprovalVoid(
  version: number,
  voided: readonly { role: string; userId: string; reason: VoidReason }[],
): AppError {
  const list = voided.map((v) => `${v.role} (${v.userId}: ${v.reason.replace("_", " ")})`).join(", ");
  return new AppError(
    "definition.approval_void",
    {
      en: `version ${version} was not activated: the approval of ${list} no longer counts; the version is proposed again and waits for that approval`,
      ru: `версия ${version} не введена в действие: утверждение ${list} больше не засчитывается; версия снова предложена и ждёт этого утверждения`,
    },
    { version, voided },
  );
}
