/**
 * The row mapper as it was before it was compiled per file (rows.ts): kept verbatim as the
 * reference the differential tests compare `mapRow` with. Not used by the application.
 */
import type { LeadField } from "../../../contracts/import-mapping.js";
import { captureLeadSchema, normalizeEmail, normalizePhone } from "../../../contracts/leads.js";
import type { MappedRow, RejectedRow, RowContext } from "../rows.js";
import { CellProblem, clip, normalizeCell, PLACEHOLDERS, parseRecordedAt } from "../values.js";

const placeholders = new Set(PLACEHOLDERS.map(normalizeCell));
const { email: emailSchema, phone: phoneSchema } = captureLeadSchema.shape;
/** The lengths captureLeadSchema allows. */
const MAX_LENGTH: Readonly<Record<string, number>> = { name: 200, company: 200, source: 100, campaign: 200 };

interface Problem {
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

/**
 * Reads one record into a lead or a reject; null for an empty line. Every problem of the row is
 * found (the reject names the first and counts the rest), and a value is checked exactly as a
 * capture checks it, so an imported lead could have been captured.
 */
export function referenceMapRow(ctx: RowContext, record: readonly string[], row: number): MappedRow {
  if (record.every((c) => c.trim() === "")) return null;
  const { plan } = ctx;
  const headers = plan.columns;
  const problems: Problem[] = [];
  const cellOf = (index: number) => record[index] ?? "";
  const pickField = (field: LeadField): [string, number] | undefined => {
    for (const index of plan.fields.get(field) ?? []) {
      const cell = cellOf(index).trim();
      if (cell === "" || placeholders.has(normalizeCell(cell))) continue;
      if (cell.includes("\uFFFD")) problems.push(badText(headers[index]?.header, cell, ctx.encoding));
      return [cell, index];
    }
    return undefined;
  };
  const fields: Record<string, string> = {};
  for (const field of plan.fields.keys()) {
    const picked = pickField(field);
    if (!picked) continue;
    const [value, index] = picked;
    const header = headers[index]?.header ?? field;
    const max = MAX_LENGTH[field] ?? (field.startsWith("utm_") ? 200 : undefined);
    if (max !== undefined && value.length > max)
      problems.push({ column: header, value, reason: `longer than ${max} characters` });
    else if (field === "email" && !emailSchema.safeParse(value).success)
      problems.push({ column: header, value, reason: "not an e-mail address" });
    else if (field === "phone" && !phoneSchema.safeParse(value).success)
      problems.push({ column: header, value, reason: "not a phone number: digits, spaces, + ( ) . -" });
    else fields[field] = value;
  }
  let recordedAt = ctx.startedAt;
  if (fields.recorded_at !== undefined) {
    const at = parseRecordedAt(fields.recorded_at, plan.dates);
    const header = headers[plan.fields.get("recorded_at")?.[0] ?? -1]?.header ?? "recorded_at";
    if (at instanceof CellProblem)
      problems.push({ column: header, value: fields.recorded_at, reason: at.reason });
    else if (at > ctx.startedAt)
      problems.push({ column: header, value: fields.recorded_at, reason: "recorded in the future" });
    else recordedAt = at;
  }
  const name = fields.name ?? ([fields.first_name, fields.last_name].filter(Boolean).join(" ") || undefined);
  if (name !== undefined && name.length > 200 && fields.name === undefined)
    problems.push({ column: "name", value: clip(name), reason: "longer than 200 characters" });
  const facts: { fact: string; value: string }[] = [];
  for (const { key, columns, read } of plan.facts) {
    for (const index of columns) {
      const cell = cellOf(index);
      const header = headers[index]?.header ?? key;
      const v = cell.includes("\uFFFD")
        ? new CellProblem(badText(header, cell, ctx.encoding).reason)
        : read(cell);
      if (v === undefined) continue;
      if (v instanceof CellProblem) problems.push({ column: header, value: cell, reason: v.reason });
      else facts.push({ fact: key, value: JSON.stringify(v) });
      break;
    }
  }
  if (problems.length === 0 && !fields.email && !fields.phone && !name)
    problems.push({ column: "", value: "", reason: "a lead needs at least an e-mail, a phone or a name" });
  if (problems.length > 0) return rejectOf(row, problems);
  const { first_name: _f, last_name: _l, recorded_at: _r, ...own } = fields;
  const source = fields.source ?? ctx.defaults.source;
  const campaign = fields.campaign ?? ctx.defaults.campaign;
  return {
    kind: "lead",
    row,
    fields: {
      ...own,
      ...(name ? { name } : {}),
      ...(source ? { source } : {}),
      ...(campaign ? { campaign } : {}),
    },
    emailNorm: normalizeEmail(fields.email),
    phoneNorm: normalizePhone(fields.phone),
    recordedAt,
    facts,
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

function badText(header: string | undefined, cell: string, encoding: string): Problem {
  return {
    column: header ?? "",
    value: clip(cell),
    reason: `not valid ${encoding} text: give the file's encoding with --encoding`,
  };
}
