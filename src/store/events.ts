import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import { insertOutbox, outboxOfGradeEvent, outboxOfLeadEvent } from "./outbox.js";
import type { GradeEventsTable, LeadEventsTable } from "./tables.js";

export type GradeEventRow = Selectable<GradeEventsTable>;
export type LeadEventRow = Selectable<LeadEventsTable>;

/** Appends a grade event and, in the same transaction, its `lead.graded` webhook outbox row. */
export async function appendGradeEvent(db: Db, event: Insertable<GradeEventsTable>): Promise<void> {
  await db.insertInto("grade_events").values(event).execute();
  await insertOutbox(db, outboxOfGradeEvent(event));
}

/** Appends a lead event and, in the same transaction, its webhook outbox row if its type has one. */
export async function appendLeadEvent(db: Db, event: Insertable<LeadEventsTable>): Promise<void> {
  await db.insertInto("lead_events").values(event).execute();
  const outbox = outboxOfLeadEvent(event);
  if (outbox) await insertOutbox(db, outbox);
}

export async function findGradeEvents(db: Db, leadId: string): Promise<GradeEventRow[]> {
  return db.selectFrom("grade_events").selectAll().where("lead_id", "=", leadId).orderBy("id").execute();
}

export async function findLeadEvents(db: Db, leadId: string): Promise<LeadEventRow[]> {
  return db.selectFrom("lead_events").selectAll().where("lead_id", "=", leadId).orderBy("id").execute();
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
