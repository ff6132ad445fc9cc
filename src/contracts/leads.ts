import { z } from "zod";
import { observationSchema } from "../core/index.js";

const text = (max: number) => z.string().trim().min(1).max(max);

/** A new lead from a form, the API, an import or the CLI. At least one way to identify it. */
export const captureLeadSchema = z
  .strictObject({
    name: text(200).optional(),
    email: z.string().trim().max(254).pipe(z.email("expected an e-mail address")).optional(),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^\+?[\d\s().-]{5,}$/, "expected a phone number: digits, spaces, + ( ) . -")
      .optional(),
    company: text(200).optional(),
    source: text(100).optional(),
    campaign: text(200).optional(),
    utm: z
      .strictObject({
        source: text(200).optional(),
        medium: text(200).optional(),
        campaign: text(200).optional(),
        term: text(200).optional(),
        content: text(200).optional(),
      })
      .optional(),
    ownerId: text(100).optional(),
    facts: z.array(observationSchema).max(500).optional(),
    /** A retried capture with the same key returns the first result and writes nothing. */
    idempotencyKey: z.string().min(8).max(200).optional(),
  })
  .refine((l) => l.email !== undefined || l.phone !== undefined || l.name !== undefined, {
    message: "a lead needs at least an e-mail, a phone or a name",
  });

export type CaptureLeadInput = z.input<typeof captureLeadSchema>;

export const recordFactsSchema = z.strictObject({
  facts: z.array(observationSchema).min(1).max(500),
});

/** E-mails compare case-insensitively and without surrounding space. */
export function normalizeEmail(email: string | undefined): string | null {
  return email ? email.trim().toLowerCase() : null;
}

/** Phones compare by their digits: "+7 (999) 123-45-67" and "+79991234567" are the same. */
export function normalizePhone(phone: string | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  return digits.length >= 5 ? digits : null;
}
