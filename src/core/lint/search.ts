import type { Definition, Rule } from "../definition/model.js";
import { F, type Space, T, U } from "./space.js";

/** What a query asks of one grade's rule: that it is true, or that it is not true. */
export interface Want {
  readonly grade: number;
  readonly isTrue: boolean;
}

/** A cell index per variable (0 = unknown). */
export type Assignment = readonly number[];

export class SearchLimitError extends Error {
  constructor(readonly nodes: number) {
    super(`the definition checker gave up after ${nodes} steps`);
  }
}

/**
 * Finds a lead (one cell per variable) that meets every wish, or returns null when none exists.
 *
 * A depth-first search over variables with pruning: under a partial assignment each rule has a
 * set of still-possible outcomes, computed bottom-up (an over-approximation for rules that mention
 * a fact twice, which is safe for pruning). A branch dies when a wished-true rule can no longer be
 * true, or a wished-not-true rule is certainly true; it succeeds as soon as every wish is certain.
 * When every variable is assigned the sets are exact, so the answer is exact.
 */
export function findLead(
  def: Definition,
  space: Space,
  wants: readonly Want[],
  maxNodes = 2_000_000,
): Assignment | null {
  const rules = wants.map((w) => def.grades[w.grade]?.rule as Rule | null);
  if (rules.some((r, i) => r === null && (wants[i] as Want).isTrue === false)) return null; // a fallback is always true
  const active = wants.filter((_, i) => rules[i] !== null);
  const activeRules = rules.filter((r): r is Rule => r !== null);
  const assignment = new Int32Array(space.variables.length).fill(-1);

  // Variables in order of how often the rules mention them: the most constraining first.
  const counts = new Map<number, number>();
  const countVars = (r: Rule): void => {
    if (r.kind === "all" || r.kind === "any") r.rules.forEach(countVars);
    else if (r.kind === "not") countVars(r.rule);
    else {
      const v = space.variableOf.get(r.fact) as number;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  };
  activeRules.forEach(countVars);
  const order = [...counts.keys()].sort(
    (a, b) => (counts.get(b) as number) - (counts.get(a) as number) || a - b,
  );

  const possible = (r: Rule): number => {
    switch (r.kind) {
      case "all": {
        // T if all can be T; F if any can be F; U if none is forced F... precisely: U needs every
        // part able to avoid F and at least one able to be U.
        let allT = true;
        let anyF = false;
        let allNotF = true;
        let anyU = false;
        for (const p of r.rules) {
          const m = possible(p);
          allT &&= (m & T) !== 0;
          anyF ||= (m & F) !== 0;
          allNotF &&= (m & (T | U)) !== 0;
          anyU ||= (m & U) !== 0;
        }
        return (allT ? T : 0) | (anyF ? F : 0) | (allNotF && anyU ? U : 0);
      }
      case "any": {
        let anyT = false;
        let allF = true;
        let allNotT = true;
        let anyU = false;
        for (const p of r.rules) {
          const m = possible(p);
          anyT ||= (m & T) !== 0;
          allF &&= (m & F) !== 0;
          allNotT &&= (m & (F | U)) !== 0;
          anyU ||= (m & U) !== 0;
        }
        return (anyT ? T : 0) | (allF ? F : 0) | (allNotT && anyU ? U : 0);
      }
      case "not": {
        const m = possible(r.rule);
        return (m & T ? F : 0) | (m & F ? T : 0) | (m & U);
      }
      default: {
        const table = space.tables.get(r) as Uint8Array;
        const cell = assignment[space.variableOf.get(r.fact) as number] as number;
        if (cell >= 0) return table[cell] as number;
        let m = 0;
        for (const x of table) m |= x;
        return m;
      }
    }
  };

  let nodes = 0;
  const search = (level: number): boolean => {
    if (++nodes > maxNodes) throw new SearchLimitError(maxNodes);
    let certain = true;
    for (const [i, w] of active.entries()) {
      const m = possible(activeRules[i] as Rule);
      if (w.isTrue) {
        if ((m & T) === 0) return false;
        if (m !== T) certain = false;
      } else {
        if (m === T) return false;
        if ((m & T) !== 0) certain = false;
      }
    }
    if (certain) return true;
    const v = order[level];
    if (v === undefined) return false; // unreachable: with every variable set, outcomes are certain
    const cells = space.variables[v]?.cells.length ?? 0;
    for (let c = 0; c < cells; c++) {
      assignment[v] = c;
      if (search(level + 1)) return true;
    }
    assignment[v] = -1;
    return false;
  };
  if (!search(0)) return null;
  // Variables the search did not need stay unknown: the simplest lead that shows the point.
  return Array.from(assignment, (c) => Math.max(c, 0));
}
