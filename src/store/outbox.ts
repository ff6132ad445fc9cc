import type { Insertable, Selectable } from "kysely";
import type { Db } from "./leads.js";
import type { LeadEventsTable, OutboxTable } from "./tables.js";

/**
 * The outbox: one row per event that webhooks may send, inserted by the writer of the change in
 * its own transaction (so an event is queued if and only if the change committed). The webhook
 * job fans each row out to the subscribed webhooks (webhook_deliveries) and marks it dispatched.
 *
 * Webhooks leave the system, so payloads carry ids, grades, versions, stages, amounts and codes,
 * never identity (names, e-mails, phones, companies), the prospect's words, free-text notes,
 * fact values or evidence authors: receivers fetch details through the API with their own key.
 */
export type OutboxRow = Selectable<OutboxTable>;

/** Lead event type → webhook event name; types not listed (nurture, recycle, erased…) send nothing. */
export const LEAD_EVENT_WEBHOOKS: Readonly<Record<string, string>> = {
  captured: "lead.captured",
  hand_off: "lead.handed_off",
  accept: "lead.accepted",
  reject: "lead.rejected",
  win: "lead.won",
  lose: "lead.lost",
  dispute_opened: "dispute.opened",
  dispute_resolved: "dispute.resolved",
};

/** The fields of each lead event's stored data that may leave the system. */
const SAFE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  captured: ["source", "campaign", "utm", "facts"],
  hand_off: ["from", "to", "grade", "slaDueAt", "role"],
  accept: ["from", "to", "role"],
  reject: ["from", "to", "role"],
  win: ["from", "to", "amount", "currency", "role"],
  lose: ["from", "to", "reason", "countsAgainst", "role"],
  dispute_opened: ["dispute", "fact", "channel"],
  dispute_resolved: ["dispute", "fact", "status"],
};

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (data[k] !== undefined) out[k] = data[k];
  return out;
}

/** The outbox row of a lead event, or null when the event type sends no webhook. */
export function outboxOfLeadEvent(event: Insertable<LeadEventsTable>): Insertable<OutboxTable> | null {
  const name = LEAD_EVENT_WEBHOOKS[event.type];
  const fields = SAFE_FIELDS[event.type];
  if (!name || !fields) return null;
  const data = JSON.parse(event.data) as Record<string, unknown>;
  const payload: Record<string, unknown> = {
    leadId: event.lead_id,
    actor: event.actor,
    ...pick(data, fields),
  };
  if (event.type === "reject") {
    // Which fact was wrong or which reason code, and the channel: not the observed value or evidence.
    const r = (data.rejection ?? {}) as Record<string, unknown>;
    const channel = (r.evidence as { channel?: unknown } | undefined)?.channel;
    payload.rejection = { ...pick(r, ["fact", "reason"]), ...(channel === undefined ? {} : { channel }) };
  }
  return { event: name, lead_id: event.lead_id, payload: JSON.stringify(payload), created_at: event.at };
}

/** The `lead.graded` outbox row of a grade change (the explanation's fact values stay home). */
export function outboxOfGradeChange(
  leadId: string,
  change: {
    readonly from: string | null;
    readonly to: string | null;
    readonly version: number;
    readonly cause: string;
  },
  at: number,
): Insertable<OutboxTable> {
  const payload = {
    leadId,
    oldGrade: change.from,
    newGrade: change.to,
    version: change.version,
    cause: change.cause,
  };
  return { event: "lead.graded", lead_id: leadId, payload: JSON.stringify(payload), created_at: at };
}

/** One insert; call inside the transaction of the change it announces. */
export async function insertOutbox(db: Db, row: Insertable<OutboxTable>): Promise<number> {
  const r = await db.insertInto("outbox").values(row).returning("id").executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Rows not yet fanned out, oldest first (the outbox_pending partial index). */
export async function findUndispatchedOutbox(db: Db, limit: number): Promise<OutboxRow[]> {
  const rows = await db
    .selectFrom("outbox")
    .selectAll()
    .where("dispatched_at", "is", null)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(outboxRow);
}

export async function markOutboxDispatched(db: Db, ids: readonly number[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("outbox")
    .set({ dispatched_at: at })
    .where("id", "in", ids)
    .where("dispatched_at", "is", null)
    .execute();
}

/** Outbox rows in id order, optionally of one event: for tests and inspection. */
export async function findOutboxRows(db: Db, event?: string): Promise<OutboxRow[]> {
  const rows = await db
    .selectFrom("outbox")
    .selectAll()
    .$if(event !== undefined, (q) => q.where("event", "=", event as string))
    .orderBy("id")
    .execute();
  return rows.map(outboxRow);
}

function outboxRow(row: OutboxRow): OutboxRow {
  return {
    ...row,
    id: Number(row.id),
    created_at: Number(row.created_at),
    dispatched_at: row.dispatched_at === null ? null : Number(row.dispatched_at),
  };
}
