import { z } from "zod";
import { type Definition, parseInstant } from "../core/index.js";
import {
  APPROVER_ROLES,
  DEFINITION_STATUSES,
  definitionSourceSchema,
  definitionVersionSchema,
} from "./definitions.js";

/**
 * Requests and responses of the definitions API (`/api/v1/definitions`, `/api/v1/catalogue`).
 * Response schemas mirror the use cases' views; the serializer checks every answer against them.
 */

const localText = z.object({ en: z.string(), ru: z.string().optional() });

export const sourceBodySchema = z.strictObject({ source: definitionSourceSchema });

export const lintBodySchema = z.strictObject({
  source: definitionSourceSchema,
  /** The reference day for time windows: `2026-11-27` or an instant with offset; default now. */
  at: z
    .string()
    .max(40)
    .refine((s) => parseInstant(s) !== undefined, "a date (2026-11-27) or a time with offset")
    .optional(),
});

/** The drill-down: list the leads of one matrix cell (today's grade → the candidate's), first by id. */
const cellQuery = {
  cell: z
    .strictObject({ from: z.string().min(1).max(100), to: z.string().min(1).max(100) })
    .optional()
    .describe("list the leads of this cell; `(none)` stands for no grade"),
  limit: z.number().int().min(1).max(200).optional().describe("how many leads of the cell; default 50"),
};

/** A text that is not stored, or a stored version of any status. */
export const simulateBodySchema = z.union([
  z.strictObject({ source: definitionSourceSchema, ...cellQuery }),
  z.strictObject({ version: definitionVersionSchema, ...cellQuery }),
]);

export const versionParamsSchema = z.object({ version: z.coerce.number().int().positive() });

const approvalSchema = z.object({
  role: z.enum(APPROVER_ROLES),
  userId: z.string(),
  /** The approver's name now; null if the user no longer exists. */
  name: z.string().nullable(),
  at: z.number(),
});

export const versionViewSchema = z.object({
  version: z.number(),
  definitionId: z.string(),
  status: z.enum(DEFINITION_STATUSES),
  createdBy: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.number(),
  proposedAt: z.number().nullable(),
  activatedAt: z.number().nullable(),
  activatedBy: z.string().nullable(),
  activatedByName: z.string().nullable(),
  retiredAt: z.number().nullable(),
  approvals: z.array(approvalSchema).readonly(),
});

/** A grade with its conditions in words: the definition as people read it. */
export const gradeDescriptionSchema = z.object({
  grade: z.string(),
  label: localText,
  description: localText.optional(),
  /** How the condition lines combine: all must hold, or any one. */
  join: z.enum(["all", "any"]),
  conditions: z.object({ en: z.array(z.string()).readonly(), ru: z.array(z.string()).readonly() }),
  /** The `otherwise` grade: every lead no earlier grade takes (no conditions). */
  fallback: z.boolean(),
});

export const versionDetailSchema = versionViewSchema.extend({
  source: z.string(),
  grades: z.array(gradeDescriptionSchema).readonly(),
});

/** One finding of the checker: stable code, both languages, the line, and a lead that shows it. */
export const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  message: localText,
  path: z
    .array(z.union([z.string(), z.number()]))
    .readonly()
    .optional(),
  line: z.number().optional(),
  column: z.number().optional(),
  grades: z.array(z.string()).readonly().optional(),
  facts: z.array(z.string()).readonly().optional(),
  counterexample: z
    .object({
      facts: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])),
      recorded: z.record(z.string(), z.string()).optional(),
      at: z.string(),
      grade: z.string().nullable(),
      /** The example lead in words (lint answers only): "A lead with … gets no grade on …". */
      text: localText.optional(),
    })
    .optional(),
  /** For subjective wording: the judgement word as written in the text, to underline it. */
  term: z.string().optional(),
});

export const draftResultSchema = z.object({
  version: z.number(),
  definitionId: z.string(),
  findings: z.array(findingSchema).readonly(),
  hasErrors: z.boolean(),
});

