import type { LocalText } from "../i18n.js";
import { resolveLifecycleConfig } from "../lifecycle/config.js";
import type { Finding, FindingCode } from "../lint/finding.js";
import { type Period, parseIsoDate, parsePeriod } from "../time.js";
import type {
  CompareOp,
  Condition,
  Definition,
  Grade,
  Path,
  Rule,
  Scalar,
  WindowBound,
  WindowOp,
} from "./model.js";
import type { FactDef, FactType, Operator, RawCondition, RawDefinition, RawRule } from "./schema.js";
import { OPERATOR_NAMES } from "./schema.js";

export interface ResolveResult {
  /** Present only when nothing stands in the way of compiling the rules. */
  readonly definition?: Definition | undefined;
  readonly findings: readonly Finding[];
}

/** Which operators each fact type accepts. Free text is never graded on. */
const ALLOWED: Record<FactType, readonly Operator[]> = {
  boolean: ["is", "eq", "ne", "recorded_within_last", "recorded_more_than_ago"],
  enum: ["is", "eq", "ne", "in", "recorded_within_last", "recorded_more_than_ago"],
  number: [
    "is",
    "eq",
    "ne",
    "lt",
    "lte",
    "gt",
    "gte",
    "in",
    "between",
    "recorded_within_last",
    "recorded_more_than_ago",
  ],
  date: [
    "is",
    "eq",
    "ne",
    "lt",
    "lte",
    "gt",
    "gte",
    "between",
    "within_next",
    "within_last",
    "more_than_ago",
    "more_than_ahead",
    "recorded_within_last",
    "recorded_more_than_ago",
  ],
  text: [],
};

/**
 * Turns a schema-valid definition into one the grader can compile: every condition is checked
 * against the fact catalogue (the fact exists, is not free text, the operator suits its type, the
 * operand has the right type and, for enums, is a declared option) and operands are converted
 * (dates to epoch days, "6 months" to a period).
 */
export function resolveDefinition(raw: RawDefinition): ResolveResult {
  const findings: Finding[] = [];
  const add = (code: FindingCode, path: Path, message: LocalText, extra: Partial<Finding> = {}) =>
    findings.push({ code, severity: "error", path, message, ...extra });

  const factsByKey = new Map<string, FactDef>();
  raw.facts.forEach((fact, i) => {
    if (factsByKey.has(fact.key)) {
      add("definition.duplicate_fact", ["facts", i, "key"], {
        en: `fact "${fact.key}" is declared twice`,
        ru: `факт «${fact.key}» объявлен дважды`,
      });
    }
    factsByKey.set(fact.key, fact);
    if (fact.type === "enum") {
      const seen = new Set<string>();
      fact.options.forEach((o, j) => {
        if (seen.has(o.value))
          add("definition.duplicate_option", ["facts", i, "options", j, "value"], {
            en: `option "${o.value}" of fact "${fact.key}" is listed twice`,
            ru: `вариант «${o.value}» факта «${fact.key}» указан дважды`,
          });
        seen.add(o.value);
      });
    }
    if (fact.type === "number" && fact.min !== undefined && fact.max !== undefined && fact.min > fact.max) {
      add("definition.bad_bounds", ["facts", i, "min"], {
        en: `fact "${fact.key}": min ${fact.min} is above max ${fact.max}`,
        ru: `факт «${fact.key}»: min ${fact.min} больше max ${fact.max}`,
      });
    }
  });

  const gradeKeys = new Set<string>();
  const grades: Grade[] = [];
  raw.grades.forEach((g, i) => {
    const path: Path = ["grades", i];
    if (gradeKeys.has(g.key)) {
      add("definition.duplicate_grade", [...path, "key"], {
        en: `grade "${g.key}" is declared twice`,
        ru: `класс «${g.key}» объявлен дважды`,
      });
    }
    gradeKeys.add(g.key);
    const rule = g.when === undefined ? null : resolveRule(g.when, [...path, "when"], factsByKey, add, g.key);
    grades.push({ key: g.key, label: g.label, description: g.description, rule, path });
  });

  if (findings.some((f) => f.severity === "error")) return { findings };
  return {
    findings,
    definition: {
      id: raw.id,
      name: raw.name,
      description: raw.description,
      exclusive: raw.exclusive ?? false,
      facts: raw.facts,
      factsByKey,
      grades,
      lifecycle: resolveLifecycleConfig(raw),
    },
  };
}

