/**
 * The web app's own texts, so page objects find elements by the names people read, in both
 * languages, without writing a label twice. Plain TS objects (i18next resources).
 */
import { texts as auth } from "../../../web/src/features/auth/texts.js";
import { texts as firstRun } from "../../../web/src/features/first-run/texts.js";
import { texts as inbox } from "../../../web/src/features/inbox/texts.js";
import { texts as lead } from "../../../web/src/features/lead/texts.js";
import { texts as reports } from "../../../web/src/features/reports/texts.js";
import { texts as settings } from "../../../web/src/features/settings/texts.js";
import { texts as workshop } from "../../../web/src/features/workshop/texts.js";
import { texts as common } from "../../../web/src/i18n/common.js";
import type { Lang } from "../browser.js";

export function textsOf(lang: Lang) {
  return {
    common: common[lang],
    auth: auth[lang],
    firstRun: firstRun[lang],
    inbox: inbox[lang],
    lead: lead[lang],
    workshop: workshop[lang],
    reports: reports[lang],
    settings: settings[lang],
  };
}

export type Texts = ReturnType<typeof textsOf>;

/** i18next-style `{{name}}` interpolation, for texts with values in them. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(values[k] ?? ""));
}

/** A text as a pattern that ignores `{{…}}` placeholders (for names that carry counts or values). */
export function pattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*\w+\s*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(parts.join(".*"));
}
