import type { Path } from "../definition/model.js";
import type { LocalText } from "../i18n.js";
import type { Finding } from "../lint/finding.js";
import { parseClock, type RawLifecycleConfig } from "./config.js";
import { defaultLifecycleConfig } from "./defaults.js";

/** The lifecycle checker's finding codes (to be added to `FindingCode`). */
export type LifecycleFindingCode =
  | "lifecycle.unknown_grade"
  | "lifecycle.unknown_fact"
  | "lifecycle.duplicate_entry"
  | "lifecycle.duplicate_service_level"
  | "lifecycle.duplicate_reason"
  | "lifecycle.bad_hours"
  | "lifecycle.no_service_level"
  | "lifecycle.unused_service_level";

/** A `Finding` with a lifecycle code; assignable to `Finding` once `FindingCode` lists the codes. */
export type LifecycleFinding = Omit<Finding, "code"> & { readonly code: LifecycleFindingCode };

const DEFAULT_NOTE: LocalText = {
  en: " (a default: write the section to choose your own)",
  ru: " (значение по умолчанию: задайте раздел, чтобы выбрать своё)",
};

/**
 * Checks the lifecycle sections against the definition's grades and facts: every grade and fact
 * they name exists, nothing is listed twice, the working day ends after it starts, and every grade
 * that may be handed off has a service level (a warning: without one, a lead can wait forever).
 * Absent sections are checked as their defaults, since those are what will apply.
 */
export function checkLifecycleConfig(
  raw: RawLifecycleConfig,
  gradeKeys: Iterable<string>,
  factKeys: Iterable<string>,
): LifecycleFinding[] {
  const grades = new Set(gradeKeys);
  const facts = new Set(factKeys);
  const d = defaultLifecycleConfig();
  const findings: LifecycleFinding[] = [];
  const add = (
    code: LifecycleFindingCode,
    path: Path,
    message: LocalText,
    isDefault: boolean,
    extra: Partial<LifecycleFinding> = {},
  ) => {
    // Only the two service-level findings are warnings: the lifecycle still works, just loosely.
    const warning = code === "lifecycle.no_service_level" || code === "lifecycle.unused_service_level";
    const text = isDefault
      ? { en: message.en + DEFAULT_NOTE.en, ru: `${message.ru}${DEFAULT_NOTE.ru}` }
      : message;
    findings.push({ code, severity: warning ? "warning" : "error", path, message: text, ...extra });
  };

  const handoff = raw.handoff ?? d.handoff;
  const hDefault = raw.handoff === undefined;
  listOnce(handoff.grades, ["handoff", "grades"], hDefault, add, (g, path) => {
    if (!grades.has(g))
      add(
        "lifecycle.unknown_grade",
        path,
        unknownGrade(g, "may be handed off", "передаётся в продажи"),
        hDefault,
        {
          grades: [g],
        },
      );
  });
  listOnce(handoff.required_facts ?? [], ["handoff", "required_facts"], hDefault, add, (f, path) => {
    if (!facts.has(f))
      add(
        "lifecycle.unknown_fact",
        path,
        {
          en: `required fact "${f}" is not in the catalogue`,
          ru: `обязательного факта «${f}» нет в каталоге`,
        },
        hDefault,
        { facts: [f] },
      );
  });

  const levels = raw.service_levels ?? d.service_levels;
  const lDefault = raw.service_levels === undefined;
  const seen = new Set<string>();
  levels.forEach((s, i) => {
    const path: Path = ["service_levels", i, "grade"];
    if (seen.has(s.grade))
      add(
        "lifecycle.duplicate_service_level",
        path,
        { en: `grade "${s.grade}" has two service levels`, ru: `у класса «${s.grade}» два уровня сервиса` },
        lDefault,
        { grades: [s.grade] },
      );
    seen.add(s.grade);
    if (!grades.has(s.grade))
      add(
        "lifecycle.unknown_grade",
        path,
        unknownGrade(s.grade, "has a service level", "имеет уровень сервиса"),
        lDefault,
        {
          grades: [s.grade],
        },
      );
    else if (!handoff.grades.includes(s.grade))
      add(
        "lifecycle.unused_service_level",
        path,
        {
          en: `grade "${s.grade}" has a service level but may not be handed off, so it never applies`,
          ru: `у класса «${s.grade}» есть уровень сервиса, но его нельзя передать в продажи: он не применится`,
        },
        lDefault,
        { grades: [s.grade] },
      );
  });
  handoff.grades.forEach((g, i) => {
    if (grades.has(g) && !seen.has(g))
      add(
        "lifecycle.no_service_level",
        ["handoff", "grades", i],
        {
          en: `grade "${g}" may be handed off but has no service level: sales has no deadline to answer`,
          ru: `класс «${g}» передаётся в продажи, но уровня сервиса нет: у продаж нет срока ответа`,
        },
        hDefault,
        { grades: [g] },
      );
  });

  const hours = raw.working_hours ?? d.working_hours;
  const wDefault = raw.working_hours === undefined;
  listOnce(hours.days, ["working_hours", "days"], wDefault, add, () => {});
  const from = parseClock(hours.from);
  const to = parseClock(hours.to);
  if (from !== undefined && to !== undefined && from >= to)
    add(
      "lifecycle.bad_hours",
      ["working_hours", "to"],
      {
        en: `the working day ends (${hours.to}) before it starts (${hours.from}); night shifts are not supported`,
        ru: `рабочий день заканчивается (${hours.to}) раньше, чем начинается (${hours.from}); ночные смены не поддерживаются`,
      },
      wDefault,
    );

  for (const section of ["rejection_reasons", "lost_reasons"] as const) {
    const keys = new Set<string>();
    (raw[section] ?? d[section]).forEach((r, i) => {
      if (keys.has(r.key))
        add(
          "lifecycle.duplicate_reason",
          [section, i, "key"],
          { en: `reason "${r.key}" is listed twice`, ru: `причина «${r.key}» указана дважды` },
          raw[section] === undefined,
        );
      keys.add(r.key);
    });
  }
  return findings;
}

type Add = (code: LifecycleFindingCode, path: Path, message: LocalText, isDefault: boolean) => void;

/** Reports repeated entries of a list and calls `each` on every first occurrence. */
function listOnce(
  items: readonly string[],
  path: Path,
  isDefault: boolean,
  add: Add,
  each: (item: string, path: Path) => void,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item))
      add(
        "lifecycle.duplicate_entry",
        [...path, i],
        { en: `"${item}" is listed twice`, ru: `«${item}» указано дважды` },
        isDefault,
      );
    else each(item, [...path, i]);
    seen.add(item);
  });
}

function unknownGrade(grade: string, en: string, ru: string): LocalText {
  return {
    en: `grade "${grade}" ${en} but the definition has no such grade`,
    ru: `класс «${grade}» ${ru}, но такого класса в определении нет`,
  };
}
