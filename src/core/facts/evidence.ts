import { z } from "zod";
import type { FactValues, RecordedDays, Scalar } from "../definition/model.js";
import type { FactDef } from "../definition/schema.js";
import { dayOf, parseInstant } from "../time.js";
import { normalizeFactValue, type ValueProblem } from "./values.js";

/** How a fact came to be known. */
export const CHANNELS = ["form", "call", "email", "meeting", "import", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

export const evidenceSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  /** Who recorded the value: a user's e-mail or id, or the importing job. */
  recordedBy: z.string().trim().min(1).max(200),
  /** When it was recorded: ISO 8601 with an offset, e.g. 2026-11-27T10:15:00Z. */
  recordedAt: z
    .string()
    .refine(
      (s) => parseInstant(s) !== undefined,
      "expected an ISO 8601 time with offset, e.g. 2026-11-27T10:15:00Z",
    ),
  /** The prospect's own words, where there are any. */
  quote: z.string().max(4000).optional(),
  note: z.string().max(4000).optional(),
});

/** One recorded value of one fact: a value (null = unknown / retracted) with its evidence. */
export const observationSchema = z.strictObject({
  fact: z.string().min(1),
  value: z.union([z.boolean(), z.number(), z.string(), z.null()]),
  evidence: evidenceSchema,
});

export type Evidence = z.infer<typeof evidenceSchema>;
export type Observation = z.infer<typeof observationSchema>;

export interface CurrentFacts {
  readonly values: FactValues;
  readonly recorded: RecordedDays;
}

/**
 * Folds a lead's observations into its current facts: per fact, the latest recorded value wins
 * (ties keep the later one in the list), and the day it was recorded is kept for
 * `recorded_*` conditions. Values are checked against the catalogue; problems name the index.
 */
export function currentFactsOf(
  catalogue: ReadonlyMap<string, FactDef>,
  observations: readonly Observation[],
): { facts: CurrentFacts; problems: (ValueProblem & { index: number })[] } {
  const latest = new Map<string, { at: number; value: Scalar | null }>();
  const problems: (ValueProblem & { index: number })[] = [];
  observations.forEach((o, index) => {
    const fact = catalogue.get(o.fact);
    if (!fact) {
      problems.push({
        index,
        fact: o.fact,
        message: `unknown fact "${o.fact}": it is not in the definition's catalogue`,
      });
      return;
    }
    const r = normalizeFactValue(fact, o.value);
    if ("problem" in r) {
      problems.push({ index, fact: o.fact, message: r.problem });
      return;
    }
    const at = parseInstant(o.evidence.recordedAt) as number;
    const prev = latest.get(o.fact);
    if (!prev || at >= prev.at) latest.set(o.fact, { at, value: r.value });
  });
  const values: Record<string, Scalar | null> = {};
  const recorded: Record<string, number> = {};
  for (const [key, { at, value }] of latest) {
    values[key] = value;
    if (value !== null) recorded[key] = dayOf(at);
  }
  return { facts: { values, recorded }, problems };
}
