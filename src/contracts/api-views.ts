import { z } from "zod";
import { hasNoNul, NO_NUL } from "./api-lifecycle.js";

/**
 * Saved inbox views (a person's named filters) and the people list any signed-in person may read
 * (owner names and pickers). Times are epoch milliseconds.
 */

const name = z.string().trim().min(1).max(80).refine(hasNoNul, NO_NUL);

/** The inbox's query string, without `cursor` or `limit`: e.g. `grade=hot&stage=handed_off&sort=due`. */
const query = z
  .string()
  .trim()
  .max(2000)
  .refine(hasNoNul, NO_NUL)
  .refine((q) => {
    const keys = [...new URLSearchParams(q).keys()];
    return keys.every((k) => /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k) && k !== "cursor" && k !== "limit");
  }, "a query string of the inbox's filters (names only, no cursor or limit)");

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string(),
  position: z.number().int(),
  createdAt: z.number(),
});
export type SavedView = z.output<typeof savedViewSchema>;

export const createViewSchema = z.strictObject({ name, query });
export type CreateView = z.output<typeof createViewSchema>;

export const updateViewSchema = z
  .strictObject({
    name: name.optional(),
    query: query.optional(),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "change at least one of name, query, position");
export type UpdateView = z.output<typeof updateViewSchema>;

export const viewParamsSchema = z.strictObject({ id: z.string().min(1).max(200).refine(hasNoNul, NO_NUL) });

/** A person as others see them: no e-mail, nothing secret. */
export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  active: z.boolean().describe("false: disabled by an admin (still shown as the owner of old leads)"),
});
export type Person = z.output<typeof personSchema>;
