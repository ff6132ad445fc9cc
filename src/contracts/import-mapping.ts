import { z } from "zod";

/**
 * The lead's own columns an import can fill. `first_name` and `last_name` are joined into the
 * name; `recorded_at` is when the row's facts were recorded (default: when the import started).
 */
export const LEAD_FIELDS = [
  "name",
  "first_name",
  "last_name",
  "email",
  "phone",
  "company",
  "source",
  "campaign",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "recorded_at",
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** How slashed dates read: 03/04/2026 is 3 April (dmy) or March 4 (mdy). Never guessed. */
export const DATE_ORDERS = ["dmy", "mdy"] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

const dates = z.enum(DATE_ORDERS);
const decimal = z.enum([".", ","]);
const placeholders = z.array(z.string()).max(200);

/** Cell text (compared trimmed, case-insensitively) → the value to record; null = unknown. */
const valueMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** A column that fills a fact, with its own rules. */
export const factColumnSchema = z.strictObject({
  fact: z.string().min(1),
  values: valueMap.optional(),
  /** More cell texts that mean "unknown" in this column, beside the built-in placeholders. */
  unknown: placeholders.optional(),
  dates: dates.optional(),
  decimal: decimal.optional(),
});
export type FactColumn = z.infer<typeof factColumnSchema>;

/**
 * What one column becomes. A plain string is a lead field ("email"), "ignore", or a fact key;
 * the object forms say which explicitly (a fact whose key is also a field name needs `{ fact }`).
 */
export const columnRuleSchema = z.union([
  z.string().min(1),
  z.strictObject({ field: z.enum(LEAD_FIELDS) }),
  z.strictObject({ ignore: z.literal(true) }),
  factColumnSchema,
]);
export type ColumnRule = z.infer<typeof columnRuleSchema>;

/**
 * A mapping file (YAML or JSON): file header → rule. Headers match trimmed and case-insensitively.
 * Columns the mapping does not name are inferred from their headers unless `infer: false`.
 */
export const importMappingSchema = z.strictObject({
  columns: z.record(z.string(), columnRuleSchema).default({}),
  infer: z.boolean().optional(),
  dates: dates.optional(),
  decimal: decimal.optional(),
  unknown: placeholders.optional(),
});
export type ImportMapping = z.infer<typeof importMappingSchema>;
export type ImportMappingInput = z.input<typeof importMappingSchema>;