export const lintReportSchema = z.object({
  /** True when there are no errors (warnings allowed). */
  ok: z.boolean(),
  errors: z.number(),
  warnings: z.number(),
  /** The reference day the coverage check used, `YYYY-MM-DD`. */
  at: z.string(),
  findings: z.array(findingSchema).readonly(),
  /** The text's grades in words, present when its rules resolve. */
  grades: z.array(gradeDescriptionSchema).readonly().optional(),
});

export const simulationSchema = z.object({
  at: z.number(),
  activeVersion: z.number().nullable(),
  candidateVersion: z.number().nullable(),
  total: z.number(),
  matrix: z.record(z.string(), z.record(z.string(), z.number())),
  examples: z.record(z.string(), z.array(z.string()).readonly()),
  /** With `cell` in the request: that cell's leads, first by id, and whether there are more. */
  cell: z
    .object({
      from: z.string(),
      to: z.string(),
      leads: z
        .array(z.object({ id: z.string(), name: z.string().nullable(), company: z.string().nullable() }))
        .readonly(),
      more: z.boolean(),
    })
    .optional(),
});

/**
 * An activation and its background regrade: `id` is the job's, `progress.total` the open leads
 * to regrade when it started, `done` those regraded so far, `changed` those whose grade changed.
 */
export const activationSchema = z.object({
  id: z.number().nullable(),
  version: z.number(),
  retiredVersion: z.number().nullable(),
  activatedBy: z.string(),
  status: z.enum(["queued", "running", "retrying", "done"]),
  progress: z.object({ total: z.number(), done: z.number(), changed: z.number() }),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});

const reasonSchema = z.object({ key: z.string(), label: localText });

/** The active definition as forms and the web app use it: what to ask, and what the answers mean. */
export const catalogueSchema = z.object({
  version: z.number(),
  definitionId: z.string(),
  name: localText,
  description: localText.optional(),
  facts: z.array(
    z.object({
      key: z.string(),
      type: z.enum(["boolean", "enum", "number", "date", "text"]),
      label: localText,
      /** How to establish the fact: what the prospect said or did, and where it is recorded. */
      guide: localText.optional(),
      options: z.array(z.object({ value: z.string(), label: localText })).optional(),
      unit: z.string().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      integer: z.boolean().optional(),
    }),
  ),
  /** In the order they are checked; `fallback` marks the grade of every lead no other grade takes. */
  grades: z.array(
    z.object({ key: z.string(), label: localText, description: localText.optional(), fallback: z.boolean() }),
  ),
  handoffGrades: z.array(z.string()).readonly(),
  rejectionReasons: z.array(reasonSchema),
  lostReasons: z.array(reasonSchema.extend({ countsAgainst: z.enum(["lead_quality", "deal"]) })),
});
export type CatalogueView = z.output<typeof catalogueSchema>;

/** The catalogue of a definition (the active one, as `version`): labels as written, nothing derived. */
export function catalogueOf(version: number, def: Definition): CatalogueView {
  const { lifecycle } = def;
  return {
    version,
    definitionId: def.id,
    name: def.name,
    ...(def.description ? { description: def.description } : {}),
    facts: def.facts.map((f) => ({
      key: f.key,
      type: f.type,
      label: f.label,
      ...(f.guide ? { guide: f.guide } : {}),
      ...(f.type === "enum" ? { options: f.options } : {}),
      ...(f.type === "number"
        ? {
            ...(f.unit !== undefined ? { unit: f.unit } : {}),
            ...(f.min !== undefined ? { min: f.min } : {}),
            ...(f.max !== undefined ? { max: f.max } : {}),
            ...(f.integer !== undefined ? { integer: f.integer } : {}),
          }
        : {}),
    })),
    grades: def.grades.map((g) => ({
      key: g.key,
      label: g.label,
      ...(g.description ? { description: g.description } : {}),
      fallback: g.rule === null,
    })),
    handoffGrades: lifecycle.handoff.grades,
    rejectionReasons: lifecycle.rejectionReasons.map((r) => ({ key: r.key, label: r.label })),
    lostReasons: lifecycle.lostReasons.map((r) => ({
      key: r.key,
      label: r.label,
      countsAgainst: r.countsAgainst,
    })),
  };
}
