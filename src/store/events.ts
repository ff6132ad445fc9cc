import { type Insertable, type Selectable, sql } from "kysely";
import { dialectOf } from "./dialect.js";
import type { StoredObservation } from "./facts.js";
import type { Db } from "./leads.js";
import { outboxOfGradeChange, outboxOfLeadEvent } from "./outbox.js";
import type { LeadEventsTable, OutboxTable } from "./tables.js";

export type LeadEventRow = Selectable<LeadEventsTable>;

/** A grade change as an event records it. */
export interface GradeChangeRecord {
  readonly from: string | null;
  readonly to: string | null;
  readonly version: number;
  /** capture | fact | time | activation | dispute */
  readonly cause: string;
  /** What the grade was computed from, JSON text (see GradeInputs in app/grading.ts). */
  readonly inputs: string;
}

/** One happening on one lead, as a write gives it. */
export interface NewLeadEvent {
  readonly leadId: string;
  readonly type: string;
  readonly actor: string;
  readonly at: number;
  /** The event's own fields; `observations` and `gradeChange` are added from below. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly observations?: readonly StoredObservation[] | undefined;
  readonly gradeChange?: GradeChangeRecord | null | undefined;
}

/** A lead event row ready to insert: what bulk writers build directly. */
export interface LeadEventInsert {
  readonly lead_id: string;
  readonly type: string;
  readonly actor: string;
  readonly at: number;
  /** The whole data JSON text (see `eventDataText`). */
  readonly data: string;
  readonly old_grade: string | null;
  readonly new_grade: string | null;
  readonly version: number | null;
}

/** An observation's JSON inside an event (the value's JSON text is spliced in as it is). */
function observationJson(o: StoredObservation): string {
  return `{"fact":${JSON.stringify(o.fact)},"value":${o.value ?? "null"},"channel":${JSON.stringify(o.channel)},"recordedBy":${JSON.stringify(o.recordedBy)},"recordedAt":${o.recordedAt},"quote":${JSON.stringify(o.quote)},"note":${JSON.stringify(o.note)}}`;
}

function gradeChangeJson(g: GradeChangeRecord): string {
  return `{"from":${JSON.stringify(g.from)},"to":${JSON.stringify(g.to)},"version":${g.version},"cause":${JSON.stringify(g.cause)},"inputs":${g.inputs}}`;
}

/**
 * An event's data text: its own fields, then `observations` and `gradeChange` if any. Built by
 * splicing, so values and inputs that are JSON text already are not parsed and written again.
 */
export function eventDataText(
  data: Readonly<Record<string, unknown>>,
  observations: readonly StoredObservation[] | undefined,
  gradeChange: GradeChangeRecord | null | undefined,
): string {
  const own = JSON.stringify(data);
  const extra: string[] = [];
  if (observations && observations.length > 0)
    extra.push(`"observations":[${observations.map(observationJson).join(",")}]`);
  if (gradeChange) extra.push(`"gradeChange":${gradeChangeJson(gradeChange)}`);
  if (extra.length === 0) return own;
  return own === "{}" ? `{${extra.join(",")}}` : `${own.slice(0, -1)},${extra.join(",")}}`;
}

export function leadEventInsert(e: NewLeadEvent): LeadEventInsert {
  const g = e.gradeChange ?? null;
  return {
    lead_id: e.leadId,
    type: e.type,
    actor: e.actor,
    at: e.at,
    data: eventDataText(e.data, e.observations, g),
    old_grade: g?.from ?? null,
    new_grade: g?.to ?? null,
    version: g?.version ?? null,
  };
}

/**
 * Appends one lead event and, in the same transaction, its webhook outbox rows: the event's own
 * (if its type has one) and `lead.graded` when it changed the grade.
 */
export async function appendLeadEvent(db: Db, event: NewLeadEvent): Promise<void> {
  const row = leadEventInsert(event);
  await db.insertInto("lead_events").values(row).execute();
  const outbox: Insertable<OutboxTable>[] = [];
  const own = outboxOfLeadEvent(row);
  if (own) outbox.push(own);
  if (event.gradeChange) outbox.push(outboxOfGradeChange(event.leadId, event.gradeChange, event.at));
  // One statement for both rows, in this order (the event, then the grade it caused).
  if (outbox.length > 0) await db.insertInto("outbox").values(outbox).execute();
}

/**
 * Appends many lead events in one statement (no webhook rows: bulk writers announce themselves
 * once, e.g. `definition.activated`). SQLite: from one JSON parameter; PostgreSQL: 1,000 rows per
 * statement (8 parameters each).
 */
export async function appendLeadEventsBulk(db: Db, rows: readonly LeadEventInsert[]): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(db) === "postgres") {
    for (let i = 0; i < rows.length; i += 1000) {
      await db
        .insertInto("lead_events")
        .values(rows.slice(i, i + 1000))
        .execute();
    }
    return;
  }
  const tuples = new Array<unknown[]>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as LeadEventInsert;
    tuples[i] = [r.lead_id, r.type, r.actor, r.at, r.data, r.old_grade, r.new_grade, r.version];
  }
  await sql`insert into lead_events (lead_id, type, actor, at, data, old_grade, new_grade, version)
    select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
    from json_each(${JSON.stringify(tuples)}) order by key`.execute(db);
}

