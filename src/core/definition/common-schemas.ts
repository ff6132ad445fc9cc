import { z } from "zod";

/** Schemas shared by the definition file and its lifecycle sections. */

const KEY = /^[a-z][a-z0-9_]{0,62}$/;
// "constructor" is the one such name that plain objects inherit; a fact by that name would always look recorded.
export const keySchema = z
  .string()
  .regex(KEY, "a key: lower-case latin letters, digits and _, starting with a letter (at most 63)")
  .refine((k) => k !== "constructor", "this name is reserved");

export const localTextSchema = z.strictObject({
  en: z.string().trim().min(1, "English text must not be empty"),
  ru: z.string().trim().min(1, "Russian text must not be empty").optional(),
});