type Add = (code: FindingCode, path: Path, message: LocalText, extra?: Partial<Finding>) => void;

function resolveRule(raw: RawRule, path: Path, facts: Map<string, FactDef>, add: Add, grade: string): Rule {
  if ("all" in raw)
    return {
      kind: "all",
      rules: raw.all.map((r, i) => resolveRule(r, [...path, "all", i], facts, add, grade)),
      path,
    };
  if ("any" in raw)
    return {
      kind: "any",
      rules: raw.any.map((r, i) => resolveRule(r, [...path, "any", i], facts, add, grade)),
      path,
    };
  if ("not" in raw)
    return { kind: "not", rule: resolveRule(raw.not, [...path, "not"], facts, add, grade), path };
  return resolveCondition(raw, path, facts, add, grade);
}

const WINDOWS: Record<
  WindowOp,
  (p: Period) => { lo?: WindowBound; hi?: WindowBound; target: "value" | "recorded" }
> = {
  within_next: (p) => ({ lo: bound(0, p, false), hi: bound(1, p, false), target: "value" }),
  within_last: (p) => ({ lo: bound(-1, p, false), hi: bound(0, p, false), target: "value" }),
  more_than_ago: (p) => ({ hi: bound(-1, p, true), target: "value" }),
  more_than_ahead: (p) => ({ lo: bound(1, p, true), target: "value" }),
  recorded_within_last: (p) => ({ lo: bound(-1, p, false), target: "recorded" }),
  recorded_more_than_ago: (p) => ({ hi: bound(-1, p, true), target: "recorded" }),
};

function bound(sign: -1 | 0 | 1, p: Period, strict: boolean): WindowBound {
  return { shift: { n: sign * p.n, unit: p.unit }, strict };
}

function resolveCondition(
  raw: RawCondition,
  path: Path,
  facts: Map<string, FactDef>,
  add: Add,
  grade: string,
): Rule {
  const op = OPERATOR_NAMES.find((o) => raw[o] !== undefined) as Operator;
  const operand = raw[op] as unknown;
  const opPath = [...path, op];
  const fact = facts.get(raw.fact);
  // A condition that cannot be resolved still yields a node, so that every problem is reported in one pass.
  const placeholder: Condition = { kind: "is", fact: raw.fact, known: true, path };
  const extra = { grades: [grade], facts: [raw.fact] };
  if (!fact) {
    add(
      "rule.unknown_fact",
      [...path, "fact"],
      {
        en: `unknown fact "${raw.fact}": it is not in the catalogue`,
        ru: `неизвестный факт «${raw.fact}»: его нет в каталоге`,
      },
      extra,
    );
    return placeholder;
  }
  if (fact.type === "text") {
    add(
      "rule.text_fact",
      [...path, "fact"],
      {
        en: `fact "${fact.key}" is free text: it may be recorded but not graded on; declare an enum, number, date or boolean instead`,
        ru: `факт «${fact.key}» — свободный текст: его можно записывать, но не использовать в правилах; объявите enum, number, date или boolean`,
      },
      extra,
    );
    return placeholder;
  }
  if (!ALLOWED[fact.type].includes(op)) {
    add(
      "rule.type_mismatch",
      opPath,
      {
        en: `operator "${op}" does not apply to ${fact.type} fact "${fact.key}"; allowed: ${ALLOWED[fact.type].join(", ")}`,
        ru: `оператор «${op}» неприменим к факту «${fact.key}» типа ${fact.type}; допустимы: ${ALLOWED[fact.type].join(", ")}`,
      },
      extra,
    );
    return placeholder;
  }
  const value = (v: unknown, p: Path): Scalar | undefined => resolveValue(fact, v, p, add, extra);
  switch (op) {
    case "is":
      return { kind: "is", fact: fact.key, known: operand === "known", path };
    case "eq":
    case "ne":
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      const v = value(operand, opPath);
      return v === undefined
        ? placeholder
        : { kind: "compare", op: op as CompareOp, fact: fact.key, value: v, path };
    }
    case "in": {
      const values = (operand as unknown[]).map((v, i) => value(v, [...opPath, i]));
      if (values.some((v) => v === undefined)) return placeholder;
      return { kind: "in", fact: fact.key, values: values as Scalar[], path };
    }
    case "between": {
      const [lo, hi] = (operand as unknown[]).map((v, i) => value(v, [...opPath, i]));
      if (typeof lo !== "number" || typeof hi !== "number") return placeholder;
      if (lo > hi) {
        add(
          "rule.empty_range",
          opPath,
          {
            en: `between: the first bound is above the second, so nothing can match`,
            ru: `between: первая граница больше второй, под условие ничего не попадёт`,
          },
          extra,
        );
        return placeholder;
      }
      return { kind: "between", fact: fact.key, lo, hi, path };
    }
    default: {
      const period = parsePeriod(String(operand));
      if (!period || period.n === 0) {
        add(
          "rule.bad_period",
          opPath,
          {
            en: `expected a period such as "6 months", "90 days", "2 weeks" or "1 year" (at most 100 years), got "${String(operand)}"`,
            ru: `ожидается срок вида "6 months", "90 days", "2 weeks" или "1 year" (не больше 100 лет), получено "${String(operand)}"`,
          },
          extra,
        );
        return placeholder;
      }
      const w = WINDOWS[op as WindowOp](period);
      return {
        kind: "window",
        op: op as WindowOp,
        fact: fact.key,
        period,
        target: w.target,
        lo: w.lo,
        hi: w.hi,
        path,
      };
    }
  }
}

