import type { Definition, Scalar } from "../definition/model.js";
import { displayValue } from "../facts/values.js";
import { gradeIndexOnDay } from "../rules/evaluate.js";
import { formatDay } from "../time.js";
import type { Counterexample, Finding } from "./finding.js";
import { type Assignment, findLead, SearchLimitError, type Want } from "./search.js";
import { buildSpace, type Space } from "./space.js";

/**
 * How the grades cover the space of leads, exactly, on a reference day:
 * - gap: a lead that no grade takes, when there is no fallback;
 * - never matches: a grade whose own rule can never be true;
 * - unreachable: a grade that could match, but every such lead is taken by earlier grades;
 * - overlap: two grades that can both match one lead, when the definition says they must not.
 * Each finding carries a concrete lead that shows it, checked again through the interpreter.
 */
export function checkCoverage(def: Definition, today: number): Finding[] {
  const space = buildSpace(def, today);
  const findings: Finding[] = [];
  const find = (wants: Want[]) => findLead(def, space, wants);
  const label = (i: number) => def.grades[i]?.key ?? "?";
  try {
    const fallback = def.grades.findIndex((g) => g.rule === null);
    if (fallback < 0) {
      const lead = find(def.grades.map((_, i) => ({ grade: i, isTrue: false })));
      if (lead) {
        const example = counterexample(def, space, lead);
        findings.push({
          code: "grade.gap",
          severity: "error",
          path: ["grades"],
          message: {
            en: `some leads get no grade, for example ${describeLead(example, "en")}; cover them or add a last grade with \`otherwise: true\``,
            ru: `некоторые лиды не получают класса, например ${describeLead(example, "ru")}; опишите их или добавьте последний класс с \`otherwise: true\``,
          },
          counterexample: example,
        });
      }
    }
    def.grades.forEach((g, i) => {
      const path = [...g.path, g.rule ? "when" : "otherwise"];
      const earlier = def.grades.slice(0, i).map((_, j) => j);
      const earlierFallback = earlier.find((j) => def.grades[j]?.rule === null);
      if (earlierFallback !== undefined) {
        findings.push(unreachable(def, i, [earlierFallback], path));
        return;
      }
      if (g.rule && !find([{ grade: i, isTrue: true }])) {
        findings.push({
          code: "grade.never_matches",
          severity: "error",
          path,
          grades: [g.key],
          message: {
            en: `the rule of grade "${g.key}" can never hold: its conditions contradict each other`,
            ru: `правило класса «${g.key}» не может выполниться: его условия противоречат друг другу`,
          },
        });
        return;
      }
      const wants: Want[] = [
        { grade: i, isTrue: true },
        ...earlier.map((j) => ({ grade: j, isTrue: false })),
      ];
      if (g.rule === null) wants.shift();
      if (find(wants)) return;
      // Which earlier grade takes every lead this one could have? Name a single one if there is one.
      const alone = earlier.filter(
        (j) =>
          g.rule &&
          !find([
            { grade: i, isTrue: true },
            { grade: j, isTrue: false },
          ]),
      );
      const together = earlier.filter((j) =>
        g.rule
          ? find([
              { grade: i, isTrue: true },
              { grade: j, isTrue: true },
            ])
          : true,
      );
      findings.push(unreachable(def, i, alone.length > 0 ? alone.slice(0, 1) : together, path));
    });
    if (def.exclusive) {
      def.grades.forEach((a, i) => {
        def.grades.forEach((b, j) => {
          if (j <= i || !a.rule || !b.rule) return;
          const lead = find([
            { grade: i, isTrue: true },
            { grade: j, isTrue: true },
          ]);
          if (!lead) return;
          const example = counterexample(def, space, lead);
          findings.push({
            code: "grade.overlap",
            severity: "error",
            path: b.path,
            grades: [a.key, b.key],
            message: {
              en: `grades "${a.key}" and "${b.key}" overlap (the definition says grades are exclusive): ${describeLead(example, "en")} matches both`,
              ru: `классы «${a.key}» и «${b.key}» пересекаются (определение требует взаимоисключающих классов): ${describeLead(example, "ru")} подходит под оба`,
            },
            counterexample: example,
          });
        });
      });
    }
  } catch (e) {
    if (!(e instanceof SearchLimitError)) throw e;
    findings.push({
      code: "grade.analysis_incomplete",
      severity: "warning",
      message: {
        en: `the coverage check stopped after ${e.nodes} steps: gaps, unreachable grades and overlaps were not fully checked`,
        ru: `проверка покрытия остановлена после ${e.nodes} шагов: пропуски, недостижимые классы и пересечения проверены не полностью`,
      },
    });
  }
  return findings;

  function unreachable(d: Definition, i: number, by: number[], path: (string | number)[]): Finding {
    const g = d.grades[i];
    const names = by.map(label);
    const en =
      names.length === 1 ? `grade "${names[0]}"` : `grades ${names.map((n) => `"${n}"`).join(", ")} together`;
    const ru =
      names.length === 1 ? `класс «${names[0]}»` : `классы ${names.map((n) => `«${n}»`).join(", ")} вместе`;
    return {
      code: "grade.unreachable",
      severity: "error",
      path,
      grades: [g?.key ?? "?", ...names],
      message: {
        en: `grade "${g?.key}" is unreachable: every lead it could take is taken first by ${en}`,
        ru: `класс «${g?.key}» недостижим: все лиды, которые он мог бы получить, раньше забирает ${ru}`,
      },
    };
  }
}

function counterexample(def: Definition, space: Space, lead: Assignment): Counterexample {
  const facts: Record<string, boolean | number | string> = {};
  const recorded: Record<string, string> = {};
  const values: Record<string, Scalar | undefined> = {};
  const days: Record<string, number | undefined> = {};
  space.variables.forEach((v, i) => {
    const cell = v.cells[lead[i] as number];
    if (!cell || cell.value === undefined) return;
    values[v.fact.key] = cell.value;
    facts[v.fact.key] = displayValue(v.fact, cell.value);
    if (cell.recorded !== undefined) {
      days[v.fact.key] = cell.recorded;
      recorded[v.fact.key] = formatDay(cell.recorded);
    }
  });
  const index = gradeIndexOnDay(def, { values, recorded: days, today: space.today });
  return {
    facts,
    ...(Object.keys(recorded).length > 0 ? { recorded } : {}),
    at: formatDay(space.today),
    grade: def.grades[index]?.key ?? null,
  };
}

function describeLead(example: Counterexample, locale: "en" | "ru"): string {
  const parts = Object.entries(example.facts).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  for (const [k, d] of Object.entries(example.recorded ?? {}))
    parts.push(locale === "ru" ? `${k} записан ${d}` : `${k} recorded ${d}`);
  if (parts.length === 0)
    return locale === "ru" ? "лид без единого известного факта" : "a lead with no known facts";
  const rest = locale === "ru" ? "остальное неизвестно" : "everything else unknown";
  return `${locale === "ru" ? "лид с" : "a lead with"} ${parts.join(", ")} (${rest})`;
}
