import { type RawBuilder, sql } from "kysely";
import { dialectOf } from "./dialect.js";
import type { Db } from "./leads.js";
import type { LeadRow } from "./tables.js";

/**
 * The writes of one import batch: a few statements per batch whatever its size. Rows travel as
 * ONE JSON text per table (SQLite: json_each; PostgreSQL: json_array_elements), so there is no
 * bound-parameter limit, each statement is small to prepare, and Kysely builds no node per row —
 * per-row queries would cost a round trip (PostgreSQL) or a prepare (SQLite) each.
 * Rows are positional arrays in the column order each function names.
 */

type SqlType = "text" | "bigint";

/**
 * `v (columns) as (select … from the JSON rows)`, in the rows' order. `columns` is "name type, …"
 * with types text or bigint (PostgreSQL needs them; SQLite's ->> returns the JSON value's type).
 */
function jsonRows(db: Db, columns: string, rows: readonly unknown[]) {
  const json = JSON.stringify(rows);
  const cols = columns.split(",").map((c) => c.trim().split(" ") as [string, SqlType]);
  const names = sql.raw(cols.map(([c]) => c).join(", "));
  if (dialectOf(db) === "sqlite") {
    const values = sql.raw(cols.map((_, i) => `value ->> ${i}`).join(", "));
    return sql`v (${names}) as (select ${values} from json_each(${json}) order by key)`;
  }
  const values = sql.raw(cols.map(([, t], i) => `(e ->> ${i})::${t}`).join(", "));
  return sql`v (${names}) as (select ${values} from json_array_elements(cast(${json} as json)) with ordinality as r (e, n) order by n)`;
}

/** A parameter with its type said, so PostgreSQL need not guess it inside a SELECT list. */
const typed = (value: unknown, type: SqlType): RawBuilder<unknown> => sql`cast(${value} as ${sql.raw(type)})`;

/**
 * The open leads with any of these e-mails or phones (normalised). PostgreSQL: locked (unless
 * told not to), in id order, so a concurrent capture on one of them waits for the batch instead of
 * racing it; SQLite: the caller's transaction already holds the write lock.
 */
export async function findOpenLeadsByContacts(
  db: Db,
  emails: readonly string[],
  phones: readonly string[],
  options: { readonly lock: boolean } = { lock: true },
): Promise<LeadRow[]> {
  const found = new Map<string, LeadRow>();
  const lock = options.lock && dialectOf(db) === "postgres";
  for (const [column, values] of [
    ["email_norm", emails],
    ["phone_norm", phones],
  ] as const) {
    if (values.length === 0) continue;
    let q = db
      .selectFrom("leads")
      .selectAll()
      .where(column, "in", values)
      .where("is_open", "=", 1)
      .orderBy("id");
    if (lock) q = q.forUpdate();
    for (const lead of await q.execute()) found.set(lead.id, lead);
  }
  return [...found.values()];
}

/**
 * `n` new fact_events ids. The caller holds the write lock (SQLite), so the ids after the
 * highest ever used are free; PostgreSQL takes them from the table's sequence.
 */
