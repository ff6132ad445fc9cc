import { z } from "zod";
import { type Actor, ROLES, type Role } from "../core/index.js";

export type { Actor, Role };

/** The person behind a request, as the auth layer resolved them (the core's roles, one list). */
export const actorSchema = z.strictObject({
  id: z.string().min(1).max(200),
  role: z.enum(ROLES),
}) satisfies z.ZodType<Actor>;

/**
 * A definition version's life: draft → proposed → approved (both heads) → active → retired.
 * Versions are never deleted or edited; a change is a new draft.
 */
export const DEFINITION_STATUSES = ["draft", "proposed", "approved", "active", "retired"] as const;
export type DefinitionStatus = (typeof DEFINITION_STATUSES)[number];

/** The two roles whose approvals a version needs, one each, from two different people. */
export const APPROVER_ROLES = ["marketing_head", "sales_head"] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** A definition file's text (YAML or JSON). The bound keeps one request from holding the server. */
export const definitionSourceSchema = z.string().min(1, "the definition text is empty").max(200_000);

export const definitionVersionSchema = z.number().int().positive();

/** How many leads each regrade or simulation step reads (and, for activation, commits). */
export const batchSizeSchema = z.number().int().min(1).max(10_000);

export const simulateOptionsSchema = z.strictObject({
  batchSize: batchSizeSchema.optional(),
  /** Example lead ids kept per matrix cell. */
  examplesPerCell: z.number().int().min(0).max(100).optional(),
  /** One cell to list leads of (the drill-down): today's grade → the candidate's. */
  cell: z.strictObject({ from: z.string().min(1).max(100), to: z.string().min(1).max(100) }).optional(),
  /** How many leads of that cell to list, first by id. */
  cellLimit: z.number().int().min(1).max(200).optional(),
});
export type SimulateOptions = z.input<typeof simulateOptionsSchema>;
