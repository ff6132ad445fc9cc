import { z } from "zod";
import { keySchema, localTextSchema } from "../core/definition/common-schemas.js";
import { captureLeadSchema } from "./leads.js";

/**
 * Public capture and web forms: the body of `POST /api/v1/capture` and the configuration of a
 * form (which facts it asks, with question texts and options in English and Russian, each option
 * mapped to a fact value).
 */

const identity = captureLeadSchema.shape;

/** The honeypot: a field people never see. Anything in it marks the submission as a bot's. */
export const HONEYPOT_FIELD = "website";

/** Names a form's own fields may not take: the contact fields, the honeypot and the page's controls. */
export const RESERVED_FIELD_NAMES: readonly string[] = [
  "name",
  "email",
  "phone",
  "company",
  HONEYPOT_FIELD,
  "lang",
  "token",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
];

const answerValue = z.union([z.boolean(), z.number(), z.string().max(4000), z.null()]);

/** `POST /api/v1/capture`: who the person is, where they came from, and their answers. */
export const captureBodySchema = z
  .strictObject({
    name: identity.name,
    email: identity.email,
    phone: identity.phone,
    company: identity.company,
    source: identity.source,
    campaign: identity.campaign,
    utm: identity.utm,
    /** Answers are keyed by this form's field names (and mapped through its options); else by fact key. */
    form: z.string().min(1).max(100).optional(),
    /** The language the person read the questions in: quotes record the labels in it. */
    locale: z.enum(["en", "ru"]).optional(),
    answers: z
      .record(z.string().min(1).max(63), answerValue)
      .refine((a) => Object.keys(a).length <= 100, "at most 100 answers")
      .optional(),
    [HONEYPOT_FIELD]: z.string().max(1000).optional(),
  })
  .refine((b) => b.email !== undefined || b.phone !== undefined || b.name !== undefined, {
    message: "a lead needs at least an e-mail, a phone or a name",
  });

export type CaptureBody = z.infer<typeof captureBodySchema>;

/** `Idempotency-Key`: printable ASCII; a retry with the same key returns the first answer and writes nothing. */
export const idempotencyKeySchema = z
  .string()
  .min(8, "at least 8 characters")
  .max(128, "at most 128 characters")
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

/** What a capture answers: the same for a new lead, a merge, a replay and a trapped bot. */
export const captureAcceptedSchema = z.object({ status: z.literal("accepted") });

const optionKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "an option key: lower-case latin letters, digits, - and _");

export const formOptionSchema = z
  .strictObject({
    /** What the browser sends when this option is chosen. */
    key: optionKey,
    label: localTextSchema,
    /** The fact value this option records: a boolean, an enum option, a number, a date, or null (unknown). */
    value: z.union([z.boolean(), z.number(), z.string().max(200), z.null()]).optional(),
    /** For date facts answered by a period: the value is the capture day plus this ("3 months"). */
    dateIn: z.string().max(40).optional(),
  })
  .refine((o) => ("value" in o && o.value !== undefined) !== (o.dateIn !== undefined), {
    message: "an option sets exactly one of `value` (null for unknown) or `dateIn`",
  });

const fieldBase = {
  /** The field's name in the page and in `answers`. */
  name: keySchema,
  /** The fact this field records, from the active definition's catalogue. */
  fact: keySchema,
  question: localTextSchema,
  help: localTextSchema.optional(),
  required: z.boolean().default(false),
};

export const formFieldSchema = z.discriminatedUnion("kind", [
  /** A choice among options, each mapped to a value of the fact (not for text facts). */
  z.strictObject({
    ...fieldBase,
    kind: z.literal("choice"),
    options: z.array(formOptionSchema).min(2).max(20),
  }),
  /** Free text: only for text facts, which are never graded. */
  z.strictObject({
    ...fieldBase,
    kind: z.literal("text"),
    maxLength: z.number().int().min(1).max(4000).default(1000),
  }),
]);

const presence = z.enum(["required", "optional", "hidden"]);

export const formInputSchema = z.strictObject({
  /** For the people who manage forms; visitors see the title. */
  name: z.string().trim().min(1).max(200),
  /** The `capture`-scoped key the form captures with, server-side: it never reaches the browser. */
  keyId: z.string().min(1).max(100),
  /** The languages the form is offered in; the first is the default. */
  locales: z
    .array(z.enum(["en", "ru"]))
    .min(1)
    .max(2)
    .refine((l) => new Set(l).size === l.length, "each language once")
    .default(["en", "ru"]),
  title: localTextSchema,
  intro: localTextSchema.optional(),
  submit: localTextSchema.optional(),
  thanks: localTextSchema.optional(),
  contact: z
    .strictObject({ name: presence, email: presence, phone: presence, company: presence })
    .default({ name: "optional", email: "required", phone: "optional", company: "optional" }),
  fields: z.array(formFieldSchema).max(30),
  /** Attribution recorded with every capture through this form. */
  source: z.string().trim().min(1).max(100).optional(),
  campaign: z.string().trim().min(1).max(200).optional(),
});

export type FormInput = z.input<typeof formInputSchema>;
export type FormConfig = z.output<typeof formInputSchema>;
export type FormField = FormConfig["fields"][number];
export type FormFieldInput = z.input<typeof formFieldSchema>;
export type FormOption = z.output<typeof formOptionSchema>;
export type ContactField = keyof FormConfig["contact"];
export const CONTACT_FIELDS: readonly ContactField[] = ["name", "email", "phone", "company"];

const problemSchema = z.object({ path: z.string(), message: z.string() });

/** A stored form as the API returns it; `problems` checks it again against the active definition. */
export const formViewSchema = formInputSchema.extend({
  id: z.string(),
  url: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  problems: z.array(problemSchema),
});

export const snippetSchema = z.object({
  formId: z.string(),
  url: z.string(),
  iframe: z.string(),
  script: z.string(),
});