export async function findLeadEvents(db: Db, leadId: string): Promise<LeadEventRow[]> {
  return db.selectFrom("lead_events").selectAll().where("lead_id", "=", leadId).orderBy("id").execute();
}

/** An observation read back from an event, with the event's actor and instant. */
export interface ObservationRecord {
  readonly eventId: number;
  readonly fact: string;
  /** The value's JSON text; null = unknown. */
  readonly value: string | null;
  readonly channel: string;
  readonly recordedBy: string;
  readonly recordedAt: number;
  readonly quote: string | null;
  readonly note: string | null;
  readonly actor: string;
  readonly at: number;
}

/** A grade change read back from an event. */
export interface GradeChangeRow {
  readonly eventId: number;
  readonly lead_id: string;
  readonly old_grade: string | null;
  readonly new_grade: string | null;
  readonly version: number;
  readonly cause: string;
  /** The grade's inputs, JSON text. */
  readonly explanation: string;
  readonly at: number;
}

interface StoredEventData {
  observations?: {
    fact: string;
    value: unknown;
    channel: string;
    recordedBy: string;
    recordedAt: number;
    quote: string | null;
    note: string | null;
  }[];
  gradeChange?: { from: string | null; to: string | null; version: number; cause: string; inputs: unknown };
  [key: string]: unknown;
}

/** A stored event split into what happened in it. */
export interface DecodedLeadEvent {
  readonly row: LeadEventRow;
  /** The event's own fields, without observations and grade change. */
  readonly data: Record<string, unknown>;
  readonly observations: readonly ObservationRecord[];
  readonly gradeChange: GradeChangeRow | null;
}

export function decodeLeadEvent(row: LeadEventRow): DecodedLeadEvent {
  const { observations = [], gradeChange, ...data } = JSON.parse(row.data) as StoredEventData;
  const id = Number(row.id);
  const at = Number(row.at);
  return {
    row,
    data,
    observations: observations.map((o) => ({
      eventId: id,
      fact: o.fact,
      value: o.value === null || o.value === undefined ? null : JSON.stringify(o.value),
      channel: o.channel,
      recordedBy: o.recordedBy,
      recordedAt: Number(o.recordedAt),
      quote: o.quote ?? null,
      note: o.note ?? null,
      actor: row.actor,
      at,
    })),
    gradeChange: gradeChange
      ? {
          eventId: id,
          lead_id: row.lead_id,
          old_grade: gradeChange.from,
          new_grade: gradeChange.to,
          version: Number(gradeChange.version),
          cause: gradeChange.cause,
          explanation: JSON.stringify(gradeChange.inputs),
          at,
        }
      : null,
  };
}

/** Every observation recorded on a lead, oldest first. */
export async function findObservations(db: Db, leadId: string): Promise<ObservationRecord[]> {
  return (await findLeadEvents(db, leadId)).flatMap((e) => decodeLeadEvent(e).observations);
}

/** Every grade change of a lead (or of the whole book), oldest first. */
export async function findGradeChanges(db: Db, leadId?: string): Promise<GradeChangeRow[]> {
  const rows = await db
    .selectFrom("lead_events")
    .selectAll()
    .$if(leadId !== undefined, (q) => q.where("lead_id", "=", leadId as string))
    .where("version", "is not", null)
    .orderBy("id")
    .execute();
  return rows.map((r) => decodeLeadEvent(r).gradeChange as GradeChangeRow);
}

/** An observation as a flat row, with its lead: for inspection and tests. */
export interface ObservationRow {
  readonly lead_id: string;
  readonly fact: string;
  readonly value: string | null;
  readonly channel: string;
  readonly recorded_by: string;
  readonly recorded_at: number;
  readonly quote: string | null;
  readonly note: string | null;
  readonly actor: string;
  readonly created_at: number;
}

/** Every observation of a lead (or of the whole book), in the order they were written. */
export async function findObservationRows(db: Db, leadId?: string): Promise<ObservationRow[]> {
  const rows = await db
    .selectFrom("lead_events")
    .selectAll()
    .$if(leadId !== undefined, (q) => q.where("lead_id", "=", leadId as string))
    .orderBy("id")
    .execute();
  return rows.flatMap((r) =>
    decodeLeadEvent(r).observations.map((o) => ({
      lead_id: r.lead_id,
      fact: o.fact,
      value: o.value,
      channel: o.channel,
      recorded_by: o.recordedBy,
      recorded_at: o.recordedAt,
      quote: o.quote,
      note: o.note,
      actor: o.actor,
      created_at: o.at,
    })),
  );
}

/** Counts grade changes in the whole book: tests check that simulations write none. */
export async function countGradeChanges(db: Db): Promise<number> {
  const row = await db
    .selectFrom("lead_events")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("version", "is not", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findIdempotentResult(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("idempotency_keys")
    .select("result")
    .where("key", "=", key)
    .executeTakeFirst();
  return row?.result;
}

export async function saveIdempotentResult(
  db: Db,
  key: string,
  leadId: string,
  result: string,
  at: number,
): Promise<void> {
  await db.insertInto("idempotency_keys").values({ key, lead_id: leadId, result, created_at: at }).execute();
}
