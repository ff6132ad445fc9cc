import type { z } from "zod";
import { AppError } from "../core/errors.js";
import { type Definition, normalizeFactValue, type Observation } from "../core/index.js";

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** Validates input against a contract; every bad field is listed with its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw invalid(
    r.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message })),
  );
}

export function invalid(problems: readonly FieldProblem[]): AppError {
  const first = problems[0];
  return new AppError(
    "validation.invalid",
    {
      en: `invalid input: ${first?.path}: ${first?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`,
      ru: `неверные данные: ${first?.path}: ${first?.message}${problems.length > 1 ? ` (и ещё ${problems.length - 1})` : ""}`,
    },
    { problems },
  );
}

/** Checks observations against the active definition's catalogue; returns every problem found. */
export function checkObservations(
  def: Definition,
  facts: readonly Observation[],
  path: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  facts.forEach((o, i) => {
    const fact = def.factsByKey.get(o.fact);
    if (!fact) {
      problems.push({
        path: `${path}.${i}.fact`,
        message: `unknown fact "${o.fact}": it is not in the active definition's catalogue`,
      });
      return;
    }
    const r = normalizeFactValue(fact, o.value);
    if ("problem" in r) problems.push({ path: `${path}.${i}.value`, message: r.problem });
  });
  return problems;
}