export async function allocateFactEventIds(db: Db, n: number): Promise<number[]> {
  if (n === 0) return [];
  if (dialectOf(db) === "postgres") {
    const r = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('fact_events', 'id')) as id
      from generate_series(1, ${n})`.execute(db);
    return r.rows.map((row) => Number(row.id));
  }
  const r = await sql<{ last: number }>`select max(
      coalesce((select seq from sqlite_sequence where name = 'fact_events'), 0),
      coalesce((select max(id) from fact_events), 0)) as last`.execute(db);
  const first = Number(r.rows[0]?.last ?? 0) + 1;
  return Array.from({ length: n }, (_, i) => first + i);
}

const NEW_LEAD_COLUMNS = [
  ...["id", "name", "email", "email_norm", "phone", "phone_norm", "company", "source", "campaign"],
  ...["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "grade"],
]
  .map((c) => `${c} text`)
  .join(", ");

/**
 * New leads, all in the stage "captured", graded with `version` at `now`. Rows: [id, name,
 * email, email_norm, phone, phone_norm, company, source, campaign, utm_source, utm_medium,
 * utm_campaign, utm_term, utm_content, grade, next_regrade_at].
 */
export async function insertNewLeads(
  db: Db,
  rows: readonly unknown[][],
  common: { readonly lifecycle: string; readonly version: number; readonly now: number },
): Promise<void> {
  if (rows.length === 0) return;
  const now = typed(common.now, "bigint");
  await sql`with ${jsonRows(db, `${NEW_LEAD_COLUMNS}, next_at bigint`, rows)}
    insert into leads (id, name, email, email_norm, phone, phone_norm, company, source, campaign, utm_source,
      utm_medium, utm_campaign, utm_term, utm_content, owner_id, stage, lifecycle, is_open, grade, graded_version,
      graded_at, next_regrade_at, handed_off_at, handed_off_by, sla_due_at, responded_at, outcome_amount,
      outcome_currency, outcome_reason, created_at, updated_at, erased_at, row_version)
    select id, name, email, email_norm, phone, phone_norm, company, source, campaign, utm_source, utm_medium,
      utm_campaign, utm_term, utm_content, null, 'captured', ${typed(common.lifecycle, "text")}, 1, grade,
      ${typed(common.version, "bigint")}, ${now}, next_at, null, null, null, null, null, null, null,
      ${now}, ${now}, null, 0
    from v`.execute(db);
}

/**
 * Grade changes of existing leads, compare-and-set on row_version. Rows: [id, row_version read,
 * grade, next_regrade_at]. Returns how many were updated (fewer = some lead changed meanwhile).
 */
export async function updateLeadGrades(
  db: Db,
  rows: readonly unknown[][],
  stamp: { readonly version: number; readonly now: number },
): Promise<number> {
  if (rows.length === 0) return 0;
  const now = typed(stamp.now, "bigint");
  const r = await sql`with ${jsonRows(db, "id text, rv bigint, grade text, next_at bigint", rows)}
    update leads set grade = v.grade, graded_version = ${typed(stamp.version, "bigint")}, graded_at = ${now},
      next_regrade_at = v.next_at, updated_at = ${now}, row_version = leads.row_version + 1
    from v where leads.id = v.id and leads.row_version = v.rv`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Imported observations, with evidence channel `import`; the note says "<file>, row <n>".
 * Rows: [id, lead_id, fact, value (JSON text), recorded_at, row].
 */
export async function insertImportedFactEvents(
  db: Db,
  rows: readonly unknown[][],
  common: {
    readonly recordedBy: string;
    readonly actor: string;
    readonly file: string;
    readonly now: number;
  },
): Promise<void> {
  if (rows.length === 0) return;
  const cols = "id bigint, lead_id text, fact text, value text, at bigint, row_no text";
  await sql`with ${jsonRows(db, cols, rows)}
    insert into fact_events (id, lead_id, fact, value, channel, recorded_by, recorded_at, quote, note, actor, created_at)
    select id, lead_id, fact, value, 'import', ${typed(common.recordedBy, "text")}, at, null,
      ${typed(`${common.file}, row `, "text")} || row_no, ${typed(common.actor, "text")}, ${typed(common.now, "bigint")}
    from v`.execute(db);
}

/**
 * Current facts: inserted, or updated where this value was recorded no earlier than the stored
 * one (the same rule as `appendFactEvents`). One row per (lead, fact). Rows: [lead_id, fact,
 * value, recorded_at, event_id].
 */
export async function upsertLeadFacts(db: Db, rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const cols = "lead_id text, fact text, value text, at bigint, event_id bigint";
  await sql`with ${jsonRows(db, cols, rows)}
    insert into lead_facts (lead_id, fact, value, recorded_at, event_id)
    select lead_id, fact, value, at, event_id from v where true
    on conflict (lead_id, fact) do update set value = excluded.value, recorded_at = excluded.recorded_at,
      event_id = excluded.event_id
    where lead_facts.recorded_at <= excluded.recorded_at`.execute(db);
}

/** Rows: [lead_id, old_grade, new_grade, version, cause, explanation, at]. */
export async function insertGradeEventsBulk(db: Db, rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const cols =
    "lead_id text, old_grade text, new_grade text, version bigint, cause text, explanation text, at bigint";
  await sql`with ${jsonRows(db, cols, rows)}
    insert into grade_events (lead_id, old_grade, new_grade, version, cause, explanation, at)
    select lead_id, old_grade, new_grade, version, cause, explanation, at from v`.execute(db);
}

/** Rows: [lead_id, type, data (JSON text)]. */
export async function insertLeadEventsBulk(
  db: Db,
  rows: readonly unknown[][],
  common: { readonly actor: string; readonly now: number },
): Promise<void> {
  if (rows.length === 0) return;
  await sql`with ${jsonRows(db, "lead_id text, type text, data text", rows)}
    insert into lead_events (lead_id, type, actor, at, data)
    select lead_id, type, ${typed(common.actor, "text")}, ${typed(common.now, "bigint")}, data from v`.execute(
    db,
  );
}

/** Rows: [row, outcome, lead_id, column_name, value, reason]. A row written twice fails the batch. */
export async function insertImportRows(db: Db, importId: string, rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const cols = "row_no bigint, outcome text, lead_id text, column_name text, value text, reason text";
  await sql`with ${jsonRows(db, cols, rows)}
    insert into import_rows (import_id, "row", outcome, lead_id, column_name, value, reason)
    select ${typed(importId, "text")}, row_no, outcome, lead_id, column_name, value, reason from v`.execute(
    db,
  );
}
