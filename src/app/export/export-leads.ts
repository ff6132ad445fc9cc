import type { z } from "zod";
import { leadListFilterSchema } from "../../contracts/api-leads.js";
import { explainGrade, type FactType, type LocalText, renderExplanation } from "../../core/index.js";
import { findActiveDefinition, findDefinitionVersion } from "../../store/definitions.js";
import { type ExportLeadRow, findLeadsForExport } from "../../store/export.js";
import { factRowsOf, type LeadFactRow } from "../../store/facts.js";
import { findLeadPage } from "../../store/lead-list.js";
import type { AppDeps } from "../deps.js";
import { gradeInputsOf, noActiveDefinition, type VersionGrader } from "../grading.js";
import { parseInput } from "../validation.js";

/** The filters of `GET /api/v1/leads` (one schema, so an export selects what the list shows). */
export const exportFilterSchema = leadListFilterSchema.omit({
  limit: true,
  cursor: true,
  sort: true,
  stageSince: true,
});
export type ExportFilter = z.input<typeof exportFilterSchema>;

export type FactCell = boolean | number | string | null;

/** One exported lead. Erased leads keep their anonymised record and lose their identity. */
export interface ExportedLead {
  readonly id: string;
  readonly identity: {
    readonly name: string | null;
    readonly email: string | null;
    readonly phone: string | null;
    readonly company: string | null;
  };
  readonly source: string | null;
  readonly campaign: string | null;
  readonly utm: {
    readonly source: string | null;
    readonly medium: string | null;
    readonly campaign: string | null;
    readonly term: string | null;
    readonly content: string | null;
  };
  readonly ownerId: string | null;
  readonly stage: string;
  readonly grade: string | null;
  readonly definitionVersion: number | null;
  /** Every fact of the active catalogue, as recorded (dates YYYY-MM-DD); null = unknown. */
  readonly facts: Readonly<Record<string, FactCell>>;
  /** The first line of the stored grade's explanation, in both languages; null if never graded. */
  readonly explanation: { readonly en: string; readonly ru: string } | null;
  readonly outcome: {
    readonly amount: string | null;
    readonly currency: string | null;
    readonly reason: string | null;
  };
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly erasedAt: number | null;
}

export interface ExportColumnFact {
  readonly key: string;
  readonly type: FactType;
  readonly label: LocalText;
}

export interface LeadExport {
  /** The active definition's fact catalogue, in its order: one column per fact. */
  readonly facts: readonly ExportColumnFact[];
  /** The leads, newest first (the list's order), read a batch at a time. */
  readonly leads: AsyncIterable<ExportedLead>;
}

/**
 * Exports the leads matching the list's filters. Streams: leads are read in keyset-paginated
 * batches of `batchSize` (the list's own query, so the filters mean the same), each with its
 * facts, and handed out one at a time, so memory stays flat whatever the book's size. Each batch
 * is its own read: a lead changed during a long export is exported as it was when its batch was
 * read. The explanation is the stored grade's own, rebuilt exactly from the lead's facts under
 * the version and at the instant it was graded with, so grade and explanation always agree, also
 * for closed leads that later versions did not regrade.
 */
export async function exportLeads(
  deps: AppDeps,
  filterInput: ExportFilter,
  options: { readonly batchSize?: number } = {},
): Promise<LeadExport> {
  const filter = parseInput(exportFilterSchema, filterInput);
  const db = deps.store.db;
  const activeRow = await findActiveDefinition(db);
  if (!activeRow) throw noActiveDefinition();
  const active = deps.graders.get(activeRow.version, activeRow.source);
  const catalogue = active.definition.facts.map((f) => ({ key: f.key, type: f.type, label: f.label }));
  const textFacts = new Set(catalogue.filter((f) => f.type === "text").map((f) => f.key));
  const graders = new Map<number, VersionGrader | null>();
  const graderOf = async (version: number) => {
    if (!graders.has(version)) {
      const row = await findDefinitionVersion(db, version);
      graders.set(version, row ? deps.graders.get(row.version, row.source) : null);
    }
    return graders.get(version) ?? null;
  };
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 500, 5000));
  const now = deps.clock();

  async function* leads(): AsyncGenerator<ExportedLead> {
    let after: { createdAt: number; id: string } | undefined;
    for (;;) {
      const page = await findLeadPage(
        db,
        {
          grade: filter.grade,
          stage: filter.stage,
          source: filter.source,
          campaign: filter.campaign,
          ownerId: filter.owner,
          sla: filter.sla,
          text: filter.q,
          after,
        },
        now,
        batchSize,
      );
      const last = page.at(-1);
      if (!last) return;
      const ids = page.map((r) => r.id);
      const rows = await findLeadsForExport(db, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids) {
        const row = byId.get(id);
        if (!row) continue; // not possible today: leads are never deleted
        const factRows = factRowsOf(row);
        const grader = row.graded_version === null ? null : await graderOf(row.graded_version);
        yield exportedLead(row, factRows, catalogue, textFacts, grader);
      }
      if (page.length < batchSize) return;
      after = { createdAt: last.created_at, id: last.id };
    }
  }
  return { facts: catalogue, leads: leads() };
}

function exportedLead(
  row: ExportLeadRow,
  factRows: readonly LeadFactRow[],
  catalogue: readonly ExportColumnFact[],
  textFacts: ReadonlySet<string>,
  grader: VersionGrader | null,
): ExportedLead {
  const erased = row.erased_at !== null;
  const current = new Map(factRows.map((f) => [f.fact, f.value]));
  const facts: Record<string, FactCell> = {};
  for (const { key } of catalogue) {
    const raw = current.get(key);
    // Erasure already cleared free text; an export must not depend on that alone.
    facts[key] = raw === null || raw === undefined || (erased && textFacts.has(key)) ? null : JSON.parse(raw);
  }
  const hide = <T>(v: T): T | null => (erased ? null : v);
  return {
    id: row.id,
    identity: {
      name: hide(row.name),
      email: hide(row.email),
      phone: hide(row.phone),
      company: hide(row.company),
    },
    source: row.source,
    campaign: row.campaign,
    utm: {
      source: row.utm_source,
      medium: row.utm_medium,
      campaign: row.utm_campaign,
      term: hide(row.utm_term),
      content: hide(row.utm_content),
    },
    ownerId: row.owner_id,
    stage: row.stage,
    grade: row.grade,
    definitionVersion: row.graded_version,
    facts,
    explanation: grader && row.graded_at !== null ? explainStored(grader, factRows, row.graded_at) : null,
    outcome: { amount: row.outcome_amount, currency: row.outcome_currency, reason: row.outcome_reason },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    erasedAt: row.erased_at,
  };
}

function explainStored(
  vg: VersionGrader,
  factRows: readonly LeadFactRow[],
  gradedAt: number,
): { en: string; ru: string } {
  const { values, recorded } = gradeInputsOf(vg.definition, factRows);
  const e = explainGrade(vg.grader, values, gradedAt, recorded);
  return {
    en: renderExplanation(vg.definition, e, "en")[0] ?? "",
    ru: renderExplanation(vg.definition, e, "ru")[0] ?? "",
  };
}