function resolveValue(
  fact: FactDef,
  v: unknown,
  path: Path,
  add: Add,
  extra: Partial<Finding>,
): Scalar | undefined {
  const mismatch = (expected: string, expectedRu: string) => {
    add(
      "rule.type_mismatch",
      path,
      {
        en: `fact "${fact.key}" is ${fact.type}: expected ${expected}, got ${JSON.stringify(v)}`,
        ru: `факт «${fact.key}» имеет тип ${fact.type}: ожидается ${expectedRu}, получено ${JSON.stringify(v)}`,
      },
      extra,
    );
    return undefined;
  };
  switch (fact.type) {
    case "boolean":
      return typeof v === "boolean" ? v : mismatch("true or false", "true или false");
    case "enum": {
      if (typeof v !== "string") return mismatch("one of its options", "один из вариантов");
      if (!fact.options.some((o) => o.value === v)) {
        add(
          "rule.unknown_option",
          path,
          {
            en: `"${v}" is not an option of fact "${fact.key}"; options: ${fact.options.map((o) => o.value).join(", ")}`,
            ru: `«${v}» — не вариант факта «${fact.key}»; варианты: ${fact.options.map((o) => o.value).join(", ")}`,
          },
          extra,
        );
        return undefined;
      }
      return v;
    }
    case "number": {
      if (typeof v !== "number") return mismatch("a number", "число");
      const outside = (fact.min !== undefined && v < fact.min) || (fact.max !== undefined && v > fact.max);
      if (outside) {
        add(
          "rule.out_of_bounds",
          path,
          {
            en: `${v} is outside the declared range of fact "${fact.key}" [${fact.min ?? "-∞"}, ${fact.max ?? "∞"}]`,
            ru: `${v} вне объявленного диапазона факта «${fact.key}» [${fact.min ?? "-∞"}, ${fact.max ?? "∞"}]`,
          },
          { ...extra, severity: "warning" },
        );
      }
      return v;
    }
    case "date": {
      const day = typeof v === "string" ? parseIsoDate(v) : undefined;
      if (day === undefined) {
        add(
          "rule.bad_date",
          path,
          {
            en: `expected a date as YYYY-MM-DD (years 1000–9999), got ${JSON.stringify(v)}`,
            ru: `ожидается дата в виде ГГГГ-ММ-ДД (годы 1000–9999), получено ${JSON.stringify(v)}`,
          },
          extra,
        );
      }
      return day;
    }
    case "text":
      return undefined;
  }
}
