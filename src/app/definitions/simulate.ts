import {
  definitionSourceSchema,
  definitionVersionSchema,
  type SimulateOptions,
  simulateOptionsSchema,
} from "../../contracts/definitions.js";
import { type CompiledGrader, type Definition, loadDefinition } from "../../core/index.js";
import { findActiveDefinition, findDefinitionVersion } from "../../store/definitions.js";
import { factRowsOf } from "../../store/facts.js";
import { findOpenLeadsPage } from "../../store/regrade.js";
import type { AppDeps } from "../deps.js";
import { gradeInputsOf } from "../grading.js";
import { parseInput } from "../validation.js";
import { definitionInvalid, definitionNotFound } from "./errors.js";

/**
 * The matrix's key for "no grade" (no rule applies, or never graded). Not "none": that is a valid
 * grade key, and a company's grade called none must not merge with leads that have no grade.
 */
export const NO_GRADE = "(none)";

export interface SimulationResult {
  /** The instant every lead was graded at, under both definitions. */
  readonly at: number;
  /** The version compared against (the active one); null if none is active. */
  readonly activeVersion: number | null;
  /** The stored version simulated, or null for a text that is not stored. */
  readonly candidateVersion: number | null;
  /** Open leads graded. */
  readonly total: number;
  /** matrix[old][new] = how many leads would move from grade old (today's) to grade new. */
  readonly matrix: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** "old→new" → the first lead ids (by id) of that cell, up to examplesPerCell. */
  readonly examples: Readonly<Record<string, readonly string[]>>;
  /** With `options.cell`: that cell's leads, first by id, up to `cellLimit`. */
  readonly cell?: SimulationCell;
}

/** The leads of one matrix cell, as a person picks them out: id, name, company. */
export interface SimulationCell {
  readonly from: string;
  readonly to: string;
  readonly leads: readonly {
    readonly id: string;
    readonly name: string | null;
    readonly company: string | null;
  }[];
  /** True when the cell holds more leads than listed. */
  readonly more: boolean;
}

interface Grading {
  readonly definition: Definition;
  readonly grader: CompiledGrader;
}

/**
 * Grades every open lead with a candidate definition (a text, or a stored version of any status)
 * and compares it with the grade the active version gives the same lead at the same instant, so
 * the matrix shows what the definition changes and nothing that time alone would. Reads only:
 * nothing is written, whatever the candidate. Leads are read a page at a time by id, so memory
 * stays flat; a lead written while the simulation runs may be counted as before or after.
 */
export async function simulateDefinition(
  deps: AppDeps,
  candidate: string | number,
  options: SimulateOptions = {},
): Promise<SimulationResult> {
  const {
    batchSize = 1000,
    examplesPerCell = 5,
    cell: wanted,
    cellLimit = 50,
  } = parseInput(simulateOptionsSchema, options);
  const db = deps.store.db;
  const at = deps.clock();
  let candidateVersion: number | null = null;
  let next: Grading;
  if (typeof candidate === "number") {
    candidateVersion = parseInput(definitionVersionSchema, candidate);
    const row = await findDefinitionVersion(db, candidateVersion);
    if (!row) throw definitionNotFound(candidateVersion);
    next = deps.graders.get(row.version, row.source);
  } else {
    const loaded = loadDefinition(parseInput(definitionSourceSchema, candidate));
    if (!loaded.ok) throw definitionInvalid(loaded.findings);
    next = loaded;
  }
  const activeRow = await findActiveDefinition(db);
  const current = activeRow ? deps.graders.get(activeRow.version, activeRow.source) : null;

  const matrix: Record<string, Record<string, number>> = {};
  const examples: Record<string, string[]> = {};
  const cellLeads: { id: string; name: string | null; company: string | null }[] = [];
  let cellCount = 0;
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const leads = await findOpenLeadsPage(db, { after, limit: batchSize });
    if (leads.length === 0) break;
    for (const lead of leads) {
      const rows = factRowsOf(lead);
      // Without an active version there is nothing to recompute with: the stored grade stands.
      const from = current ? gradeWith(current, rows, at) : (lead.grade ?? NO_GRADE);
      const to = gradeWith(next, rows, at);
      const row = matrix[from] ?? {};
      row[to] = (row[to] ?? 0) + 1;
      matrix[from] = row;
      const key = `${from}→${to}`;
      const cell = examples[key] ?? [];
      if (cell.length < examplesPerCell) cell.push(lead.id);
      examples[key] = cell;
      if (wanted && wanted.from === from && wanted.to === to) {
        if (cellLeads.length < cellLimit)
          cellLeads.push({ id: lead.id, name: lead.name, company: lead.company });
        cellCount++;
      }
      total++;
    }
    after = leads.at(-1)?.id ?? null;
  }
  return {
    at,
    activeVersion: activeRow?.version ?? null,
    candidateVersion,
    total,
    matrix,
    examples,
    ...(wanted ? { cell: { ...wanted, leads: cellLeads, more: cellCount > cellLeads.length } } : {}),
  };
}

function gradeWith(g: Grading, rows: Parameters<typeof gradeInputsOf>[1], now: number): string {
  const { values, recorded } = gradeInputsOf(g.definition, rows);
  return g.definition.grades[g.grader.gradeIndex(values, now, recorded)]?.key ?? NO_GRADE;
}
