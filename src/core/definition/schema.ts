import { z } from "zod";
import { lifecycleSections } from "../lifecycle/config.js";
import { keySchema, localTextSchema } from "./common-schemas.js";

export { keySchema, localTextSchema };

/**
 * The shape of a definition file (YAML or JSON). This schema checks structure only; whether a
 * rule's operand fits its fact's type is checked in `resolve.ts`, where the catalogue is known.
 * Unknown keys are refused everywhere: a typo such as `withn_next` must not silently vanish.
 */

/** Numbers in rules and facts stay within ±10^15, where every step between values is exact. */
export const MAX_MAGNITUDE = 1e15;
const num = () => z.number().finite().min(-MAX_MAGNITUDE).max(MAX_MAGNITUDE);

const optionSchema = z.strictObject({
  value: keySchema,
  label: localTextSchema,
});

const baseFact = {
  key: keySchema,
  label: localTextSchema,
  /** How we know this fact: what the prospect said or did, and where it is recorded. */
  guide: localTextSchema.optional(),
};

export const factSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...baseFact, type: z.literal("boolean") }),
  z.strictObject({
    ...baseFact,
    type: z.literal("enum"),
    options: z.array(optionSchema).min(2, "an enum needs at least two options"),
  }),
  z.strictObject({
    ...baseFact,
    type: z.literal("number"),
    unit: z.string().trim().min(1).optional(),
    min: num().optional(),
    max: num().optional(),
    integer: z.boolean().optional(),
  }),
  z.strictObject({ ...baseFact, type: z.literal("date") }),
  z.strictObject({ ...baseFact, type: z.literal("text") }),
]);

const scalar = z.union([z.boolean(), num(), z.string()]);

/** The operators a condition may use, with the raw operand each takes. */
export const OPERATORS = {
  is: z.enum(["known", "unknown"]),
  eq: scalar,
  ne: scalar,
  lt: z.union([num(), z.string()]),
  lte: z.union([num(), z.string()]),
  gt: z.union([num(), z.string()]),
  gte: z.union([num(), z.string()]),
  in: z.array(z.union([num(), z.string()])).min(1, "`in` needs at least one value"),
  between: z.tuple([z.union([num(), z.string()]), z.union([num(), z.string()])]),
  within_next: z.string(),
  within_last: z.string(),
  more_than_ago: z.string(),
  more_than_ahead: z.string(),
  recorded_within_last: z.string(),
  recorded_more_than_ago: z.string(),
} as const;

export type Operator = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as Operator[];

const conditionSchema = z
  .strictObject({ fact: keySchema, ...mapValues(OPERATORS, (s) => s.optional()) })
  .check((ctx) => {
    const used = OPERATOR_NAMES.filter((op) => ctx.value[op] !== undefined);
    if (used.length !== 1) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message:
          used.length === 0
            ? `a condition needs exactly one operator: ${OPERATOR_NAMES.join(", ")}`
            : `a condition takes exactly one operator, found ${used.join(" and ")}`,
      });
    }
  });

export type RawCondition = z.infer<typeof conditionSchema>;

export type RawRule = { all: RawRule[] } | { any: RawRule[] } | { not: RawRule } | RawCondition;

/**
 * A rule is picked by its key (`all`, `any`, `not`, else a condition) before it is checked, so an
 * error names the one shape the author meant instead of listing why every shape of a union failed.
 */
export const ruleSchema: z.ZodType<RawRule> = z.unknown().transform((value, ctx) => {
  const result = pickRuleSchema(value).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.issues.push({ ...issue, input: value } as never);
  }
  return z.NEVER;
}) as unknown as z.ZodType<RawRule>;

const allSchema = z.strictObject({ all: z.array(ruleSchema).min(1, "`all` needs at least one rule") });
const anySchema = z.strictObject({ any: z.array(ruleSchema).min(1, "`any` needs at least one rule") });
const notSchema = z.strictObject({ not: ruleSchema });

function pickRuleSchema(value: unknown): z.ZodType {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    if ("all" in value) return allSchema;
    if ("any" in value) return anySchema;
    if ("not" in value) return notSchema;
  }
  return conditionSchema;
}

const gradeSchema = z
  .strictObject({
    key: keySchema,
    label: localTextSchema,
    description: localTextSchema.optional(),
    /** The rule that puts a lead in this grade. */
    when: ruleSchema.optional(),
    /** Marks the explicit fallback: the grade of every lead that no earlier grade takes. */
    otherwise: z.literal(true).optional(),
  })
  .check((ctx) => {
    const { when, otherwise } = ctx.value;
    if ((when === undefined) === (otherwise === undefined)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: "a grade needs either `when: <rule>` or `otherwise: true`, not both or neither",
      });
    }
  });

export const definitionSchema = z.strictObject({
  truce: z.literal(1, "the definition format version: `truce: 1`"),
  id: z
    .string()
    .regex(
      /^[a-z][a-z0-9_-]{0,62}$/,
      "an id: lower-case latin letters, digits, - and _, starting with a letter",
    ),
  name: localTextSchema,
  description: localTextSchema.optional(),
  /** When true, grades must not overlap: the order of grades no longer matters. */
  exclusive: z.boolean().optional(),
  facts: z.array(factSchema).min(1, "a definition needs at least one fact"),
  grades: z.array(gradeSchema).min(1, "a definition needs at least one grade"),
  /** Hand-off, service levels, working hours and reason codes: approved together with the grades. */
  ...lifecycleSections,
});

export type RawDefinition = z.infer<typeof definitionSchema>;
export type FactDef = z.infer<typeof factSchema>;
export type FactType = FactDef["type"];
export type RawGrade = z.infer<typeof gradeSchema>;

function mapValues<T extends Record<string, unknown>, R>(
  obj: T,
  fn: (v: T[keyof T]) => R,
): { [K in keyof T]: R } {
  const out: Record<string, R> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = fn(v as T[keyof T]);
  return out as { [K in keyof T]: R };
}
