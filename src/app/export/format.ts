import { type CsvOptions, csvRecord } from "./csv.js";
import type { ExportColumnFact, ExportedLead, FactCell } from "./export-leads.js";

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface CsvLayout extends CsvOptions {
  /** Which languages get an explanation column: en always, ru too when asked. */
  readonly explanationLocales: readonly ("en" | "ru")[];
  /** Decimal comma in numbers (fact values, amounts), for a Russian Excel. */
  readonly decimalComma: boolean;
}

/** Text cells of a CSV, in column order; header names are stable keys, not translated. */
export function csvHeader(facts: readonly ExportColumnFact[], layout: CsvLayout): string {
  const names = [
    "id",
    "name",
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
    "owner",
    "stage",
    "grade",
    "definition_version",
    ...facts.map((f) => `fact.${f.key}`),
    ...layout.explanationLocales.map((l) => (l === "en" ? "explanation" : `explanation_${l}`)),
    "outcome_amount",
    "outcome_currency",
    "outcome_reason",
    "created_at",
    "updated_at",
    "erased_at",
  ];
  return csvRecord(names, layout);
}

export function csvRow(lead: ExportedLead, facts: readonly ExportColumnFact[], layout: CsvLayout): string {
  const text = (v: string | null) => v ?? "";
  const num = (v: number | string | null) =>
    v === null ? "" : layout.decimalComma ? String(v).replace(".", ",") : String(v);
  const cell = (v: FactCell) => (typeof v === "number" ? num(v) : v === null ? "" : String(v));
  const values = [
    lead.id,
    text(lead.identity.name),
    text(lead.identity.email),
    text(lead.identity.phone),
    text(lead.identity.company),
    text(lead.source),
    text(lead.campaign),
    text(lead.utm.source),
    text(lead.utm.medium),
    text(lead.utm.campaign),
    text(lead.utm.term),
    text(lead.utm.content),
    text(lead.ownerId),
    lead.stage,
    text(lead.grade),
    lead.definitionVersion === null ? "" : String(lead.definitionVersion),
    ...facts.map((f) => cell(lead.facts[f.key] ?? null)),
    ...layout.explanationLocales.map((l) => lead.explanation?.[l] ?? ""),
    num(lead.outcome.amount),
    text(lead.outcome.currency),
    text(lead.outcome.reason),
    spreadsheetTime(lead.createdAt),
    spreadsheetTime(lead.updatedAt),
    lead.erasedAt === null ? "" : spreadsheetTime(lead.erasedAt),
  ];
  return csvRecord(values, layout);
}

/** One JSON Lines record: nested, times as ISO 8601, the explanation in both languages. */
export function jsonlRow(lead: ExportedLead): string {
  return `${JSON.stringify({
    ...lead,
    createdAt: new Date(lead.createdAt).toISOString(),
    updatedAt: new Date(lead.updatedAt).toISOString(),
    erasedAt: lead.erasedAt === null ? null : new Date(lead.erasedAt).toISOString(),
  })}\n`;
}

/** UTC as `2026-11-27 10:00:00`: the form spreadsheets read as a date and time. */
function spreadsheetTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
