import { z } from "zod";
import { ROLES } from "../core/index.js";

/**
 * Requests and responses of the company settings and of "who am I": the company's name, its
 * default interface language, whether the first-run set-up is done, and a person's own language.
 */

export const LOCALES = ["en", "ru"] as const;
export type Locale = (typeof LOCALES)[number];
const locale = z.enum(LOCALES);

/** Company-wide settings as every signed-in person reads them. */
export const settingsViewSchema = z.object({
  /** Null until the admin names the company at first run. */
  companyName: z.string().nullable(),
  /** The interface language of anyone who has not chosen their own. */
  defaultLocale: locale,
  /** The first-run set-up (own password, company, the two heads) is finished. */
  setupDone: z.boolean(),
});
export type SettingsView = z.output<typeof settingsViewSchema>;

/** What the admin sets. */
export const updateSettingsSchema = z.strictObject({
  companyName: z.string().trim().min(1).max(200),
  defaultLocale: locale,
});
export type UpdateSettingsInput = z.input<typeof updateSettingsSchema>;

/**
 * A person changes their own interface language (null: the company's default). Not their name:
 * names stand beside approvals, facts and outcomes, so only an administrator changes them.
 */
export const updateMeSchema = z.strictObject({ locale: locale.nullable() });
export type UpdateMeInput = z.input<typeof updateMeSchema>;

/** The signed-in person, and what the web app needs to start: language, company, first-run state. */
export const meViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  csrfToken: z.string(),
  /** Their password is one-time or admin-set: they must choose their own before anything else. */
  mustChangePassword: z.boolean(),
  /** Their own interface language; null: the company's default. */
  locale: locale.nullable(),
  companyName: z.string().nullable(),
  defaultLocale: locale,
  /** True only for an admin while the first-run set-up is not done. */
  setupPending: z.boolean(),
});
export type MeView = z.output<typeof meViewSchema>;
