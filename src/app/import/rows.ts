import { z } from "zod";
import type { LeadField } from "../../contracts/import-mapping.js";
import { normalizeEmail, normalizePhone } from "../../contracts/leads.js";
import type { ColumnPlan } from "./columns.js";
import {
  CellProblem,
  type CellReader,
  clip,
  normalizeCell,
  PLACEHOLDERS,
  parseRecordedAt,
} from "./values.js";

/** A valid row, ready to become a lead or to merge into one. */
export interface LeadRowInput {
  readonly kind: "lead";
  readonly row: number;
  readonly fields: Readonly<
    Partial<Record<Exclude<LeadField, "first_name" | "last_name" | "recorded_at">, string>>
  >;
  readonly emailNorm: string | null;
  readonly phoneNorm: string | null;
  /** Epoch ms: when the facts were recorded. */
  readonly recordedAt: number;
  /** Fact key and value as stored: JSON text (dates as "YYYY-MM-DD"). */
  readonly facts: readonly { readonly fact: string; readonly value: string }[];
}

/** A row that cannot be imported: what the rejects file says about it. */
export interface RejectedRow {
  readonly kind: "rejected";
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

export type MappedRow = LeadRowInput | RejectedRow | null;

export interface RowContext {
  readonly plan: ColumnPlan;
  /** The import's start: recorded time of facts without a recorded_at column, and the future's edge. */
  readonly startedAt: number;
  readonly defaults: { readonly source?: string | undefined; readonly campaign?: string | undefined };
  readonly encoding: string;
}

const placeholders = new Set(PLACEHOLDERS.map(normalizeCell));
/** The longest placeholder, normalized: a longer cell with nothing to collapse is none. */
const PLACEHOLDER_MAX = Math.max(...[...placeholders].map((p) => p.length));
/** Whitespace normalizeCell would change inside a trimmed cell: a run, or a tab, NBSP… */
const COLLAPSIBLE = /\s\s|[^\S ]/;
/**
 * captureLeadSchema's e-mail and phone checks (contracts/leads.ts) on a trimmed cell, without zod's per-call cost:
 * its e-mail check is `max(254)` then zod's e-mail pattern, its phone check `max(40)` then the
 * pattern below. A test compares these with the schema on generated cells.
 */
const EMAIL = z.regexes.email;
const PHONE = /^\+?[\d\s().-]{5,}$/;
export const isEmail = (cell: string) => cell.length <= 254 && EMAIL.test(cell);
export const isPhone = (cell: string) => cell.length <= 40 && PHONE.test(cell);
/** The lengths captureLeadSchema allows. */
const MAX_LENGTH: Readonly<Record<string, number>> = { name: 200, company: 200, source: 100, campaign: 200 };

/** Whether a trimmed cell says "nobody knows" (normalizeCell, then the placeholder list). */
function isPlaceholder(cell: string): boolean {
  if (COLLAPSIBLE.test(cell)) return placeholders.has(normalizeCell(cell));
  // Lower-casing never shortens a string, so a longer cell cannot be a placeholder.
  return cell.length <= PLACEHOLDER_MAX && placeholders.has(cell.toLowerCase());
}

interface Problem {
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

/** Fact cells read once per distinct cell text: most columns repeat a few values. */
const CACHE_ENTRIES = 4096;
const CACHE_CELL_LENGTH = 64;
/** A fact cell read, as the row records it: JSON text, a problem, or null for unknown. */
type ReadCell = string | CellProblem | null;

function cachedReader(read: CellReader): (cell: string) => ReadCell {
  const cache = new Map<string, ReadCell>();
  return (cell) => {
    let hit = cache.get(cell);
    if (hit !== undefined) return hit;
    const v = read(cell);
    hit = v === undefined ? null : v instanceof CellProblem ? v : JSON.stringify(v);
    if (cell.length <= CACHE_CELL_LENGTH && cache.size < CACHE_ENTRIES) cache.set(cell, hit);
    return hit;
  };
}

export type RowMapper = (record: readonly string[], row: number) => MappedRow;

const mappers = new WeakMap<RowContext, RowMapper>();

/**
 * Reads one record into a lead or a reject; null for an empty line. Every problem of the row is
 * found (the reject names the first and counts the rest), and a value is checked exactly as a
 * capture checks it, so an imported lead could have been captured. Compiled once per context.
 */
export function mapRow(ctx: RowContext, record: readonly string[], row: number): MappedRow {
  let mapper = mappers.get(ctx);
  if (!mapper) {
    mapper = compileRowMapper(ctx);
    mappers.set(ctx, mapper);
  }
  return mapper(record, row);
}

/**
 * `mapRow` for one file, compiled from its column plan: per lead field and per fact, the columns
 * to look at with their headers, limits and checks resolved once, and the fact readers cached.
 */
export function compileRowMapper(ctx: RowContext): RowMapper {
  const { plan, startedAt, encoding } = ctx;
  const headers = plan.columns;
  const badReason = `not valid ${encoding} text: give the file's encoding with --encoding`;
  const fields = [...plan.fields].map(([field, columns]) => ({
    field,
    columns,
    /** As problems name the column: its header (the field for a column the plan lacks). */
    names: columns.map((i) => headers[i]?.header ?? field),
    badNames: columns.map((i) => headers[i]?.header ?? ""),
    max: MAX_LENGTH[field] ?? (field.startsWith("utm_") ? 200 : undefined),
    /** Where a value goes: the lead's own fields, or the three the row only reads. */
    slot: field === "first_name" ? 1 : field === "last_name" ? 2 : field === "recorded_at" ? 3 : 0,
  }));
  const recordedAtName = headers[plan.fields.get("recorded_at")?.[0] ?? -1]?.header ?? "recorded_at";
  const facts = plan.facts.map(({ key, columns, read }) => ({
    key,
    columns,
    names: columns.map((i) => headers[i]?.header ?? key),
    read: cachedReader(read),
  }));
  const defaultSource = ctx.defaults.source;
  const defaultCampaign = ctx.defaults.campaign;

  return (record, row) => {
    let empty = true;
    for (let i = 0; i < record.length; i++)
      if ((record[i] as string).trim() !== "") {
        empty = false;
        break;
      }
    if (empty) return null;
    const problems: Problem[] = [];
    const own: Record<string, string> = {};
    let first: string | undefined;
    let last: string | undefined;
    let recordedAtCell: string | undefined;
    for (const { field, columns, names, badNames, max, slot } of fields) {
      let value: string | undefined;
      let at = 0;
      for (; at < columns.length; at++) {
        const cell = (record[columns[at] as number] ?? "").trim();
        if (cell === "" || isPlaceholder(cell)) continue;
        if (cell.includes("\uFFFD"))
          problems.push({ column: badNames[at] as string, value: clip(cell), reason: badReason });
        value = cell;
        break;
      }
      if (value === undefined) continue;
      const column = names[at] as string;
      if (max !== undefined && value.length > max)
        problems.push({ column, value, reason: `longer than ${max} characters` });
      else if (field === "email" && !isEmail(value))
        problems.push({ column, value, reason: "not an e-mail address" });
      else if (field === "phone" && !isPhone(value))
        problems.push({ column, value, reason: "not a phone number: digits, spaces, + ( ) . -" });
      else if (slot === 0) own[field] = value;
      else if (slot === 1) first = value;
      else if (slot === 2) last = value;
      else recordedAtCell = value;
    }
    let recordedAt = startedAt;
    if (recordedAtCell !== undefined) {
      const at = parseRecordedAt(recordedAtCell, plan.dates);
      if (at instanceof CellProblem)
        problems.push({ column: recordedAtName, value: recordedAtCell, reason: at.reason });
      else if (at > startedAt)
        problems.push({ column: recordedAtName, value: recordedAtCell, reason: "recorded in the future" });
      else recordedAt = at;
    }
    const ownName = own.name;
    const name = ownName ?? (first && last ? `${first} ${last}` : first || last || undefined);
    if (name !== undefined && name.length > 200 && ownName === undefined)
      problems.push({ column: "name", value: clip(name), reason: "longer than 200 characters" });
    const found: { fact: string; value: string }[] = [];
    for (const { key, columns, names, read } of facts) {
      for (let at = 0; at < columns.length; at++) {
        const cell = record[columns[at] as number] ?? "";
        const v = cell.includes("\uFFFD") ? new CellProblem(badReason) : read(cell);
        if (v === null) continue;
        if (v instanceof CellProblem)
          problems.push({ column: names[at] as string, value: cell, reason: v.reason });
        else found.push({ fact: key, value: v });
        break;
      }
    }
    const email = own.email;
    const phone = own.phone;
    if (problems.length === 0 && !email && !phone && !name)
      problems.push({ column: "", value: "", reason: "a lead needs at least an e-mail, a phone or a name" });
    if (problems.length > 0) return rejectOf(row, problems);
    if (name) own.name = name;
    const source = own.source ?? defaultSource;
    if (source) own.source = source;
    const campaign = own.campaign ?? defaultCampaign;
    if (campaign) own.campaign = campaign;
    return {
      kind: "lead",
      row,
      fields: own,
      emailNorm: normalizeEmail(email),
      phoneNorm: normalizePhone(phone),
      recordedAt,
      facts: found,
    };
  };
}

function rejectOf(row: number, problems: readonly Problem[]): RejectedRow {
  const [first, ...rest] = problems as [Problem, ...Problem[]];
  const also = rest.map((p) => `${p.column}: ${p.reason}`).join("; ");
  return {
    kind: "rejected",
    row,
    column: first.column,
    value: first.value,
    reason: also ? `${first.reason} (also ${also})` : first.reason,
  };
}
