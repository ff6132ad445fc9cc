import type { Condition, Definition, Scalar } from "../definition/model.js";
import { conditionsOf } from "../definition/model.js";
import type { FactDef } from "../definition/schema.js";
import { evaluateCondition } from "../rules/evaluate.js";
import { addPeriod } from "../time.js";

/**
 * The finite space of leads a definition can tell apart, on one reference day.
 *
 * Each fact used by a rule becomes a variable whose domain is split into cells: unknown, then
 * each boolean value or enum option; numbers and dates are split at every threshold the rules
 * use (the threshold itself, and the open ranges between thresholds, kept only when they hold a
 * value: whole numbers and days are integers). Every condition is constant on every cell, so
 * checking one representative per cell is exact. Facts tested on when they were recorded get
 * cells for (value, recorded day) pairs; a known value always has a recorded day.
 */

/** One cell: a representative value (undefined = unknown) and, if relevant, its recorded day. */
export interface Cell {
  readonly value: Scalar | undefined;
  readonly recorded?: number | undefined;
}

export interface Variable {
  readonly fact: FactDef;
  readonly cells: readonly Cell[];
}

/** Outcome bits: a set of possible three-valued results. */
export const T = 1;
export const F = 2;
export const U = 4;

export interface Space {
  readonly today: number;
  readonly variables: readonly Variable[];
  readonly variableOf: ReadonlyMap<string, number>;
  /** Per condition, its outcome bit on each cell of its variable. */
  readonly tables: ReadonlyMap<Condition, Uint8Array>;
}

export function buildSpace(def: Definition, today: number): Space {
  const byFact = new Map<string, Condition[]>();
  for (const g of def.grades) {
    if (!g.rule) continue;
    for (const c of conditionsOf(g.rule)) {
      const list = byFact.get(c.fact) ?? [];
      list.push(c);
      byFact.set(c.fact, list);
    }
  }
  const variables: Variable[] = [];
  const variableOf = new Map<string, number>();
  const tables = new Map<Condition, Uint8Array>();
  for (const [key, conditions] of byFact) {
    const fact = def.factsByKey.get(key) as FactDef;
    const cells = cellsOf(fact, conditions, today);
    variableOf.set(key, variables.length);
    variables.push({ fact, cells });
    for (const c of conditions) {
      const table = new Uint8Array(cells.length);
      cells.forEach((cell, i) => {
        const t = evaluateCondition(c, {
          values: { [key]: cell.value },
          recorded: { [key]: cell.recorded },
          today,
        });
        table[i] = t === "true" ? T : t === "false" ? F : U;
      });
      tables.set(c, table);
    }
  }
  return { today, variables, variableOf, tables };
}

function cellsOf(fact: FactDef, conditions: readonly Condition[], today: number): Cell[] {
  const valueThresholds: number[] = [];
  const recordedThresholds: number[] = [];
  for (const c of conditions) {
    switch (c.kind) {
      case "compare":
        if (typeof c.value === "number") valueThresholds.push(c.value);
        break;
      case "in":
        for (const v of c.values) if (typeof v === "number") valueThresholds.push(v);
        break;
      case "between":
        valueThresholds.push(c.lo, c.hi);
        break;
      case "window":
        for (const b of [c.lo, c.hi]) {
          if (b)
            (c.target === "value" ? valueThresholds : recordedThresholds).push(addPeriod(today, b.shift));
        }
        break;
      case "is":
        break;
    }
  }
  let values: Scalar[];
  switch (fact.type) {
    case "boolean":
      values = [true, false];
      break;
    case "enum":
      values = fact.options.map((o) => o.value);
      break;
    case "number":
      values = splitLine(valueThresholds, fact.integer === true, fact.min, fact.max);
      break;
    case "date":
      values = splitLine(valueThresholds, true, undefined, undefined);
      break;
    case "text":
      values = [];
      break;
  }
  const uses = conditions.some((c) => c.kind === "window" && c.target === "recorded");
  const cells: Cell[] = [{ value: undefined }];
  if (!uses) {
    for (const value of values) cells.push({ value });
    return cells;
  }
  // Nothing is recorded in the future: the recorded day is at most the reference day.
  const days = splitLine(recordedThresholds, true, undefined, today);
  for (const value of values) for (const recorded of days) cells.push({ value, recorded });
  return cells;
}

/**
 * Representatives of every cell of the number line split at `thresholds`, within [min, max].
 * Points are the thresholds (and the bounds); between two points a representative exists only if
 * the open range holds a value (for integers, a whole number strictly between).
 */
export function splitLine(
  thresholds: readonly number[],
  integer: boolean,
  min?: number,
  max?: number,
): number[] {
  const inside = (x: number) =>
    (min === undefined || x >= min) && (max === undefined || x <= max) && (!integer || Number.isInteger(x));
  const points = [
    ...new Set([...thresholds, ...(min === undefined ? [] : [min]), ...(max === undefined ? [] : [max])]),
  ]
    .filter((x) => (min === undefined || x >= min) && (max === undefined || x <= max))
    .sort((a, b) => a - b);
  const reps: number[] = [];
  const between = (a: number | undefined, b: number | undefined): number | undefined => {
    if (a === undefined && b === undefined) return 0;
    if (a === undefined) return integer ? Math.ceil(b as number) - 1 : (b as number) - 1;
    if (b === undefined) return integer ? Math.floor(a) + 1 : a + 1;
    if (integer) {
      const x = Math.floor(a) + 1;
      return x < b ? x : undefined;
    }
    return a + (b - a) / 2;
  };
  const lower = min === undefined ? undefined : min;
  const upper = max === undefined ? undefined : max;
  // Gap below the first point (only when unbounded below), between points, and above the last.
  if (lower === undefined) {
    const r = between(undefined, points[0]);
    if (r !== undefined && inside(r)) reps.push(r);
  }
  points.forEach((p, i) => {
    if (inside(p)) reps.push(p);
    const next = points[i + 1];
    if (next !== undefined) {
      const r = between(p, next);
      if (r !== undefined && r > p && r < next && inside(r)) reps.push(r);
    }
  });
  if (upper === undefined && points.length > 0) {
    const r = between(points.at(-1), undefined);
    if (r !== undefined && inside(r)) reps.push(r);
  }
  return reps;
}
